package org.dspam.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The load tool against a small LMTP server that records what it is sent. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadCommandTest {
    @TempDir
    Path dir;
    private FakeLmtp server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeLmtp();
        Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(dir.resolve("corpus/a.eml"), "Subject: a\n\n.dot line\nbody a\n");
        Files.writeString(dir.resolve("corpus/b.eml"), "Subject: b\r\n\r\nbody b");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private record Out(int code, String out, String err) {
    }

    private Out load(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                "--corpus", dir.resolve("corpus").toString()));
        all.addAll(List.of(args));
        int code = LoadCommand.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), Map.of(),
                null);
        return new Out(code, out.toString(), err.toString());
    }

    @Test
    void withTheServersPidReportsItsCostAndTheLoadToolsOwn() {
        // This JVM stands in for the server: the FakeLmtp server runs in it.
        Out r = load("-c", "2", "-n", "10", "--pid", Long.toString(ProcessHandle.current().pid()));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*server: [0-9.]+ s CPU \\([0-9]+% of one core, [0-9.]+ ms per message\\), "
                + "peak RSS [0-9]+ MB\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*load tool: [0-9.]+ s CPU \\([0-9.]+ ms per message\\)\n.*"), r.out());
    }

    @Test
    void sendsEveryMessageToEveryRecipientAndReports() {
        Out r = load("-c", "4", "-n", "40", "-r", "3", "-u", "5");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("messages: 40 sent over 4 connections, 3 recipients each (5 users)"), r.out());
        assertTrue(r.out().contains("replies: 120 accepted, 0 deferred (4xx), 0 refused (5xx)"), r.out());
        assertTrue(r.out().matches("(?s).*throughput: [0-9.]+ msgs/s, [0-9.]+ recipients/s.*"), r.out());
        assertTrue(r.out().matches("(?s).*latency \\(MAIL to last reply\\): p50 [0-9.]+ ms, p90 [0-9.]+ ms, "
                + "p99 [0-9.]+ ms, max [0-9.]+ ms.*"), r.out());
        assertEquals(40, server.messages.size());
        assertEquals(4, server.connections.get());
        // Recipients in turn: message i goes to users 3i, 3i+1, 3i+2 (mod 5).
        assertTrue(server.recipients.containsAll(List.of("user0@load.test", "user4@load.test")));
        assertEquals(120, server.recipients.size());
        assertTrue(server.messages.contains("Subject: a\r\n\r\n..dot line\r\nbody a\r\n"), server.messages.toString());
        assertTrue(server.messages.contains("Subject: b\r\n\r\nbody b\r\n"), server.messages.toString());
        assertEquals(36, server.rsets.get(), "RSET before every message but a connection's first");
    }

    @Test
    void temporaryAndPermanentRepliesAreCountedAndFailTheRun() {
        server.reply = rcpt -> rcpt.startsWith("user1@") ? "451 4.3.0 later" : rcpt.startsWith("user2@")
                ? "554 5.3.0 no" : "250 2.6.0 ok";
        Out r = load("-n", "6", "-u", "3");
        assertEquals(2, r.code());
        assertTrue(r.out().contains("replies: 2 accepted, 2 deferred (4xx), 2 refused (5xx)"), r.out());
    }

    @Test
    void aServerThatStopsAnsweringEndsTheRunAfterTheTimeout() {
        server.silentAfter = 2;
        long start = System.nanoTime();
        Out r = load("-n", "100", "--timeout", "1");
        assertEquals(2, r.code());
        assertTrue(r.out().contains("messages: 2 sent"), r.out());
        assertTrue(r.out().contains("error: "), r.out());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
    }

    @Test
    void warmupMessagesGoToOtherUsersAndAreNotCounted() {
        Out r = load("-n", "5", "--warmup", "3");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("messages: 5 sent"), r.out());
        assertEquals(8, server.messages.size());
        assertEquals(3, server.recipients.stream().filter(a -> a.startsWith("userwarmup-")).count());
    }

    @Test
    void badNumbersAreRefused() {
        assertEquals(1, load("-c", "0").code());
    }

    /** Accepts everything, one reply per recipient after the data. */
    static final class FakeLmtp implements AutoCloseable {
        final ServerSocket socket = new ServerSocket();
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());
        final List<String> recipients = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger rsets = new AtomicInteger();
        volatile java.util.function.Function<String, String> reply = r -> "250 2.6.0 ok";
        volatile int silentAfter = Integer.MAX_VALUE;

        FakeLmtp() throws IOException {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofPlatform().daemon().start(() -> {
                while (true) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        Thread.ofPlatform().daemon().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                send(out, "220 fake LMTP");
                List<String> rcpts = new ArrayList<>();
                String line;
                while ((line = line(in)) != null) {
                    if (line.startsWith("LHLO")) {
                        send(out, "250-fake\r\n250 PIPELINING");
                    } else if (line.startsWith("MAIL")) {
                        send(out, "250 2.1.0 OK");
                    } else if (line.startsWith("RCPT")) {
                        rcpts.add(line.substring(line.indexOf('<') + 1, line.indexOf('>')));
                        send(out, "250 2.1.5 OK");
                    } else if (line.equals("DATA")) {
                        send(out, "354 go");
                        StringBuilder data = new StringBuilder();
                        while (!(line = line(in)).equals(".")) {
                            data.append(line).append("\r\n");
                        }
                        if (messages.size() >= silentAfter) {
                            Thread.sleep(60_000);
                        }
                        messages.add(data.toString());
                        recipients.addAll(rcpts);
                        for (String r : rcpts) {
                            send(out, reply.apply(r));
                        }
                        rcpts.clear();
                    } else if (line.equals("RSET")) {
                        rsets.incrementAndGet();
                        send(out, "250 OK");
                    } else if (line.equals("QUIT")) {
                        send(out, "221 bye");
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        private static void send(OutputStream out, String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                b.write(c);
            }
            if (c < 0 && b.size() == 0) {
                return null;
            }
            String s = b.toString(StandardCharsets.ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
