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
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An existing DSPAM database on PostgreSQL keeps working: DSPAM's schema (BIGINT tokens holding
 * the signed value, or the older NUMERIC(20) holding the unsigned one), filled as pgsql_drv
 * writes it, is read and trained through the driver, and DSPAM's lookup_tokens reads the result.
 */
class PgsqlDspamSchemaIT {
    private static final TestDatabases DATABASES = new TestDatabases(TestDatabases.Kind.PGSQL);
    private static final long BIG = 0xB06A3F1C8D9E2A42L;
    private static final long SMALL = 4242424242L;
    private static final long FRESH = 777L;
    private static final byte[] SIGNATURE = HexFormat.of().parseHex("422a9e8d1c3f6ab00100000000000000e803000000000000");

    @AfterAll
    static void dropDatabases() throws Exception {
        DATABASES.dropAll();
    }

    private static String dspamDatabase(String schema, boolean signedTokens) throws Exception {
        String db = DATABASES.create();
        String big = signedTokens ? Long.toString(BIG) : Long.toUnsignedString(BIG);
        try (Connection c = DATABASES.connect(db)) {
            runDspamScript(c, schema);
            runDspamScript(c, "pgsql-virtual-users.sql");
            execute(c,
                    "INSERT INTO dspam_virtual_uids (username) VALUES ('alice')",
                    "INSERT INTO dspam_virtual_uids (username) VALUES ('staff')",
                    "INSERT INTO dspam_stats (uid,spam_learned,innocent_learned,spam_misclassified,innocent_misclassified,"
                            + "spam_corpusfed,innocent_corpusfed,spam_classified,innocent_classified)"
                            + " VALUES (1,10,20,1,2,3,4,5,6)",
                    "INSERT INTO dspam_stats (uid,spam_learned,innocent_learned,spam_misclassified,innocent_misclassified,"
                            + "spam_corpusfed,innocent_corpusfed,spam_classified,innocent_classified)"
                            + " VALUES (2,100,200,0,0,0,0,0,0)",
                    "INSERT INTO dspam_token_data (uid,token,spam_hits,innocent_hits,last_hit) VALUES (1," + big
                            + ",3,7,CURRENT_DATE)",
                    "INSERT INTO dspam_token_data (uid,token,spam_hits,innocent_hits,last_hit) VALUES (1," + SMALL
                            + ",5,0,'2010-01-02')",
                    "INSERT INTO dspam_token_data (uid,token,spam_hits,innocent_hits,last_hit) VALUES (2," + big
                            + ",40,60,CURRENT_DATE)",
                    "INSERT INTO dspam_signature_data (uid,signature,length,created_on,data) VALUES"
                            + " (1,'6b01f58f33811345520487',24,CURRENT_DATE,'\\x" + HexFormat.of().formatHex(SIGNATURE) + "'::bytea)",
                    "INSERT INTO dspam_preferences (uid,preference,value) VALUES (1,'spamAction','tag')");
        }
        return db;
    }

