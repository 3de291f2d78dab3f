package org.dspam.server;

import static org.dspam.server.ServerFixture.data;
import static org.dspam.server.ServerFixture.resource;
import static org.dspam.server.ServerFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain LMTP ({@code ServerMode standard}) at byte level, on the whole connection pipeline with
 * the real agent: the dialogues of the reference transcripts, and what Postfix really sends.
 */
class LmtpProtocolTest {
    private static final String LHLO_REPLY = "250-dspam.test.invalid\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n"
            + "250-8BITMIME\r\n250 SIZE\r\n";

    @TempDir
    Path dir;

    private ServerFixture standard(String... edits) throws Exception {
        String[] all = new String[edits.length + 4];
        all[0] = "";
        all[1] = "ServerMode standard";
        all[2] = "";
        all[3] = "ServerParameters \"--deliver=innocent,spam -d %u\"";
        System.arraycopy(edits, 0, all, 4, edits.length);
        return new ServerFixture(dir, all);
    }

    @Test
    void greetsAndAnswersLhloAsDspam() throws Exception {
        EmbeddedChannel ch = standard().channel();
        assertEquals("220 DSPAM LMTP " + ServerRuntime.VERSION + " Ready\r\n", ServerFixture.output(ch));
        assertEquals(LHLO_REPLY, send(ch, "LHLO mta.example.net\r\n"));
    }

    @Test
    void deliversEachRecipientAndRepliesOncePerRecipientInOrder() throws Exception {
        ServerFixture f = standard();
        EmbeddedChannel ch = f.channel();
        ServerFixture.output(ch);
        send(ch, "LHLO mta.example.net\r\n");
        assertEquals("250 2.1.0 OK\r\n", send(ch, "MAIL FROM:<sender@example.org>\r\n"));
        assertEquals("250 2.1.5 OK\r\n", send(ch, "RCPT TO:<eval>\r\n"));
        assertEquals("250 2.1.5 OK\r\n", send(ch, "RCPT TO:<other@example.net>\r\n"));
        assertEquals("354 Enter mail, end with \".\" on a line by itself\r\n", send(ch, "DATA\r\n"));
        assertEquals("250 2.6.0 <eval> Message accepted for delivery\r\n"
                + "250 2.6.0 <other@example.net> Message accepted for delivery\r\n",
                send(ch, data(resource("spam.eml"))));
        List<String> delivered = f.delivered();
        assertEquals(2, delivered.size());
        assertTrue(delivered.stream().anyMatch(d -> d.startsWith("argv: -d eval\n")), delivered.toString());
        assertTrue(delivered.stream().anyMatch(d -> d.startsWith("argv: -d other@example.net\n")));
        for (String d : delivered) {
            assertTrue(d.contains("\nX-DSPAM-Result: "), d);
            assertTrue(d.contains("\nX-DSPAM-Signature: "), d);
        }
        assertEquals("221 2.0.0 OK\r\n", send(ch, "QUIT\r\n"));
        assertFalse(ch.isOpen());
    }

    @Test
    void answersPipelinedCommandsInOrderAndQuitBehindTheFinalDot() throws Exception {
        ServerFixture f = standard();
        EmbeddedChannel ch = f.channel();
        ServerFixture.output(ch);
        send(ch, "LHLO mx.example\r\n");
        String replies = send(ch, "MAIL FROM:<sender@example.test> SIZE=550\r\nRCPT TO:<alice@example.test>\r\n"
                + "RCPT TO:<bob@example.test>\r\nDATA\r\n" + data(resource("ham.eml")) + "QUIT\r\n");
        assertEquals("250 2.1.0 OK\r\n250 2.1.5 OK\r\n250 2.1.5 OK\r\n"
                + "354 Enter mail, end with \".\" on a line by itself\r\n"
                + "250 2.6.0 <alice@example.test> Message accepted for delivery\r\n"
                + "250 2.6.0 <bob@example.test> Message accepted for delivery\r\n"
                + "221 2.0.0 OK\r\n", replies);
        assertEquals(2, f.delivered().size());
        assertFalse(ch.isOpen());
    }

    @Test
    void rsetBetweenTransactionsOnAReusedConnection() throws Exception {
        ServerFixture f = standard();
        EmbeddedChannel ch = f.channel();
        ServerFixture.output(ch);
        send(ch, "LHLO mx.example\r\n");
        for (int i = 0; i < 3; i++) {
            assertEquals("250 OK\r\n", send(ch, "RSET\r\n"));
            String replies = send(ch, "MAIL FROM:<s@example.test>\r\nRCPT TO:<u" + i + "@example.test>\r\nDATA\r\n"
                    + data(resource("ham.eml")));
            assertTrue(replies.endsWith("250 2.6.0 <u" + i + "@example.test> Message accepted for delivery\r\n"),
                    replies);
        }
        assertEquals(3, f.delivered().size());
        assertTrue(ch.isOpen());
    }

