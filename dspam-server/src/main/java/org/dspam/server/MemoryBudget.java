package org.dspam.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all messages being received or processed may hold together. A message that does not
 * fit is answered with a temporary failure (the MTA sends it again later) instead of running the
 * daemon out of memory.
 */
final class MemoryBudget {
    private volatile long limit;
    private final AtomicLong used = new AtomicLong();

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    void limit(long bytes) {
        this.limit = bytes;
    }

    boolean reserve(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
