package org.dspam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's per-user processing on an untrained user (memory storage), through the command in-process. */
class AgentBehaviourTest {
    @TempDir
    Path dir;

    private static String ham() throws IOException {
        return AgentFixture.resource("ham.eml");
    }

    private static String spam() throws IOException {
        return AgentFixture.resource("spam.eml");
    }

    private static void blocklist(AgentFixture fx, String user) throws IOException {
        Path file = fx.home.resolve("data/" + user + "/" + user + ".blocklist");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "cheap-deals.example\n");
    }

    @Test
    void blankMessageHasNoResultAndIsDeliveredAsItCame() throws IOException {
        AgentFixture fx = new AgentFixture(dir);
        AgentFixture.Run c = fx.run("\n\n\n", "--user", "eval", "--classify");
        assertEquals(0, c.exit());
        assertEquals("", c.out());
        AgentFixture.Run p = fx.run("\n\n\n", "--user", "eval", "--process", "--deliver=innocent,spam", "--stdout");
        assertEquals(0, p.exit());
        assertEquals("\n\n\n", p.out());
        assertTrue(p.log().contains("WARNING process_message returned error -5.  delivering."), p.log().toString());
    }

    @Test
    void bodyWithoutHeadersComesBackAsHeaderLines() throws IOException {
        AgentFixture fx = new AgentFixture(dir);
        AgentFixture.Run r = fx.run("just a body line without any header\nsecond line\n", "--user", "eval",
                "--process", "--deliver=innocent,spam", "--stdout");
        assertTrue(r.out().startsWith("just a body line without any header: \nsecond line: \nX-DSPAM-Result: "),
                r.out());
        assertTrue(r.out().matches("(?s).*X-DSPAM-Signature: (\\w+)\n\n\n!DSPAM:\\1!\n\n"), r.out());
    }

    @Test
    void spamWithoutDeliverSpamIsQuarantinedNotPrinted() throws IOException {
        AgentFixture fx = new AgentFixture(dir);
        blocklist(fx, "eval");
        AgentFixture.Run r = fx.run(spam(), "--user", "eval", "--process");
        assertEquals(0, r.exit());
        assertEquals("", r.out());
        assertTrue(Files.readString(fx.home.resolve("data/eval/eval.mbox")).startsWith("From QUARANTINE "));
    }

    @Test
    void quarantineAgentReceivesSpamInsteadOfTheMbox() throws IOException {
        AgentFixture fx0 = new AgentFixture(dir);
        Path seen = dir.resolve("quarantined");
        AgentFixture fx = new AgentFixture(dir, fx0.storage, "", "QuarantineAgent \"/bin/sh -c cat>" + seen + "\"");
        blocklist(fx, "eval");
        AgentFixture.Run r = fx.run(spam(), "--user", "eval", "--deliver=innocent");
        assertEquals(0, r.exit(), r.log().toString());
        assertTrue(Files.readString(seen).contains("X-DSPAM-Result: Blocklisted"));
        assertFalse(Files.exists(fx.home.resolve("data/eval/eval.mbox")));
    }

    @Test
    void brokenReturnCodesGives99ForSpam() throws IOException {
        AgentFixture fx = new AgentFixture(dir, "", "Broken returnCodes");
        blocklist(fx, "eval");
        assertEquals(99, fx.run(spam(), "--user", "eval", "--deliver=innocent", "--stdout").exit());
        assertEquals(0, fx.run(ham(), "--user", "eval", "--deliver=innocent", "--stdout").exit());
    }

    @Test
    void parseToHeadersTurnsAnAliasIntoACorrectionForThatUser() throws IOException {
        AgentFixture fx = new AgentFixture(dir, "", "ParseToHeaders on", "", "ChangeModeOnParse on", "",
                "ChangeUserOnParse on");
        String tagged = fx.run(ham(), "--user", "carol", "--process", "--deliver=innocent", "--stdout").out();
        String sig = tagged.substring(tagged.indexOf("!DSPAM:") + 7, tagged.lastIndexOf('!'));
        String forwarded = "From: carol@example.net\nTo: <spam-carol@example.net>\nSubject: Fwd\n\n" + tagged;
        AgentFixture.Run r = fx.run(forwarded, "--user", "postmaster");
        assertEquals(0, r.exit(), r.log().toString());
        assertEquals(1, fx.storage.open("carol").totals().spamMisclassified());
        String log = Files.readString(fx.home.resolve("data/carol/carol.log"));
        // The logged sender and subject are the forwarding message's, the signature the forwarded one's.
        assertTrue(log.contains("\tM\tcarol@example.net\t" + sig + "\tFwd\tRetrained\t"), log);
    }

    @Test
    void untrustedCallersCannotBeRedirectedByTheirMail() throws IOException {
        AgentFixture fx = new AgentFixture(dir, "", "ParseToHeaders on", "", "ChangeUserOnParse on");
        AgentFixture.Run r = fx.runAs(new Caller("mallory", 1001), "To: spam-root@example.net\n\nhello\n",
                "--classify");
        assertTrue(r.out().startsWith("X-DSPAM-Result: mallory; "), r.out());
    }

    @Test
    void plusedDetailIsStrippedForProcessingAndKeptForDelivery() throws IOException {
        Path agent = dir.resolve("to-file.sh");
        Files.writeString(agent, "#!/bin/sh\ncat > " + dir + "/\"$1\"\n");
        agent.toFile().setExecutable(true);
        AgentFixture fx = new AgentFixture(dir, "", "EnablePlusedDetail on", "TrustedDeliveryAgent ",
                "TrustedDeliveryAgent \"" + agent + " %r\"");
        AgentFixture.Run r = fx.run(ham(), "--deliver=innocent", "--user", "dave+lists@example.org");
        assertEquals(0, r.exit(), r.log().toString());
        assertTrue(Files.exists(dir.resolve("dave+lists@example.org")));
        assertTrue(Files.exists(fx.home.resolve("data/dave@example.org/dave@example.org.log")));
    }

    @Test
    void optInSystemFiltersOnlyOptedInUsers() throws IOException {
        AgentFixture fx = new AgentFixture(dir, "", "Opt in");
        assertEquals(ham(), fx.run(ham(), "--user", "erin", "--deliver=innocent", "--stdout").out());
        Files.createDirectories(fx.home.resolve("opt-in"));
        Files.writeString(fx.home.resolve("opt-in/erin.dspam"), "");
        assertTrue(fx.run(ham(), "--user", "erin", "--deliver=innocent", "--stdout").out()
                .contains("X-DSPAM-Result: "));
    }

    @Test
    void improbabilityHeaderFollowsConfidence() throws IOException {
        AgentFixture fx = new AgentFixture(dir, "", "ImprobabilityDrive on");
        blocklist(fx, "eval");
        String out = fx.run(spam(), "--user", "eval", "--deliver=spam", "--stdout").out();
        // Single precision, as DSPAM computes it: 0.999999f / (1 - 0.999999f) * 100 + 1.
        assertTrue(out.contains("X-DSPAM-Confidence: 1.0000\nX-DSPAM-Improbability: 1 in 98689409 chance of being ham\n"
                + "X-DSPAM-Probability: 1.0000\n"), out);
    }

    @Test
    void messageTagTemplatesGoIntoTextParts() throws IOException {
        AgentFixture fx = new AgentFixture(dir, "Preference \"tagNonspam", "Preference \"tagNonspam=on\"");
        Files.createDirectories(fx.home.resolve("txt"));
        Files.writeString(fx.home.resolve("txt/msgtag.nonspam"), "[scanned: clean]\n");
        String out = fx.run(ham(), "--user", "eval", "--deliver=innocent", "--stdout").out();
        assertTrue(out.contains("Alice\n\n[scanned: clean]\n\n!DSPAM:"), out);
    }

    @Test
    void signedMessagesGetTheTagInAPartOfTheirOwn() throws IOException {
        AgentFixture fx = new AgentFixture(dir);
        String signed = "From: a@example.org\nSubject: signed\nContent-Type: multipart/signed; boundary=\"SIG\"\n\n"
                + "--SIG\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\ncaf=E9 text\n"
                + "--SIG\nContent-Type: application/pgp-signature\n\n-----BEGIN PGP SIGNATURE-----\nxyz\n"
                + "-----END PGP SIGNATURE-----\n--SIG--\n";
        String out = fx.run(signed, "--user", "eval", "--deliver=innocent", "--stdout").out();
        String boundary = out.substring(out.indexOf("boundary=DSPAM_MULTIPART_EX-") + 9, out.indexOf('\n',
                out.indexOf("boundary=DSPAM_MULTIPART_EX-")));
        assertTrue(boundary.startsWith("DSPAM_MULTIPART_EX-"), out);
        assertTrue(out.contains("caf=E9 text\n"), "the signed part keeps its encoding: " + out);
        assertTrue(out.contains("Content-Type: text/plain\nX-DSPAM-Signature: "), out);
        assertTrue(out.matches("(?s).*\n\n!DSPAM:\\w+!\n--" + boundary + "--\n\n$"), out);
    }

    @Test
    void notificationsAreSentOnceFromTheTemplates() throws IOException {
        Path got = dir.resolve("notices");
        AgentFixture fx = new AgentFixture(dir, "Notifications ", "Notifications on", "Preference \"notifications",
                "Preference \"notifications=on\"", "TrustedDeliveryAgent ",
                "TrustedDeliveryAgent \"/bin/sh -c cat>>" + got + "\"");
        Files.createDirectories(fx.home.resolve("txt"));
        Files.writeString(fx.home.resolve("txt/firstrun.txt"), "Subject: Welcome $u\n\nHello $u.\n");
        fx.run(ham(), "--user", "frank", "--deliver=innocent");
        fx.run(ham(), "--user", "frank", "--deliver=innocent");
        String all = Files.readString(got);
        assertEquals(1, all.split("Subject: Welcome frank", -1).length - 1, all);
        assertTrue(all.startsWith("Date: "), all);
        assertTrue(Files.exists(fx.home.resolve("data/frank/frank.firstrun")));
    }

    @Test
    void userPreferencesOverrideOnlyWhatAllowOverrideLists() throws IOException {
        AgentFixture fx = new AgentFixture(dir);
        fx.storage.setPreference("gina", "signatureLocation", "headers");
        fx.storage.setPreference("gina", "spamSubject", "[JUNK]");
        fx.storage.setPreference("gina", "spamAction", "tag");
        fx.storage.setPreference("gina", "notAllowed", "x");
        blocklist(fx, "gina");
        AgentFixture.Run r = fx.run(spam(), "--user", "gina", "--deliver=innocent", "--stdout");
        assertTrue(r.out().contains("Subject: [JUNK] FREE money"), r.out());
        assertFalse(r.out().contains("!DSPAM:"), r.out());
        assertTrue(r.log().contains("WARNING Ignoring disallowed preference 'notAllowed'"), r.log().toString());
    }

    @Test
    void failedDeliveryUnlearnsWithOnFailUnlearn() throws IOException {
        AgentFixture fx = new AgentFixture(dir, "", "OnFail unlearn");
        AgentFixture.Run r = fx.run(ham(), "--user", "zed", "--deliver=innocent");
        assertEquals(255, r.exit(), r.log().toString());
        assertEquals(0, fx.storage.open("zed").totals().innocentLearned(), r.log().toString());
        assertTrue(Files.readString(fx.home.resolve("data/zed/zed.log")).contains("\tE\t"));
    }

    @Test
    void versionShowsConfigurationOnlyToTrustedCallers() throws IOException {
        AgentFixture fx = new AgentFixture(dir);
        assertTrue(fx.run("", "--version").out().contains("Configuration parameters: "));
        assertFalse(fx.runAs(new Caller("nobody", 65534), "", "--version").out().contains("Configuration"));
    }
}
