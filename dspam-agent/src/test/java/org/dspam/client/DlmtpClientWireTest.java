package org.dspam.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the client sends, byte for byte, against a scripted server answering as DSPAM's daemon does. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DlmtpClientWireTest {
    private static final String LHLO_REPLY = "250-dspam.test.invalid\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n"
            + "250-DSPAMPROCESSMODE\r\n250-8BITMIME\r\n250 SIZE\r\n";

    @TempDir
    Path dir;

    /** Answers one DLMTP session with {@code afterData}, recording every line the client sends (with its line end). */
    private static final class Scripted implements AutoCloseable {
        final ServerSocket socket = new ServerSocket();
        final List<String> received = Collections.synchronizedList(new ArrayList<>());

        Scripted(String afterData) throws IOException {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = socket.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    out.write("220 DSPAM DLMTP 3.10.90 Authentication Required\r\n".getBytes(StandardCharsets.US_ASCII));
                    String line;
                    boolean data = false;
                    while ((line = line(in)) != null) {
                        received.add(line);
                        String reply = null;
                        if (data) {
                            if (line.equals(".\r\n")) {
                                data = false;
                                reply = afterData;
                            }
                        } else if (line.startsWith("LHLO")) {
                            reply = LHLO_REPLY;
                        } else if (line.startsWith("MAIL")) {
                            reply = "250 2.1.0 OK\r\n";
                        } else if (line.startsWith("RCPT")) {
                            reply = "250 2.1.5 OK\r\n";
                        } else if (line.startsWith("DATA")) {
                            data = true;
                            reply = "354 Enter mail, end with \".\" on a line by itself\r\n";
                        } else if (line.startsWith("QUIT")) {
                            out.write("221 2.0.0 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                            return;
                        }
                        if (reply != null) {
                            out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // the client went away
                }
            });
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                if (c == '\n') {
                    break;
                }
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private record Run(int exit, String out) {
    }

    private Run client(Scripted server, String message, String... args) throws IOException {
        Path conf = dir.resolve("dspam.conf");
        Files.writeString(conf, "ClientHost 127.0.0.1\nClientPort " + server.socket.getLocalPort()
                + "\nClientIdent \"secret@Relay1\"\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new DlmtpClient(ClientConfig.load(conf), (level, text) -> { }).run(List.of(args), "root", true,
                new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)), out);
        return new Run(exit, out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void classifySendsWhatDspamsClientSends() throws Exception {
        String result = "X-DSPAM-Result: eval; result=\"Spam\"; class=\"Spam\"; probability=1.0000; confidence=0.73; "
                + "signature=N/A\n";
        try (Scripted server = new Scripted(result + ".\r\n")) {
            Run r = client(server, "Subject: x\n\n.hidden\nbody", "--user", "eval", "--classify");
            assertEquals(0, r.exit());
            assertEquals(result, r.out());
            assertEquals(List.of("LHLO Relay1\r\n",
                    "MAIL FROM: <secret@Relay1> DSPAMPROCESSMODE=\"--classify \"\r\n",
                    "RCPT TO: <eval>\r\n",
                    "DATA\r\n",
                    "Subject: x\r\n", "\r\n", "..hidden\r\n", "body\r\n", ".\r\n",
                    "QUIT\r\n"), server.received);
        }
    }

    /** A message many times the client's 64 KB write pieces: every line stuffed and ended as on a short one. */
    @Test
    void aLargeMessageIsStuffedAcrossTheClientsWritePieces() throws Exception {
        StringBuilder message = new StringBuilder("Subject: big\n\n");
        List<String> expected = new ArrayList<>(List.of("Subject: big\r\n", "\r\n"));
        for (int i = 0; i < 30_000; i++) {
            String text = switch (i % 4) {
                case 0 -> ".dot " + i;
                case 1 -> "plain line " + i + " " + "x".repeat(i % 97);
                case 2 -> ".";
                default -> "crlf " + i + "\r";
            };
            message.append(text).append('\n');
            String wire = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            expected.add((wire.startsWith(".") ? "." : "") + wire + "\r\n");
        }
        message.append("last line without an end");
        expected.add("last line without an end\r\n");
        String result = "X-DSPAM-Result: eval; result=\"Innocent\"; class=\"Innocent\"; probability=0.0000; "
                + "confidence=1.00; signature=N/A\n";
        try (Scripted server = new Scripted(result + ".\r\n")) {
            Run r = client(server, message.toString(), "--user", "eval", "--classify");
            assertEquals(0, r.exit());
            List<String> data = server.received.subList(4, server.received.size() - 2);
            assertEquals(expected.size(), data.size());
            assertEquals(expected, data);
            assertEquals(".\r\n", server.received.get(server.received.size() - 2));
        }
    }

    @Test
    void stdoutDropsTheClassificationLineAndUndoesTheStuffing() throws Exception {
        try (Scripted server = new Scripted("X-Daemon-Classification: INNOCENT\nSubject: x\n\n..\n..dot\nend\n.\r\n")) {
            Run r = client(server, "Subject: x\n\n.\n.dot\nend\n", "--user", "eval", "--deliver=innocent", "--stdout");
            assertEquals(0, r.exit());
            assertEquals("Subject: x\n\n.\n.dot\nend\n", r.out());
        }
    }

    @Test
    void perUserRepliesCountTheFailures() throws Exception {
        try (Scripted server = new Scripted("250 2.6.0 <a> Message accepted for delivery: INNOCENT\r\n"
                + "451 4.3.0 <b> database is down\r\n")) {
            Run r = client(server, "Subject: x\n\nbody\n", "--user", "a", "b", "--deliver=innocent");
            assertEquals(255, r.exit());
            assertEquals(List.of("RCPT TO: <a>\r\n", "RCPT TO: <b>\r\n"),
                    server.received.stream().filter(l -> l.startsWith("RCPT")).toList());
        }
    }

    @Test
    void failureRepliesInsteadOfOutputAreATemporaryFailure() throws Exception {
        try (Scripted server = new Scripted("451 4.3.0 <eval> database is down\r\n.\r\n")) {
            Run r = client(server, "Subject: x\n\nbody\n", "--user", "eval", "--classify");
            assertEquals(DlmtpClient.TEMPORARY_FAILURE, r.exit());
            assertEquals("", r.out());
        }
    }
}
