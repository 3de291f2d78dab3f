package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import org.dspam.storage.SignatureInfo;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.TokenRecord;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;

/**
 * One user's data for one message (or one tool run). Until its first write the session reads
 * in one repeatable-read transaction, so that the totals and the token counts the engine sees
 * belong together even while other processes learn for the same user; the engine's deltas are
 * then exact whatever was committed meanwhile. Each write is its own transaction.
 *
 * <p>For a merged group, totals and counts are the sums of the user's and the group's rows, and
 * everything is written to the user's rows.
 */
final class JdbcUserStorage implements UserStorage {
    private final JdbcStorageDriver driver;
    private final Dialect dialect;
    private final String user;
    private final String group;
    private OptionalInt uid;
    private int gid = -1;
    private Totals own = Totals.ZERO;
    private Totals groupTotals = Totals.ZERO;
    private boolean exists;
    /** The read transaction of the session's first part, or null. */
    private Connection snapshot;
    private boolean closed;

    private JdbcUserStorage(JdbcStorageDriver driver, String user, String group) {
        this.driver = driver;
        this.dialect = driver.dialect;
        this.user = user;
        this.group = group;
    }

    static JdbcUserStorage open(JdbcStorageDriver driver, String user, String group) {
        JdbcUserStorage s = new JdbcUserStorage(driver, user, group);
        s.begin();
        return s;
    }

    private void begin() {
        Connection c = null;
        try {
            c = driver.reads.getConnection();
            uid = driver.ids.find(c, user);
            if (group != null) {
                gid = driver.ids.find(c, group).orElse(-1);
            }
            int[] uids = knownUids();
            if (uids.length > 0) {
                readTotals(c, uids);
                snapshot = c;
                c = null;
            } else {
                c.commit();
            }
        } catch (SQLException e) {
            throw SqlErrors.storage("Cannot open the data of '" + user + "'", e);
        } finally {
            if (c != null) {
                Transactions.rollbackQuietly(c);
                JdbcStorageDriver.closeQuietly(c);
            }
        }
    }

    private int[] knownUids() {
        if (uid.isPresent() && gid >= 0 && gid != uid.getAsInt()) {
            return new int[] {uid.getAsInt(), gid};
        }
        if (uid.isPresent()) {
            return new int[] {uid.getAsInt()};
        }
        return gid >= 0 ? new int[] {gid} : new int[0];
    }

