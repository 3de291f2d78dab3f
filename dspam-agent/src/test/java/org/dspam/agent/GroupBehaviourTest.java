package org.dspam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each kind of group in {@code GroupConfig} does to processing, on the memory driver. */
class GroupBehaviourTest {
    @TempDir
    Path dir;

    private static String ham() throws IOException {
        return AgentFixture.resource("ham.eml");
    }

    private static String spam() throws IOException {
        return AgentFixture.resource("spam.eml");
    }

    /** A message half the ham's text and half the spam's: a user trained on both is unsure of it. */
    private static String mixed() throws IOException {
        return ham() + "\nDear friend, you have been selected to receive FREE money!!!\n"
                + "Click here to claim your prize. Limited time offer, act now. Remove me from this list.\n";
    }

    private AgentFixture fixture(String... groupLines) throws IOException {
        Path file = dir.resolve("group");
        Files.writeString(file, String.join("\n", groupLines) + "\n");
        return new AgentFixture(dir, "GroupConfig ", "GroupConfig " + file);
    }

    private static void train(AgentFixture fx, String user, String message, String cls, int times) {
        for (int i = 0; i < times; i++) {
            AgentFixture.Run r = fx.run(message, "--user", user, "--class=" + cls, "--source=corpus");
            assertEquals(0, r.exit(), r.log().toString());
        }
    }

    private static Totals totals(AgentFixture fx, String user) {
        try (UserStorage s = fx.storage.open(user)) {
            return s.totals();
        }
    }

    private static String signature(String out) {
        int at = out.indexOf("!DSPAM:");
        return out.substring(at + 7, out.indexOf('!', at + 7));
    }

    private static String header(String out, String name) {
        int at = out.indexOf("\n" + name + ": ");
        return at < 0 ? null : out.substring(at + name.length() + 3, out.indexOf('\n', at + 1));
    }

    private String home(AgentFixture fx, String path) throws IOException {
        return Files.readString(fx.home.resolve(path));
    }

    @Test
    void sharedGroupMembersLearnAndRetrainInTheGroupsData() throws IOException {
        AgentFixture fx = fixture("staff:shared:alice,bob");
        AgentFixture.Run alice = fx.run(ham(), "--user", "alice", "--process", "--deliver=innocent", "--stdout");
        assertEquals(0, alice.exit(), alice.log().toString());
        fx.run(ham(), "--user", "bob", "--process", "--deliver=innocent", "--stdout");
        assertEquals(2, totals(fx, "staff").innocentLearned());
        assertFalse(fx.storage.exists("alice"));
        assertFalse(fx.storage.exists("bob"));

        // The signature is the group's, so any member can correct a message another member received.
        AgentFixture.Run fix = fx.run(alice.out(), "--user", "bob", "--class=spam", "--source=error");
        assertEquals(0, fix.exit(), fix.log().toString());
        assertEquals(1, totals(fx, "staff").spamMisclassified());
        assertEquals("0,1,1,0,0,0\n", home(fx, "data/staff/staff.stats"));
        assertFalse(Files.exists(fx.home.resolve("data/alice/alice.stats")));
        assertTrue(home(fx, "data/alice/alice.log").contains(signature(alice.out())), "an unmanaged group's members keep their own log");
        assertTrue(home(fx, "data/bob/bob.log").contains("\tM\t"));
    }

    @Test
    void managedGroupKeepsTheMembersQuarantineAndLogAndNamesTheUser() throws IOException {
        AgentFixture fx = fixture("staff:shared,managed:alice,bob");
        Files.createDirectories(fx.home.resolve("data/alice"));
        Files.writeString(fx.home.resolve("data/alice/alice.blocklist"), "cheap-deals.example\n");
        AgentFixture.Run r = fx.run(spam(), "--user", "alice", "--process");
        assertEquals(0, r.exit(), r.log().toString());
        String mbox = home(fx, "data/staff/staff.mbox");
        assertTrue(mbox.startsWith("From QUARANTINE "), mbox);
        assertTrue(mbox.contains("\nX-DSPAM-Result: Blocklisted\n"), mbox);
        assertTrue(mbox.contains("\nX-DSPAM-User: alice\n"), mbox);
        assertFalse(Files.exists(fx.home.resolve("data/alice/alice.mbox")));
        assertTrue(home(fx, "data/staff/staff.log").contains("\tO\t\"Best Offers\""));
        assertFalse(Files.exists(fx.home.resolve("data/alice/alice.log")));
        assertTrue(home(fx, "system.log").contains("\talice\tQuarantined\t"), "the system log names the member");
    }

