package org.dspam.util;

import java.nio.charset.StandardCharsets;

/**
 * Helpers for "byte strings": {@link String}s holding one byte per char (ISO-8859-1).
 *
 * <p>DSPAM tokenizes raw message bytes, whatever their charset, so every token of a message and
 * every count in an existing DSPAM database is keyed by bytes. The engine therefore keeps text as
 * ISO-8859-1 strings: each char is exactly one byte, string operations stay convenient, and Java's
 * compact strings store them at one byte per char.
 */
public final class ByteString {
    private ByteString() {
    }

    public static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static String of(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    public static byte[] bytes(String byteString) {
        return byteString.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Encodes ordinary text (e.g. a token typed on a command line) as UTF-8 bytes, the way a shell passes it. */
    public static String fromUtf8(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The text up to the first NUL: DSPAM handles every buffer as a C string. */
    public static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** ASCII-only case-insensitive prefix test at {@code offset}, like C's {@code strncasecmp}. */
    public static boolean startsWithIgnoreCase(CharSequence s, int offset, String prefix) {
        int n = prefix.length();
        if (offset < 0 || offset + n > s.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lowerAscii(s.charAt(offset + i)) != lowerAscii(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean startsWithIgnoreCase(CharSequence s, String prefix) {
        return startsWithIgnoreCase(s, 0, prefix);
    }

    /** Case-insensitive (ASCII) search like C's {@code strcasestr}; -1 when absent. */
    public static int indexOfIgnoreCase(CharSequence s, String needle, int from) {
        int n = needle.length();
        if (n == 0) {
            return from;
        }
        char first = lowerAscii(needle.charAt(0));
        for (int i = Math.max(0, from), last = s.length() - n; i <= last; i++) {
            if (lowerAscii(s.charAt(i)) == first && startsWithIgnoreCase(s, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@link #indexOfIgnoreCase(CharSequence, String, int)} for text in an array and a needle in lower case: the
     * scan looks at the array itself for either case of the needle's first character before comparing the rest
     * (the tokenizer scans every message body this way, once per URL key).
     */
    public static int indexOfIgnoreCase(char[] text, String lowerNeedle, int from) {
        int n = lowerNeedle.length();
        if (n == 0) {
            return from;
        }
        char first = lowerNeedle.charAt(0);
        char upper = first >= 'a' && first <= 'z' ? (char) (first - 32) : first;
        for (int i = Math.max(0, from), last = text.length - n; i <= last; i++) {
            char c = text[i];
            if (c == first || c == upper) {
                int k = 1;
                while (k < n && lowerAscii(text[i + k]) == lowerNeedle.charAt(k)) {
                    k++;
                }
                if (k == n) {
                    return i;
                }
            }
        }
        return -1;
    }

    public static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** C's {@code isspace} in the C locale. */
    public static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    public static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    public static int hexValue(char c) {
        return Character.digit(c, 16);
    }

    /** Truncates to at most {@code max} bytes, as a fixed-size C buffer filled by snprintf would. */
    public static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
