package org.dspam.message;

import org.dspam.util.ByteString;

/**
 * The message text as DSPAM's agent reads it from its input: line by line through a 1024-byte
 * buffer, where a NUL byte ends what is kept of that read; a leading {@code From QUARANTINE} line
 * (added by DSPAM's own quarantine) is dropped. With {@code Broken lineStripping} carriage returns
 * before the newline are removed.
 */
public final class RawMessage {
    private static final int READ_BUFFER = 1024;

    private RawMessage() {
    }

    public static String read(byte[] input, boolean stripCarriageReturns) {
        StringBuilder out = new StringBuilder(input.length);
        int pos = 0;
        boolean first = true;
        while (pos < input.length) {
            int end = pos;
            int limit = Math.min(input.length, pos + READ_BUFFER - 1);
            while (end < limit && input[end] != '\n') {
                end++;
            }
            if (end < limit) {
                end++; // include the newline
            }
            int keep = pos;
            while (keep < end && input[keep] != 0) {
                keep++;
            }
            String chunk = ByteString.of(input, pos, keep - pos);
            pos = end;
            if (stripCarriageReturns) {
                chunk = stripCr(chunk);
            }
            if (first && chunk.startsWith("From QUARANTINE")) {
                continue;
            }
            first = false;
            out.append(chunk);
        }
        return out.toString();
    }

    private static String stripCr(String chunk) {
        StringBuilder b = new StringBuilder(chunk);
        int len = b.length();
        while (len > 1 && b.charAt(len - 2) == '\r') {
            b.setCharAt(len - 2, b.charAt(len - 1));
            b.setLength(len - 1);
            len--;
        }
        return b.toString();
    }
}