    @Test
    void unsureInnocentResultIsCheckedWithTheClassificationNetwork() throws IOException {
        AgentFixture fx = fixture("net:classification:carol,bob");
        train(fx, "carol", spam(), "spam", 6);
        train(fx, "carol", ham(), "innocent", 6);
        train(fx, "bob", spam(), "spam", 6);
        train(fx, "bob", ham(), "spam", 6);

        // Sure of itself, carol's filter is not second-guessed, whatever bob's data says.
        AgentFixture.Run sure = fx.run(ham(), "--user", "carol", "--process", "--deliver=innocent,spam", "--stdout");
        assertEquals("Innocent", header(sure.out(), "X-DSPAM-Result"));

        Totals before = totals(fx, "carol");
        AgentFixture.Run unsure = fx.run(mixed(), "--user", "carol", "--process", "--deliver=innocent,spam",
                "--stdout");
        assertEquals(0, unsure.exit(), unsure.log().toString());
        assertEquals("Spam", header(unsure.out(), "X-DSPAM-Result"));
        assertEquals("0.5392", header(unsure.out(), "X-DSPAM-Confidence"), "carol's own confidence is reported");
        assertTrue(unsure.log().contains("DEBUG classification group member bob finds spam for carol"),
                unsure.log().toString());
        Totals after = totals(fx, "carol");
        assertEquals(before.spamLearned() + 1, after.spamLearned(), "carol learns the network's verdict");
        assertEquals(before.innocentLearned(), after.innocentLearned());
        assertEquals(0, after.spamMisclassified(), "the network's correction is not carol's misclassification");

    }

    @Test
    void ignoreGroupsPreferenceLeavesTheUserOutOfTheNetwork() throws IOException {
        AgentFixture fx = fixture("net:classification:erin,bob");
        train(fx, "erin", spam(), "spam", 6);
        train(fx, "erin", ham(), "innocent", 6);
        train(fx, "bob", spam(), "spam", 6);
        fx.storage.setPreference("erin", "ignoreGroups", "on");
        AgentFixture.Run alone = fx.run(mixed(), "--user", "erin", "--process", "--deliver=innocent,spam", "--stdout");
        assertEquals("Innocent", header(alone.out(), "X-DSPAM-Result"));
        assertEquals("0.5392", header(alone.out(), "X-DSPAM-Confidence"));
        assertEquals(0, alone.log().size(), alone.log().toString());
    }

    @Test
    void globalGroupDecidesForYoungUsersAtLowConfidence() throws IOException {
        AgentFixture fx = fixture("global:classification:*trainer");
        train(fx, "trainer", spam(), "spam", 6);
        train(fx, "trainer", ham(), "innocent", 6);

        AgentFixture.Run caught = fx.run(spam(), "--user", "alice", "--process", "--deliver=innocent,spam",
                "--stdout");
        assertEquals("Spam", header(caught.out(), "X-DSPAM-Result"));
        assertEquals("0.6000", header(caught.out(), "X-DSPAM-Confidence"));
        assertEquals(new Totals(1, 0, 0, 0, 0, 0, 0, 0), totals(fx, "alice"));

        // Alice's own data finds the message spam, the global group does not: innocent it is.
        train(fx, "dave", ham(), "spam", 6);
        AgentFixture.Run overruled = fx.run(ham(), "--user", "dave", "--process", "--deliver=innocent,spam",
                "--stdout");
        assertEquals("Innocent", header(overruled.out(), "X-DSPAM-Result"));
        assertEquals("0.6000", header(overruled.out(), "X-DSPAM-Confidence"));
        assertEquals(new Totals(6, 1, 0, 0, 6, 0, 0, 0), totals(fx, "dave"));
    }

    @Test
    void reportedSpamInoculatesTheOtherMembersThatDoNotCatchItYet() throws IOException {
        AgentFixture fx = fixture("inoc:inoculation:alice,bob,carol");
        train(fx, "carol", spam(), "spam", 6);
        train(fx, "carol", ham(), "innocent", 6);
        Totals carol = totals(fx, "carol");

        AgentFixture.Run missed = fx.run(spam(), "--user", "alice", "--process", "--deliver=innocent,spam",
                "--stdout");
        assertEquals("Innocent", header(missed.out(), "X-DSPAM-Result"));
        assertEquals(new Totals(0, 0, 0, 0, 0, 0, 0, 0), totals(fx, "bob"), "a plain message inoculates nobody");

        AgentFixture.Run report = fx.run(missed.out(), "--user", "alice", "--class=spam", "--source=error");
        assertEquals(0, report.exit(), report.log().toString());
        assertEquals(1, totals(fx, "alice").spamMisclassified());
        assertEquals(new Totals(1, 0, 0, 0, 1, 0, 0, 0), totals(fx, "bob"));
        long[] bobTokens = new long[3];
        try (UserStorage s = fx.storage.open("bob")) {
            s.forEachToken(t -> {
                bobTokens[0]++;
                bobTokens[1] += t.spamHits() > 0 ? 1 : 0;
                bobTokens[2] += t.innocentHits();
            });
        }
        assertTrue(bobTokens[0] > 20, "bob learned the message's tokens: " + bobTokens[0]);
        assertEquals(bobTokens[0], bobTokens[1], "every one as spam");
        assertEquals(0, bobTokens[2]);
        assertEquals(carol, totals(fx, "carol"), "carol already catches it");
        assertTrue(report.log().contains("DEBUG skipping user carol: doesn't require inoculation"),
                report.log().toString());
    }

