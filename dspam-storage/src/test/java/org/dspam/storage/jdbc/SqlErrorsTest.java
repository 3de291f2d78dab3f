package org.dspam.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

class SqlErrorsTest {
    @Test
    void brokenConnectionsLockTroubleAndFullDisksAreTransient() {
        assertTrue(SqlErrors.isTransient(new SQLException("Connection refused", "08001")));
        assertTrue(SqlErrors.isTransient(new SQLException("Communications link failure", "08S01")));
        assertTrue(SqlErrors.isTransient(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(SqlErrors.isTransient(new SQLException("could not serialize access", "40001")));
        assertTrue(SqlErrors.isTransient(new SQLException("deadlock detected", "40P01")));
        assertTrue(SqlErrors.isTransient(new SQLException("could not extend file: No space left on device", "53100")));
        assertTrue(SqlErrors.isTransient(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
        assertTrue(SqlErrors.isTransient(new SQLException("The table is full", "HY000", 1114)));
        assertTrue(SqlErrors.isTransient(new SQLException("I/O", null, 0, new IOException("reset"))));
        assertTrue(SqlErrors.isTransient(new SQLTransientConnectionException("Connection is not available, request timed out")));
    }

    @Test
    void badStatementsMissingDatabasesAndRefusedLoginsArePermanent() {
        assertFalse(SqlErrors.isTransient(new SQLSyntaxErrorException("Unknown database 'x'", "42000", 1049)));
        assertFalse(SqlErrors.isTransient(new SQLException("relation \"dspam_stats\" does not exist", "42P01")));
        assertFalse(SqlErrors.isTransient(new SQLException("value too long for type character varying(32)", "22001")));
        assertFalse(SqlErrors.isTransient(new SQLTransientConnectionException("pool: timed out", "28P01",
                new SQLException("password authentication failed", "28P01"))));
        assertTrue(SqlErrors.isTransient(new SQLTransientConnectionException("pool: timed out", "08001",
                new SQLException("Connection refused", "08001"))));
    }

    @Test
    void onlyRolledBackTransactionsAreRetried() {
        assertTrue(SqlErrors.isRetryable(new SQLException("Deadlock found", "40001", 1213)));
        assertTrue(SqlErrors.isRetryable(new SQLException("deadlock detected", "40P01")));
        assertTrue(SqlErrors.isRetryable(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
        assertFalse(SqlErrors.isRetryable(new SQLException("Communications link failure", "08S01")),
                "a broken connection may have committed");
        assertFalse(SqlErrors.isRetryable(new SQLException("syntax", "42601")));
    }

    @Test
    void theStorageErrorSaysWhatFailedAndWhy() {
        var e = SqlErrors.storage("Cannot store what was learned for 'alice'", new SQLException("Connection refused", "08001"));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().equals("Cannot store what was learned for 'alice': Connection refused (SQLState 08001)"),
                e.getMessage());
    }
}
