package org.dspam.message;

import org.dspam.util.ByteString;

/**
 * The decoders DSPAM applies to bodies and encoded words, with DSPAM's exact results.
 *
 * <p>These are deliberately not a general MIME library's decoders: the bytes they produce are
 * what DSPAM tokenizes, so any difference (where decoding stops, what a malformed sequence
 * becomes, the newline DSPAM appends after base64) changes token ids and breaks compatibility
 * with existing DSPAM data. Results are C strings: decoding stops at the first NUL byte, as
 * DSPAM's string handling does.
 */
public final class TransferDecoding {
    private static final byte[] BASE64_VALUE = new byte[256];

    static {
        java.util.Arrays.fill(BASE64_VALUE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64_VALUE[alphabet.charAt(i)] = (byte) i;
        }
    }

    private TransferDecoding() {
    }

    /**
     * Base64: characters outside the alphabet are skipped, decoding ends at the first {@code =},
     * a final partial group yields the bytes it completes, and a newline is appended when the
     * result does not already end with one.
     */
    public static String base64(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length() * 3 / 4 + 2);
        int bits = 0;
        int count = 0;
        int pos = 0;
        int n = encoded.length();
        while (pos < n && encoded.charAt(pos) != '=') {
            int v = BASE64_VALUE[encoded.charAt(pos) & 0xff];
            pos++;
            if (v < 0) {
                continue;
            }
            bits = (bits << 6) | v;
            if (++count == 4) {
                out.append((char) ((bits >> 16) & 0xff)).append((char) ((bits >> 8) & 0xff)).append((char) (bits & 0xff));
                bits = 0;
                count = 0;
            }
        }
        if (pos < n) { // stopped at '=': flush the partial group
            if (count == 2) {
                out.append((char) ((bits >> 4) & 0xff));
            } else if (count == 3) {
                out.append((char) ((bits >> 10) & 0xff)).append((char) ((bits >> 2) & 0xff));
            }
        }
        String decoded = ByteString.cString(out.toString());
        return decoded.isEmpty() || decoded.endsWith("\n") ? decoded : decoded + "\n";
    }

    /**
     * Quoted-printable: {@code =XX} hex escapes and soft line breaks ({@code =\n}, {@code =\r\n});
     * any other {@code =} is kept literally. Trailing whitespace is kept and {@code _} is not a
     * space (DSPAM uses this decoder for "Q" encoded words too).
     */
    public static String quotedPrintable(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        int n = encoded.length();
        for (int p = 0; p < n; p++) {
            char c = encoded.charAt(p);
            if (c == '=') {
                if (p + 2 < n && encoded.charAt(p + 1) == '\r' && encoded.charAt(p + 2) == '\n') {
                    p += 2;
                    continue;
                }
                if (p + 1 < n && encoded.charAt(p + 1) == '\n') {
                    p += 1;
                    continue;
                }
                if (p + 2 < n && ByteString.isHexDigit(encoded.charAt(p + 1)) && ByteString.isHexDigit(encoded.charAt(p + 2))) {
                    out.append((char) ((ByteString.hexValue(encoded.charAt(p + 1)) << 4) | ByteString.hexValue(encoded.charAt(p + 2))));
                    p += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return ByteString.cString(out.toString());
    }

    /** {@code %XX} escapes, which DSPAM decodes in parts it holds as 8bit. */
    public static String percentHex(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        for (int p = 0; p < n; p++) {
            char c = text.charAt(p);
            if (c == '%' && p + 2 < n && ByteString.isHexDigit(text.charAt(p + 1)) && ByteString.isHexDigit(text.charAt(p + 2))) {
                out.append((char) ((ByteString.hexValue(text.charAt(p + 1)) << 4) | ByteString.hexValue(text.charAt(p + 2))));
                p += 2;
            } else {
                out.append(c);
            }
        }
        return ByteString.cString(out.toString());
    }
}