    @Test
    void inoculationWithoutASignatureInoculatesTheReporterTooAndMarksNothing() throws IOException {
        AgentFixture fx = fixture("inoc:inoculation:alice,bob");
        AgentFixture.Run r = fx.run(spam(), "--user", "alice", "--class=spam", "--source=inoculation",
                "--deliver=spam", "--stdout");
        assertEquals(0, r.exit(), r.log().toString());
        assertEquals(spam(), r.out(), "delivered as it came: no headers, no signature");
        assertEquals(new Totals(1, 0, 0, 0, 1, 0, 0, 0), totals(fx, "bob"));
        // One inoculation does not make alice's young data catch the message, so she is inoculated again.
        assertEquals(2, totals(fx, "alice").spamCorpusfed());
        assertFalse(Files.exists(fx.home.resolve("data/alice/alice.log")), "nothing is logged for the message");
    }

    @Test
    void networkAndInoculationWorkOnTheHashDriverWhoseUsersAreLocked() throws IOException {
        Path file = dir.resolve("group");
        Files.writeString(file, "inoc:inoculation:alice,dave\nnet:classification:carol,bob\n");
        DspamConfig hashConfig = DspamConfig.parse("StorageDriver hash_drv\nHome " + dir.resolve("home") + "\n",
                "dspam.conf");
        try (StorageDriver hash = StorageDrivers.open(hashConfig, null)) {
            AgentFixture fx = new AgentFixture(dir, hash, "GroupConfig ", "GroupConfig " + file);
            assertEquals("hash_drv", fx.storage.name());
            train(fx, "carol", spam(), "spam", 6);
            train(fx, "carol", ham(), "innocent", 6);
            train(fx, "bob", spam(), "spam", 6);
            AgentFixture.Run unsure = fx.run(mixed(), "--user", "carol", "--process", "--deliver=innocent,spam",
                    "--stdout");
            assertEquals(0, unsure.exit(), unsure.log().toString());
            assertEquals("Spam", header(unsure.out(), "X-DSPAM-Result"));
            assertEquals(new Totals(7, 6, 0, 0, 6, 6, 0, 0), totals(fx, "carol"));

            AgentFixture.Run missed = fx.run(ham(), "--user", "alice", "--process", "--deliver=innocent",
                    "--stdout");
            AgentFixture.Run report = fx.run(missed.out(), "--user", "alice", "--class=spam", "--source=error");
            assertEquals(0, report.exit(), report.log().toString());
            assertEquals(new Totals(1, 0, 0, 0, 1, 0, 0, 0), totals(fx, "dave"), "dave is inoculated");
            assertEquals(1, totals(fx, "alice").spamMisclassified());
        }
    }

    @Test
    void mergedGroupOnADriverWithoutMergedReadsUsesTheUsersOwnData() throws IOException {
        AgentFixture fx = fixture("all:merged:*");
        AgentFixture.Run r = fx.run(ham(), "--user", "alice", "--process", "--deliver=innocent", "--stdout");
        assertEquals(0, r.exit());
        assertEquals("Innocent", header(r.out(), "X-DSPAM-Result"));
        assertTrue(r.log().contains("ERROR Merged groups are not available: memory does not support merged groups;"
                + " their members are processed with their own data only"), r.log().toString());
        assertEquals(1, totals(fx, "alice").innocentLearned());
        assertFalse(fx.storage.exists("all"));
        assertEquals("0,1,0,0,0,0\n", home(fx, "data/alice/alice.stats"), "no merged group is named");
    }

    @Test
    void groupsAreIgnoredWithIgnoreGroupsAndWhenOnlyClassifying() throws IOException {
        AgentFixture fx = fixture("staff:shared:alice,bob");
        train(fx, "staff", spam(), "spam", 6);
        train(fx, "staff", ham(), "innocent", 6);
        assertTrue(fx.run(spam(), "--user", "alice", "--classify").out().contains("result=\"Innocent\""),
                "classification reads the user's own data, as DSPAM does");
        assertEquals("Spam", header(fx.run(spam(), "--user", "alice", "--process", "--deliver=innocent,spam",
                "--stdout").out(), "X-DSPAM-Result"));

        fx.storage.setPreference("bob", "ignoreGroups", "on");
        fx.run(ham(), "--user", "bob", "--process", "--deliver=innocent", "--stdout");
        assertEquals(1, totals(fx, "bob").innocentLearned());
    }
}
