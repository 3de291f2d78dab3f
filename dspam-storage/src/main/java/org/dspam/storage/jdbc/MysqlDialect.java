package org.dspam.storage.jdbc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import com.zaxxer.hikari.HikariConfig;

import org.dspam.storage.Totals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mysql_drv's statements for MySQL 5.x-9.x and MariaDB. Token batches are sent as statement text
 * with the ids as literals (as DSPAM did), split below {@code max_allowed_packet}; the statements of
 * one commit travel together as one multi-statement packet.
 */
final class MysqlDialect extends Dialect {
    private static final Logger LOG = LoggerFactory.getLogger(MysqlDialect.class);
    /** Room left in a packet for the statement's head and tail, as DSPAM left. */
    private static final int PACKET_MARGIN = 1024;

    private int packetLimit = 1_000_000;
    /**
     * MariaDB (10.3 and later) turns an {@code IN} list of at least {@code in_predicate_conversion_threshold}
     * (1,000) values into a join with the list, one index lookup per value. A shorter list is planned
     * as ranges, and past 200 values (eq_range_index_dive_limit) MariaDB guesses their cost from the
     * index statistics; for a user with many rows it then prefers reading all of the user's rows
     * (600 tokens of a user with 177,000 rows: 5-19 s instead of 0.03 s). The driver's sessions
     * therefore have every list of two or more values converted. Known after {@link #inspect}.
     */
    private volatile boolean mariaDbInConversion;
    /** The server connections (not the pool's wrappers) whose session already has the setting. */
    private final Set<Object> tunedSessions = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    @Override
    String driverName() {
        return "mysql_drv";
    }

    @Override
    String prefix() {
        return "MySQL";
    }

    @Override
    int defaultPort() {
        return 3306;
    }

    @Override
    String dataFile() {
        return "mysql.data";
    }

    @Override
    String objectsScript() {
        return "mysql_objects.sql";
    }

    @Override
    void configure(HikariConfig pool, ServerSettings server) {
        String host = server.socket() != null ? MysqlUnixSocketFactory.hostFor(server.socket()) : server.host();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        pool.setDriverClassName("com.mysql.cj.jdbc.Driver");
        pool.setJdbcUrl("jdbc:mysql://" + host + ":" + server.port() + "/" + urlPart(server.database()));
        pool.addDataSourceProperty("characterEncoding", "UTF-8");
        pool.addDataSourceProperty("allowMultiQueries", "true");
        pool.addDataSourceProperty("useLocalSessionState", "true");
        pool.addDataSourceProperty("useLocalTransactionState", "true");
        pool.addDataSourceProperty("connectTimeout", "5000");
        pool.addDataSourceProperty("socketTimeout", "60000");
        pool.addDataSourceProperty("tcpKeepAlive", "true");
        pool.addDataSourceProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        if (server.compress()) {
            pool.addDataSourceProperty("useCompression", "true");
        }
        if (server.socket() != null) {
            pool.addDataSourceProperty("socketFactory", MysqlUnixSocketFactory.class.getName());
            pool.addDataSourceProperty("sslMode", "DISABLED");
        }
    }

