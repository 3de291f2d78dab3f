package org.dspam.storage.jdbc;

import static org.dspam.storage.jdbc.SqlTestSupport.changes;
import static org.dspam.storage.jdbc.SqlTestSupport.counts;
import static org.dspam.storage.jdbc.SqlTestSupport.execute;
import static org.dspam.storage.jdbc.SqlTestSupport.fetch;
import static org.dspam.storage.jdbc.SqlTestSupport.learned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.StorageException;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SQL drivers configured by DSPAM's keys, on the real servers. */
class SqlDriverConfigurationIT {
    private static final TestDatabases MYSQL = new TestDatabases(TestDatabases.Kind.MYSQL);
    private static final TestDatabases PGSQL = new TestDatabases(TestDatabases.Kind.PGSQL);

    @TempDir
    Path temp;

    @AfterAll
    static void dropDatabases() throws Exception {
        MYSQL.dropAll();
        PGSQL.dropAll();
    }

    private static TestDatabases databases(TestDatabases.Kind kind) {
        return kind == TestDatabases.Kind.MYSQL ? MYSQL : PGSQL;
    }

    private static void trainAndRead(StorageDriver driver) {
        try (UserStorage s = driver.open("alice")) {
            s.commit(changes(5L, 1, 0), learned(1, 0));
        }
        try (UserStorage s = driver.open("alice")) {
            assertArrayEquals(new long[] {1, 0}, fetch(s, 5L));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void dspamsLibraryPathNamesTheDriver(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = databases(kind);
        String lines = dbs.configLines(dbs.create())
                .replace("StorageDriver " + kind.driverName, "StorageDriver /usr/lib/dspam/lib" + kind.driverName + ".so");
        try (StorageDriver driver = StorageDrivers.open(DspamConfig.parse(lines, "dspam.conf"), null)) {
            assertEquals(kind.driverName, driver.name());
            trainAndRead(driver);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void profileQualifiedKeysWinOverPlainOnes(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = databases(kind);
        String db = dbs.create();
        String lines = dbs.configLines("dspam_test_no_such_database") + kind.prefix + "Db.Fast " + db + "\n";
        try (StorageDriver driver = StorageDrivers.open(DspamConfig.parse(lines, "dspam.conf"), "Fast")) {
            trainAndRead(driver);
        }
        try (StorageDriver driver = StorageDrivers.open(DspamConfig.parse(lines + "DefaultProfile Fast\n", "dspam.conf"), null)) {
            try (UserStorage s = driver.open("alice")) {
                assertEquals(learned(1, 0), s.totals(), "DefaultProfile picks the profile");
            }
        }
        StorageException e = assertThrows(StorageException.class,
                () -> StorageDrivers.open(DspamConfig.parse(lines, "dspam.conf"), null).close());
        assertFalse(e.isTransient(), "a database that does not exist is a permanent error: " + e.getMessage());
        assertTrue(e.getMessage().contains("dspam_test_no_such_database"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void signatureIdsCarryTheUidWhenConfigured(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = databases(kind);
        String db = dbs.create();
        try (StorageDriver driver = dbs.driver(db, kind.prefix + "UIDInSignature on")) {
            trainAndRead(driver);
            String prefix = driver.signatureIdPrefix("bob");
            assertEquals("2,", prefix, "bob is the second virtual user");
            String id = prefix + "6b01f58f33811345520487";
            try (UserStorage s = driver.open("bob")) {
                s.storeSignature(id, new byte[] {1, 2, 3});
            }
            assertEquals(Optional.of("bob"), driver.signatureOwner(id));
            assertEquals(Optional.of("alice"), driver.signatureOwner("1,6b01f58f33811345520487"));
            assertEquals(Optional.empty(), driver.signatureOwner("99,6b01f58f33811345520487"));
            assertEquals(Optional.empty(), driver.signatureOwner("6b01f58f33811345520487"));
            try (UserStorage s = driver.open(driver.signatureOwner(id).orElseThrow())) {
                assertArrayEquals(new byte[] {1, 2, 3}, s.signature(id).orElseThrow());
            }
        }
        try (StorageDriver driver = dbs.driver(db)) {
            assertEquals("", driver.signatureIdPrefix("bob"));
            assertEquals(Optional.empty(), driver.signatureOwner("2,6b01f58f33811345520487"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void mergedGroupsReadBothAndWriteTheUser(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = databases(kind);
        try (StorageDriver driver = dbs.driver(dbs.create())) {
            try (UserStorage s = driver.open("staff")) {
                s.commit(changes(1L, 10, 20, 2L, 5, 0), learned(30, 40));
            }
            try (UserStorage s = driver.open("alice")) {
                s.commit(changes(1L, 1, 2), learned(3, 4));
            }
            try (UserStorage s = driver.openMerged("alice", "staff")) {
                assertEquals(learned(33, 44), s.totals());
                assertArrayEquals(new long[] {11, 22, 5, 0, 0, 0}, fetch(s, 1L, 2L, 3L));
                s.commit(changes(1L, -1, 1, 3L, 1, 0), new Totals(1, -1, 0, 0, 0, 0, 0, 0));
                assertEquals(learned(34, 43), s.totals());
            }
            try (UserStorage s = driver.open("alice")) {
                assertEquals(learned(4, 3), s.totals());
                assertArrayEquals(new long[] {0, 3, 0, 0, 1, 0}, fetch(s, 1L, 2L, 3L));
            }
            try (UserStorage s = driver.open("staff")) {
                assertEquals(learned(30, 40), s.totals());
                assertArrayEquals(new long[] {10, 20, 5, 0}, fetch(s, 1L, 2L));
            }
            try (UserStorage s = driver.openMerged("newcomer", "staff")) {
                assertEquals(learned(30, 40), s.totals(), "a user without data sees the group's");
                assertFalse(s.exists());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void connectionFileInHomeServesWhenNoServerIsConfigured(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = databases(kind);
        String db = dbs.create();
        Files.writeString(temp.resolve(kind.key + ".data"),
                String.join("\n", kind.host(), Integer.toString(kind.port()), kind.user(), kind.password(), db) + "\n");
        DspamConfig config = DspamConfig.parse("StorageDriver " + kind.driverName + "\nHome " + temp + "\n", "dspam.conf");
        try (StorageDriver driver = StorageDrivers.open(config, null)) {
            trainAndRead(driver);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void unixSocketReachesTheServer(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = databases(kind);
        String socket = System.getProperty("dspam.test." + kind.key + ".socket",
                kind == TestDatabases.Kind.MYSQL ? "/run/mysqld/mysqld.sock" : "/var/run/postgresql/");
        String lines = dbs.configLines(dbs.create())
                .replace(kind.prefix + "Server " + kind.host(), kind.prefix + "Server " + socket);
        try (StorageDriver driver = StorageDrivers.open(DspamConfig.parse(lines, "dspam.conf"), null)) {
            trainAndRead(driver);
            assertEquals(List.of("alice"), driver.users());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void partOfDspamsSchemaIsAPermanentErrorNamingWhatIsMissing(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = databases(kind);
        String db = dbs.create();
        try (Connection c = dbs.connect(db)) {
            execute(c, "CREATE TABLE dspam_stats (uid INT PRIMARY KEY)");
        }
        StorageException e = assertThrows(StorageException.class, () -> dbs.driver(db).close());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("missing: dspam_token_data, dspam_signature_data, dspam_preferences"),
                e.getMessage());
    }

    /** MySQLWrite*: writes go to the write server, reads to the other one (a replica in real life). */
    @Test
    void mysqlWritesGoToTheWriteServer() throws Exception {
        String readDb = MYSQL.create();
        String writeDb = MYSQL.create();
        try (Connection c = MYSQL.connect(readDb)) {
            // The admin's way to make the schema: the shipped SQL file.
            for (String sql : SqlScript.resource("mysql_objects.sql")) {
                execute(c, sql);
            }
            execute(c, "INSERT INTO dspam_virtual_uids (username) VALUES ('alice')",
                    "INSERT INTO dspam_signature_data VALUES (1,'sig-on-read-side','x',1,CURRENT_DATE())");
        }
        TestDatabases.Kind k = TestDatabases.Kind.MYSQL;
        String[] write = {"MySQLWriteServer " + k.host(), "MySQLWritePort " + k.port(), "MySQLWriteUser " + k.user(),
            "MySQLWriteDb " + writeDb};
        try (StorageDriver driver = MYSQL.driver(readDb, write)) {
            try (UserStorage s = driver.open("alice")) {
                s.commit(changes(5L, 1, 0), learned(1, 0));
                s.storeSignature("sig-on-write-side", new byte[] {7});
            }
            try (UserStorage s = driver.open("alice")) {
                assertArrayEquals(new long[] {0, 0}, fetch(s, 5L), "reads come from the read server");
                assertTrue(s.hasSignature("sig-on-read-side"));
                assertFalse(s.hasSignature("sig-on-write-side"));
            }
        }
        try (StorageDriver driver = MYSQL.driver(readDb, write[0], write[1], write[2], write[3],
                "MySQLReadSignaturesFromWriteDb on"); UserStorage s = driver.open("alice")) {
            assertTrue(s.hasSignature("sig-on-write-side"));
            assertFalse(s.hasSignature("sig-on-read-side"));
        }
        try (Connection c = MYSQL.connect(writeDb)) {
            assertEquals(Map.of("5", List.of(1L, 0L)),
                    counts(c, "SELECT token,spam_hits,innocent_hits FROM dspam_token_data"));
        }
    }
}
