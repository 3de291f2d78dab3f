package org.dspam.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.netty.channel.unix.DomainSocketAddress;

/** A blocking LMTP client for socket tests: send text, read lines. */
final class TestClient implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    TestClient(SocketAddress address) throws IOException {
        SocketAddress a = address instanceof DomainSocketAddress d ? UnixDomainSocketAddress.of(d.path()) : address;
        channel = SocketChannel.open(a);
        in = Channels.newInputStream(channel);
        out = Channels.newOutputStream(channel);
    }

    static TestClient unix(Path socket) throws IOException {
        return new TestClient(UnixDomainSocketAddress.of(socket));
    }

    static TestClient tcp(int port) throws IOException {
        return new TestClient(new InetSocketAddress("127.0.0.1", port));
    }

    TestClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** One line without its CRLF, or null at the end of the stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A whole reply (continuation lines included), lines joined by newlines. */
    String reply() throws IOException {
        StringBuilder sb = new StringBuilder();
        String l;
        do {
            l = line();
            if (l == null) {
                return sb.isEmpty() ? null : sb.toString();
            }
            sb.append(sb.isEmpty() ? "" : "\n").append(l);
        } while (l.length() > 3 && l.charAt(3) == '-');
        return sb.toString();
    }

    /** Greeting and LHLO. */
    TestClient hello() throws IOException {
        reply();
        send("LHLO mx.example\r\n");
        reply();
        return this;
    }

    /** Whether the server has closed the connection (reads to the end). */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
