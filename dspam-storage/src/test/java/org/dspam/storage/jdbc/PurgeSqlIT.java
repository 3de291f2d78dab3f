package org.dspam.storage.jdbc;

import static org.dspam.storage.jdbc.SqlTestSupport.changes;
import static org.dspam.storage.jdbc.SqlTestSupport.execute;
import static org.dspam.storage.jdbc.SqlTestSupport.learned;
import static org.dspam.storage.jdbc.SqlTestSupport.rows;
import static org.dspam.storage.jdbc.SqlTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped nightly purge SQL, run as an admin would run it, removes exactly what DSPAM's purge
 * and dspam_clean remove with the shipped Purge* ages (14/90/90/30/15/15 days).
 */
class PurgeSqlIT {
    private static final TestDatabases MYSQL = new TestDatabases(TestDatabases.Kind.MYSQL);
    private static final TestDatabases PGSQL = new TestDatabases(TestDatabases.Kind.PGSQL);

    @AfterAll
    static void dropDatabases() throws Exception {
        MYSQL.dropAll();
        PGSQL.dropAll();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void purgeRemovesOldRareNeutralAndUnusedTokensAndStaleSignatures(TestDatabases.Kind kind) throws Exception {
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
        boolean my = kind == TestDatabases.Kind.MYSQL;
        try (Connection c = dbs.connect(db)) {
            int alice = uid(c, "alice");
            int toe = uid(c, "toe");
            int tum = uid(c, "tum");
            execute(c,
                    token(my, alice, 1, 1, 1, 31), // hapax, older than 30 days: purged
                    token(my, alice, 2, 1, 1, 29), // hapax, younger: kept
                    token(my, alice, 3, 1, 0, 16), // one spam hit, older than 15 days: purged
                    token(my, alice, 4, 1, 0, 14), // kept
                    token(my, alice, 5, 0, 1, 16), // one innocent hit, older than 15 days: purged
                    token(my, alice, 6, 90, 1, 91), // not seen for more than 90 days: purged (TEFT)
                    token(my, alice, 7, 90, 1, 89), // kept
                    token(my, toe, 8, 50, 25, 91), // neutral (p = 0.5), older than 90 days: purged
                    token(my, toe, 9, 90, 1, 91), // not neutral, and TOE keeps unused tokens: kept
                    token(my, toe, 10, 50, 25, 89), // neutral but younger: kept
                    token(my, tum, 11, 60, 0, 91), // TUM keeps unused tokens with 50 hits or more: kept
                    token(my, tum, 12, 30, 0, 91), // fewer than 50 hits: purged
                    signature(my, alice, "old", 15), // older than 14 days: purged
                    signature(my, alice, "new", 13));
            try (Statement st = c.createStatement()) {
                for (String sql : SqlScript.resource(kind.key + "_purge.sql")) {
                    st.execute(sql);
                }
            }
            assertEquals(List.of(List.of("2"), List.of("4"), List.of("7"), List.of("9"), List.of("10"), List.of("11")),
                    rows(c, "SELECT token FROM dspam_token_data ORDER BY token"));
            assertEquals("new", single(c, "SELECT signature FROM dspam_signature_data"));
        }
    }

    private static int uid(Connection c, String user) throws Exception {
        return Integer.parseInt(single(c, "SELECT uid FROM dspam_virtual_uids WHERE username = '" + user + "'"));
    }

    private static String daysAgo(boolean mysql, int days) {
        return mysql ? "CURRENT_DATE() - INTERVAL " + days + " DAY" : "CURRENT_DATE - " + days;
    }

    private static String token(boolean mysql, int uid, long token, int spam, int innocent, int age) {
        return "INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit) VALUES (" + uid + ", "
                + token + ", " + spam + ", " + innocent + ", " + daysAgo(mysql, age) + ")";
    }

    private static String signature(boolean mysql, int uid, String id, int age) {
        return "INSERT INTO dspam_signature_data (uid, signature, length, created_on, data) VALUES (" + uid + ", '" + id
                + "', 1, " + daysAgo(mysql, age) + ", " + (mysql ? "'x'" : "'\\x78'::bytea") + ")";
    }
}
