package org.dspam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Merged groups and uid-carrying signature ids, which only the SQL drivers have, on the real servers. */
class SqlGroupsIT {
    private static final Map<SqlTestDatabases.Kind, SqlTestDatabases> DATABASES =
            new EnumMap<>(SqlTestDatabases.Kind.class);

    @TempDir
    Path dir;

    private static synchronized SqlTestDatabases databases(SqlTestDatabases.Kind kind) {
        return DATABASES.computeIfAbsent(kind, SqlTestDatabases::new);
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        for (SqlTestDatabases dbs : DATABASES.values()) {
            dbs.dropAll();
        }
    }

    private static String ham() throws IOException {
        return AgentFixture.resource("ham.eml");
    }

    private static String spam() throws IOException {
        return AgentFixture.resource("spam.eml");
    }

    private static Totals totals(StorageDriver driver, String user) {
        try (UserStorage s = driver.open(user)) {
            return s.totals();
        }
    }

    private static String signature(String out) {
        int at = out.indexOf("!DSPAM:");
        return out.substring(at + 7, out.indexOf('!', at + 7));
    }

    private static boolean resultIs(AgentFixture.Run r, String result) {
        return r.out().contains("\nX-DSPAM-Result: " + result + "\n");
    }

    @ParameterizedTest
    @EnumSource(SqlTestDatabases.Kind.class)
    void mergedGroupMembersReadTheGroupsDataAndLearnInTheirOwn(SqlTestDatabases.Kind kind) throws Exception {
        SqlTestDatabases dbs = databases(kind);
        Path groups = dir.resolve("group");
        Files.writeString(groups, "staff:merged:*,-carol\n");
        try (StorageDriver driver = dbs.driver(dbs.create())) {
            AgentFixture fx = new AgentFixture(dir, driver, "GroupConfig ", "GroupConfig " + groups);
            for (int i = 0; i < 6; i++) {
                fx.run(spam(), "--user", "staff", "--class=spam", "--source=corpus");
                fx.run(ham(), "--user", "staff", "--class=innocent", "--source=corpus");
            }
            Totals staff = totals(driver, "staff");
            assertEquals(new Totals(6, 6, 0, 0, 6, 6, 0, 0), staff);

            AgentFixture.Run alice = fx.run(spam(), "--user", "alice", "--process", "--deliver=innocent,spam",
                    "--stdout");
            assertEquals(0, alice.exit(), alice.log().toString());
            assertTrue(resultIs(alice, "Spam"), "the group's data catches it: " + alice.out());
            assertEquals(new Totals(1, 0, 0, 0, 0, 0, 0, 0), totals(driver, "alice"), "alice learns in her own data");
            assertEquals(staff, totals(driver, "staff"), "the group's data is only read");
            assertEquals("1,0,0,0,6,6\nstaff\n", Files.readString(fx.home.resolve("data/alice/alice.stats")),
                    "the merged totals, and the group named");

            AgentFixture.Run carol = fx.run(spam(), "--user", "carol", "--process", "--deliver=innocent,spam",
                    "--stdout");
            assertTrue(resultIs(carol, "Innocent"), "carol is left out of the group: " + carol.out());
        }
    }

    @ParameterizedTest
    @EnumSource(SqlTestDatabases.Kind.class)
    void retrainingFromASignatureWithAUidTrainsItsOwner(SqlTestDatabases.Kind kind) throws Exception {
        SqlTestDatabases dbs = databases(kind);
        String db = dbs.create();
        Files.createDirectories(dir.resolve("before"));
        String oldStyle;
        try (StorageDriver plain = dbs.driver(db)) {
            AgentFixture before = new AgentFixture(dir.resolve("before"), plain);
            oldStyle = before.run(ham(), "--user", "alice", "--process", "--deliver=innocent", "--stdout").out();
            assertTrue(signature(oldStyle).matches("[0-9a-f]+"), oldStyle);
        }
        try (StorageDriver driver = dbs.driver(db, kind.prefix + "UIDInSignature on")) {
            AgentFixture fx = new AgentFixture(dir, driver);
            AgentFixture.Run bob = fx.run(ham(), "--user", "bob", "--process", "--deliver=innocent", "--stdout");
            String id = signature(bob.out());
            assertTrue(id.startsWith(driver.signatureIdPrefix("bob")) && id.matches("[0-9]+,[0-9a-f]+"), id);
            assertTrue(bob.out().contains("\nX-DSPAM-Signature: " + id + "\n"), bob.out());

            // A spam alias runs as one user; the signature says whose message it was.
            AgentFixture.Run report = fx.run(bob.out(), "--user", "spamtrap", "--class=spam", "--source=error");
            assertEquals(0, report.exit(), report.log().toString());
            assertEquals(1, totals(driver, "bob").spamMisclassified());
            assertFalse(driver.exists("spamtrap"));
            String log = Files.readString(fx.home.resolve("data/bob/bob.log"));
            assertTrue(log.contains("\tM\t") && log.contains(id), log);
            assertFalse(Files.exists(fx.home.resolve("data/spamtrap/spamtrap.log")));
            assertTrue(Files.readString(fx.home.resolve("system.log")).contains("\tbob\tRetrained\t"));

            // Signatures made before the uid went into ids still retrain the user who sends them back.
            AgentFixture.Run old = fx.run(oldStyle, "--user", "alice", "--class=spam", "--source=error");
            assertEquals(0, old.exit(), old.log().toString());
            assertEquals(1, totals(driver, "alice").spamMisclassified());
        }
    }
}