    @Test
    void dspamsDatabaseIsReadAndTrainedAndDspamsLookupReadsTheResult() throws Exception {
        String db = dspamDatabase("pgsql.sql", true);
        try (StorageDriver driver = DATABASES.driver(db)) {
            assertEquals(List.of("alice", "staff"), driver.users());
            assertEquals(Map.of("spamAction", "tag"), driver.preferences("alice"));
            try (UserStorage s = driver.open("alice")) {
                assertEquals(new Totals(10, 20, 1, 2, 3, 4, 5, 6), s.totals());
                assertArrayEquals(new long[] {3, 7, 5, 0, 0, 0}, fetch(s, BIG, SMALL, FRESH));
                assertArrayEquals(SIGNATURE, s.signature("6b01f58f33811345520487").orElseThrow());
                s.commit(changes(BIG, 1, 0, SMALL, -1, 1, FRESH, 0, 1), learned(1, 0));
            }
            try (UserStorage s = driver.openMerged("alice", "staff")) {
                assertEquals(new Totals(111, 220, 1, 2, 3, 4, 5, 6), s.totals(), "user and group totals add up");
                assertArrayEquals(new long[] {44, 67, 4, 1}, fetch(s, BIG, SMALL));
                s.commit(changes(BIG, 1, 0), learned(1, 0));
            }
            try (UserStorage s = driver.open("carol")) {
                assertArrayEquals(new long[] {0, 0}, fetch(s, SMALL));
            }
            try (Connection c = DATABASES.connect(db)) {
                assertNull(single(c, "SELECT uid FROM dspam_virtual_uids WHERE username='carol'"));
            }
            try (UserStorage s = driver.open("carol")) {
                s.commit(changes(SMALL, 2, 0), learned(1, 0));
            }
        }
        try (Connection c = DATABASES.connect(db)) {
            String list = "'{" + BIG + "," + SMALL + "," + FRESH + "}'";
            assertEquals(Map.of(Long.toString(BIG), List.of(5L, 7L), Long.toString(SMALL), List.of(4L, 1L),
                            Long.toString(FRESH), List.of(0L, 1L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM lookup_tokens(1," + list + ")"),
                    "the merged commit went to the user's rows");
            assertEquals(List.of(List.of("1", "5"), List.of("2", "40")),
                    rows(c, "SELECT uid,spam_hits FROM lookup_tokens(1,2,'{" + BIG + "}') ORDER BY uid"), "the group is untouched");
            assertEquals("1", single(c, "SELECT COUNT(*) FROM dspam_token_data WHERE uid=1 AND token=" + SMALL
                    + " AND last_hit=CURRENT_DATE"));
            assertEquals(List.of(List.of("12", "20"), List.of("100", "200")),
                    rows(c, "SELECT spam_learned,innocent_learned FROM dspam_stats WHERE uid IN (1,2) ORDER BY uid"));
            assertEquals("3", single(c, "SELECT uid FROM dspam_virtual_uids WHERE username='carol'"));
            assertEquals(Map.of(Long.toString(SMALL), List.of(2L, 0L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM lookup_tokens(3,'{" + SMALL + "}')"));
        }
    }

    @Test
    void olderSchemaWithNumericTokensHoldsTheUnsignedId() throws Exception {
        String db = dspamDatabase("pgsql-numeric.sql", false);
        try (StorageDriver driver = DATABASES.driver(db)) {
            try (UserStorage s = driver.open("alice")) {
                assertArrayEquals(new long[] {3, 7, 5, 0}, fetch(s, BIG, SMALL));
                s.commit(changes(BIG, 1, 0, FRESH, 0, 3), learned(1, 1));
            }
            try (UserStorage s = driver.open("alice")) {
                java.util.Set<Long> keys = new java.util.HashSet<>();
                s.forEachToken(r -> keys.add(r.key()));
                assertEquals(java.util.Set.of(BIG, SMALL, FRESH), keys);
            }
        }
        try (Connection c = DATABASES.connect(db)) {
            assertEquals(Map.of(Long.toUnsignedString(BIG), List.of(4L, 7L), Long.toString(FRESH), List.of(0L, 3L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM dspam_token_data WHERE uid=1 AND token IN ("
                            + Long.toUnsignedString(BIG) + "," + FRESH + ")"));
        }
    }

    @Test
    void anEmptyDatabaseGetsDspamsSchemaWithItsLookupFunctions() throws Exception {
        String db = DATABASES.create();
        try (StorageDriver driver = DATABASES.driver(db); UserStorage s = driver.open("dave")) {
            s.commit(changes(BIG, 1, 0, SMALL, 0, 2), learned(1, 1));
        }
        try (Connection c = DATABASES.connect(db)) {
            assertEquals(List.of(
                    List.of("dspam_preferences", "preference", "character varying"),
                    List.of("dspam_preferences", "uid", "integer"),
                    List.of("dspam_preferences", "value", "character varying"),
                    List.of("dspam_signature_data", "created_on", "date"),
                    List.of("dspam_signature_data", "data", "bytea"),
                    List.of("dspam_signature_data", "length", "integer"),
                    List.of("dspam_signature_data", "signature", "character varying"),
                    List.of("dspam_signature_data", "uid", "integer"),
                    List.of("dspam_stats", "innocent_classified", "integer"),
                    List.of("dspam_stats", "innocent_corpusfed", "integer"),
                    List.of("dspam_stats", "innocent_learned", "integer"),
                    List.of("dspam_stats", "innocent_misclassified", "integer"),
                    List.of("dspam_stats", "spam_classified", "integer"),
                    List.of("dspam_stats", "spam_corpusfed", "integer"),
                    List.of("dspam_stats", "spam_learned", "integer"),
                    List.of("dspam_stats", "spam_misclassified", "integer"),
                    List.of("dspam_stats", "uid", "integer"),
                    List.of("dspam_token_data", "innocent_hits", "integer"),
                    List.of("dspam_token_data", "last_hit", "date"),
                    List.of("dspam_token_data", "spam_hits", "integer"),
                    List.of("dspam_token_data", "token", "bigint"),
                    List.of("dspam_token_data", "uid", "integer"),
                    List.of("dspam_virtual_uids", "uid", "integer"),
                    List.of("dspam_virtual_uids", "username", "character varying")),
                    rows(c, "SELECT table_name, column_name, data_type FROM information_schema.columns"
                            + " WHERE table_schema = 'public' ORDER BY table_name, column_name"));
            assertEquals(Map.of(Long.toString(BIG), List.of(1L, 0L), Long.toString(SMALL), List.of(0L, 2L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM lookup_tokens(1,'{" + BIG + "," + SMALL + "}')"));
            assertEquals("2", single(c, "SELECT count(*) FROM lookup_tokens(1,1,'{" + BIG + "}')"));
        }
    }
}