    @Test
    void undoesDotStuffingAndKeepsLongLines() throws Exception {
        ServerFixture f = standard();
        EmbeddedChannel ch = f.channel();
        ServerFixture.output(ch);
        send(ch, "LHLO mx.example\r\n");
        String longLine = "x".repeat(200_000);
        String message = "From: a@example.org\nSubject: dots\n\n.leading dot\n..two dots\n.\n" + longLine + "\nend\n";
        String replies = send(ch, "MAIL FROM:<s@example.test>\r\nRCPT TO:<u@example.test>\r\nDATA\r\n" + data(message));
        assertTrue(replies.endsWith("250 2.6.0 <u@example.test> Message accepted for delivery\r\n"), replies);
        String delivered = f.delivered().get(0);
        assertTrue(delivered.contains("\n.leading dot\n..two dots\n.\n" + longLine + "\nend\n"), delivered);
    }

    @Test
    void protocolErrorsAroundTheEnvelopeAsInDspam() throws Exception {
        EmbeddedChannel ch = standard().channel();
        ServerFixture.output(ch);
        assertEquals("503 5.0.0 Need LHLO here.\r\n", send(ch, "HELO mta.example.net\r\n"));
        assertEquals("503 5.0.0 Need LHLO here.\r\n", send(ch, "MAIL FROM:<a@b>\r\n"));
        assertEquals("250 OK\r\n", send(ch, "RSET\r\n"));
        assertEquals(LHLO_REPLY, send(ch, "LHLO mta.example.net\r\n"));
        assertEquals("503 5.0.0 Need MAIL FROM here.\r\n", send(ch, "RCPT TO:<eval>\r\n"));
        assertEquals("503 5.0.0 Need MAIL FROM here.\r\n", send(ch, "NOOP\r\n"));
        assertEquals("250 2.1.0 OK\r\n", send(ch, "MAIL FROM:<sender@example.org>\r\n"));
        assertEquals("554 5.1.1 Unable to determine the destination user\r\n",
                send(ch, "MAIL FROM:<sender@example.org>\r\n"));
        assertEquals("554 5.1.1 Unable to determine the destination user\r\n", send(ch, "DATA\r\n"));
        assertEquals("503 5.1.2 Invalid RCPT TO. Use RCPT TO: <recipient>\r\n", send(ch, "RCPT TO:<>\r\n"));
        assertEquals("250 2.1.5 OK\r\n", send(ch, "RCPT TO:<eval>\r\n"));
        assertEquals("503 5.0.0 Need DATA Here\r\n", send(ch, "HELP\r\n"));
        assertEquals("250 OK\r\n", send(ch, "RSET\r\n"));
        assertEquals("503 5.0.0 Need MAIL FROM here.\r\n", send(ch, "DATA\r\n"));
    }

    @Test
    void anEmptyMessageIsRefusedForEveryRecipientAndTheConnectionClosed() throws Exception {
        ServerFixture f = standard();
        EmbeddedChannel ch = f.channel();
        ServerFixture.output(ch);
        send(ch, "LHLO mta.example.net\r\nMAIL FROM:<s@example.org>\r\nRCPT TO:<eval>\r\nRCPT TO:<x@example.org>\r\n");
        assertEquals("354 Enter mail, end with \".\" on a line by itself\r\n"
                + "530 5.2.0 Message is empty. Aborting.\r\n530 5.2.0 Message is empty. Aborting.\r\n",
                send(ch, "DATA\r\n.\r\n"));
        assertFalse(ch.isOpen());
        assertEquals(List.of(), f.delivered());
    }

    @Test
    void aFailedDeliveryIsATemporaryFailureWithItsOwnReason() throws Exception {
        ServerFixture f = standard("TrustedDeliveryAgent ", "TrustedDeliveryAgent \"/bin/false\"");
        EmbeddedChannel ch = f.channel();
        ServerFixture.output(ch);
        send(ch, "LHLO mta.example.net\r\n");
        String replies = send(ch, "MAIL FROM:<s@example.org>\r\nRCPT TO:<eval>\r\nRCPT TO:<other@example.net>\r\nDATA\r\n"
                + data(resource("ham.eml")));
        assertTrue(replies.endsWith("451 4.3.0 <eval> Delivery agent returned exit code 1: /bin/false -d eval\r\n"
                + "451 4.3.0 <other@example.net> Delivery agent returned exit code 1: /bin/false -d other@example.net\r\n"),
                replies);
    }

    @Test
    void rcptToAndQuitAreCaseInsensitiveAndQuitAlwaysSays221() throws Exception {
        EmbeddedChannel ch = standard().channel();
        ServerFixture.output(ch);
        send(ch, "lhlo mx\r\nmail from:<a@example.org>\r\n");
        assertEquals("250 2.1.5 OK\r\n", send(ch, "rcpt to:<b@example.org>\r\n"));
        assertEquals("221 2.0.0 OK\r\n", send(ch, "quit\r\n"));
    }

