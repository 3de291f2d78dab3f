package org.dspam.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    private final AtomicInteger names = new AtomicInteger();
    private final List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
    private WorkerPool pool;

    private WorkerPool pool(int threads) {
        return pool(threads, () -> true);
    }

    /** A pool whose thread factory gives threads only while {@code allowed} says so. */
    private WorkerPool pool(int threads, BooleanSupplier allowed) {
        pool = new WorkerPool(threads, r -> {
            if (!allowed.getAsBoolean()) {
                throw new OutOfMemoryError("unable to create native thread (test)");
            }
            Thread t = new Thread(r, "test-worker-" + names.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            return t;
        });
        return pool;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void waitingWorkRunsInArrivalOrderWhenEveryWorkerIsBusy() throws Exception {
        WorkerPool p = pool(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        p.execute(() -> await(release));
        CountDownLatch all = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            int n = i;
            p.execute(() -> {
                order.add(n);
                all.countDown();
            });
        }
        release.countDown();
        assertTrue(all.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(0, 1, 2, 3, 4), order);
        assertEquals(1, p.liveThreads());
    }

    @Test
    void theWorkerIdleLeastLongTakesTheNextWork() throws Exception {
        WorkerPool p = pool(3);
        CountDownLatch[] release = {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
        List<CompletableFuture<Thread>> ran = new ArrayList<>();
        for (CountDownLatch r : release) {
            CompletableFuture<Thread> f = new CompletableFuture<>();
            ran.add(f);
            p.execute(() -> {
                f.complete(Thread.currentThread());
                await(r);
            });
        }
        List<Thread> threads = new ArrayList<>();
        for (CompletableFuture<Thread> f : ran) {
            threads.add(f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(3, threads.stream().distinct().count());
        // They go idle in the order 2, 0, 1: worker 1 was idle least long.
        int[] finishing = {2, 0, 1};
        for (int k = 0; k < finishing.length; k++) {
            release[finishing[k]].countDown();
            int idle = k + 1;
            waitUntil(() -> p.idleThreads() == idle);
        }
        for (int round = 0; round < 3; round++) {
            CompletableFuture<Thread> next = new CompletableFuture<>();
            p.execute(() -> next.complete(Thread.currentThread()));
            assertSame(threads.get(1), next.get(10, TimeUnit.SECONDS), "round " + round);
            waitUntil(() -> p.idleThreads() == 3);
        }
        assertEquals(3, p.liveThreads());
    }

    @Test
    void moreWorkersStartAtOnceForWaitingWorkAndSurplusOnesEndWhenIdle() throws Exception {
        WorkerPool p = pool(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        p.execute(() -> await(release));
        p.execute(second::countDown);
        assertFalse(second.await(200, TimeUnit.MILLISECONDS), "one worker, busy: the second task waits");
        p.threads(2);
        assertTrue(second.await(10, TimeUnit.SECONDS), "a second worker takes it while the first is still busy");
        release.countDown();
        waitUntil(() -> p.idleThreads() == 2);
        p.threads(1);
        waitUntil(() -> p.liveThreads() == 1);
        assertEquals(1, p.threads());
        CountDownLatch third = new CountDownLatch(1);
        p.execute(third::countDown);
        assertTrue(third.await(10, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> p.threads(0));
    }

    @Test
    void aWorkerWhoseWorkFailsGoesOnAndReportsIt() throws Exception {
        WorkerPool p = pool(1);
        p.execute(() -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<Thread> next = new CompletableFuture<>();
        p.execute(() -> next.complete(Thread.currentThread()));
        assertEquals("test-worker-1", next.get(10, TimeUnit.SECONDS).getName());
        assertEquals(1, uncaught.size());
        assertEquals("boom", uncaught.get(0).getMessage());
    }

    @Test
    void anInterruptLeftBehindByOneWorkDoesNotReachTheNext() throws Exception {
        WorkerPool p = pool(1);
        p.execute(() -> Thread.currentThread().interrupt());
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        p.execute(() -> interrupted.complete(Thread.currentThread().isInterrupted()));
        assertFalse(interrupted.get(10, TimeUnit.SECONDS));
    }

    @Test
    void workIsRefusedOnlyWhenNoWorkerRunsAndNoneCanBeStarted() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean threadsAvailable = new java.util.concurrent.atomic.AtomicBoolean();
        WorkerPool p = pool(2, threadsAvailable::get);
        assertThrows(RejectedExecutionException.class, () -> p.execute(() -> { }));
        assertEquals(0, p.liveThreads());
        threadsAvailable.set(true);
        CountDownLatch release = new CountDownLatch(1);
        p.execute(() -> await(release));
        threadsAvailable.set(false);
        CountDownLatch second = new CountDownLatch(1);
        p.execute(second::countDown);
        assertEquals(1, p.liveThreads());
        assertFalse(second.await(100, TimeUnit.MILLISECONDS), "it waits for the one worker there is");
        release.countDown();
        assertTrue(second.await(10, TimeUnit.SECONDS));
    }

    @Test
    void shutdownFinishesTheWorkTakenAndWaitingThenRefusesMore() throws Exception {
        WorkerPool p = pool(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        p.execute(() -> {
            await(release);
            done.incrementAndGet();
        });
        p.execute(done::incrementAndGet);
        p.shutdown();
        assertThrows(RejectedExecutionException.class, () -> p.execute(done::incrementAndGet));
        assertFalse(p.awaitTermination(100, TimeUnit.MILLISECONDS));
        release.countDown();
        assertTrue(p.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(2, done.get());
        assertEquals(0, p.liveThreads());
    }

    @Test
    void shutdownNowDropsWaitingWorkAndInterruptsTheBusy() throws Exception {
        WorkerPool p = pool(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        AtomicInteger waiting = new AtomicInteger();
        p.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        p.execute(waiting::incrementAndGet);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        p.shutdownNow();
        assertTrue(interrupted.get(10, TimeUnit.SECONDS));
        assertTrue(p.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(0, waiting.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(2);
        }
    }
}
