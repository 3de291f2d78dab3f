package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;

import org.dspam.storage.Totals;

/**
 * What differs between MySQL/MariaDB and PostgreSQL: connecting, finding out how an existing
 * schema stores tokens, and the statements that read and write tokens in batches and upsert rows.
 * Everything else the driver does in SQL both databases share. One instance serves one driver.
 */
abstract class Dialect {
    /** The tables of DSPAM's schema; a database needs all of them (or none, and then they are created). */
    static final List<String> TABLES = List.of("dspam_token_data", "dspam_signature_data", "dspam_stats",
            "dspam_preferences");
    static final String TOTALS_COLUMNS = "spam_learned,innocent_learned,spam_misclassified,innocent_misclassified,"
            + "spam_corpusfed,innocent_corpusfed,spam_classified,innocent_classified";
    static final String[] TOTALS = TOTALS_COLUMNS.split(",");
    /** The cap of a stored count, as an SQL literal. */
    static final String MAX = Long.toString(org.dspam.storage.TokenChanges.MAX_COUNT);

    /** How this database stores token ids; known after {@link #inspect}. */
    protected TokenColumn tokens;

    /** DSPAM's name for the driver. */
    abstract String driverName();

    /** The prefix of its dspam.conf keys. */
    abstract String prefix();

    abstract int defaultPort();

    /** The connection file in {@code Home} DSPAM read when {@code <prefix>Server} is unset. */
    abstract String dataFile();

    /** The SQL file that creates the schema, next to this class. */
    abstract String objectsScript();

    /** Sets the JDBC URL and the driver's connection properties. */
    abstract void configure(HikariConfig pool, ServerSettings server);

    abstract boolean tableExists(Connection c, String table) throws SQLException;

    /** Runs {@code work} holding a lock on schema changes, so that two daemons starting together create it once. */
    abstract void withSchemaLock(Connection c, SqlWork work) throws SQLException;

    /** Learns how the existing schema stores tokens (and anything else the statements depend on). */
    abstract void inspect(Connection c) throws SQLException;

    TokenColumn tokens() {
        return tokens;
    }

    /** Sums the counts of each key over the given uids' rows into {@code spam}/{@code innocent} (zeroed by the caller). */
    abstract void fetch(Connection c, int[] uids, long[] keys, int count, long[] spam, long[] innocent)
            throws SQLException;

    /**
     * Applies one message's learning to a user's rows, relative to what is stored now: the token
     * changes, and the totals delta added to the user's {@code dspam_stats} row (which is created
     * if missing, also for an empty delta), with counters floored as {@link Totals#storable()} does.
     */
    abstract void commit(Connection c, int uid, ChangeSet changes, Totals delta) throws SQLException;

    abstract void putSignature(Connection c, int uid, String id, byte[] data) throws SQLException;

    abstract void putPreference(Connection c, int uid, String name, String value) throws SQLException;

    abstract void deleteTokens(Connection c, int uid, long[] keys, int count) throws SQLException;

    /** Makes a statement hand over a large result row by row instead of all at once. */
    abstract void streamResults(Statement st) throws SQLException;

    abstract boolean isDuplicateKey(SQLException e);

    /** A piece of SQL work on one connection. */
    @FunctionalInterface
    interface SqlWork {
        void run() throws SQLException;
    }

    /** Runs the statements of one of the shipped SQL files. */
    static void runScript(Connection c, String resource) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : SqlScript.resource(resource)) {
                st.execute(sql);
            }
        }
    }

    static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
