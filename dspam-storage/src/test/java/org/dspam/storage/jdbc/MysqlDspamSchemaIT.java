package org.dspam.storage.jdbc;

import static org.dspam.storage.jdbc.SqlTestSupport.changes;
import static org.dspam.storage.jdbc.SqlTestSupport.counts;
import static org.dspam.storage.jdbc.SqlTestSupport.execute;
import static org.dspam.storage.jdbc.SqlTestSupport.fetch;
import static org.dspam.storage.jdbc.SqlTestSupport.learned;
import static org.dspam.storage.jdbc.SqlTestSupport.rows;
import static org.dspam.storage.jdbc.SqlTestSupport.runDspamScript;
import static org.dspam.storage.jdbc.SqlTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An existing DSPAM database on MySQL keeps working: the schema made with the statements DSPAM's
 * documentation gives, filled with rows as DSPAM's mysql_drv writes them, is read and trained
 * through the driver, and DSPAM's own queries then read what the driver wrote.
 */
class MysqlDspamSchemaIT {
    private static final TestDatabases DATABASES = new TestDatabases(TestDatabases.Kind.MYSQL);
    /** An id above 2^63: unsigned in the database, negative as a Java long. */
    private static final long BIG = 0xB06A3F1C8D9E2A42L;
    private static final long SMALL = 4242424242L;
    private static final long FRESH = 777L;
    private static final byte[] SIGNATURE = HexFormat.of().parseHex("422a9e8d1c3f6ab00100000000000000e803000000000000");

    @AfterAll
    static void dropDatabases() throws Exception {
        DATABASES.dropAll();
    }

    private static String u(long key) {
        return Long.toUnsignedString(key);
    }

    /** A database made by DSPAM's schema files and filled with alice's and bob's data as mysql_drv writes it. */
    private static String dspamDatabase(String... scripts) throws Exception {
        String db = DATABASES.create();
        try (Connection c = DATABASES.connect(db)) {
            for (String script : scripts) {
                runDspamScript(c, script);
            }
            execute(c,
                    "INSERT INTO dspam_virtual_uids (uid,username) VALUES (NULL,'alice')",
                    "INSERT INTO dspam_virtual_uids (uid,username) VALUES (NULL,'bob')",
                    "INSERT INTO dspam_stats (uid,spam_learned,innocent_learned,spam_misclassified,innocent_misclassified,"
                            + "spam_corpusfed,innocent_corpusfed,spam_classified,innocent_classified)"
                            + " VALUES (1,10,20,1,2,3,4,5,6)",
                    "INSERT INTO dspam_stats (uid,spam_learned,innocent_learned,spam_misclassified,innocent_misclassified,"
                            + "spam_corpusfed,innocent_corpusfed,spam_classified,innocent_classified)"
                            + " VALUES (2,1,1,0,0,0,0,0,0)",
                    "INSERT INTO dspam_token_data(uid,token,spam_hits,innocent_hits,last_hit) VALUES"
                            + "(1,'" + u(BIG) + "',3,7,CURRENT_DATE()),(1,'" + u(SMALL) + "',5,0,'2010-01-02'),"
                            + "(2,'" + u(SMALL) + "',1,1,CURRENT_DATE())"
                            + " ON DUPLICATE KEY UPDATE last_hit=CURRENT_DATE()",
                    "INSERT INTO dspam_signature_data (uid,signature,length,created_on,data) VALUES"
                            + " (1,\"6b01f58f33811345520487\",24,CURRENT_DATE(),X'" + HexFormat.of().formatHex(SIGNATURE) + "')",
                    "INSERT INTO dspam_preferences (uid,preference,value) VALUES (1,'spamAction','tag')",
                    "INSERT INTO dspam_preferences (uid,preference,value) VALUES (0,'trainingMode','TEFT')");
        }
        return db;
    }