    @Test
    void aTooLongCommandLineIsRefusedAndSkipped() throws Exception {
        EmbeddedChannel ch = standard().channel();
        ServerFixture.output(ch);
        assertEquals("500 5.5.2 Line too long\r\n", send(ch, "LHLO " + "x".repeat(20_000) + "\r\n"));
        assertEquals(LHLO_REPLY, send(ch, "LHLO mx\r\n"));
    }

    @Test
    void aMessageOverTheSizeLimitIsReadToTheEndAndRefused() throws Exception {
        ServerFixture f = standard("", "ServerMaxMessageSize 1000");
        EmbeddedChannel ch = f.channel();
        ServerFixture.output(ch);
        send(ch, "LHLO mx\r\n");
        assertEquals("552 5.3.4 Message size exceeds fixed maximum message size\r\n",
                send(ch, "MAIL FROM:<a@example.org> SIZE=5000\r\n"));
        String replies = send(ch, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\n"
                + "DATA\r\n" + data("Subject: big\n\n" + "y".repeat(3000) + "\n"));
        assertTrue(replies.endsWith("552 5.3.4 <b@example.org> Message too big for system\r\n"
                + "552 5.3.4 <c@example.org> Message too big for system\r\n"), replies);
        assertEquals("250 2.1.0 OK\r\n", send(ch, "MAIL FROM:<a@example.org>\r\n"));
        assertEquals(List.of(), f.delivered());
    }

    @Test
    void recipientsOverTheLimitAreDeferred() throws Exception {
        EmbeddedChannel ch = standard("", "ServerMaxRecipients 2").channel();
        ServerFixture.output(ch);
        send(ch, "LHLO mx\r\nMAIL FROM:<a@example.org>\r\n");
        assertEquals("250 2.1.5 OK\r\n250 2.1.5 OK\r\n452 4.5.3 Too many recipients\r\n",
                send(ch, "RCPT TO:<a@x>\r\nRCPT TO:<b@x>\r\nRCPT TO:<c@x>\r\n"));
    }

    @Test
    void stripRcptDomainProcessesTheLocalPartAndDeliversToTheAddress() throws Exception {
        ServerFixture f = standard("", "StripRcptDomain on");
        EmbeddedChannel ch = f.channel();
        ServerFixture.output(ch);
        send(ch, "LHLO mx\r\nMAIL FROM:<s@example.org>\r\nRCPT TO:<Bob@Example.NET>\r\nDATA\r\n"
                + data(resource("ham.eml")));
        assertTrue(f.delivered().get(0).startsWith("argv: -d Bob\n"), f.delivered().toString());
        assertTrue(f.storage.exists("Bob"));
    }

    @Test
    void framingDoesNotDependOnHowTheBytesArrive() throws Exception {
        String dialogue = "LHLO mx\r\nMAIL FROM:<s@example.org>\r\nRCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n"
                + "DATA\r\n" + data("Subject: x\n\n.\n..\nend\n" + "z".repeat(70_000) + "\n") + "QUIT\r\n";
        ServerFixture whole = standard();
        EmbeddedChannel a = whole.channel();
        String expected = ServerFixture.output(a) + send(a, dialogue);
        ServerFixture bytes = new ServerFixture(dir.resolve("bytes"), "", "ServerMode standard",
                "", "ServerParameters \"--deliver=innocent,spam -d %u\"");
        EmbeddedChannel b = bytes.channel();
        StringBuilder got = new StringBuilder(ServerFixture.output(b));
        for (int i = 0; i < dialogue.length(); i++) {
            got.append(send(b, dialogue.substring(i, i + 1)));
        }
        assertEquals(expected, got.toString());
        assertTrue(expected.endsWith("250 2.6.0 <b@example.org> Message accepted for delivery\r\n221 2.0.0 OK\r\n"),
                expected);
        for (String delivered : bytes.delivered()) {
            assertTrue(delivered.contains("\n.\n..\nend\n" + "z".repeat(70_000) + "\n"), "content intact");
        }
        assertEquals(2, bytes.delivered().size());
    }

    @Test
    void lineFeedsAloneAreAcceptedFromClients() throws Exception {
        ServerFixture f = standard();
        EmbeddedChannel ch = f.channel();
        ServerFixture.output(ch);
        String replies = send(ch, "LHLO mx\nMAIL FROM:<s@example.org>\nRCPT TO:<eval>\nDATA\n"
                + resource("ham.eml") + ".\n");
        assertTrue(replies.endsWith("250 2.6.0 <eval> Message accepted for delivery\r\n"), replies);
    }
}