    static String urlPart(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    boolean tableExists(Connection c, String table) throws SQLException {
        int dot = table.indexOf('.');
        if (dot >= 0) {
            return exists(c, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA=? AND TABLE_NAME=?",
                    table.substring(0, dot), table.substring(dot + 1));
        }
        return exists(c, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA=DATABASE() AND TABLE_NAME=?", table);
    }

    @Override
    void withSchemaLock(Connection c, SqlWork work) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT GET_LOCK(CONCAT('dspam_schema.', DATABASE()), 60)")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new SQLException("could not take the schema lock within 60 seconds", "HYT00");
            }
        }
        try {
            work.run();
        } finally {
            try (Statement st = c.createStatement()) {
                st.execute("DO RELEASE_LOCK(CONCAT('dspam_schema.', DATABASE()))");
            }
        }
    }

    @Override
    void inspect(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT DATA_TYPE, COLUMN_TYPE FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA=DATABASE() AND TABLE_NAME='dspam_token_data' AND COLUMN_NAME='token'")) {
                if (!rs.next()) {
                    throw new SQLException("dspam_token_data has no token column", "42S22");
                }
                String type = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
                String full = rs.getString(2).toLowerCase(java.util.Locale.ROOT);
                tokens = switch (type) {
                    case "bigint" -> full.contains("unsigned") ? TokenColumn.MYSQL_UNSIGNED : TokenColumn.MYSQL_SIGNED;
                    case "char", "varchar" -> TokenColumn.MYSQL_TEXT;
                    default -> throw new SQLException("dspam_token_data.token has type " + full
                            + ", not one of DSPAM's (bigint unsigned, char(20), varchar(20))", "42804");
                };
            }
            try (ResultSet rs = st.executeQuery("SELECT @@max_allowed_packet")) {
                if (rs.next()) {
                    packetLimit = (int) Math.min(Integer.MAX_VALUE, rs.getLong(1)) - PACKET_MARGIN;
                }
            }
            try (ResultSet rs = st.executeQuery("SHOW SESSION VARIABLES LIKE 'in_predicate_conversion_threshold'")) {
                mariaDbInConversion = rs.next();
            }
            try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA=DATABASE() AND TABLE_NAME IN ('dspam_token_data','dspam_stats')")) {
                while (rs.next()) {
                    if (!"InnoDB".equalsIgnoreCase(rs.getString(2))) {
                        LOG.warn("{} uses the {} engine: counts stay exact, but a message's token and totals updates"
                                + " are not one transaction; ALTER TABLE {} ENGINE=InnoDB makes them one",
                                rs.getString(1), rs.getString(2), rs.getString(1));
                    }
                }
            }
        }
    }

    @Override
    void fetch(Connection c, int[] uids, long[] keys, int count, long[] spam, long[] innocent) throws SQLException {
        Map<Long, Integer> index = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            index.putIfAbsent(keys[i], i);
        }
        String head = "SELECT token,spam_hits,innocent_hits FROM dspam_token_data WHERE " + uidCondition(uids)
                + " AND token IN (";
        tuneSession(c);
        try (Statement st = c.createStatement()) {
            int from = 0;
            while (from < count) {
                StringBuilder sql = new StringBuilder(head);
                int to = appendKeys(sql, keys, from, count);
                sql.append(')');
                try (ResultSet rs = st.executeQuery(sql.toString())) {
                    while (rs.next()) {
                        Integer i = index.get(tokens.read(rs, 1));
                        if (i != null) {
                            spam[i] += rs.getLong(2);
                            innocent[i] += rs.getLong(3);
                        }
                    }
                }
                from = to;
            }
        }
        for (int i = 0; i < count; i++) {
            int first = index.get(keys[i]);
            spam[i] = spam[first];
            innocent[i] = innocent[first];
        }
    }

    /** Sets the session's {@code IN} list conversion (see {@link #mariaDbInConversion}) once per server connection. */
    private void tuneSession(Connection c) throws SQLException {
        if (!mariaDbInConversion) {
            return;
        }
        Object session = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
        if (!tunedSessions.contains(session)) {
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION in_predicate_conversion_threshold = 2");
            }
            tunedSessions.add(session);
        }
    }

    boolean convertsInLists() {
        return mariaDbInConversion;
    }

    private static String uidCondition(int[] uids) {
        if (uids.length == 1) {
            return "uid=" + uids[0];
        }
        StringBuilder sb = new StringBuilder("uid IN (");
        for (int i = 0; i < uids.length; i++) {
            sb.append(i == 0 ? "" : ",").append(uids[i]);
        }
        return sb.append(')').toString();
    }

    /** Appends ids from {@code from} as a comma-separated list while the statement fits a packet; returns where it stopped. */
    private int appendKeys(StringBuilder sql, long[] keys, int from, int to) {
        int i = from;
        while (i < to && (i == from || sql.length() < packetLimit)) {
            if (i > from) {
                sql.append(',');
            }
            tokens.appendLiteral(sql, keys[i]);
            i++;
        }
        return i;
    }

    @Override
    void commit(Connection c, int uid, ChangeSet changes, Totals delta) throws SQLException {
        List<String> statements = new ArrayList<>();
        // The user's totals row first: it serializes the writers of one user, so that their token
        // statements (several per message, each in token order) never deadlock one another.
        statements.add(totalsUpsert(uid, delta));
        String insertHead = "INSERT INTO dspam_token_data (uid,token,spam_hits,innocent_hits,last_hit) VALUES ";
        int from = 0;
        while (from < changes.addKeys.length) {
            StringBuilder sql = new StringBuilder(insertHead);
            int i = from;
            while (i < changes.addKeys.length && (i == from || sql.length() < packetLimit)) {
                row(sql.append(i > from ? "," : ""), uid, changes.addKeys[i], changes.addSpam[i], changes.addInnocent[i]);
                i++;
            }
            sql.append(" ON DUPLICATE KEY UPDATE spam_hits=LEAST(").append(MAX).append(",spam_hits+VALUES(spam_hits)),")
                    .append("innocent_hits=LEAST(").append(MAX).append(",innocent_hits+VALUES(innocent_hits)),")
                    .append("last_hit=CURRENT_DATE()");
            statements.add(sql.toString());
            from = i;
        }
        for (ChangeSet.Group g : changes.groups) {
            long[] keys = g.keys();
            from = 0;
            while (from < keys.length) {
                StringBuilder sql = new StringBuilder(insertHead);
                int to = from;
                while (to < keys.length && (to == from || sql.length() < packetLimit)) {
                    row(sql.append(to > from ? "," : ""), uid, keys[to], Math.max(0, g.spamDelta()),
                            Math.max(0, g.innocentDelta()));
                    to++;
                }
                sql.append(" ON DUPLICATE KEY UPDATE spam_hits=").append(adjusted("spam_hits", g.spamDelta()))
                        .append(",innocent_hits=").append(adjusted("innocent_hits", g.innocentDelta()))
                        .append(",last_hit=CURRENT_DATE()");
                statements.add(sql.toString());
                from = to;
            }
        }
        execute(c, statements);
    }

    private void row(StringBuilder sql, int uid, long key, long spam, long innocent) {
        sql.append('(').append(uid).append(',');
        tokens.appendLiteral(sql, key);
        sql.append(',').append(spam).append(',').append(innocent).append(",CURRENT_DATE())");
    }

    private static String adjusted(String column, long delta) {
        return "LEAST(" + MAX + ",GREATEST(0,CAST(" + column + " AS SIGNED)+(" + delta + ")))";
    }

    /** The columns are unsigned here, so every counter, corpusfed too, is floored at 0. */
    private static String totalsUpsert(int uid, Totals delta) {
        long[] d = delta.toArray();
        StringBuilder sql = new StringBuilder("INSERT INTO dspam_stats (uid,").append(TOTALS_COLUMNS).append(") VALUES (")
                .append(uid);
        for (long v : d) {
            sql.append(',').append(Math.max(0, v));
        }
        sql.append(") ON DUPLICATE KEY UPDATE ");
        boolean any = false;
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 0) {
                sql.append(any ? "," : "").append(TOTALS[i]).append("=GREATEST(0,CAST(").append(TOTALS[i])
                        .append(" AS SIGNED)+(").append(d[i]).append("))");
                any = true;
            }
        }
        if (!any) {
            sql.append("uid=uid");
        }
        return sql.toString();
    }

    /** Sends statements as few multi-statement packets, and reads every result so that any error surfaces. */
    private void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            StringBuilder packet = new StringBuilder();
            for (String sql : statements) {
                if (packet.length() > 0 && packet.length() + sql.length() + 1 > packetLimit) {
                    run(st, packet.toString());
                    packet.setLength(0);
                }
                packet.append(packet.length() > 0 ? ";" : "").append(sql);
            }
            if (packet.length() > 0) {
                run(st, packet.toString());
            }
        }
    }

    private static void run(Statement st, String sql) throws SQLException {
        boolean result = st.execute(sql);
        while (result || st.getUpdateCount() != -1) {
            result = st.getMoreResults();
        }
    }

    @Override
    void putSignature(Connection c, int uid, String id, byte[] data) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dspam_signature_data"
                + " (uid,signature,length,created_on,data) VALUES (?,?,?,CURRENT_DATE(),?)"
                + " ON DUPLICATE KEY UPDATE length=VALUES(length),created_on=VALUES(created_on),data=VALUES(data)")) {
            ps.setInt(1, uid);
            ps.setString(2, id);
            ps.setInt(3, data.length);
            ps.setBytes(4, data);
            ps.executeUpdate();
        }
    }

    @Override
    void putPreference(Connection c, int uid, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dspam_preferences (uid,preference,value)"
                + " VALUES (?,?,?) ON DUPLICATE KEY UPDATE value=VALUES(value)")) {
            ps.setInt(1, uid);
            ps.setString(2, name);
            ps.setString(3, value);
            ps.executeUpdate();
        }
    }

    @Override
    void deleteTokens(Connection c, int uid, long[] keys, int count) throws SQLException {
        tuneSession(c);
        try (Statement st = c.createStatement()) {
            int from = 0;
            while (from < count) {
                StringBuilder sql = new StringBuilder("DELETE FROM dspam_token_data WHERE uid=").append(uid)
                        .append(" AND token IN (");
                int to = appendKeys(sql, keys, from, count);
                st.executeUpdate(sql.append(')').toString());
                from = to;
            }
        }
    }

    @Override
    void streamResults(Statement st) throws SQLException {
        st.setFetchSize(Integer.MIN_VALUE);
    }

    @Override
    boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == 1062;
    }
}
