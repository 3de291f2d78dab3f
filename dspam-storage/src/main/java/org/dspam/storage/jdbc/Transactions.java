package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

/**
 * Runs a unit of SQL work as one transaction on a pooled connection. A deadlock or serialization
 * failure rolled the whole transaction back, so it simply runs again (a few times, after a short
 * random pause); any other failure becomes a {@link org.dspam.storage.StorageException}. A broken
 * connection is not retried: the caller cannot know whether its commit arrived, and reports a
 * transient failure instead.
 */
final class Transactions {
    private static final int ATTEMPTS = 8;
    /** Transactions run again after a deadlock or serialization failure, in this process. */
    static final LongAdder RETRIES = new LongAdder();

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    static <T> T run(DataSource pool, String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && SqlErrors.isRetryable(e)) {
                    RETRIES.increment();
                    pause(attempt);
                    continue;
                }
                throw SqlErrors.storage(what, e);
            }
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the pool discards it and the server has rolled back.
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
