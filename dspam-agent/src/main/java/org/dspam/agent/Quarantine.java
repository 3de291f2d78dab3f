package org.dspam.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

import org.dspam.util.ByteString;

/**
 * DSPAM's own quarantine: spam appended to the user's mbox under a lock, after a
 * {@code From QUARANTINE <ctime>} line (unless the message starts with {@code From }), with
 * {@code From } lines inside quoted as {@code >From } and a blank line after each message. The
 * data is forced to disk before the message counts as quarantined.
 */
public final class Quarantine {
    private Quarantine() {
    }

    public static void append(Path mbox, String message, Clock clock) throws IOException {
        Files.createDirectories(mbox.getParent());
        StringBuilder sb = new StringBuilder(message.length() + 64);
        if (!message.startsWith("From ")) {
            sb.append("From QUARANTINE ").append(Ctime.format(clock.instant().getEpochSecond(), clock.getZone()))
                    .append('\n');
        }
        int pos = 0;
        int line = 1;
        while (true) {
            int nl = message.indexOf('\n', pos);
            String text = nl < 0 ? message.substring(pos) : message.substring(pos, nl);
            if (line != 1 && text.startsWith("From ")) {
                sb.append('>');
            }
            sb.append(text).append('\n');
            line++;
            if (nl < 0) {
                break;
            }
            pos = nl + 1;
        }
        sb.append("\n\n");
        try (FileLocks.Held held = FileLocks.lock(mbox);
             FileChannel ch = FileChannel.open(mbox, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             FileLock lock = ch.lock()) {
            ByteBuffer buf = ByteBuffer.wrap(ByteString.bytes(sb.toString()));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }
}
