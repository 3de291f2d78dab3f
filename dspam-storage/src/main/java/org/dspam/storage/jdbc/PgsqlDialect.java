package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import com.zaxxer.hikari.HikariConfig;

import org.dspam.storage.Totals;

/**
 * pgsql_drv's statements for PostgreSQL 9.5 and later. Token batches travel as array parameters
 * joined through {@code unnest(?)}, so a message is a handful of prepared statements whatever
 * its size, and each token is one index probe.
 *
 * <p>Signatures (some 16 bytes per token, tens of kilobytes per message) are compressed with lz4
 * where the server has it (PostgreSQL 14 and later, built with lz4), instead of the server's default
 * pglz, which costs the server about twice as much CPU per message. The choice is this driver's
 * own sessions' ({@code default_toast_compression}); the stored value reads back the same for any
 * client, and the server's settings stay as they are.
 */
final class PgsqlDialect extends Dialect {
    /** Tokens per statement, to keep parameters and plans reasonable for very large messages. */
    private static final int CHUNK = 10_000;

    /** Whether the server compresses values with lz4 on request; known after {@link #inspect}. */
    private volatile boolean lz4;
    /** The server connections (not the pool's wrappers) whose session already asks for lz4. */
    private final Set<Object> lz4Sessions = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    @Override
    String driverName() {
        return "pgsql_drv";
    }

    @Override
    String prefix() {
        return "PgSQL";
    }

    @Override
    int defaultPort() {
        return 5432;
    }

    @Override
    String dataFile() {
        return "pgsql.data";
    }

    @Override
    String objectsScript() {
        return "pgsql_objects.sql";
    }

    @Override
    void configure(HikariConfig pool, ServerSettings server) {
        pool.setDriverClassName("org.postgresql.Driver");
        String host = server.socket() != null ? "localhost" : server.host();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        pool.setJdbcUrl("jdbc:postgresql://" + host + ":" + server.port() + "/" + MysqlDialect.urlPart(server.database()));
        pool.addDataSourceProperty("connectTimeout", "5");
        pool.addDataSourceProperty("socketTimeout", "60");
        pool.addDataSourceProperty("tcpKeepAlive", "true");
        pool.addDataSourceProperty("ApplicationName", "dspam");
        if (server.socket() != null) {
            // libpq's rule: a directory holds the socket .s.PGSQL.<port>.
            pool.addDataSourceProperty("socketFactory", PgsqlUnixSocketFactory.class.getName());
            pool.addDataSourceProperty("socketFactoryArg",
                    server.socket().resolve(".s.PGSQL." + server.port()).toString());
            pool.addDataSourceProperty("sslmode", "disable");
        }
    }

    @Override
    boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    void withSchemaLock(Connection c, SqlWork work) throws SQLException {
        try (Statement st = c.createStatement()) {
            // Held until the caller's commit; DDL is transactional here, so the schema appears at once.
            st.execute("SELECT pg_advisory_xact_lock(hashtext('dspam schema'))");
        }
        work.run();
    }

