package org.dspam.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Frames DLMTP output as DSPAM sends it (the agent's lines as they are, then {@code .} and CRLF),
 * with one fix: a line that starts with a dot gets another, so a line holding only a dot no
 * longer ends the output early (DSPAM's client then stops reading in the middle of the message).
 */
final class DotStuffing {
    static final byte[] END = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    private DotStuffing() {
    }

    static byte[] frame(byte[] output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(output.length + output.length / 64 + 8);
        boolean lineStart = true;
        for (byte b : output) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\n');
        }
        out.writeBytes(END);
        return out.toByteArray();
    }
}
