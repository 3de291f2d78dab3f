package org.dspam.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Storing a signature: it creates a user that has no totals row yet, and otherwise leaves that
 * row alone, so that it does not queue behind the user's other writers; on PostgreSQL the value
 * is compressed with lz4 where the server offers it, and reads back the same.
 */
class SignatureWriteIT {
    private static final TestDatabases MYSQL = new TestDatabases(TestDatabases.Kind.MYSQL);
    private static final TestDatabases PGSQL = new TestDatabases(TestDatabases.Kind.PGSQL);

    @AfterAll
    static void dropDatabases() throws Exception {
        MYSQL.dropAll();
        PGSQL.dropAll();
    }

    /** A signature as the engine writes them: 16 bytes per token, a random id and a small count. */
    private static byte[] signature(int tokens) {
        Random random = new Random(7);
        byte[] data = new byte[tokens * 16];
        for (int i = 0; i < tokens; i++) {
            for (int b = 0; b < 8; b++) {
                data[i * 16 + b] = (byte) random.nextInt(256);
            }
            data[i * 16 + 8] = (byte) (1 + random.nextInt(3));
        }
        return data;
    }

    private static int uid(Connection c, String user) throws Exception {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT uid FROM dspam_virtual_uids WHERE username = '" + user + "'")) {
            assertTrue(rs.next(), user + " has a uid");
            return rs.getInt(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aSignatureCreatesANewUserAndLeavesAnExistingUsersTotalsRowAlone(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = kind == TestDatabases.Kind.MYSQL ? MYSQL : PGSQL;
        String db = dbs.create();
        byte[] data = signature(100);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (StorageDriver driver = dbs.driver(db)) {
            try (UserStorage s = driver.open("newcomer")) {
                s.storeSignature("sig-new", data);
            }
            assertTrue(driver.exists("newcomer"), "a signature creates the user");
            assertEquals(Totals.ZERO, totalsOf(driver, "newcomer"));

            TokenChanges changes = new TokenChanges(1);
            changes.add(42, 1, 0);
            try (UserStorage s = driver.open("busy")) {
                s.commit(changes, Totals.of(new long[] {1, 0, 0, 0, 0, 0, 1, 0}));
            }
            try (Connection locker = dbs.connect(db)) {
                int uid = uid(locker, "busy");
                locker.setAutoCommit(false);
                try (Statement st = locker.createStatement()) {
                    // Another writer of the user holds its totals row.
                    st.executeQuery("SELECT spam_learned FROM dspam_stats WHERE uid = " + uid + " FOR UPDATE").close();
                    Future<?> store = pool.submit(() -> {
                        try (UserStorage s = driver.open("busy")) {
                            s.storeSignature("sig-busy", data);
                        }
                        return null;
                    });
                    store.get(20, TimeUnit.SECONDS);
                } finally {
                    locker.rollback();
                }
            }
            try (UserStorage s = driver.open("busy")) {
                assertArrayEquals(data, s.signature("sig-busy").orElseThrow());
                assertEquals(Totals.of(new long[] {1, 0, 0, 0, 0, 0, 1, 0}), s.totals());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Totals totalsOf(StorageDriver driver, String user) {
        try (UserStorage s = driver.open(user)) {
            return s.totals();
        }
    }

    @Test
    void pgsqlCompressesSignaturesWithLz4WhereTheServerHasIt() throws Exception {
        String db = PGSQL.create();
        byte[] data = signature(2000);
        boolean serverHasLz4;
        try (Connection c = PGSQL.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
                     + " AND 'lz4' = ANY(enumvals)")) {
            serverHasLz4 = rs.next();
        }
        try (StorageDriver driver = PGSQL.driver(db)) {
            for (int i = 0; i < 3; i++) {
                try (UserStorage s = driver.open("alice")) {
                    s.storeSignature("sig-" + i, data);
                }
            }
            try (UserStorage s = driver.open("alice")) {
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(data, s.signature("sig-" + i).orElseThrow());
                }
            }
        }
        try (Connection c = PGSQL.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT pg_column_compression(data) FROM dspam_signature_data")) {
            assertTrue(rs.next());
            assertEquals(serverHasLz4 ? "lz4" : "pglz", rs.getString(1));
            assertTrue(!rs.next(), "every signature compressed the same way");
        }
        // Another client reads the value as it was written.
        try (Connection c = PGSQL.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT data FROM dspam_signature_data WHERE signature = 'sig-1'")) {
            assertTrue(rs.next());
            assertArrayEquals(data, rs.getBytes(1));
        }
    }
}
