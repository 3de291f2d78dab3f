package org.dspam.tools.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.tools.launch.Distribution.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The nightly script as cron runs it, from the distribution's layout (the purge SQL in
 * {@code conf/sql}): on PostgreSQL and MariaDB with DSPAM's schema, the SQL purge with dspam.conf's
 * ages and no dspam_clean, or dspam_clean when asked; on the hash driver, dspam_clean; and
 * dspam_logrotate over Home.
 */
class MaintenanceScriptIT {
    /** dspam.conf's shipped ages, written after a test's own lines (dspam_maintenance reads the first occurrence). */
    static final List<String> SHIPPED_AGES = List.of("PurgeSignatures 14", "PurgeNeutral 90", "PurgeUnused 90",
            "PurgeHapaxes 30", "PurgeHits1S 15", "PurgeHits1I 15");

    @TempDir
    static Path dir;
    static Distribution dist;
    static Path home;

    @BeforeAll
    static void install() throws IOException {
        dist = new Distribution(dir.resolve("dspam"));
        home = Files.createDirectories(dir.resolve("home"));
    }

    static Path config(String... lines) throws IOException {
        List<String> all = new ArrayList<>(List.of("Home " + home));
        all.addAll(List.of(lines));
        all.addAll(SHIPPED_AGES);
        Path conf = Files.createTempFile(dir, "dspam", ".conf");
        Files.write(conf, all);
        return conf;
    }

