package org.dspam.server;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small SMTP/LMTP server on loopback that keeps every message it accepts, for reinjection tests:
 * it offers PIPELINING, 8BITMIME, SIZE and XFORWARD, records the XFORWARD attributes, the envelope
 * and the message (dot-stuffing undone, CRLF kept), and can be told to refuse recipients, fail the
 * data or be slow.
 */
public final class SmtpSink implements AutoCloseable {
    /** One accepted message. */
    public record Received(Map<String, String> forward, String from, List<String> recipients, String data,
                    String mailCommand, int connection) {
    }

    private final ServerSocketChannel server;
    private final SocketAddress bound;
    private final boolean lmtp;
    /** Offer PIPELINING (else the client must wait for each reply). */
    public volatile boolean pipelining = true;
    /** Offer XFORWARD. */
    public volatile boolean xforward = true;
    /** Close each connection after this many messages (a server that drops kept connections). */
    public volatile int messagesPerConnection = Integer.MAX_VALUE;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connections = new AtomicInteger();
    private final List<SocketChannel> open = Collections.synchronizedList(new ArrayList<>());
    /** The reply to a RCPT address (null: accept). */
    public volatile Function<String, String> rcptReply = a -> null;
    /** The reply after the data (null: accept). */
    public volatile String dataReply;
    /** Milliseconds to wait before answering the end of data. */
    public volatile long dataDelay;
    /** Released each time a message's data has been read, before the delay and the reply. */
    public final Semaphore dataRead = new Semaphore(0);

    public SmtpSink(boolean lmtp) throws IOException {
        this(lmtp, 0);
    }

    public SmtpSink(boolean lmtp, int port) throws IOException {
        this(lmtp, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** A sink on a TCP address or a unix socket ({@link UnixDomainSocketAddress}). */
    public SmtpSink(boolean lmtp, SocketAddress address) throws IOException {
        this.lmtp = lmtp;
        if (address instanceof UnixDomainSocketAddress) {
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            this.server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        }
        server.bind(address);
        bound = address;
        Thread.ofPlatform().daemon().name("smtp-sink").start(this::acceptLoop);
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel s = server.accept();
                if (s.getRemoteAddress() instanceof InetSocketAddress) {
                    // Replies go out one write each, as soon as they are made (no Nagle delay).
                    s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                open.add(s);
                int id = connections.incrementAndGet();
                Thread.ofPlatform().daemon().name("smtp-sink-" + id).start(() -> serve(s, id));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel s, int id) {
        int served = 0;
        try (s; InputStream in = Channels.newInputStream(s);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(s))) {
            reply(out, "220 sink.test ESMTP");
            Map<String, String> forward = new LinkedHashMap<>();
            String from = null;
            String mail = null;
            List<String> rcpts = new ArrayList<>();
            String line;
            while ((line = readLine(in)) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO") || upper.startsWith("LHLO")) {
                    reply(out, "250-sink.test" + (pipelining ? "\r\n250-PIPELINING" : "")
                            + (xforward ? "\r\n250-XFORWARD NAME ADDR PROTO HELO" : "")
                            + "\r\n250-8BITMIME\r\n250 SIZE 100000000");
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 sink.test");
                } else if (upper.startsWith("XFORWARD")) {
                    for (String item : line.substring(8).trim().split(" +")) {
                        int eq = item.indexOf('=');
                        forward.put(item.substring(0, eq), item.substring(eq + 1));
                    }
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.startsWith("MAIL FROM:")) {
                    mail = line;
                    from = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    reply(out, "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String rcpt = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    String r = rcptReply.apply(rcpt);
                    if (r == null) {
                        rcpts.add(rcpt);
                        reply(out, "250 2.1.5 Ok");
                    } else {
                        reply(out, r);
                    }
                } else if (upper.equals("DATA")) {
                    if (rcpts.isEmpty()) {
                        reply(out, "554 5.5.1 Error: no valid recipients");
                        continue;
                    }
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    String data = readData(in);
                    dataRead.release();
                    if (dataDelay > 0) {
                        Thread.sleep(dataDelay);
                    }
                    String r = dataReply;
                    if (r == null) {
                        received.add(new Received(Map.copyOf(forward), from, List.copyOf(rcpts), data, mail, id));
                    }
                    int n = lmtp ? rcpts.size() : 1;
                    for (int i = 0; i < n; i++) {
                        reply(out, r == null ? "250 2.0.0 Ok: queued" : r);
                    }
                    forward.clear();
                    rcpts.clear();
                    if (++served >= messagesPerConnection) {
                        return;
                    }
                } else if (upper.equals("RSET")) {
                    forward.clear();
                    rcpts.clear();
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went away.
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String readData(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        String line;
        while ((line = readLine(in)) != null && !line.equals(".")) {
            data.writeBytes((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1));
            data.writeBytes(new byte[] {'\r', '\n'});
        }
        return data.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (open) {
            for (SocketChannel s : open) {
                s.close();
            }
        }
        if (bound instanceof UnixDomainSocketAddress u) {
            java.nio.file.Files.deleteIfExists(u.getPath());
        }
    }
}
