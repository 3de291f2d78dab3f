package org.dspam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/dspam} script as Postfix or an alias would run it, on the reference's
 * sample messages: outputs, exit codes, files written. These runs need no data kept between
 * processes, so they use the memory driver.
 */
class DspamLauncherIT {
    @TempDir
    Path dir;

    private Launcher launcher(String... edits) throws IOException {
        return new Launcher(dir, "memory", edits);
    }

    @Test
    void helpPrintsTheSyntaxOnStderr() throws Exception {
        Launcher.Result r = launcher().dspam("", "--help");
        assertEquals(0, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Syntax: dspam [--help|--version|"), r.err());
    }

    @Test
    void versionNamesTheSuite() throws Exception {
        Launcher.Result r = launcher().dspam("", "--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("\nDSPAM Anti-Spam Suite "), r.out());
        assertTrue(r.out().contains("(agent/library)"));
    }

    @Test
    void argumentErrorsExitOneWithNothingPrinted() throws Exception {
        Launcher l = launcher();
        String ham = Launcher.resource("ham.eml");
        for (List<String> args : List.of(List.of("--classify"), List.of("--user", "--classify"),
                List.of("--user", "eval", "--mode=bogus", "--classify"),
                List.of("--user", "eval", "--class=bogus", "--source=error"),
                List.of("--user", "eval", "--class=spam"), List.of("--user", "eval", "--source=corpus"),
                List.of("--user", "eval", "--classify", "--class=spam", "--source=corpus"),
                List.of("--user", "eval", "--deliver=bogus"), List.of("--user", "../etc", "--classify"))) {
            Launcher.Result r = l.dspam(ham, args.toArray(String[]::new));
            assertEquals(1, r.exit(), args.toString());
            assertEquals("", r.out(), args.toString());
            assertEquals("", r.err(), args.toString());
        }
    }

    @Test
    void emptyInputExitsOne() throws Exception {
        Launcher.Result r = launcher().dspam("", "--user", "eval", "--classify");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
    }

    @Test
    void classifyPrintsOneLinePerUser() throws Exception {
        Launcher.Result r = launcher().dspam(Launcher.resource("spam.eml"), "--user", "eval", "other@example.net",
                "--classify", "--frobnicate");
        assertEquals(0, r.exit());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].matches("X-DSPAM-Result: eval; result=\"(Spam|Innocent)\"; class=\"\\w+\"; "
                + "probability=\\d\\.\\d{4}; confidence=\\d\\.\\d\\d; signature=N/A"), lines[0]);
        assertTrue(lines[1].startsWith("X-DSPAM-Result: other@example.net; "), lines[1]);
    }

    @Test
    void processWithStdoutAddsHeadersAndTagAndLogs() throws Exception {
        Launcher l = launcher();
        String ham = Launcher.resource("ham.eml");
        Launcher.Result r = l.dspam(ham, "--user", "eval", "--process", "--deliver=innocent,spam", "--stdout");
        assertEquals(0, r.exit());
        String out = r.out();
        assertTrue(out.startsWith(ham.substring(0, ham.indexOf("\n\n")) + "\nX-DSPAM-Result: Innocent\n"
                + "X-DSPAM-Processed: "), out);
        String sig = out.substring(out.indexOf("X-DSPAM-Signature: ") + 19, out.indexOf('\n',
                out.indexOf("X-DSPAM-Signature: ")));
        assertTrue(out.endsWith("Cheers,\nAlice\n\n!DSPAM:" + sig + "!\n\n"), out);
        String system = Files.readString(l.home.resolve("system.log"));
        String[] f = system.strip().split("\t", -1);
        assertEquals(9, f.length, system);
        assertEquals("I", f[1]);
        assertEquals("Alice Example <alice@example.org>", f[2]);
        assertEquals(sig, f[3]);
        assertEquals("Re: meeting notes for tuesday", f[4]);
        assertEquals("eval", f[6]);
        assertEquals("Delivered", f[7]);
        assertEquals("<20020806101500.A1234@example.org>", f[8]);
        assertTrue(Files.readString(l.home.resolve("data/eval/eval.log")).contains("\tI\tAlice Example"));
        assertEquals("0,1,0,0,0,0\n", Files.readString(l.home.resolve("data/eval/eval.stats")));
    }

    @Test
    void processWithoutDeliverOutputsNothing() throws Exception {
        Launcher.Result r = launcher().dspam(Launcher.resource("ham.eml"), "--user", "eval", "--process");
        assertEquals(0, r.exit());
        assertEquals("", r.out());
    }

    @Test
    void deliveryAgentGetsTheMessageAndSubstitutedArguments() throws Exception {
        Launcher l = launcher();
        Path agent = l.recordingAgent(0);
        l = new Launcher(dir, "memory", "TrustedDeliveryAgent ", "TrustedDeliveryAgent \"" + agent + " -f %s\"");
        Launcher.Result r = l.dspam(Launcher.resource("ham.eml"), "--deliver=innocent", "--mail-from=a@b.example",
                "--rcpt-to", "bob+box@example.net", "--user", "bob", "--", "-d", "%u", "-r", "%r", "x y");
        assertEquals(0, r.exit(), r.err());
        // DSPAM joins the pass-through arguments with spaces and splits them again: "x y" becomes two.
        assertEquals(List.of("-f", "a@b.example", "-d", "bob", "-r", "bob+box@example.net", "x", "y"),
                Files.readAllLines(dir.resolve("lda.args")));
        String delivered = Files.readString(dir.resolve("lda.in"));
        assertTrue(delivered.contains("X-DSPAM-Result: Innocent\n"), delivered);
    }

    @Test
    void failingDeliveryAgentGivesExit255() throws Exception {
        Launcher l = launcher();
        Path agent = l.recordingAgent(75);
        l = new Launcher(dir, "memory", "TrustedDeliveryAgent ", "TrustedDeliveryAgent \"" + agent + "\"");
        Launcher.Result r = l.dspam(Launcher.resource("ham.eml"), "--deliver=innocent", "--user", "eval");
        assertEquals(255, r.exit());
        Launcher.Result two = l.dspam(Launcher.resource("ham.eml"), "--deliver=innocent", "--user", "a", "b");
        assertEquals(254, two.exit());
    }

    @Test
    void blocklistedSpamIsQuarantinedToTheUsersMbox() throws Exception {
        Launcher l = launcher();
        Files.createDirectories(l.home.resolve("data/eval"));
        Files.writeString(l.home.resolve("data/eval/eval.blocklist"), "cheap-deals.example\n");
        Launcher.Result r = l.dspam(Launcher.resource("spam.eml"), "--user", "eval", "--deliver=innocent",
                "--stdout");
        assertEquals(0, r.exit());
        assertEquals("", r.out());
        String mbox = Files.readString(l.home.resolve("data/eval/eval.mbox"));
        assertTrue(mbox.startsWith("From QUARANTINE "), mbox);
        assertTrue(mbox.contains("\nX-DSPAM-Result: Blocklisted\n"), mbox);
        // The message as written out ends "</body></html>\n\n\n" (see the reference); the mbox adds a newline per
        // line and a blank line.
        assertTrue(mbox.endsWith("!\n\n</body></html>\n\n\n\n\n\n"), mbox);
        String[] log = Files.readString(l.home.resolve("system.log")).strip().split("\t");
        assertEquals("O", log[1]);
        assertEquals("Quarantined", log[7]);
    }

    @Test
    void optedOutUserGetsTheMessageUntouched() throws Exception {
        Launcher l = launcher();
        Files.createDirectories(l.home.resolve("opt-out"));
        Files.writeString(l.home.resolve("opt-out/eval.nodspam"), "");
        String ham = Launcher.resource("ham.eml");
        Launcher.Result r = l.dspam(ham, "--user", "eval", "--deliver=innocent", "--stdout");
        assertEquals(0, r.exit());
        assertEquals(ham, r.out());
    }

    @Test
    void tooBigMessagesAreDeliveredUnprocessed() throws Exception {
        Launcher l = launcher("", "MaxMessageSize 100");
        String ham = Launcher.resource("ham.eml");
        assertEquals(ham, l.dspam(ham, "--user", "eval", "--deliver=innocent", "--stdout").out());
    }

    @Test
    void spamActionTagRewritesTheSubject() throws Exception {
        Launcher l = launcher("Preference \"spamAction", "Preference \"spamAction=tag\"",
                "Preference \"signatureLocation", "Preference \"signatureLocation=headers\"");
        Files.createDirectories(l.home.resolve("data/eval"));
        Files.writeString(l.home.resolve("data/eval/eval.blocklist"), "cheap-deals.example\n");
        Launcher.Result r = l.dspam(Launcher.resource("spam.eml"), "--user", "eval", "--deliver=innocent",
                "--stdout");
        assertTrue(r.out().contains("\nSubject: [SPAM] FREE money!!! Click here to claim your prize\n"), r.out());
        assertFalse(r.out().contains("!DSPAM:"), r.out());
        assertTrue(r.out().endsWith("</body></html>\n"), r.out());
    }

    @Test
    void untrustedCallerProcessesOnlyAsThemselves() throws Exception {
        Launcher l = launcher();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(l.home, PosixFilePermissions.fromString("rwxrwxrwx"));
        for (Path p : List.of(l.conf)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        String user = UnprivilegedUser.name();
        List<String> as = List.of("runuser", "-u", user, "--");
        String ham = Launcher.resource("ham.eml");
        Launcher.Result other = l.run(as, ham, "--user", "root", "--classify");
        assertEquals(1, other.exit());
        assertEquals("", other.out());
        Launcher.Result self = l.run(as, ham, "--user", user, "--classify", "--extra-arg");
        assertEquals(0, self.exit(), self.err());
        assertTrue(self.out().startsWith("X-DSPAM-Result: " + user + "; "), self.out());
        Launcher.Result implicit = l.run(as, ham, "--classify");
        assertTrue(implicit.out().startsWith("X-DSPAM-Result: " + user + "; "), implicit.out());
        Launcher.Result version = l.run(as, "", "--version");
        assertFalse(version.out().contains("Configuration parameters"), version.out());
    }
}
