package org.dspam.tools.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.dspam.tools.launch.Distribution.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly script as cron runs it: the SQL purge against the local PostgreSQL and MariaDB with
 * DSPAM's tables, dspam_clean, and dspam_logrotate over Home.
 */
class MaintenanceScriptIT {
    static final Path PURGE_SCRIPTS = Path.of("../conf").toAbsolutePath().normalize();

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
        Path conf = Files.createTempFile(dir, "dspam", ".conf");
        Files.writeString(conf, "Home " + home + "\n" + String.join("\n", lines) + "\nPurgeSignatures 14\n"
                + "PurgeNeutral 90\nPurgeUnused 90\nPurgeHapaxes 30\nPurgeHits1S 15\nPurgeHits1I 15\n");
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

    /** Tokens and signatures of two users, aged so that each purge rule has something to take and something to keep. */
    static String rows(String interval) {
        return """
                INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit) VALUES
                  (1, 101, 0, 1, CURRENT_DATE - %1$s 31),
                  (1, 102, 0, 1, CURRENT_DATE - %1$s 5),
                  (1, 103, 1, 0, CURRENT_DATE - %1$s 16),
                  (1, 104, 2, 1, CURRENT_DATE - %1$s 29),
                  (1, 105, 40, 40, CURRENT_DATE - %1$s 400),
                  (2, 201, 0, 1, CURRENT_DATE - %1$s 16),
                  (2, 202, 1, 2, CURRENT_DATE - %1$s 100);
                INSERT INTO dspam_signature_data (uid, signature, data, length, created_on) VALUES
                  (1, 'old', 'x', 1, CURRENT_DATE - %1$s 20),
                  (1, 'new', 'x', 1, CURRENT_DATE - %1$s 2);
                """.formatted(interval);
    }

    /** What the SQL purge must leave: tokens 102 (young hapax), 104 (hapax, 29 days), 105 and 202 (not hapaxes), signature 'new'. */
    static final String KEPT = "102,104,105,202|new";

    @Test
    void postgresqlPurge() throws Exception {
        String db = "dspam_maint_" + ThreadLocalRandom.current().nextInt(1_000_000);
        String[] psql = {"psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-U", "postgres"};
        sh("CREATE DATABASE " + db + ";", psql);
        try {
            String[] inDb = {"psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-U", "postgres", "-d", db};
            sh("""
                    CREATE TABLE dspam_token_data (uid INT, token BIGINT, spam_hits INT, innocent_hits INT, last_hit DATE,
                      UNIQUE (uid, token));
                    CREATE TABLE dspam_signature_data (uid INT, signature VARCHAR(128), data BYTEA, length INT,
                      created_on DATE, UNIQUE (uid, signature));
                    """ + rows(""), inDb);
            Path conf = config("StorageDriver pgsql_drv", "PgSQLServer 127.0.0.1", "PgSQLPort 5432", "PgSQLUser postgres",
                    "PgSQLDb " + db);
            Run r = dist.run(conf, "dspam_maintenance", "--config=" + conf, "--purgescriptdir=" + PURGE_SCRIPTS,
                    "--without-clean", "--verbose");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("SQL purge: " + PURGE_SCRIPTS + "/pgsql_purge.sql on PostgreSQL database " + db), r.out());
            String kept = sh("SELECT string_agg(token::text, ',' ORDER BY token) FROM dspam_token_data;", inDb).strip()
                    + "|" + sh("SELECT string_agg(signature, ',') FROM dspam_signature_data;", inDb).strip();
            assertEquals(KEPT, kept);
        } finally {
            sh("DROP DATABASE IF EXISTS " + db + ";", psql);
        }
    }

    @Test
    void mariadbPurge() throws Exception {
        String db = "dspam_maint_" + ThreadLocalRandom.current().nextInt(1_000_000);
        String[] mysql = {"mysql", "-h", "127.0.0.1", "-P", "3306", "-u", "root", "--batch", "--skip-column-names"};
        sh("CREATE DATABASE " + db + ";", mysql);
        try {
            String[] inDb = {"mysql", "-h", "127.0.0.1", "-P", "3306", "-u", "root", "--batch", "--skip-column-names", db};
            sh("""
                    CREATE TABLE dspam_token_data (uid INT UNSIGNED NOT NULL, token BIGINT UNSIGNED NOT NULL,
                      spam_hits BIGINT UNSIGNED NOT NULL, innocent_hits BIGINT UNSIGNED NOT NULL, last_hit DATE NOT NULL,
                      UNIQUE INDEX id_token_data_01 (uid, token));
                    CREATE TABLE dspam_signature_data (uid INT UNSIGNED NOT NULL, signature CHAR(32) NOT NULL,
                      data LONGBLOB NOT NULL, length INT UNSIGNED NOT NULL, created_on DATE NOT NULL,
                      UNIQUE INDEX id_signature_data_01 (uid, signature));
                    """ + rows("INTERVAL").replace(" 31)", " 31 DAY)").replace(" 5)", " 5 DAY)").replace(" 16)", " 16 DAY)")
                    .replace(" 29)", " 29 DAY)").replace(" 400)", " 400 DAY)").replace(" 100)", " 100 DAY)")
                    .replace(" 20)", " 20 DAY)").replace(" 2)", " 2 DAY)"), inDb);
            Path conf = config("StorageDriver /usr/lib/dspam/libmysql_drv.so", "MySQLServer 127.0.0.1", "MySQLPort 3306",
                    "MySQLUser root", "MySQLDb " + db);
            Run r = dist.run(conf, "dspam_maintenance", "--config=" + conf, "--purgescriptdir=" + PURGE_SCRIPTS,
                    "--without-clean", "--without-logrotate");
            assertEquals(new Run(0, "", ""), r);
            String kept = sh("SELECT GROUP_CONCAT(token ORDER BY token) FROM dspam_token_data;", inDb).strip()
                    + "|" + sh("SELECT GROUP_CONCAT(signature) FROM dspam_signature_data;", inDb).strip();
            assertEquals(KEPT, kept);
        } finally {
            sh("DROP DATABASE IF EXISTS " + db + ";", mysql);
        }
    }

    @Test
    void cleanAndLogrotateRunOnTheConfiguredDriver() throws Exception {
        long now = Instant.now().getEpochSecond();
        Path log = home.resolve("system.log");
        Files.writeString(log, (now - 40 * 86400) + "\tS\told\n" + now + "\tI\tnew\n");
        Path conf = config("StorageDriver memory");
        Run r = dist.run(conf, "dspam_maintenance", "--config=" + conf, "--verbose");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("dspam_clean -s14 -p90 -u90,30,15,15", "dspam_logrotate -a 31 -d " + home), r.out().lines().toList());
        assertEquals(now + "\tI\tnew\n", Files.readString(log));
    }

    @Test
    void badArguments() throws Exception {
        Path conf = config("StorageDriver memory");
        Run r = dist.run(conf, "dspam_maintenance", "--bogus");
        assertEquals(new Run(2, "", "Unrecognized parameter '--bogus'. Use parameter --help for more info.\n"), r);
        assertEquals(2, dist.run(conf, "dspam_maintenance", "--neutral=soon").status());
        assertEquals(0, dist.run(conf, "dspam_maintenance", "--help").status());
    }
}
