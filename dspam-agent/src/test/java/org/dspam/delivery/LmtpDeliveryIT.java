package org.dspam.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.dspam.agent.log.AgentLog;
import org.dspam.config.DspamConfig;
import org.junit.jupiter.api.Test;

/**
 * The LMTP conversation: LHLO, {@code SIZE=} on MAIL FROM, and one reply per accepted recipient
 * after the data, each turned into that recipient's result. The server side is a loopback socket
 * that answers as an LMTP server whose second mailbox is over quota, and records what it got.
 */
class LmtpDeliveryIT {
    private record Session(List<String> commands, String data) {
    }

    private static CompletableFuture<Session> serve(ServerSocket listener) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                List<String> commands = new ArrayList<>();
                StringBuilder data = new StringBuilder();
                int rcpts = 0;
                out.write("220 lmtp.test LMTP ready\r\n".getBytes(StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line);
                    String reply;
                    if (line.startsWith("LHLO")) {
                        reply = "250-lmtp.test\r\n250-SIZE\r\n250 PIPELINING";
                    } else if (line.startsWith("RCPT")) {
                        rcpts++;
                        reply = line.contains("nobody@") ? "550 5.1.1 no such user" : "250 2.1.5 ok";
                    } else if (line.equals("DATA")) {
                        out.write("354 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
                        String d;
                        while (!(d = in.readLine()).equals(".")) {
                            data.append(d).append('\n');
                        }
                        StringBuilder replies = new StringBuilder();
                        replies.append("250 2.0.0 delivered\r\n");
                        replies.append("452 4.2.2 mailbox full\r\n");
                        out.write(replies.toString().getBytes(StandardCharsets.US_ASCII));
                        continue;
                    } else if (line.equals("QUIT")) {
                        out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        break;
                    } else {
                        reply = "250 ok";
                    }
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                return new Session(commands, data.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void eachRecipientGetsItsOwnReply() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Session> session = serve(listener);
            DspamConfig config = DspamConfig.parse("Home /tmp\nDeliveryHost 127.0.0.1\nDeliveryPort "
                    + listener.getLocalPort() + "\nDeliveryProto LMTP\n", "t.conf");
            SmtpTransport t = new SmtpTransport(config, DeliveryProtocol.LMTP, AgentLog.NONE);
            String message = "Subject: x\n\n.dot\nbody\n";
            List<DeliveryResult> r = t.send("s@example.org", List.of("a@example.net", "nobody@example.net",
                    "full@example.net"), message);
            assertEquals(DeliveryResult.OK, r.get(0));
            assertEquals(DeliveryResult.permanent("Fatal: 550 5.1.1 no such user"), r.get(1));
            assertEquals(DeliveryResult.temporary("Deferred: 452 4.2.2 mailbox full"), r.get(2));
            Session s = session.get(10, TimeUnit.SECONDS);
            assertEquals("LHLO localhost", s.commands().get(0));
            assertEquals("MAIL FROM:<s@example.org> SIZE=" + SmtpTransport.encode(message).length, s.commands().get(1));
            assertEquals("Subject: x\n\n..dot\nbody\n", s.data());
        }
    }

    @Test
    void encodingUsesCrlfAndStuffsDots() {
        assertEquals("a\r\n..b\r\nc\r\n", new String(SmtpTransport.encode("a\r\n.b\nc"), StandardCharsets.US_ASCII));
        assertTrue(SmtpTransport.encode("").length == 0);
    }
}
