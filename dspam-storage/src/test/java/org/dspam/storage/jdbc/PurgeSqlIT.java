package org.dspam.storage.jdbc;

import static org.dspam.storage.jdbc.SqlTestSupport.changes;
import static org.dspam.storage.jdbc.SqlTestSupport.execute;
import static org.dspam.storage.jdbc.SqlTestSupport.learned;
import static org.dspam.storage.jdbc.SqlTestSupport.rows;
import static org.dspam.storage.jdbc.SqlTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped nightly purge SQL, run statement by statement as the database's client runs it:
 * with no ages given it removes what DSPAM's purge and dspam_clean remove with the shipped
 * {@code Purge*} ages (14/90/90/30/15/15 days); ages the caller sets in the session (MySQL user
 * variables, PostgreSQL {@code dspam.*} settings) replace them, 0 removing regardless of age and a
 * negative age switching its rule off.
 */
class PurgeSqlIT {
    private static final TestDatabases MYSQL = new TestDatabases(TestDatabases.Kind.MYSQL);
    private static final TestDatabases PGSQL = new TestDatabases(TestDatabases.Kind.PGSQL);

    /** The caller's names for each setting: MySQL user variable, PostgreSQL custom setting. */
    private static final Map<String, String> PG_SETTING = Map.of(
            "TrainingMode", "dspam.training_mode",
            "PurgeSignatures", "dspam.purge_signatures",
            "PurgeNeutral", "dspam.purge_neutral",
            "PurgeUnused", "dspam.purge_unused",
            "PurgeHapaxes", "dspam.purge_hapaxes",
            "PurgeHits1S", "dspam.purge_hits1s",
            "PurgeHits1I", "dspam.purge_hits1i");

