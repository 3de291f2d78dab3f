package org.dspam.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.StorageException;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database going away mid-run: writers get transient storage errors (the daemon answers 4xx,
 * the agent exits so that the MTA retries), the pool reconnects once the server is back, and no
 * message was half-written: every token count still equals the learned total.
 */
class DatabaseOutageIT {
    private static final int TOKENS = 60;
    private static final TestDatabases MYSQL = new TestDatabases(TestDatabases.Kind.MYSQL);
    private static final TestDatabases PGSQL = new TestDatabases(TestDatabases.Kind.PGSQL);

    @AfterAll
    static void dropDatabases() throws Exception {
        MYSQL.dropAll();
        PGSQL.dropAll();
    }

    private static TokenChanges oneMessage() {
        TokenChanges c = new TokenChanges(TOKENS);
        for (long k = 1; k <= TOKENS; k++) {
            c.add(k * 7919, 1, 0);
        }
        return c;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anOutageGivesTransientErrorsThenRecoversWithNothingHalfWritten(TestDatabases.Kind kind) throws Exception {
        TestDatabases dbs = kind == TestDatabases.Kind.MYSQL ? MYSQL : PGSQL;
        String db = dbs.create();
        AtomicInteger learned = new AtomicInteger();
        AtomicInteger failedCommits = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean restored = new AtomicBoolean();
        AtomicInteger learnedAfterRestore = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> wrong = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try (TcpProxy proxy = new TcpProxy(kind.host(), kind.port());
             StorageDriver driver = StorageDrivers.open(DspamConfig.parse(dbs.configLines(db)
                     .replace(kind.prefix + "Port " + kind.port(), kind.prefix + "Port " + proxy.port())
                     .replace(kind.prefix + "Server " + kind.host(), kind.prefix + "Server 127.0.0.1")
                     + kind.prefix + "ConnectionCache 4\n", "dspam.conf"), null)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                running.add(writers.submit(() -> {
                    while (!stop.get() && !Thread.currentThread().isInterrupted()) {
                        boolean inCommit = false;
                        try (UserStorage s = driver.open("shared")) {
                            inCommit = true;
                            s.commit(oneMessage(), SqlTestSupport.learned(1, 0));
                            learned.incrementAndGet();
                            if (restored.get()) {
                                learnedAfterRestore.incrementAndGet();
                            }
                        } catch (StorageException e) {
                            failures.incrementAndGet();
                            if (inCommit) {
                                failedCommits.incrementAndGet();
                            }
                            if (!e.isTransient()) {
                                wrong.add(e);
                            }
                        } catch (Throwable t) {
                            wrong.add(t);
                        }
                    }
                    return null;
                }));
            }
            waitFor(() -> learned.get() >= 20, "learning before the outage");
            proxy.cut();
            waitFor(() -> failures.get() >= 4, "writers noticing the outage");
            // Down for a while: new connections are refused until the server is back.
            Thread.sleep(1500);
            proxy.restore();
            restored.set(true);
            waitFor(() -> learnedAfterRestore.get() >= 20, "learning after the server came back");
            stop.set(true);
            for (Future<?> f : running) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            stop.set(true);
            writers.shutdownNow();
            writers.awaitTermination(1, TimeUnit.MINUTES);
        }
        assertTrue(wrong.isEmpty(), "every failure is a transient storage error: " + wrong);
        // Read the outcome directly, not through the proxy.
        try (Connection c = dbs.connect(db)) {
            long total = Long.parseLong(SqlTestSupport.single(c, "SELECT spam_learned FROM dspam_stats"));
            Map<String, List<Long>> counts = SqlTestSupport.counts(c,
                    "SELECT token, spam_hits, innocent_hits FROM dspam_token_data");
            assertEquals(TOKENS, counts.size());
            for (List<Long> count : counts.values()) {
                assertEquals(List.of(total, 0L), count, "each message's tokens and totals were written together");
            }
            // A commit whose answer was lost in the cut may or may not have arrived; nothing else is lost.
            assertTrue(total >= learned.get() && total <= learned.get() + failedCommits.get(),
                    total + " learned, " + learned.get() + " acknowledged, " + failedCommits.get() + " failed commits");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