    @Override
    void inspect(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                     + " WHERE a.attrelid = 'dspam_token_data'::regclass AND a.attname = 'token' AND NOT a.attisdropped")) {
            if (!rs.next()) {
                throw new SQLException("dspam_token_data has no token column", "42703");
            }
            String type = rs.getString(1);
            if (type.equals("bigint")) {
                tokens = TokenColumn.PGSQL_BIGINT;
            } else if (type.startsWith("numeric")) {
                tokens = TokenColumn.PGSQL_NUMERIC;
            } else {
                throw new SQLException("dspam_token_data.token has type " + type
                        + ", not one of DSPAM's (bigint, numeric(20))", "42804");
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
                     + " AND 'lz4' = ANY(enumvals)")) {
            lz4 = rs.next();
        }
    }

    boolean compressesWithLz4() {
        return lz4;
    }

    @Override
    void fetch(Connection c, int[] uids, long[] keys, int count, long[] spam, long[] innocent) throws SQLException {
        Map<Long, Integer> index = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            index.putIfAbsent(keys[i], i);
        }
        // One index probe per listed token, whatever the planner thinks of the user's row count: with
        // "token = ANY(list)" or a plain join it may read all of the user's rows instead (and without
        // statistics it does). OFFSET 0 keeps the subquery from being flattened into such a join.
        String sql = "SELECT t.token, d.spam_hits, d.innocent_hits FROM unnest(?::" + tokens.arrayType() + ") AS t(token)"
                + " CROSS JOIN LATERAL (SELECT spam_hits, innocent_hits FROM dspam_token_data"
                + " WHERE token = t.token AND " + (uids.length == 1 ? "uid = ?" : "uid IN (?, ?)") + " OFFSET 0) d";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < count; from += CHUNK) {
                ps.setString(1, tokens.arrayLiteral(keys, from, Math.min(count, from + CHUNK)));
                for (int u = 0; u < uids.length; u++) {
                    ps.setInt(2 + u, uids[u]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Integer i = index.get(tokens.read(rs, 1));
                        if (i != null) {
                            spam[i] += rs.getLong(2);
                            innocent[i] += rs.getLong(3);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < count; i++) {
            int first = index.get(keys[i]);
            spam[i] = spam[first];
            innocent[i] = innocent[first];
        }
    }

    @Override
    void commit(Connection c, int uid, ChangeSet changes, Totals delta) throws SQLException {
        // The user's totals row first: it serializes the writers of one user, so that their token
        // statements (several per message, each in token order) never deadlock one another.
        addTotals(c, uid, delta);
        String array = "?::" + tokens.arrayType();
        if (changes.addKeys.length > 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dspam_token_data AS d"
                    + " (uid, token, spam_hits, innocent_hits, last_hit)"
                    + " SELECT ?, t.token, t.s, t.i, CURRENT_DATE FROM unnest(" + array + ", ?::int[], ?::int[]) AS t(token, s, i)"
                    + " ON CONFLICT (uid, token) DO UPDATE SET"
                    + " spam_hits = LEAST(" + MAX + ", COALESCE(d.spam_hits, 0) + EXCLUDED.spam_hits),"
                    + " innocent_hits = LEAST(" + MAX + ", COALESCE(d.innocent_hits, 0) + EXCLUDED.innocent_hits),"
                    + " last_hit = CURRENT_DATE")) {
                for (int from = 0; from < changes.addKeys.length; from += CHUNK) {
                    int to = Math.min(changes.addKeys.length, from + CHUNK);
                    ps.setInt(1, uid);
                    ps.setString(2, tokens.arrayLiteral(changes.addKeys, from, to));
                    ps.setString(3, intArray(changes.addSpam, from, to));
                    ps.setString(4, intArray(changes.addInnocent, from, to));
                    ps.executeUpdate();
                }
            }
        }
        if (!changes.groups.isEmpty()) {
            // ON CONFLICT probes the unique index row by row, so no plan can turn this into a scan.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dspam_token_data AS d"
                    + " (uid, token, spam_hits, innocent_hits, last_hit)"
                    + " SELECT ?, t.token, ?, ?, CURRENT_DATE FROM unnest(" + array + ") AS t(token)"
                    + " ON CONFLICT (uid, token) DO UPDATE SET"
                    + " spam_hits = LEAST(" + MAX + ", GREATEST(0, COALESCE(d.spam_hits, 0) + ?)),"
                    + " innocent_hits = LEAST(" + MAX + ", GREATEST(0, COALESCE(d.innocent_hits, 0) + ?)),"
                    + " last_hit = CURRENT_DATE")) {
                for (ChangeSet.Group g : changes.groups) {
                    long[] keys = g.keys();
                    for (int from = 0; from < keys.length; from += CHUNK) {
                        ps.setInt(1, uid);
                        ps.setInt(2, (int) Math.max(0, g.spamDelta()));
                        ps.setInt(3, (int) Math.max(0, g.innocentDelta()));
                        ps.setString(4, tokens.arrayLiteral(keys, from, Math.min(keys.length, from + CHUNK)));
                        ps.setInt(5, (int) g.spamDelta());
                        ps.setInt(6, (int) g.innocentDelta());
                        ps.executeUpdate();
                    }
                }
            }
        }
    }

    /** Learned, misclassified and classified counters are floored at 0; corpusfed is stored as it comes. */
    private static void addTotals(Connection c, int uid, Totals delta) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO dspam_stats AS s (uid, ").append(TOTALS_COLUMNS)
                .append(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET ");
        for (int i = 0; i < TOTALS.length; i++) {
            String sum = "COALESCE(s." + TOTALS[i] + ", 0) + ?";
            boolean floored = !TOTALS[i].endsWith("_corpusfed");
            sql.append(i == 0 ? "" : ", ").append(TOTALS[i]).append(" = ").append(floored ? "GREATEST(0, " + sum + ")" : sum);
        }
        long[] d = delta.toArray();
        long[] initial = Totals.ZERO.plus(delta).storable().toArray();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setInt(1, uid);
            for (int i = 0; i < d.length; i++) {
                ps.setLong(2 + i, initial[i]);
                ps.setLong(10 + i, d[i]);
            }
            ps.executeUpdate();
        }
    }

    private static String intArray(long[] values, int from, int to) {
        StringBuilder sb = new StringBuilder(2 + (to - from) * 3).append('{');
        for (int i = from; i < to; i++) {
            sb.append(i > from ? "," : "").append(values[i]);
        }
        return sb.append('}').toString();
    }

    @Override
    void putSignature(Connection c, int uid, String id, byte[] data) throws SQLException {
        Object session = lz4 ? c.unwrap(org.postgresql.PGConnection.class) : null;
        if (session != null && !lz4Sessions.contains(session)) {
            // A session setting: it lasts once this transaction commits (a rollback undoes it, and the
            // next signature on that session is then compressed as the server's default has it).
            try (Statement st = c.createStatement()) {
                st.execute("SET default_toast_compression = lz4");
            }
            lz4Sessions.add(session);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dspam_signature_data AS g"
                + " (uid, signature, length, created_on, data) VALUES (?, ?, ?, CURRENT_DATE, ?)"
                + " ON CONFLICT (uid, signature) DO UPDATE SET length = EXCLUDED.length,"
                + " created_on = EXCLUDED.created_on, data = EXCLUDED.data")) {
            ps.setInt(1, uid);
            ps.setString(2, id);
            ps.setInt(3, data.length);
            ps.setBytes(4, data);
            ps.executeUpdate();
        }
    }

    @Override
    void putPreference(Connection c, int uid, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dspam_preferences AS p (uid, preference, value)"
                + " VALUES (?, ?, ?) ON CONFLICT (uid, preference) DO UPDATE SET value = EXCLUDED.value")) {
            ps.setInt(1, uid);
            ps.setString(2, name);
            ps.setString(3, value);
            ps.executeUpdate();
        }
    }

    @Override
    void deleteTokens(Connection c, int uid, long[] keys, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM dspam_token_data WHERE uid = ? AND token = ANY(?::"
                + tokens.arrayType() + ")")) {
            for (int from = 0; from < count; from += CHUNK) {
                ps.setInt(1, uid);
                ps.setString(2, tokens.arrayLiteral(keys, from, Math.min(count, from + CHUNK)));
                ps.executeUpdate();
            }
        }
    }

    @Override
    void streamResults(Statement st) throws SQLException {
        st.setFetchSize(5000);
    }

    @Override
    boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
