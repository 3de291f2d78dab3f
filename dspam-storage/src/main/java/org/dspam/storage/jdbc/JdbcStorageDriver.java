package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.UserNames;
import org.dspam.storage.UserStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSPAM's SQL storage ({@code mysql_drv}, {@code pgsql_drv}) over JDBC, on DSPAM's own schema so
 * that an existing database keeps working and DSPAM could take it back. Any number of these
 * drivers, in any number of processes, may share one database: every write is relative
 * ({@code count = count + delta}) and one message's learning is one transaction, so concurrent
 * writers never lose a count.
 *
 * <p>Two connection pools: reads run in repeatable-read, read-only transactions (so that a
 * message sees totals and token counts from one moment), writes in read-committed ones; with
 * {@code MySQLWriteServer} the writes go to that server. An empty database gets DSPAM's schema.
 */
public final class JdbcStorageDriver implements StorageDriver {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStorageDriver.class);
    private static final Pattern UID_IN_SIGNATURE = Pattern.compile("^(\\d{1,10}),");

    final Dialect dialect;
    final JdbcSettings settings;
    final HikariDataSource reads;
    final HikariDataSource writes;
    final UserIds ids;

    /** Opens the driver {@code dialect} names with the settings of a dspam.conf and storage profile (null: {@code DefaultProfile}). */
    static JdbcStorageDriver open(Dialect dialect, DspamConfig config, String profile) {
        String p = profile != null ? profile : config.get("DefaultProfile").orElse(null);
        return new JdbcStorageDriver(dialect, JdbcSettings.read(config, p, dialect.prefix(), dialect.defaultPort(),
                dialect.dataFile()));
    }

    JdbcStorageDriver(Dialect dialect, JdbcSettings settings) {
        this.dialect = dialect;
        this.settings = settings;
        this.reads = pool(settings.server(), "read", true);
        HikariDataSource w = null;
        try {
            w = pool(settings.writeServer(), "write", false);
            this.writes = w;
            this.ids = prepareSchema();
        } catch (RuntimeException e) {
            reads.close();
            if (w != null) {
                w.close();
            }
            throw e;
        }
    }

    private HikariDataSource pool(ServerSettings server, String role, boolean forReading) {
        HikariConfig c = new HikariConfig();
        dialect.configure(c, server);
        if (server.user() != null) {
            c.setUsername(server.user());
        }
        if (server.password() != null) {
            c.setPassword(server.password());
        }
        c.setPoolName(dialect.driverName() + "-" + role);
        c.setMaximumPoolSize(settings.poolSize());
        c.setMinimumIdle(1);
        c.setAutoCommit(false);
        c.setReadOnly(forReading);
        c.setTransactionIsolation(forReading ? "TRANSACTION_REPEATABLE_READ" : "TRANSACTION_READ_COMMITTED");
        // A server that is down fails each request after this long, with a transient error.
        c.setConnectionTimeout(5000);
        c.setValidationTimeout(2500);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    /** Creates DSPAM's schema in an empty database, checks an existing one, and learns how it keys users and tokens. */
    private UserIds prepareSchema() {
        String where = settings.writeServer().describe();
        return Transactions.run(writes, "Cannot open the " + dialect.driverName() + " database " + where, c -> {
            List<String> missing = missingTables(c);
            if (!missing.isEmpty()) {
                // Another process may be creating the schema right now: look again holding the lock.
                dialect.withSchemaLock(c, () -> {
                    if (missingTables(c).size() == Dialect.TABLES.size()) {
                        Dialect.runScript(c, dialect.objectsScript());
                        LOG.info("Created DSPAM's schema in {}", where);
                    }
                });
                c.commit();
                missing = missingTables(c);
                if (!missing.isEmpty()) {
                    throw new StorageException(StorageException.Kind.PERMANENT, "The database " + where
                            + " has part of DSPAM's schema; missing: " + String.join(", ", missing));
                }
            }
            dialect.inspect(c);
            boolean virtual = dialect.tableExists(c, settings.virtualTable());
            if (!virtual && settings.virtualTableConfigured()) {
                throw new StorageException(StorageException.Kind.PERMANENT, dialect.prefix() + "VirtualTable "
                        + settings.virtualTable() + " does not exist in " + where);
            }
            return virtual
                    ? new VirtualUserIds(dialect, writes, settings.virtualTable(), settings.virtualUidField(),
                            settings.virtualUsernameField())
                    : new SystemUserIds(new SystemAccounts(), settings.virtualTable());
        });
    }

    private List<String> missingTables(Connection c) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : Dialect.TABLES) {
            if (!dialect.tableExists(c, table)) {
                missing.add(table);
            }
        }
        return missing;
    }

    @Override
    public String name() {
        return dialect.driverName();
    }

    @Override
    public UserStorage open(String user) {
        return JdbcUserStorage.open(this, UserNames.validate(user), null);
    }

    @Override
    public UserStorage openMerged(String user, String group) {
        return JdbcUserStorage.open(this, UserNames.validate(user), UserNames.validate(group));
    }

    @Override
    public boolean exists(String user) {
        UserNames.validate(user);
        return read("Cannot look up user '" + user + "'", c -> {
            OptionalInt uid = ids.find(c, user);
            return uid.isPresent() && Dialect.exists(c, "SELECT 1 FROM dspam_stats WHERE uid = ?", uid.getAsInt());
        });
    }

    @Override
    public List<String> users() {
        List<String> names = read("Cannot list the users", ids::withTotals);
        names.sort(null);
        return names;
    }

    @Override
    public Map<String, String> preferences(String user) {
        if (user != null) {
            UserNames.validate(user);
        }
        return read("Cannot read the preferences of " + (user == null ? "the system" : "'" + user + "'"), c -> {
            OptionalInt uid = user == null ? OptionalInt.of(0) : ids.find(c, user);
            Map<String, String> prefs = new LinkedHashMap<>();
            if (uid.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT preference, value FROM dspam_preferences WHERE uid = ?")) {
                    ps.setInt(1, uid.getAsInt());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            prefs.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
            }
            return prefs;
        });
    }

    /** Stored with uid 0 for the system defaults, as DSPAM's preferences extension does. */
    @Override
    public void setPreference(String user, String name, String value) {
        int uid = user == null ? 0 : ids.findOrCreate(UserNames.validate(user));
        Transactions.run(writes, "Cannot store preference " + name, c -> {
            dialect.putPreference(c, uid, name, value);
            return null;
        });
    }

    @Override
    public void deletePreference(String user, String name) {
        Transactions.run(writes, "Cannot delete preference " + name, c -> {
            OptionalInt uid = user == null ? OptionalInt.of(0) : ids.find(c, UserNames.validate(user));
            if (uid.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM dspam_preferences WHERE uid = ? AND preference = ?")) {
                    ps.setInt(1, uid.getAsInt());
                    ps.setString(2, name);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public String signatureIdPrefix(String user) {
        return settings.uidInSignature() ? ids.findOrCreate(UserNames.validate(user)) + "," : "";
    }

    @Override
    public Optional<String> signatureOwner(String signatureId) {
        Matcher m = UID_IN_SIGNATURE.matcher(signatureId);
        if (!settings.uidInSignature() || !m.find()) {
            return Optional.empty();
        }
        long uid = Long.parseLong(m.group(1));
        if (uid > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return read("Cannot look up uid " + uid, c -> ids.name(c, (int) uid));
    }

    /** The pool signatures are read from: the write server's with {@code MySQLReadSignaturesFromWriteDb on}. */
    DataSource signatureReads() {
        return settings.signaturesFromWriteServer() ? writes : reads;
    }

    <T> T read(String what, Transactions.Work<T> work) {
        return Transactions.run(reads, what, work);
    }

    @Override
    public void close() {
        reads.close();
        writes.close();
    }

    @Override
    public String toString() {
        return dialect.driverName() + " " + settings.server();
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Returning a broken connection to the pool discards it.
        }
    }
}