    @AfterAll
    static void dropDatabases() throws Exception {
        MYSQL.dropAll();
        PGSQL.dropAll();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void withoutAgesTheShippedOnesRemoveOldRareNeutralAndUnusedTokensAndStaleSignatures(TestDatabases.Kind kind)
            throws Exception {
        try (Users u = users(kind)) {
            u.insert(u.token(u.alice, 1, 1, 1, 31), // hapax, older than 30 days: purged
                    u.token(u.alice, 2, 1, 1, 30), // hapax, 30 days: kept
                    u.token(u.alice, 3, 1, 0, 16), // one spam hit, older than 15 days: purged
                    u.token(u.alice, 4, 1, 0, 15), // kept
                    u.token(u.alice, 5, 0, 1, 16), // one innocent hit, older than 15 days: purged
                    u.token(u.alice, 6, 90, 1, 91), // not seen for more than 90 days: purged (TEFT)
                    u.token(u.alice, 7, 90, 1, 90), // kept
                    u.token(u.toe, 8, 50, 25, 91), // neutral (p = 0.5), older than 90 days: purged
                    u.token(u.toe, 9, 90, 1, 91), // not neutral, and TOE keeps unused tokens: kept
                    u.token(u.toe, 10, 50, 25, 90), // neutral but younger: kept
                    u.token(u.tum, 11, 60, 0, 91), // TUM keeps unused tokens with 50 hits or more: kept
                    u.token(u.tum, 12, 30, 0, 91), // fewer than 50 hits: purged
                    u.signature(u.alice, "old", 15), // older than 14 days: purged
                    u.signature(u.alice, "new", 14));
            u.purge(Map.of());
            assertEquals(List.of(2L, 4L, 7L, 9L, 10L, 11L), u.tokens());
            assertEquals(List.of("new"), u.signatures());
        }
    }

    /** dspam_maintenance passes TrainingMode empty when dspam.conf has none; an empty age is no age either. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void emptyValuesStandForTheShippedOnes(TestDatabases.Kind kind) throws Exception {
        try (Users u = users(kind)) {
            u.insert(u.token(u.alice, 1, 1, 1, 31), u.token(u.alice, 2, 1, 1, 30), u.token(u.alice, 6, 90, 1, 91),
                    u.token(u.alice, 7, 90, 1, 90), u.signature(u.alice, "old", 15), u.signature(u.alice, "new", 14));
            Map<String, String> empty = new LinkedHashMap<>();
            PG_SETTING.keySet().forEach(name -> empty.put(name, ""));
            u.purge(empty);
            assertEquals(List.of(2L, 7L), u.tokens());
            assertEquals(List.of("new"), u.signatures());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void agesSetByTheCallerReplaceTheShippedOnesAndANegativeAgeSwitchesItsRuleOff(TestDatabases.Kind kind)
            throws Exception {
        try (Users u = users(kind)) {
            u.insert(u.token(u.alice, 1, 1, 1, 150), // hapax: hapaxes off, kept
                    u.token(u.alice, 2, 1, 0, 6), // one spam hit, older than 5 days: purged
                    u.token(u.alice, 3, 1, 0, 5), // kept
                    u.token(u.alice, 4, 0, 1, 150), // one innocent hit: that rule is off, and unused takes 200 days: kept
                    u.token(u.alice, 5, 90, 1, 201), // not seen for more than 200 days: purged
                    u.token(u.alice, 6, 90, 1, 200), // kept
                    u.token(u.alice, 7, 50, 25, 150), // neutral: off, kept
                    u.token(u.toe, 8, 50, 25, 300), // neutral: off; TOE: kept
                    u.signature(u.alice, "old", 11), // older than 10 days: purged
                    u.signature(u.alice, "new", 10));
            u.purge(Map.of("PurgeSignatures", "10", "PurgeNeutral", "-1", "PurgeUnused", "200", "PurgeHapaxes", "-1",
                    "PurgeHits1S", "5", "PurgeHits1I", "-1"));
            assertEquals(List.of(1L, 3L, 4L, 6L, 7L, 8L), u.tokens());
            assertEquals(List.of("new"), u.signatures());
        }
    }

    /** Each rule on its own: the toe user's tokens are not taken by the unused purge, and these are not neutral unless said. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void ageZeroRemovesRegardlessOfAge(TestDatabases.Kind kind) throws Exception {
        try (Users u = users(kind)) {
            u.insert(u.token(u.toe, 1, 1, 0, 0), // one spam hit, learned today: purged
                    u.token(u.toe, 2, 0, 1, 0), // one innocent hit: purged
                    u.token(u.toe, 3, 2, 0, 0), // a hapax, not a single hit: kept while hapaxes are off
                    u.signature(u.alice, "today", 0));
            u.purge(Map.of("PurgeSignatures", "-1", "PurgeNeutral", "-1", "PurgeUnused", "-1", "PurgeHapaxes", "-1",
                    "PurgeHits1S", "0", "PurgeHits1I", "0"));
            assertEquals(List.of(3L), u.tokens());

            u.insert(u.token(u.toe, 4, 1, 1, 0), // hapax: purged, as is 3
                    u.token(u.toe, 5, 50, 25, 0), // neutral (p = 0.5): purged
                    u.token(u.toe, 6, 90, 1, 0), // TOE keeps it
                    u.token(u.alice, 7, 90, 1, 0), // unused: purged
                    u.token(u.tum, 8, 60, 0, 0), // TUM keeps it
                    u.token(u.tum, 9, 30, 0, 0)); // purged
            u.purge(Map.of("PurgeSignatures", "0", "PurgeNeutral", "0", "PurgeUnused", "0", "PurgeHapaxes", "0",
                    "PurgeHits1S", "0", "PurgeHits1I", "0"));
            assertEquals(List.of(6L, 8L), u.tokens());
            assertEquals(List.of(), u.signatures());
        }
    }

    /** The caller's TrainingMode applies to users without a trainingMode preference, unless the system default (uid 0) sets one. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theCallersTrainingModeYieldsToPreferences(TestDatabases.Kind kind) throws Exception {
        try (Users u = users(kind)) {
            u.insert(u.token(u.alice, 1, 90, 1, 91), // alice in the caller's TOE: kept
                    u.token(u.tum, 2, 30, 0, 91)); // tum's own preference: purged
            u.purge(Map.of("TrainingMode", "toe"));
            assertEquals(List.of(1L), u.tokens());

            u.insert(u.token(u.alice, 3, 30, 0, 91)); // under the system's TUM, fewer than 50 hits: purged
            try (StorageDriver driver = u.dbs.driver(u.db)) {
                driver.setPreference(null, "trainingMode", "TUM");
            }
            u.purge(Map.of("TrainingMode", "TOE"));
            assertEquals(List.of(1L), u.tokens());
        }
    }

    /**
     * A value that is not a number (here dspam.conf's "off" passed on as it is) is never read as 0,
     * "regardless of age": MySQL switches that rule off and runs the others; PostgreSQL stops at the
     * settings, before the first DELETE.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aValueThatIsNotANumberRemovesNothingByItsRule(TestDatabases.Kind kind) throws Exception {
        try (Users u = users(kind)) {
            u.insert(u.token(u.alice, 1, 1, 1, 31), u.signature(u.alice, "old", 15));
            Map<String, String> off = Map.of("PurgeSignatures", "off");
            if (kind == TestDatabases.Kind.MYSQL) {
                u.purge(off);
                assertEquals(List.of(), u.tokens());
            } else {
                SQLException e = assertThrows(SQLException.class, () -> u.purge(off));
                assertEquals("22P02", e.getSQLState(), e.getMessage());
                assertEquals(List.of(1L), u.tokens());
            }
            assertEquals(List.of("old"), u.signatures());
        }
    }

    private static Users users(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = kind == TestDatabases.Kind.MYSQL ? MYSQL : PGSQL;
        String db = dbs.create();
        try (StorageDriver driver = dbs.driver(db)) {
            for (String user : List.of("alice", "toe", "tum")) {
                try (UserStorage s = driver.open(user)) {
                    s.commit(changes(), learned(100, 100));
                }
            }
            driver.setPreference("toe", "trainingMode", "TOE");
            driver.setPreference("tum", "trainingMode", "tum");
        }
        return new Users(dbs, db);
    }

    /** Three users with learned totals 100/100: alice (no preference), toe (TOE) and tum (TUM), and a connection to their database. */
    private static final class Users implements AutoCloseable {
        final TestDatabases dbs;
        final String db;
        final Connection c;
        final boolean mysql;
        final int alice;
        final int toe;
        final int tum;

        Users(TestDatabases dbs, String db) throws SQLException {
            this.dbs = dbs;
            this.db = db;
            this.c = dbs.connect(db);
            this.mysql = dbs.kind == TestDatabases.Kind.MYSQL;
            this.alice = uid("alice");
            this.toe = uid("toe");
            this.tum = uid("tum");
        }

        private int uid(String user) throws SQLException {
            return Integer.parseInt(single(c, "SELECT uid FROM dspam_virtual_uids WHERE username = '" + user + "'"));
        }

        private String daysAgo(int days) {
            return mysql ? "CURRENT_DATE() - INTERVAL " + days + " DAY" : "CURRENT_DATE - " + days;
        }

        String token(int uid, long token, int spam, int innocent, int age) {
            return "INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit) VALUES (" + uid + ", "
                    + token + ", " + spam + ", " + innocent + ", " + daysAgo(age) + ")";
        }

        String signature(int uid, String id, int age) {
            return "INSERT INTO dspam_signature_data (uid, signature, length, created_on, data) VALUES (" + uid + ", '"
                    + id + "', 1, " + daysAgo(age) + ", " + (mysql ? "'x'" : "'\\x78'::bytea") + ")";
        }

        void insert(String... statements) throws SQLException {
            execute(c, statements);
        }

        /**
         * Runs the shipped script in a new session that has first set {@code ages} (by their MySQL
         * variable names); numbers go as numbers, as dspam_maintenance sets them.
         */
        void purge(Map<String, String> ages) throws SQLException {
            List<String> statements = new ArrayList<>();
            ages.forEach((name, value) -> {
                String literal = value.matches("-?[0-9]+") ? value : "'" + value + "'";
                statements.add(mysql ? "SET @" + name + " = " + literal : "SET " + PG_SETTING.get(name) + " = " + literal);
            });
            statements.addAll(SqlScript.resource(dbs.kind.key + "_purge.sql"));
            try (Connection session = dbs.connect(db); Statement st = session.createStatement()) {
                for (String sql : statements) {
                    st.execute(sql);
                }
            }
        }

        List<Long> tokens() throws SQLException {
            return rows(c, "SELECT token FROM dspam_token_data ORDER BY token").stream().map(r -> Long.parseLong(r.get(0)))
                    .toList();
        }

        List<String> signatures() throws SQLException {
            return rows(c, "SELECT signature FROM dspam_signature_data ORDER BY signature").stream().map(r -> r.get(0))
                    .toList();
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }
}
