package org.dspam.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dspam.storage.StorageDriver;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.storage.memory.MemoryStorageDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many writers learning for the same user at once on one database lose nothing: the totals and
 * every token count equal those of the same messages learned one after another.
 */
class ConcurrentTrainingIT {
    private static final int MESSAGES = 160;
    private static final TestDatabases MYSQL = new TestDatabases(TestDatabases.Kind.MYSQL);
    private static final TestDatabases PGSQL = new TestDatabases(TestDatabases.Kind.PGSQL);

    @TempDir
    static Path temp;

    @AfterAll
    static void dropDatabases() throws Exception {
        MYSQL.dropAll();
        PGSQL.dropAll();
    }

    private static CorpusReplay.Result serially(List<CorpusReplay.Message> messages) {
        CorpusReplay replay = CorpusReplay.shippedConfig(null);
        try (StorageDriver memory = new MemoryStorageDriver()) {
            for (CorpusReplay.Message m : messages) {
                replay.trainCorpus(memory, "shared", m);
            }
            return CorpusReplay.stored(memory, "shared");
        }
    }

    private static void assertSameData(CorpusReplay.Result expected, CorpusReplay.Result actual) {
        assertEquals(expected.totals(), actual.totals());
        List<String> differences = CorpusReplay.tokenDifferences(expected, actual);
        assertTrue(differences.isEmpty(), differences.size() + " of " + expected.tokens().size()
                + " tokens differ, first: " + differences.subList(0, Math.min(5, differences.size())));
    }

    /** Two daemons (each a driver with its own pools) with eight threads each. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void twoDaemonsLearningTheSameUserEndWithExactCounts(TestDatabases.Kind kind) throws Exception {
        List<CorpusReplay.Message> messages = CorpusReplay.messages(MESSAGES, temp);
        TestDatabases dbs = kind == TestDatabases.Kind.MYSQL ? MYSQL : PGSQL;
        String db = dbs.create();
        int writers = 16;
        CorpusReplay replay = CorpusReplay.shippedConfig(null);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (StorageDriver first = dbs.driver(db); StorageDriver second = dbs.driver(db)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                StorageDriver driver = w % 2 == 0 ? first : second;
                int slice = w;
                running.add(pool.submit(() -> {
                    for (int i = slice; i < messages.size(); i += writers) {
                        replay.trainCorpus(driver, "shared", messages.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
            assertSameData(serially(messages), CorpusReplay.stored(first, "shared"));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Writers of one user whose messages both add and take away counts (learning and unlearning
     * at once: one upsert for the gains, one statement per pair of losses) neither deadlock nor
     * lose a count: every transaction succeeds the first time.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void writersAddingAndRemovingCountsOfOneUserNeverDeadlock(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = kind == TestDatabases.Kind.MYSQL ? MYSQL : PGSQL;
        String db = dbs.create();
        int tokens = 3000;
        int writers = 16;
        int commits = 40;
        int perCommit = 400;
        try (StorageDriver first = dbs.driver(db); StorageDriver second = dbs.driver(db)) {
            TokenChanges seed = new TokenChanges(tokens);
            for (int t = 1; t <= tokens; t++) {
                seed.add(t, 0, 1000);
            }
            try (UserStorage s = first.open("mixed")) {
                s.commit(seed, Totals.ZERO);
            }
            long[] gained = new long[tokens + 1];
            long[] lost = new long[tokens + 1];
            List<TokenChanges> planned = new ArrayList<>();
            Random random = new Random(42);
            for (int c = 0; c < writers * commits; c++) {
                TokenChanges ch = new TokenChanges(perCommit);
                java.util.Set<Integer> picked = new java.util.HashSet<>();
                while (picked.size() < perCommit) {
                    picked.add(1 + random.nextInt(tokens));
                }
                for (int t : picked) {
                    if (random.nextBoolean()) {
                        ch.add(t, 1, 0);
                        gained[t]++;
                    } else {
                        ch.add(t, 0, -1);
                        lost[t]++;
                    }
                }
                planned.add(ch);
            }
            long retriesBefore = Transactions.RETRIES.sum();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    StorageDriver driver = w % 2 == 0 ? first : second;
                    int slice = w;
                    running.add(pool.submit(() -> {
                        for (int i = slice; i < planned.size(); i += writers) {
                            try (UserStorage s = driver.open("mixed")) {
                                s.commit(planned.get(i), Totals.ZERO);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, Transactions.RETRIES.sum() - retriesBefore, "transactions run again after a deadlock");
            long[] keys = new long[tokens];
            for (int t = 1; t <= tokens; t++) {
                keys[t - 1] = t;
            }
            long[] spam = new long[tokens];
            long[] innocent = new long[tokens];
            try (UserStorage s = first.open("mixed")) {
                s.fetch(keys, tokens, spam, innocent);
            }
            for (int t = 1; t <= tokens; t++) {
                assertEquals(gained[t], spam[t - 1], "spam hits of token " + t);
                assertEquals(1000 - lost[t], innocent[t - 1], "innocent hits of token " + t);
            }
        }
    }

    /** Eight agent processes, each a JVM of its own with its own connections. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void eightAgentProcessesLearningTheSameUserEndWithExactCounts(TestDatabases.Kind kind) throws Exception {
        List<CorpusReplay.Message> messages = CorpusReplay.messages(MESSAGES, temp);
        TestDatabases dbs = kind == TestDatabases.Kind.MYSQL ? MYSQL : PGSQL;
        String db = dbs.create();
        Path conf = temp.resolve(kind.key + "-agents.conf");
        Files.writeString(conf, dbs.configLines(db));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> agents = new ArrayList<>();
        int processes = 8;
        for (int p = 0; p < processes; p++) {
            agents.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Ddspam.corpus.dir=" + System.getProperty("dspam.corpus.dir", ""),
                    TrainingProcess.class.getName(), conf.toString(), "shared", Integer.toString(p),
                    Integer.toString(processes), Integer.toString(MESSAGES))
                    .directory(new File(System.getProperty("user.dir")))
                    .redirectErrorStream(true)
                    .redirectOutput(temp.resolve(kind.key + "-agent-" + p + ".log").toFile())
                    .start());
        }
        try {
            for (int p = 0; p < processes; p++) {
                Process agent = agents.get(p);
                assertTrue(agent.waitFor(5, TimeUnit.MINUTES), "agent " + p + " finished");
                assertEquals(0, agent.exitValue(), () -> "agent log: " + readLog(kind, agents.indexOf(agent)));
            }
        } finally {
            agents.forEach(Process::destroyForcibly);
        }
        try (StorageDriver driver = dbs.driver(db)) {
            assertSameData(serially(messages), CorpusReplay.stored(driver, "shared"));
        }
    }

    private static String readLog(TestDatabases.Kind kind, int p) {
        try {
            return Files.readString(temp.resolve(kind.key + "-agent-" + p + ".log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
