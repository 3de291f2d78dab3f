package org.dspam.storage.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.dspam.storage.StorageException;

/**
 * Sorts database errors into the two storage failures: transient when waiting and retrying can
 * help (the server is down or restarting, a connection broke, a lock or resource ran out, the
 * disk is full), permanent otherwise (a bad statement, a missing table, a value that does not fit).
 */
final class SqlErrors {
    /** MySQL/MariaDB error numbers that are worth a retry: lock wait timeout, deadlock, too many connections, disk or table full, server shutdown or read-only. */
    private static final Set<Integer> MYSQL_TRANSIENT = Set.of(1205, 1213, 1040, 1021, 1114, 1053, 1290, 1927, 2002, 2003, 2006, 2013);

    private SqlErrors() {
    }

    static StorageException storage(String what, SQLException e) {
        String message = what + ": " + describe(e);
        return isTransient(e)
                ? StorageException.transientFailure(message, e)
                : new StorageException(StorageException.Kind.PERMANENT, message, e);
    }

    static boolean isTransient(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            // The pool reports a failed connection attempt as transient; what the server said decides.
            if (x instanceof SQLTransientConnectionException && x.getCause() instanceof SQLException cause) {
                return isTransient(cause);
            }
            if (x instanceof SQLTransientException || x instanceof SQLRecoverableException) {
                return true;
            }
            String state = x.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                    || state.startsWith("57P") || state.equals("HYT00") || state.equals("55P03"))) {
                return true;
            }
            if (MYSQL_TRANSIENT.contains(x.getErrorCode())) {
                return true;
            }
            if (x.getCause() instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** A deadlock, serialization failure or lock timeout: the transaction was rolled back and can simply run again. */
    static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        // PostgreSQL reports 0 as the error code; 1213 and 1205 are MySQL's deadlock and lock wait timeout.
        return "40001".equals(state) || "40P01".equals(state) || e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
    }

    private static String describe(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return e.getSQLState() == null ? m : m + " (SQLState " + e.getSQLState() + ")";
    }
}
