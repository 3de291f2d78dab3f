package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.dspam.storage.StorageException;

/**
 * A user's lock, as DSPAM takes it: an exclusive {@code fcntl} lock on the whole of {@code <user>.lock} (so a DSPAM
 * binary on the same home is excluded too), held from open to close. Threads of this process are excluded first by
 * an in-process lock on the same file, because {@code fcntl} locks belong to the process, not the thread.
 *
 * <p>A process that dies loses its {@code fcntl} locks with it, so a crash never leaves a lock behind; the lock file
 * itself stays, empty, as with DSPAM.
 */
final class UserLock implements AutoCloseable {
    /** In-process locks by lock file; an entry lives while someone holds or waits for it. */
    private static final Map<Path, Entry> LOCKS = new HashMap<>();

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }

    private final Path file;
    private final Entry entry;
    private final Duration timeout;
    private FileChannel channel;
    private FileLock fileLock;
    private boolean released;

    private UserLock(Path file, Entry entry, Duration timeout) {
        this.file = file;
        this.entry = entry;
        this.timeout = timeout;
    }

    /**
     * Takes the in-process lock for {@code lockFile}, and the file lock too when {@code lockFile}'s folder exists
     * (a user who has nothing stored yet is locked in this process only until {@link #lockFile()} is called).
     */
    static UserLock acquire(Path lockFile, Duration timeout) {
        Path key = lockFile.toAbsolutePath().normalize();
        Entry e;
        synchronized (LOCKS) {
            e = LOCKS.computeIfAbsent(key, k -> new Entry());
            if (e.lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("This thread already has " + key.getFileName()
                        + "'s user open; close that first");
            }
            e.users++;
        }
        UserLock l = new UserLock(key, e, timeout);
        boolean ok = false;
        try {
            if (!e.lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw StorageException.transientFailure("Timed out after " + timeout.toSeconds()
                        + " s waiting for the lock on " + key + " held by another thread", null);
            }
            ok = true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw StorageException.transientFailure("Interrupted while waiting for the lock on " + key, ex);
        } finally {
            if (!ok) {
                l.forget();
            }
        }
        try {
            if (java.nio.file.Files.isDirectory(key.getParent())) {
                l.lockFile();
            }
        } catch (RuntimeException ex) {
            l.close();
            throw ex;
        }
        return l;
    }

    boolean holdsFileLock() {
        return fileLock != null;
    }

    /** Takes the file lock (creating the lock file, as DSPAM does), waiting up to the timeout. */
    void lockFile() {
        if (fileLock != null) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50_000;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            while (true) {
                try {
                    fileLock = channel.tryLock(0, Long.MAX_VALUE, false);
                } catch (OverlappingFileLockException e) {
                    // Another driver instance in this process holds it under a different path spelling.
                    fileLock = null;
                }
                if (fileLock != null) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw StorageException.transientFailure("Timed out after " + timeout.toSeconds()
                            + " s waiting for the lock on " + file + " (another process is using this user)", null);
                }
                LockSupport.parkNanos(pause);
                pause = Math.min(pause * 2, 20_000_000);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw StorageException.transientFailure("Interrupted while waiting for the lock on " + file, null);
                }
            }
        } catch (IOException e) {
            closeChannel();
            throw StorageException.transientFailure("Cannot lock " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeChannel();
            throw e;
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock; nothing else can be done about a failing close.
            }
            channel = null;
        }
        fileLock = null;
    }

    private void forget() {
        synchronized (LOCKS) {
            if (--entry.users == 0) {
                LOCKS.remove(file);
            }
        }
    }

    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            if (fileLock != null) {
                try {
                    fileLock.release();
                } catch (IOException ignored) {
                    // Closing the channel below releases it in any case.
                }
            }
            closeChannel();
        } finally {
            entry.lock.unlock();
            forget();
        }
    }
}