    static String sh(String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    /** The local servers, as the SQL driver tests use them; each test makes its own database. */
    enum Server {
        PGSQL("PostgreSQL", "pgsql") {
            @Override
            String[] client(String db) {
                return db == null ? new String[] {"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres"}
                        : new String[] {"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres", "-d", db};
            }

            @Override
            String daysAgo(int days) {
                return "CURRENT_DATE - " + days;
            }

            @Override
            List<String> conf(String db) {
                return List.of("StorageDriver pgsql_drv", "PgSQLServer 127.0.0.1", "PgSQLPort 5432", "PgSQLUser postgres",
                        "PgSQLDb " + db);
            }
        },
        MARIADB("MySQL", "mysql") {
            @Override
            String[] client(String db) {
                return db == null ? new String[] {"mysql", "-h", "127.0.0.1", "-P", "3306", "-u", "root", "--batch", "--skip-column-names"}
                        : new String[] {"mysql", "-h", "127.0.0.1", "-P", "3306", "-u", "root", "--batch", "--skip-column-names", db};
            }

            @Override
            String daysAgo(int days) {
                return "CURRENT_DATE - INTERVAL " + days + " DAY";
            }

            @Override
            List<String> conf(String db) {
                // DSPAM's way of naming the driver: the library's path.
                return List.of("StorageDriver /usr/lib/dspam/libmysql_drv.so", "MySQLServer 127.0.0.1", "MySQLPort 3306",
                        "MySQLUser root", "MySQLDb " + db);
            }
        };

        final String said;
        final String key;

        Server(String said, String key) {
            this.said = said;
            this.key = key;
        }

        abstract String[] client(String db);

        abstract String daysAgo(int days);

        abstract List<String> conf(String db);

        String create() throws IOException, InterruptedException {
            String db = "dspam_maint_" + ThreadLocalRandom.current().nextInt(1_000_000);
            sh("CREATE DATABASE " + db + ";", client(null));
            sh(Files.readString(Path.of("../conf/sql/" + key + "_objects.sql")), client(db));
            return db;
        }

        void drop(String db) throws IOException, InterruptedException {
            sh("DROP DATABASE IF EXISTS " + db + ";", client(null));
        }

        String query(String db, String sql) throws IOException, InterruptedException {
            return sh(sql, client(db)).strip();
        }
    }

    /**
     * Two users with learned totals 100/100: alice without a trainingMode preference (so in the
     * configuration's default), bob in TOE; tokens and signatures aged so that every rule, with the
     * ages the tests configure, has something to take and something to keep.
     */
    static String rows(Server s) {
        String rows = """
                INSERT INTO dspam_virtual_uids (uid, username) VALUES (1, 'alice'), (2, 'bob');
                INSERT INTO dspam_stats VALUES (1, 100, 100, 0, 0, 0, 0, 0, 0), (2, 100, 100, 0, 0, 0, 0, 0, 0);
                INSERT INTO dspam_preferences (uid, preference, value) VALUES (2, 'trainingMode', 'TOE');
                INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit) VALUES
                  (1, 101, 1, 1, {25}),
                  (1, 102, 1, 1, {20}),
                  (1, 103, 1, 0, {16}),
                  (1, 104, 0, 1, {19}),
                  (1, 105, 30, 0, {91}),
                  (1, 106, 60, 0, {91}),
                  (1, 107, 40, 25, {91}),
                  (2, 201, 90, 1, {400}),
                  (2, 202, 40, 25, {89}),
                  (2, 203, 30, 0, {91});
                INSERT INTO dspam_signature_data (uid, signature, data, length, created_on) VALUES
                  (1, 'old', 'x', 1, {15}),
                  (1, 'mid', 'x', 1, {5}),
                  (2, 'new', 'x', 1, {2});
                """;
        for (int days : new int[] {2, 5, 15, 16, 19, 20, 25, 89, 91, 400}) {
            rows = rows.replace("{" + days + "}", s.daysAgo(days));
        }
        return rows;
    }

    /**
     * What a purge with {@code --signatures=3}, PurgeHapaxes 20, PurgeHits1I off and the default
     * preference TUM leaves: 101 (hapax, 25 days), 103 (one spam hit, 16 days), 105 (TUM, fewer
     * than 50 hits, 91 days) and 107 (neutral, 91 days) go, as do the signatures older than 3 days;
     * bob's 203 stays in TOE. The shipped ages would take 104 (one innocent hit, 19 days), and
     * TrainingMode teft 106, and would keep 101 and 'mid'.
     */
    static final String KEPT = "102,104,106,201,202,203|new";

    static final String[] AGES = {"PurgeHapaxes 20", "PurgeHits1I off", "TrainingMode teft",
        "Preference \"trainingMode=tum\"", "AllowOverride trainingMode"};

    static String kept(Server s, String db) throws IOException, InterruptedException {
        String agg = s == Server.PGSQL ? "string_agg(%s::text, ',' ORDER BY %s)" : "GROUP_CONCAT(%s ORDER BY %s)";
        return s.query(db, "SELECT " + agg.formatted("token", "token") + " FROM dspam_token_data;") + "|"
                + s.query(db, "SELECT " + agg.formatted("signature", "signature") + " FROM dspam_signature_data;");
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void onSqlDriversTheSqlPurgeTakesEveryRuleForEveryUserAndDspamCleanDoesNotRun(Server s) throws Exception {
        String db = s.create();
        try {
            s.query(db, rows(s));
            List<String> lines = new ArrayList<>(s.conf(db));
            lines.addAll(List.of(AGES));
            Path conf = config(lines.toArray(String[]::new));
            Run r = dist.run(conf, "dspam_maintenance", "--config=" + conf, "--signatures=3", "--verbose");
            assertEquals(new Run(0, "SQL purge: " + dist.root.resolve("bin") + "/../conf/sql/" + s.key + "_purge.sql on "
                    + s.said + " database " + db + ": signatures 3, neutral 90, unused 90, hapaxes 20, hits1s 15,"
                    + " hits1i off, training mode tum\n"
                    + "dspam_logrotate -a 31 -d " + home + "\n", ""), r);
            assertEquals(KEPT, kept(s, db));
        } finally {
            s.drop(db);
        }
    }

    /** dspam_clean, user by user through the driver, comes to the same result as the SQL purge. */
    @ParameterizedTest
    @EnumSource(Server.class)
    void withoutSqlPurgeDspamCleanPurgesEveryUser(Server s) throws Exception {
        String db = s.create();
        try {
            s.query(db, rows(s));
            List<String> lines = new ArrayList<>(s.conf(db));
            lines.addAll(List.of(AGES));
            Path conf = config(lines.toArray(String[]::new));
            Run r = dist.run(conf, "dspam_maintenance", "--config=" + conf, "--signatures=3", "--without-sql-purge",
                    "--without-logrotate", "--verbose");
            assertEquals(new Run(0, "dspam_clean -s3 -p90 -u90,20,15,999999999\n", ""), r);
            assertEquals(KEPT, kept(s, db));
        } finally {
            s.drop(db);
        }
    }

    /** Quiet when all goes well, so that cron mails only trouble; nothing else runs on the database without dspam_clean. */
    @Test
    void cronRunsPrintNothing() throws Exception {
        Server s = Server.MARIADB;
        String db = s.create();
        try {
            s.query(db, rows(s));
            Path conf = config(s.conf(db).toArray(String[]::new));
            assertEquals(new Run(0, "", ""), dist.run(conf, "dspam_maintenance", "--config=" + conf));
            // The shipped ages in TEFT: single hits older than 15 days, alice's tokens unused for more than 90 days.
            assertEquals("101,102,201,202,203|mid,new", kept(s, db));
        } finally {
            s.drop(db);
        }
    }

    /** --purgescriptdir is looked in first; a purge that fails is reported with status 1, and the rest still runs. */
    @ParameterizedTest
    @CsvSource({"PGSQL, the PostgreSQL purge failed", "MARIADB, the MySQL purge failed"})
    void aFailingSqlPurgeIsReportedAndLogrotateStillRuns(Server s, String message) throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("broken-" + s.key));
        Files.writeString(scripts.resolve(s.key + "_purge.sql"), "DELETE FROM no_such_table;\n");
        String db = s.create();
        try {
            Path conf = config(s.conf(db).toArray(String[]::new));
            Run r = dist.run(conf, "dspam_maintenance", "--config=" + conf, "--purgescriptdir=" + scripts, "--verbose");
            assertEquals(1, r.status(), r.toString());
            assertEquals(List.of("SQL purge: " + scripts + "/" + s.key + "_purge.sql on " + s.said + " database " + db
                    + ": signatures 14, neutral 90, unused 90, hapaxes 30, hits1s 15, hits1i 15, training mode TEFT",
                    "dspam_logrotate -a 31 -d " + home), r.out().lines().toList());
            assertTrue(r.err().endsWith("dspam_maintenance: " + message + "\n"), r.err());
        } finally {
            s.drop(db);
        }
    }

