package org.dspam.server;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The workers that process messages: at most {@code threads} of them, started as they are needed. Work waiting for a
 * worker is taken first come, first served; but an idle worker is chosen last in, first out: the worker that finished
 * most recently takes the next message, so that with few messages in flight the same one or two threads do the work,
 * with their stacks, per-thread buffers and caches warm. (A {@code ThreadPoolExecutor} wakes its idle workers in
 * turn: at one message at a time, each message ran on another of the eight threads.)
 */
final class WorkerPool implements Executor {
    private final ThreadFactory factory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition terminated = lock.newCondition();
    private final ArrayDeque<Runnable> backlog = new ArrayDeque<>();
    /** Idle workers, the most recently idle first. */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final Set<Worker> live = new HashSet<>();
    private int limit;
    /** Live workers told to end, not ended yet. */
    private int retiring;
    private boolean shutdown;
    /** Set by {@link #shutdownNow}: the interrupts it sends are meant for the work, not to be cleared. */
    private volatile boolean stopping;

    WorkerPool(int threads, ThreadFactory factory) {
        this.factory = factory;
        this.limit = requirePositive(threads);
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("Service shutting down");
            }
            Worker w = idle.pollFirst();
            if (w != null) {
                w.hand(task);
            } else if (live.size() >= limit || !start(task)) {
                if (live.isEmpty()) {
                    throw new RejectedExecutionException("No worker available");
                }
                backlog.addLast(task);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Changes the number of workers: more start at once for waiting work, surplus ones end when idle. */
    void threads(int threads) {
        lock.lock();
        try {
            limit = requirePositive(threads);
            while (live.size() < limit && !backlog.isEmpty() && !shutdown && start(backlog.peekFirst())) {
                backlog.pollFirst();
            }
            while (staying() > limit && !idle.isEmpty()) {
                idle.pollLast().retire();
            }
        } finally {
            lock.unlock();
        }
    }

    int threads() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    /** Accepts no more work; the work already taken or waiting is still done. */
    void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            while (!idle.isEmpty()) {
                idle.pollFirst().retire();
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #shutdown}, drops the waiting work and interrupts the workers. */
    void shutdownNow() {
        lock.lock();
        try {
            stopping = true;
            shutdown();
            backlog.clear();
            live.forEach(w -> w.thread.interrupt());
        } finally {
            lock.unlock();
        }
    }

    /** Waits for every worker to end after {@link #shutdown}; false when the time ran out first. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!live.isEmpty()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = terminated.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Workers started and not ended (for tests). */
    int liveThreads() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }

    /** Idle workers (for tests). */
    int idleThreads() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    /** Workers that stay: the live ones not told to end. */
    private int staying() {
        return live.size() - retiring;
    }

    /** Starts a worker with its first work; false when the system gives no thread (the work stays the caller's). */
    private boolean start(Runnable first) {
        Worker w = new Worker(first);
        try {
            w.thread = factory.newThread(w);
            w.thread.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            return false;
        }
        live.add(w);
        return true;
    }

    private static int requirePositive(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("need at least one worker, not " + threads);
        }
        return threads;
    }

    private final class Worker implements Runnable {
        private final Condition wake = lock.newCondition();
        private Thread thread;
        /** Guarded by the lock: work handed to this idle worker. */
        private Runnable task;
        private boolean retired;

        Worker(Runnable first) {
            this.task = first;
        }

        void hand(Runnable r) {
            task = r;
            wake.signal();
        }

        void retire() {
            retired = true;
            retiring++;
            wake.signal();
        }

        @Override
        public void run() {
            Runnable next;
            lock.lock();
            try {
                next = task;
                task = null;
            } finally {
                lock.unlock();
            }
            while (next != null) {
                // An interrupt the previous work left behind must not cut this one short; shutdownNow's stays.
                if (Thread.interrupted() && stopping) {
                    Thread.currentThread().interrupt();
                }
                try {
                    next.run();
                } catch (Throwable t) {
                    // The work reports its own failures; whatever escapes must not end the worker unseen.
                    Thread.UncaughtExceptionHandler h = thread.getUncaughtExceptionHandler();
                    if (h != null) {
                        h.uncaughtException(thread, t);
                    }
                }
                next = take();
            }
        }

        /** The next work, or null when this worker ends. */
        private Runnable take() {
            lock.lock();
            try {
                while (true) {
                    if (!retired && !backlog.isEmpty() && staying() <= limit) {
                        return backlog.pollFirst();
                    }
                    if (retired || shutdown || staying() > limit) {
                        if (retired) {
                            retiring--;
                        }
                        live.remove(this);
                        if (live.isEmpty()) {
                            terminated.signalAll();
                        }
                        return null;
                    }
                    idle.addFirst(this);
                    while (task == null && !retired) {
                        wake.awaitUninterruptibly();
                    }
                    if (task != null) {
                        Runnable r = task;
                        task = null;
                        return r;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
