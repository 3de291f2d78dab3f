package org.dspam.tools.load;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** One blocking LMTP connection: writes, and reads replies (a multi-line reply is returned whole). */
final class LmtpLine implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16384];
    private int start;
    private int end;
    private volatile long timeoutNanos = Long.MAX_VALUE / 4;
    private volatile long deadline = Long.MAX_VALUE;

    LmtpLine(SocketAddress address) throws IOException {
        channel = SocketChannel.open(address);
        if (address instanceof InetSocketAddress) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        in = Channels.newInputStream(channel);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 65536);
    }

    /** How long a reply may take; {@link #expired} tells a watchdog when to close the connection. */
    void setTimeout(int seconds) {
        timeoutNanos = seconds * 1_000_000_000L;
    }

    /** Whether a read has been waiting longer than the timeout. */
    boolean expired(long now) {
        return now - deadline > 0;
    }

    /** A unix socket path (starting with {@code /}) or host and port. */
    static SocketAddress address(String hostOrPath, int port) {
        return hostOrPath.startsWith("/") ? UnixDomainSocketAddress.of(hostOrPath)
                : new InetSocketAddress(hostOrPath, port);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The next reply's code (continuation lines skipped); -1 when the connection ended. */
    int reply() throws IOException {
        String line;
        do {
            line = line();
            if (line == null) {
                return -1;
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        try {
            return Integer.parseInt(line.substring(0, Math.min(3, line.length())));
        } catch (NumberFormatException e) {
            throw new IOException("not a reply: " + line);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream pending = null;
        while (true) {
            if (start == end) {
                start = 0;
                deadline = System.nanoTime() + timeoutNanos;
                end = Math.max(0, in.read(buffer));
                deadline = Long.MAX_VALUE;
                if (end == 0) {
                    return pending == null ? null : pending.toString(StandardCharsets.ISO_8859_1);
                }
            }
            int i = start;
            while (i < end && buffer[i] != '\n') {
                i++;
            }
            if (i < end) {
                String part = new String(buffer, start, i - start, StandardCharsets.ISO_8859_1);
                start = i + 1;
                String whole = pending == null ? part : pending.toString(StandardCharsets.ISO_8859_1) + part;
                return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
            }
            if (pending == null) {
                pending = new ByteArrayOutputStream();
            }
            pending.write(buffer, start, end - start);
            start = end;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
