package org.dspam.server;

import static org.dspam.server.ServerFixture.data;
import static org.dspam.server.ServerFixture.output;
import static org.dspam.server.ServerFixture.resource;
import static org.dspam.server.ServerFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DLMTP ({@code ServerMode dspam}) and {@code ServerMode auto} at byte level: authentication,
 * DSPAMPROCESSMODE, the output modes, and the reference's error cases.
 */
class DlmtpProtocolTest {
    private static final String LHLO_REPLY = "250-dspam.test.invalid\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n"
            + "250-DSPAMPROCESSMODE\r\n250-8BITMIME\r\n250 SIZE\r\n";
    private static final Pattern RESULT_LINE = Pattern.compile("X-DSPAM-Result: [^;]+; result=\"(Spam|Innocent)\"; "
            + "class=\"(Spam|Innocent|Whitelisted)\"; probability=[01]\\.\\d{4}; confidence=[01]\\.\\d{2}; "
            + "signature=(N/A|[0-9a-f]{8}\\d+)\n");

    @TempDir
    Path dir;
    private ServerFixture fixture;
    private ServerRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ServerFixture(dir, "", "ServerMode dspam", "", "ServerPass.Relay1 \"secret\"");
        runtime = fixture.runtime(null, Runnable::run);
    }

    private EmbeddedChannel authenticated() {
        EmbeddedChannel ch = fixture.channel(runtime);
        assertEquals("220 DSPAM DLMTP " + ServerRuntime.VERSION + " Authentication Required\r\n", output(ch));
        assertEquals(LHLO_REPLY, send(ch, "LHLO Relay1\r\n"));
        return ch;
    }

    /** One DLMTP transaction; returns everything after the 354 reply. */
    private static String transaction(EmbeddedChannel ch, String mode, String message, String... users) {
        assertEquals("250 2.1.0 OK\r\n", send(ch, "MAIL FROM: <secret@Relay1> DSPAMPROCESSMODE=\"" + mode + "\"\r\n"));
        for (String u : users) {
            assertEquals("250 2.1.5 OK\r\n", send(ch, "RCPT TO: <" + u + ">\r\n"));
        }
        assertEquals("354 Enter mail, end with \".\" on a line by itself\r\n", send(ch, "DATA\r\n"));
        return send(ch, data(message));
    }

    /** Teaches {@code eval} that spam.eml is spam and ham.eml is not, through the daemon itself. */
    private void train() throws Exception {
        EmbeddedChannel ch = authenticated();
        for (int i = 0; i < 10; i++) {
            transaction(ch, "--class=spam --source=corpus", resource("spam.eml"), "eval");
            transaction(ch, "--class=innocent --source=corpus", resource("ham.eml"), "eval");
        }
    }

    @Test
    void wrongPasswordIsRefusedAndTheRightOneAccepted() throws Exception {
        EmbeddedChannel ch = authenticated();
        assertEquals("503 5.1.0 Authentication Required\r\n", send(ch, "MAIL FROM: <wrongpass@Relay1>\r\n"));
        assertEquals("503 5.1.0 Authentication Required\r\n", send(ch, "MAIL FROM: <secret@Unknown>\r\n"));
        assertEquals("250 2.1.0 OK\r\n", send(ch, "MAIL FROM: <secret@relay1> DSPAMPROCESSMODE=\"--classify\"\r\n"));
    }

    @Test
    void threeFailedAuthenticationsCloseTheConnectionAfterFiveSeconds() {
        EmbeddedChannel ch = authenticated();
        ch.freezeTime();
        for (int i = 0; i < 3; i++) {
            assertEquals("503 5.1.0 Authentication Required\r\n", send(ch, "MAIL FROM: <bad@Relay1>\r\n"));
        }
        assertEquals("", send(ch, "MAIL FROM: <secret@Relay1>\r\n"), "nothing more is read");
        ch.advanceTimeBy(4900, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
    }

    @Test
    void everyTransactionAuthenticatesAgain() throws Exception {
        EmbeddedChannel ch = authenticated();
        transaction(ch, "--classify", resource("ham.eml"), "eval");
        assertEquals("503 5.1.0 Authentication Required\r\n", send(ch, "MAIL FROM: <x@y>\r\n"));
    }

    @Test
    void stdoutReturnsEachUsersMessageWithItsClassificationThenADot() throws Exception {
        train();
        EmbeddedChannel ch = authenticated();
        String out = transaction(ch, "--deliver=innocent,spam --stdout", resource("spam.eml"), "eval",
                "other@example.net");
        assertTrue(out.startsWith("X-Daemon-Classification: SPAM\nFrom: \"Best Offers\" <offers@cheap-deals.example>\n"),
                out);
        assertTrue(out.contains("\nX-DSPAM-Result: Spam\n"), out);
        int second = out.indexOf("X-Daemon-Classification: INNOCENT\nFrom: \"Best Offers\"");
        assertTrue(second > 0, out);
        assertTrue(out.endsWith("</body></html>\n\n\n.\r\n"), out);
        assertEquals(2, count(out, "\nX-DSPAM-Signature: "));
        assertEquals("221 2.0.0 OK\r\n", send(ch, "QUIT\r\n"));
    }

    @Test
    void classifyReturnsOneResultLinePerUserThenADot() throws Exception {
        train();
        EmbeddedChannel ch = authenticated();
        String out = transaction(ch, "--classify", resource("spam.eml"), "eval", "other@example.net");
        String[] lines = out.split("(?<=\n)");
        assertEquals(3, lines.length, out);
        assertTrue(lines[0].startsWith("X-DSPAM-Result: eval; result=\"Spam\"; class=\"Spam\"; probability=1.0000;"),
                out);
        assertTrue(lines[1].startsWith("X-DSPAM-Result: other@example.net; result=\"Innocent\";"), out);
        assertTrue(RESULT_LINE.matcher(lines[0]).matches(), lines[0]);
        assertTrue(lines[0].endsWith("signature=N/A\n"));
        assertEquals(".\r\n", lines[2]);
    }

    @Test
    void summaryReturnsResultLinesWithSignatures() throws Exception {
        EmbeddedChannel ch = authenticated();
        String out = transaction(ch, "--deliver=summary", resource("ham.eml"), "eval");
        assertTrue(out.startsWith("X-DSPAM-Result: eval; result=\"Innocent\";"), out);
        assertTrue(RESULT_LINE.matcher(out.substring(0, out.indexOf('\n') + 1)).matches(), out);
        assertTrue(out.endsWith("\n.\r\n"));
        assertFalse(out.contains("signature=N/A"), out);
    }

    @Test
    void deliveryRepliesNameTheClass() throws Exception {
        train();
        EmbeddedChannel ch = authenticated();
        assertEquals("250 2.6.0 <eval> Message accepted for delivery: INNOCENT\r\n"
                + "250 2.6.0 <other@example.net> Message accepted for delivery: INNOCENT\r\n",
                transaction(ch, "--deliver=innocent -d %u", resource("ham.eml"), "eval", "other@example.net"));
        assertEquals("250 2.6.0 <eval> Message accepted for delivery: SPAM\r\n",
                transaction(ch, "--deliver=innocent,spam -d %u", resource("spam.eml"), "eval"));
        List<String> delivered = fixture.delivered();
        assertEquals(3, delivered.size());
    }

    @Test
    void unknownFlagsGoToTheDeliveryAgentAsInDspam() throws Exception {
        EmbeddedChannel ch = authenticated();
        String out = transaction(ch, "--bogus-flag --classify", resource("ham.eml"), "eval");
        assertTrue(out.startsWith("X-DSPAM-Result: eval; result=\"Innocent\""), out);
    }

    @Test
    void aBadProcessModeIsRefusedAtMailFromNotAfterTheMessage() {
        EmbeddedChannel ch = authenticated();
        assertEquals("554 5.1.0 Unable to initialize agent context\r\n",
                send(ch, "MAIL FROM: <secret@Relay1> DSPAMPROCESSMODE=\"--class=bogus\"\r\n"));
        assertEquals("503 5.3.5 DSPAM agent misconfigured: aborting\r\n",
                send(ch, "MAIL FROM: <secret@Relay1> DSPAMPROCESSMODE=\"--class=spam\"\r\n"));
        assertEquals("503 5.0.0 Need MAIL FROM here.\r\n", send(ch, "RCPT TO: <eval>\r\n"));
        assertEquals("221 2.0.0 OK\r\n", send(ch, "QUIT\r\n"));
    }

    @Test
    void quotedArgumentsInTheProcessModeAreUnescaped() {
        assertEquals(List.of("--deliver=innocent", "-d", "\"%u\"", "--mail-from=a@b"),
                org.dspam.lmtp.LmtpTestAccess.processMode(
                        "MAIL FROM: <s@R> DSPAMPROCESSMODE=\"--deliver=innocent  -d \\\"%u\\\" --mail-from=a@b \""));
    }

    @Test
    void outputLinesStartingWithADotAreStuffed() {
        EmbeddedChannel ch = authenticated();
        String message = "From: a@example.org\nSubject: dots\n\nfirst\n.\n.hidden\nlast\n";
        String out = transaction(ch, "--deliver=innocent --stdout", message, "eval");
        assertTrue(out.contains("\nfirst\n..\n..hidden\nlast\n"), out);
        assertTrue(out.endsWith("\n.\r\n"), out);
    }

    @Test
    void autoModeSpeaksDlmtpToIdentsWithAPasswordAndLmtpToOthers() throws Exception {
        ServerFixture f = new ServerFixture(dir.resolve("auto"), "", "ServerMode auto", "",
                "ServerPass.Relay1 \"secret\"", "", "ServerParameters \"--deliver=innocent,spam -d %u\"");
        ServerRuntime rt = f.runtime(null, Runnable::run);
        EmbeddedChannel dlmtp = f.channel(rt);
        assertEquals("220 DSPAM LMTP " + ServerRuntime.VERSION + " Ready\r\n", output(dlmtp));
        assertEquals(LHLO_REPLY, send(dlmtp, "LHLO Relay1\r\n"));
        assertEquals("503 5.1.0 Authentication Required\r\n", send(dlmtp, "MAIL FROM:<sender@example.org>\r\n"));

        EmbeddedChannel lmtp = f.channel(rt);
        output(lmtp);
        assertFalse(send(lmtp, "LHLO mta.example.net\r\n").contains("DSPAMPROCESSMODE"));
        assertEquals("250 2.1.0 OK\r\n", send(lmtp, "MAIL FROM:<sender@example.org>\r\n"));
        assertEquals("250 2.1.5 OK\r\n", send(lmtp, "RCPT TO:<eval>\r\n"));
        send(lmtp, "DATA\r\n");
        assertEquals("250 2.6.0 <eval> Message accepted for delivery\r\n", send(lmtp, data(resource("spam.eml"))));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
