package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

/**
 * Virtual users: a table mapping each user name to a uid the database assigns
 * ({@code dspam_virtual_uids(uid, username)}, or the table and columns named by
 * {@code <prefix>VirtualTable}, {@code ...UIDField}, {@code ...UsernameField}). A user gets a row
 * when something is first written for them. Uids never change, so they are cached for a while.
 */
final class VirtualUserIds implements UserIds {
    private static final long CACHE_NANOS = 10L * 60 * 1_000_000_000L;

    private record Cached(int uid, long until) {
    }

    private final Dialect dialect;
    private final DataSource writes;
    private final String byName;
    private final String byUid;
    private final String insert;
    private final String listing;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    VirtualUserIds(Dialect dialect, DataSource writes, String table, String uidField, String usernameField) {
        this.dialect = dialect;
        this.writes = writes;
        this.byName = "SELECT " + uidField + " FROM " + table + " WHERE " + usernameField + " = ?";
        this.byUid = "SELECT " + usernameField + " FROM " + table + " WHERE " + uidField + " = ?";
        this.insert = "INSERT INTO " + table + " (" + usernameField + ") VALUES (?)";
        this.listing = "SELECT v." + usernameField + " FROM " + table + " v WHERE EXISTS"
                + " (SELECT 1 FROM dspam_stats s WHERE s.uid = v." + uidField + ")";
    }

    @Override
    public OptionalInt find(Connection c, String user) throws SQLException {
        Cached hit = cache.get(user);
        if (hit != null && hit.until - System.nanoTime() > 0) {
            return OptionalInt.of(hit.uid);
        }
        OptionalInt uid = select(c, user);
        uid.ifPresent(u -> remember(user, u));
        return uid;
    }

    private OptionalInt select(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(byName)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    private void remember(String user, int uid) {
        cache.put(user, new Cached(uid, System.nanoTime() + CACHE_NANOS));
    }

    /** Looks on the write server, where a new row is visible at once, and inserts when missing; a concurrent insert of the same name is fine. */
    @Override
    public int findOrCreate(String user) {
        Cached hit = cache.get(user);
        if (hit != null && hit.until - System.nanoTime() > 0) {
            return hit.uid;
        }
        return Transactions.run(writes, "Cannot create the user id of '" + user + "'", c -> {
            OptionalInt uid = select(c, user);
            if (uid.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setString(1, user);
                    ps.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    if (!dialect.isDuplicateKey(e)) {
                        throw e;
                    }
                    c.rollback();
                }
                uid = select(c, user);
            }
            int u = uid.orElseThrow(() -> new SQLException("no uid for '" + user + "' after inserting it", "02000"));
            remember(user, u);
            return u;
        });
    }

    @Override
    public Optional<String> name(Connection c, int uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(byUid)) {
            ps.setInt(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public List<String> withTotals(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(listing); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