    @Test
    void onTheHashDriverDspamCleanPurgesAndLogrotateRuns() throws Exception {
        Path hashHome = Files.createDirectories(dir.resolve("hash-home"));
        Path conf = Files.createTempFile(dir, "hash", ".conf");
        List<String> lines = new ArrayList<>(List.of("Home " + hashHome, "StorageDriver hash_drv"));
        lines.addAll(SHIPPED_AGES);
        Files.write(conf, lines);
        try (StorageDriver driver = StorageDrivers.open(DspamConfig.load(conf), null);
                UserStorage alice = driver.open("alice")) {
            TokenChanges c = new TokenChanges(3);
            c.add(1, 40, 25); // neutral on its own evidence (p = 0.62 over 65 hits): purged
            c.add(2, 90, 1); // kept
            c.add(3, 1, 1); // a hapax, but the hash files keep no dates: kept
            alice.commit(c, new Totals(100, 100, 0, 0, 0, 0, 0, 0));
            alice.storeSignature("old", new byte[16]);
            alice.storeSignature("new", new byte[16]);
        }
        try (Stream<Path> files = Files.walk(hashHome)) {
            Path old = files.filter(p -> p.getFileName().toString().equals("old.sig")).findFirst().orElseThrow();
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(20))));
        }
        long now = Instant.now().getEpochSecond();
        Path log = hashHome.resolve("system.log");
        Files.writeString(log, (now - 40 * 86400) + "\tS\told\n" + now + "\tI\tnew\n");

        Run r = dist.run(conf, "dspam_maintenance", "--config=" + conf, "--verbose");
        assertEquals(new Run(0, "dspam_clean -s14 -p90 -u90,30,15,15\ndspam_logrotate -a 31 -d " + hashHome + "\n", ""), r);
        try (StorageDriver driver = StorageDrivers.open(DspamConfig.load(conf), null);
                UserStorage alice = driver.open("alice")) {
            Set<Long> tokens = new HashSet<>();
            alice.forEachToken(t -> tokens.add(t.key()));
            assertEquals(Set.of(2L, 3L), tokens);
            assertEquals(List.of("new"), alice.signatures().stream().map(x -> x.id()).toList());
        }
        assertEquals(now + "\tI\tnew\n", Files.readString(log));
    }

    /** dspam.conf's "off" for one of the four unused ages reaches dspam_clean as an age no token reaches. */
    @Test
    void anAgeSwitchedOffReachesDspamClean() throws Exception {
        Path conf = config("StorageDriver memory", "PurgeHits1I off");
        Run r = dist.run(conf, "dspam_maintenance", "--config=" + conf, "--without-logrotate", "--verbose");
        assertEquals(new Run(0, "dspam_clean -s14 -p90 -u90,30,15,999999999\n", ""), r);
    }

    @Test
    void badArguments() throws Exception {
        Path conf = config("StorageDriver memory");
        Run r = dist.run(conf, "dspam_maintenance", "--bogus");
        assertEquals(new Run(2, "", "Unrecognized parameter '--bogus'. Use parameter --help for more info.\n"), r);
        assertEquals(2, dist.run(conf, "dspam_maintenance", "--neutral=soon").status());
        assertEquals(0, dist.run(conf, "dspam_maintenance", "--help").status());
        Path badMode = config("StorageDriver pgsql_drv", "Preference \"trainingMode=te'ft\"");
        assertEquals(new Run(2, "", "dspam_maintenance: the training mode must be teft, toe, tum or notrain, not 'te'ft'\n"),
                dist.run(badMode, "dspam_maintenance"));
    }
}