    private void readTotals(Connection c, int[] uids) throws SQLException {
        String sql = "SELECT uid, " + Dialect.TOTALS_COLUMNS + " FROM dspam_stats WHERE "
                + (uids.length == 1 ? "uid = ?" : "uid IN (?, ?)");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < uids.length; i++) {
                ps.setInt(i + 1, uids[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] v = new long[8];
                    for (int i = 0; i < 8; i++) {
                        v[i] = rs.getLong(2 + i);
                    }
                    if (uid.isPresent() && rs.getInt(1) == uid.getAsInt()) {
                        own = Totals.of(v);
                        exists = true;
                    } else {
                        groupTotals = Totals.of(v);
                    }
                }
            }
        }
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public boolean exists() {
        return exists;
    }

    @Override
    public Totals totals() {
        return group == null ? own : own.plus(groupTotals);
    }

    @Override
    public void fetch(long[] keys, int count, long[] spam, long[] innocent) {
        ensureOpen();
        Arrays.fill(spam, 0, count, 0);
        Arrays.fill(innocent, 0, count, 0);
        int[] uids = knownUids();
        if (count == 0 || uids.length == 0) {
            return;
        }
        read("Cannot read the tokens of '" + user + "'", c -> {
            dialect.fetch(c, uids, keys, count, spam, innocent);
            return null;
        });
    }

    @Override
    public void commit(TokenChanges changes, Totals totalsDelta) {
        ensureOpen();
        int u = uidForWriting();
        ChangeSet set = ChangeSet.of(changes, dialect.tokens());
        Transactions.run(driver.writes, "Cannot store what was learned for '" + user + "'", c -> {
            dialect.commit(c, u, set, totalsDelta);
            return null;
        });
        own = own.plus(totalsDelta).storable();
        exists = true;
    }

    @Override
    public Optional<byte[]> signature(String id) {
        ensureOpen();
        if (uid.isEmpty()) {
            return Optional.empty();
        }
        int u = uid.getAsInt();
        return readSignature("Cannot read signature " + id + " of '" + user + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT data, length FROM dspam_signature_data WHERE uid = ? AND signature = ?")) {
                ps.setInt(1, u);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getBytes(1) == null) {
                        return Optional.empty();
                    }
                    byte[] data = rs.getBytes(1);
                    long length = rs.getLong(2);
                    // DSPAM trusts the length column; a row whose data is longer keeps only that much.
                    return Optional.of(length > 0 && length < data.length ? Arrays.copyOf(data, (int) length) : data);
                }
            }
        });
    }

    @Override
    public void storeSignature(String id, byte[] data) {
        ensureOpen();
        int u = uidForWriting();
        // Storing a signature creates the user: a totals row unless this session has read or written
        // one. Leaving an existing row alone keeps this transaction off the row every writer of the
        // user locks, and saves rewriting it.
        boolean createUser = !exists;
        ChangeSet none = ChangeSet.of(new TokenChanges(0), dialect.tokens());
        Transactions.run(driver.writes, "Cannot store signature " + id + " of '" + user + "'", c -> {
            dialect.putSignature(c, u, id, data);
            if (createUser) {
                dialect.commit(c, u, none, Totals.ZERO);
            }
            return null;
        });
        exists = true;
    }

    @Override
    public boolean hasSignature(String id) {
        ensureOpen();
        if (uid.isEmpty()) {
            return false;
        }
        int u = uid.getAsInt();
        return readSignature("Cannot look up signature " + id + " of '" + user + "'", c -> Dialect.exists(c,
                "SELECT 1 FROM dspam_signature_data WHERE uid = ? AND signature = ?", u, id));
    }

    @Override
    public List<SignatureInfo> signatures() {
        ensureOpen();
        List<SignatureInfo> out = new ArrayList<>();
        if (uid.isEmpty()) {
            return out;
        }
        int u = uid.getAsInt();
        return readSignature("Cannot list the signatures of '" + user + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT signature, created_on FROM dspam_signature_data"
                    + " WHERE uid = ? ORDER BY created_on, signature")) {
                ps.setInt(1, u);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SignatureInfo(rs.getString(1).strip(), epochDay(rs, 2)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void deleteSignature(String id) {
        ensureOpen();
        if (uid.isEmpty()) {
            return;
        }
        int u = uid.getAsInt();
        endSnapshot();
        Transactions.run(driver.writes, "Cannot delete signature " + id + " of '" + user + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM dspam_signature_data WHERE uid = ? AND signature = ?")) {
                ps.setInt(1, u);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Streams the user's rows; the snapshot ends first, so the stream holds the session's only read connection. */
    @Override
    public void forEachToken(Consumer<TokenRecord> visitor) {
        ensureOpen();
        if (uid.isEmpty()) {
            return;
        }
        int u = uid.getAsInt();
        endSnapshot();
        driver.read("Cannot list the tokens of '" + user + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT token, spam_hits, innocent_hits, last_hit"
                    + " FROM dspam_token_data WHERE uid = ?", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                dialect.streamResults(ps);
                ps.setInt(1, u);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visitor.accept(new TokenRecord(dialect.tokens().read(rs, 1), rs.getLong(2), rs.getLong(3),
                                epochDay(rs, 4)));
                    }
                }
            }
            return null;
        });
    }

    private static long epochDay(ResultSet rs, int column) throws SQLException {
        LocalDate d = rs.getObject(column, LocalDate.class);
        return d == null ? -1 : d.toEpochDay();
    }

    @Override
    public void deleteTokens(long[] keys, int count) {
        ensureOpen();
        if (uid.isEmpty() || count == 0) {
            return;
        }
        int u = uid.getAsInt();
        endSnapshot();
        Transactions.run(driver.writes, "Cannot delete tokens of '" + user + "'", c -> {
            dialect.deleteTokens(c, u, keys, count);
            return null;
        });
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            endSnapshot();
        }
    }

    private int uidForWriting() {
        endSnapshot();
        if (uid.isEmpty()) {
            uid = OptionalInt.of(driver.ids.findOrCreate(user));
        }
        return uid.getAsInt();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the storage of '" + user + "' is closed");
        }
    }

    /** Reads in the session's snapshot while it lasts, else in a transaction of its own. */
    private <T> T read(String what, Transactions.Work<T> work) {
        if (snapshot == null) {
            return driver.read(what, work);
        }
        try {
            return work.run(snapshot);
        } catch (SQLException e) {
            endSnapshot();
            throw SqlErrors.storage(what, e);
        }
    }

    private <T> T readSignature(String what, Transactions.Work<T> work) {
        if (driver.signatureReads() != driver.reads) {
            return Transactions.run(driver.signatureReads(), what, work);
        }
        return read(what, work);
    }

    /** Ends the read transaction and gives its connection back, before any write or a second connection is needed. */
    private void endSnapshot() {
        if (snapshot != null) {
            Connection c = snapshot;
            snapshot = null;
            Transactions.rollbackQuietly(c);
            JdbcStorageDriver.closeQuietly(c);
        }
    }

    @Override
    public String toString() {
        return "sql storage of '" + user + "'" + (group == null ? "" : " merged with '" + group + "'");
    }
}