    @Test
    void dspamsDatabaseIsReadAndTrainedAndDspamReadsTheResult() throws Exception {
        String db = dspamDatabase("mysql-4.1.sql", "mysql-virtual-users.sql");
        try (StorageDriver driver = DATABASES.driver(db)) {
            assertEquals(List.of("alice", "bob"), driver.users());
            assertEquals(Map.of("spamAction", "tag"), driver.preferences("alice"));
            assertEquals(Map.of("trainingMode", "TEFT"), driver.preferences(null));
            try (UserStorage s = driver.open("alice")) {
                assertEquals(new Totals(10, 20, 1, 2, 3, 4, 5, 6), s.totals());
                assertArrayEquals(new long[] {3, 7, 5, 0, 0, 0}, fetch(s, BIG, SMALL, FRESH));
                assertArrayEquals(SIGNATURE, s.signature("6b01f58f33811345520487").orElseThrow());
                s.commit(changes(BIG, 1, 0, SMALL, -1, 1, FRESH, 0, 1), learned(1, 0));
            }
            try (UserStorage s = driver.open("carol")) {
                assertArrayEquals(new long[] {0, 0}, fetch(s, SMALL));
            }
            try (Connection c = DATABASES.connect(db)) {
                assertNull(single(c, "SELECT uid FROM dspam_virtual_uids WHERE username='carol'"),
                        "reading does not create a user");
            }
            try (UserStorage s = driver.open("carol")) {
                s.commit(changes(SMALL, 0, 2), learned(0, 1));
            }
        }
        try (Connection c = DATABASES.connect(db)) {
            // DSPAM's own token query, ids quoted as its '%llu'.
            assertEquals(Map.of(u(BIG), List.of(4L, 7L), u(SMALL), List.of(4L, 1L), u(FRESH), List.of(0L, 1L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM dspam_token_data WHERE uid=1 AND token IN ('"
                            + u(BIG) + "','" + u(SMALL) + "','" + u(FRESH) + "')"));
            assertEquals("1", single(c, "SELECT COUNT(*) FROM dspam_token_data WHERE uid=1 AND token='" + u(SMALL)
                    + "' AND last_hit=CURRENT_DATE()"), "a learned token's last_hit is today");
            assertEquals(List.of(List.of("1", "11", "20", "1", "2", "3", "4", "5", "6")),
                    rows(c, "SELECT uid,spam_learned,innocent_learned,spam_misclassified,innocent_misclassified,"
                            + "spam_corpusfed,innocent_corpusfed,spam_classified,innocent_classified"
                            + " FROM dspam_stats WHERE uid='1'"));
            String carol = single(c, "SELECT uid FROM dspam_virtual_uids WHERE username='carol'");
            assertEquals("3", carol, "a new user gets the next virtual uid when first written");
            assertEquals(Map.of(u(SMALL), List.of(0L, 2L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM dspam_token_data WHERE uid=" + carol));
            assertEquals(List.of(List.of("0", "1")),
                    rows(c, "SELECT spam_learned, innocent_learned FROM dspam_stats WHERE uid=" + carol));
            assertEquals(List.of(List.of("1", "1")), rows(c, "SELECT spam_hits, innocent_hits FROM dspam_token_data"
                    + " WHERE uid=2 AND token='" + u(SMALL) + "'"), "bob is untouched");
        }
    }

    @Test
    void olderSchemaWithTokensAsTextWorksBothWays() throws Exception {
        String db = dspamDatabase("mysql-speed.sql", "mysql-virtual-users.sql");
        try (StorageDriver driver = DATABASES.driver(db)) {
            try (UserStorage s = driver.open("alice")) {
                assertArrayEquals(new long[] {3, 7, 5, 0}, fetch(s, BIG, SMALL));
                s.commit(changes(BIG, 2, 0, FRESH, 1, 0), learned(2, 0));
            }
            try (UserStorage s = driver.open("alice")) {
                assertArrayEquals(new long[] {5, 7, 1, 0}, fetch(s, BIG, FRESH));
                Map<Long, Long> days = new java.util.HashMap<>();
                s.forEachToken(r -> days.put(r.key(), r.lastHitEpochDay()));
                assertEquals(java.time.LocalDate.of(2010, 1, 2).toEpochDay(), days.get(SMALL));
                assertEquals(java.time.LocalDate.now().toEpochDay(), days.get(FRESH));
            }
        }
        try (Connection c = DATABASES.connect(db)) {
            assertEquals(Map.of(u(BIG), List.of(5L, 7L), u(FRESH), List.of(1L, 0L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM dspam_token_data WHERE uid=1 AND token IN ('"
                            + u(BIG) + "','" + u(FRESH) + "')"), "ids stored as DSPAM's unsigned decimal text");
        }
    }

    @Test
    void withoutTheVirtualUsersTableUsersAreSystemAccounts() throws Exception {
        int daemon = systemUid("daemon");
        int bin = systemUid("bin");
        String db = DATABASES.create();
        try (Connection c = DATABASES.connect(db)) {
            runDspamScript(c, "mysql-4.1.sql");
            execute(c, "INSERT INTO dspam_stats (uid,spam_learned,innocent_learned,spam_misclassified,"
                    + "innocent_misclassified,spam_corpusfed,innocent_corpusfed,spam_classified,innocent_classified)"
                    + " VALUES (" + bin + ",2,3,0,0,0,0,0,0)",
                    "INSERT INTO dspam_token_data(uid,token,spam_hits,innocent_hits,last_hit) VALUES"
                            + "(" + bin + ",'" + u(SMALL) + "',2,3,CURRENT_DATE())");
        }
        try (StorageDriver driver = DATABASES.driver(db)) {
            try (UserStorage s = driver.open("bin")) {
                assertEquals(learned(2, 3), s.totals());
                assertArrayEquals(new long[] {2, 3}, fetch(s, SMALL));
            }
            try (UserStorage s = driver.open("daemon")) {
                s.commit(changes(BIG, 1, 0), learned(1, 0));
            }
            assertEquals(List.of("bin", "daemon"), driver.users());
            try (UserStorage s = driver.open("no-such-account-here")) {
                assertFalse(s.exists());
                StorageException e = assertThrows(StorageException.class, () -> s.commit(changes(BIG, 1, 0), learned(1, 0)));
                assertFalse(e.isTransient());
                assertTrue(e.getMessage().contains("not a system account"), e.getMessage());
            }
        }
        try (Connection c = DATABASES.connect(db)) {
            assertEquals(Map.of(u(BIG), List.of(1L, 0L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM dspam_token_data WHERE uid=" + daemon));
            assertFalse(Boolean.parseBoolean(single(c, "SELECT COUNT(*)>0 FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA=DATABASE() AND TABLE_NAME='dspam_virtual_uids'")), "no table is added");
        }
    }

    private static int systemUid(String account) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u", account).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), "id -u " + account);
        return Integer.parseInt(out);
    }

    @Test
    void anEmptyDatabaseGetsDspamsSchemaAndDspamsStatementsWorkOnIt() throws Exception {
        String db = DATABASES.create();
        try (StorageDriver driver = DATABASES.driver(db); UserStorage s = driver.open("dave")) {
            s.commit(changes(BIG, 1, 0), learned(1, 0));
        }
        try (Connection c = DATABASES.connect(db)) {
            assertEquals(List.of(
                    List.of("dspam_preferences", "preference", "varchar(32)"),
                    List.of("dspam_preferences", "uid", "int(10) unsigned"),
                    List.of("dspam_preferences", "value", "varchar(64)"),
                    List.of("dspam_signature_data", "created_on", "date"),
                    List.of("dspam_signature_data", "data", "longblob"),
                    List.of("dspam_signature_data", "length", "int(10) unsigned"),
                    List.of("dspam_signature_data", "signature", "char(32)"),
                    List.of("dspam_signature_data", "uid", "int(10) unsigned"),
                    List.of("dspam_stats", "innocent_classified", "bigint(20) unsigned"),
                    List.of("dspam_stats", "innocent_corpusfed", "bigint(20) unsigned"),
                    List.of("dspam_stats", "innocent_learned", "bigint(20) unsigned"),
                    List.of("dspam_stats", "innocent_misclassified", "bigint(20) unsigned"),
                    List.of("dspam_stats", "spam_classified", "bigint(20) unsigned"),
                    List.of("dspam_stats", "spam_corpusfed", "bigint(20) unsigned"),
                    List.of("dspam_stats", "spam_learned", "bigint(20) unsigned"),
                    List.of("dspam_stats", "spam_misclassified", "bigint(20) unsigned"),
                    List.of("dspam_stats", "uid", "int(10) unsigned"),
                    List.of("dspam_token_data", "innocent_hits", "bigint(20) unsigned"),
                    List.of("dspam_token_data", "last_hit", "date"),
                    List.of("dspam_token_data", "spam_hits", "bigint(20) unsigned"),
                    List.of("dspam_token_data", "token", "bigint(20) unsigned"),
                    List.of("dspam_token_data", "uid", "int(10) unsigned"),
                    List.of("dspam_virtual_uids", "uid", "int(10) unsigned"),
                    List.of("dspam_virtual_uids", "username", "varchar(128)")),
                    rows(c, "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS"
                            + " WHERE TABLE_SCHEMA=DATABASE() ORDER BY TABLE_NAME, COLUMN_NAME"));
            assertEquals(List.of(List.of("id_token_data_01", "uid"), List.of("id_token_data_01", "token")),
                    rows(c, "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA=DATABASE()"
                            + " AND TABLE_NAME='dspam_token_data' AND NON_UNIQUE=0 ORDER BY SEQ_IN_INDEX"));
            // DSPAM's mysql_drv statements on the new schema.
            execute(c, "INSERT INTO dspam_virtual_uids (uid,username) VALUES (NULL,'erin')",
                    "INSERT INTO dspam_token_data(uid,token,spam_hits,innocent_hits,last_hit) VALUES (2,'" + u(SMALL)
                            + "',0,1,CURRENT_DATE()) ON DUPLICATE KEY UPDATE last_hit=CURRENT_DATE(),innocent_hits=innocent_hits+1",
                    "UPDATE dspam_token_data SET last_hit=CURRENT_DATE(),spam_hits=spam_hits+1 WHERE uid=1 AND token IN ('"
                            + u(BIG) + "')");
            assertEquals(Map.of(u(BIG), List.of(2L, 0L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM dspam_token_data WHERE uid=1"));
        }
        try (StorageDriver driver = DATABASES.driver(db)) {
            try (UserStorage s = driver.open("erin")) {
                assertArrayEquals(new long[] {0, 1}, fetch(s, SMALL));
            }
            try (UserStorage s = driver.open("dave")) {
                assertArrayEquals(new long[] {2, 0}, fetch(s, BIG));
            }
        }
    }
}
