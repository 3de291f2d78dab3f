package org.dspam.agent;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks a file against the other threads of this process, before its OS lock ({@code FileChannel.lock})
 * locks it against other processes: the JVM holds file locks per process, so a second thread asking for
 * one on the same file gets an OverlappingFileLockException instead of waiting. The daemon appends to
 * the same logs and mailboxes from many threads. Striped by path, so the lock table stays small.
 */
final class FileLocks {
    private static final int STRIPES = 64;
    private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private FileLocks() {
    }

    /** Holds the file's stripe until closed. */
    static Held lock(Path file) {
        ReentrantLock lock = LOCKS[Math.floorMod(file.toAbsolutePath().normalize().hashCode(), STRIPES)];
        lock.lock();
        return lock::unlock;
    }

    /** An in-process file lock, released by {@link #close()}. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
