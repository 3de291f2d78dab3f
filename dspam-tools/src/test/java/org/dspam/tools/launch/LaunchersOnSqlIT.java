package org.dspam.tools.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.dspam.testing.CorpusFixture;
import org.dspam.tools.launch.Distribution.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers on the SQL drivers, against throw-away databases on the local PostgreSQL and
 * MariaDB: what a tool prints on standard output is its output alone (the connection pool and the
 * JDBC drivers log, and none of it may land there), and nothing is written to standard error when
 * all goes well.
 */
class LaunchersOnSqlIT {
    @TempDir
    static Path dir;
    static Distribution dist;

    @BeforeAll
    static void install() throws IOException {
        dist = new Distribution(dir.resolve("dspam"));
    }

    static void sh(String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pgsql_drv", "mysql_drv"})
    void toolOutputCarriesNoLogLines(String driver) throws Exception {
        String db = "dspam_launch_" + ThreadLocalRandom.current().nextInt(1_000_000);
        boolean pg = driver.equals("pgsql_drv");
        String[] admin = pg ? new String[] {"psql", "-X", "-q", "-h", "127.0.0.1", "-U", "postgres"}
                : new String[] {"mysql", "-h", "127.0.0.1", "-P", "3306", "-u", "root"};
        sh("CREATE DATABASE " + db + ";", admin);
        try {
            Path home = Files.createDirectories(dir.resolve(db));
            List<String> conf = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("../conf/dspam.conf"))) {
                conf.add(line.startsWith("Home ") ? "Home " + home : line.startsWith("StorageDriver ") ? "StorageDriver " + driver : line);
            }
            conf.addAll(pg ? List.of("PgSQLServer 127.0.0.1", "PgSQLPort 5432", "PgSQLUser postgres", "PgSQLDb " + db)
                    : List.of("MySQLServer 127.0.0.1", "MySQLPort 3306", "MySQLUser root", "MySQLDb " + db));
            Path config = dir.resolve(db + ".conf");
            Files.write(config, conf);
            List<String> index = Files.readAllLines(CorpusFixture.reference("sa-corpus.index", Files.createDirectories(dir.resolve(db + "-ref"))));
            Path part = dir.resolve(db + ".index");
            Files.write(part, index.subList(0, 10));

            Run train = dist.run(config, "dspam_train", "alice", "-i", part.toString(), "--base", CorpusFixture.root().toString());
            assertEquals(0, train.status(), train.err());
            assertEquals("", train.err());
            assertTrue(train.out().lines().allMatch(l -> !l.contains("Hikari") && !l.contains("DEBUG") && !l.contains("INFO")),
                    train.out());

            Run stats = dist.run(config, "dspam_stats", "alice");
            assertEquals("", stats.err());
            assertEquals(0, stats.status());
            assertTrue(stats.out().matches("alice +TP: +\\d+ TN: +\\d+ FP: +\\d+ FN: +\\d+ SC: +\\d+ NC: +\\d+\n"), stats.out());
        } finally {
            sh("DROP DATABASE IF EXISTS " + db + ";", admin);
        }
    }
}
