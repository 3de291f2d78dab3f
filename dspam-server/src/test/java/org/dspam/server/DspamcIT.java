package org.dspam.server;

import static org.dspam.server.ServerFixture.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.dspam.agent.Caller;
import org.dspam.cli.DspamCommand;
import org.dspam.client.ClientLog;
import org.dspam.client.DlmtpClient;
import org.dspam.client.Dspamc;

/** {@code dspamc} and {@code dspam --client} against the running daemon over its unix socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DspamcIT {
    @TempDir
    Path dir;
    private ServerFixture fixture;
    private DspamDaemon daemon;
    private final List<String> clientLog = new ArrayList<>();

    record Run(int exit, String out) {
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(dir, "", "ServerMode dspam", "", "ServerPass.Relay1 \"secret\"",
                "", "ServerDomainSocketPath \"" + dir.resolve("dspam.sock") + "\"",
                "", "ClientHost " + dir.resolve("dspam.sock"),
                "", "ClientIdent \"secret@Relay1\"");
        daemon = fixture.daemon();
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.stop();
        }
    }

    private Run dspamc(String input, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = fixture.conf.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClientLog log = (level, message) -> clientLog.add(level + " " + message);
        int exit = Dspamc.run(all, new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), out, log);
        return new Run(exit, out.toString(StandardCharsets.ISO_8859_1));
    }

    private void train() {
        for (int i = 0; i < 10; i++) {
            assertEquals(0, dspamc(resource("spam.eml"), "--user", "eval", "--class=spam", "--source=corpus").exit());
            assertEquals(0, dspamc(resource("ham.eml"), "--user", "eval", "--class=innocent", "--source=corpus")
                    .exit());
        }
    }

    @Test
    void classifyPrintsTheResultLine() throws Exception {
        train();
        Run r = dspamc(resource("spam.eml"), "--user", "eval", "--classify");
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("X-DSPAM-Result: eval; result=\"Spam\"; class=\"Spam\"; probability=1\\.0000; "
                + "confidence=\\d\\.\\d\\d; signature=N/A\n"), r.out());
    }

    @Test
    void summaryPrintsOneLinePerUser() throws Exception {
        Run r = dspamc(resource("ham.eml"), "--user", "eval", "other@example.net", "--deliver=summary");
        assertEquals(0, r.exit());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].startsWith("X-DSPAM-Result: eval; result=\"Innocent\";"), r.out());
        assertTrue(lines[1].startsWith("X-DSPAM-Result: other@example.net; result=\"Innocent\";"), r.out());
    }

    @Test
    void dspamClientDoesTheSame() throws Exception {
        train();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = DspamCommand.run(new String[] {"--config", fixture.conf.toString(), "--client", "--user", "eval",
            "--classify"}, new ByteArrayInputStream(resource("spam.eml").getBytes(StandardCharsets.ISO_8859_1)), out,
                new PrintStream(new ByteArrayOutputStream()), Map.of(), new Caller("root", 0),
                (level, message) -> { }, null);
        assertEquals(0, exit);
        assertTrue(out.toString(StandardCharsets.ISO_8859_1).startsWith(
                "X-DSPAM-Result: eval; result=\"Spam\"; class=\"Spam\"; probability=1.0000;"));
    }

    @Test
    void stdoutPrintsTheMessageWithoutTheClassificationLineAndKeepsDots() throws Exception {
        String message = "From: a@example.org\nSubject: dots\n\nfirst\n.\n..two\nlast\n";
        Run r = dspamc(message, "--user", "eval", "--deliver=innocent,spam", "--stdout");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("From: a@example.org\nSubject: dots\nX-DSPAM-Result: Innocent\n"), r.out());
        assertTrue(r.out().contains("\n\nfirst\n.\n..two\nlast\n"), r.out());
    }

    @Test
    void brokenReturnCodesGiveNinetyNineForSpam() throws Exception {
        train();
        Files.writeString(fixture.conf, Files.readString(fixture.conf) + "Broken returnCodes\n");
        assertEquals(99, dspamc(resource("spam.eml"), "--user", "eval", "--deliver=innocent,spam", "--stdout").exit());
        assertEquals(0, dspamc(resource("ham.eml"), "--user", "eval", "--deliver=innocent,spam", "--stdout").exit());
        assertEquals(99, dspamc(resource("spam.eml"), "--user", "eval", "--deliver=innocent,spam", "-d", "%u").exit());
    }

    @Test
    void theDaemonDeliversAndTheExitCodeCountsFailures() throws Exception {
        Run ok = dspamc(resource("ham.eml"), "--user", "eval", "--deliver=innocent", "-d", "%u");
        assertEquals(0, ok.exit());
        assertEquals("", ok.out());
        assertTrue(fixture.delivered().get(0).startsWith("argv: -d eval\n"), fixture.delivered().toString());
        Files.writeString(fixture.conf, Files.readString(fixture.conf).replace(
                "TrustedDeliveryAgent \"" + fixture.deliverScript + "\"", "TrustedDeliveryAgent \"/bin/false\""));
        daemon.reload();
        assertEquals(254, dspamc(resource("ham.eml"), "--user", "a", "b", "--deliver=innocent", "-d", "%u").exit());
    }

    @Test
    void noDaemonIsATemporaryFailure() throws Exception {
        daemon.stop();
        daemon = null;
        Run r = dspamc(resource("ham.eml"), "--user", "eval", "--classify");
        assertEquals(DlmtpClient.TEMPORARY_FAILURE, r.exit());
        assertTrue(clientLog.stream().anyMatch(l -> l.contains("Client connection to socket ")), clientLog.toString());
    }

    @Test
    void aWrongPasswordFails() throws Exception {
        Files.writeString(fixture.conf, Files.readString(fixture.conf).replace("ClientIdent \"secret@Relay1\"",
                "ClientIdent \"wrong@Relay1\""));
        assertEquals(DlmtpClient.FAILURE, dspamc(resource("ham.eml"), "--user", "eval", "--classify").exit());
        assertTrue(clientLog.stream().anyMatch(l -> l.contains("503 5.1.0 Authentication Required")), clientLog.toString());
    }

    @Test
    void aBadArgumentIsRefusedByTheDaemon() {
        assertEquals(DlmtpClient.FAILURE, dspamc(resource("ham.eml"), "--user", "eval", "--class=bogus").exit());
        assertTrue(clientLog.stream().anyMatch(l -> l.contains("554 5.1.0 Unable to initialize agent context")),
                clientLog.toString());
    }

    @Test
    void untrustedCallersActOnlyForThemselves() throws Exception {
        DlmtpClient client = new DlmtpClient(org.dspam.client.ClientConfig.load(fixture.conf),
                (level, message) -> clientLog.add(message));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = client.run(List.of("--user", "alice", "--classify"), "bob", false,
                new ByteArrayInputStream(resource("ham.eml").getBytes(StandardCharsets.ISO_8859_1)), out);
        assertEquals(DlmtpClient.FAILURE, exit);
        assertEquals("", out.toString(StandardCharsets.ISO_8859_1));
        exit = client.run(List.of("--classify", "--deliver=innocent", "-d", "somebody"), "bob", false,
                new ByteArrayInputStream(resource("ham.eml").getBytes(StandardCharsets.ISO_8859_1)), out);
        assertEquals(0, exit);
        assertTrue(out.toString(StandardCharsets.ISO_8859_1).startsWith("X-DSPAM-Result: bob; "), out.toString());
        assertFalse(fixture.storage.exists("somebody"));
    }

    @Test
    void anEmptyMessageIsRefusedWithoutConnecting() {
        assertEquals(DlmtpClient.FAILURE, dspamc("", "--user", "eval", "--classify").exit());
        assertEquals(0, daemon.connections());
    }
}
