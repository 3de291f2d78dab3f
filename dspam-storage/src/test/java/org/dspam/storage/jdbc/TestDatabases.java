package org.dspam.storage.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;

/**
 * Real databases for the SQL driver tests: the MariaDB/MySQL and PostgreSQL servers of the
 * machine (127.0.0.1:3306 as root without password, 127.0.0.1:5432 as postgres with trust
 * authentication; {@code -Ddspam.test.mysql.host=...}, {@code .port}, {@code .user},
 * {@code .password} and the same for {@code pgsql} point elsewhere). Each database is created
 * for the run with a random {@code dspam_test_} name and dropped by {@link #dropAll()}; no other
 * database is touched.
 */
final class TestDatabases {
    enum Kind {
        MYSQL("mysql", "mysql_drv", "MySQL", 3306, "root"),
        PGSQL("pgsql", "pgsql_drv", "PgSQL", 5432, "postgres");

        final String key;
        final String driverName;
        final String prefix;
        final int defaultPort;
        final String defaultUser;

        Kind(String key, String driverName, String prefix, int defaultPort, String defaultUser) {
            this.key = key;
            this.driverName = driverName;
            this.prefix = prefix;
            this.defaultPort = defaultPort;
            this.defaultUser = defaultUser;
        }

        String host() {
            return System.getProperty("dspam.test." + key + ".host", "127.0.0.1");
        }

        int port() {
            return Integer.getInteger("dspam.test." + key + ".port", defaultPort);
        }

        String user() {
            return System.getProperty("dspam.test." + key + ".user", defaultUser);
        }

        String password() {
            return System.getProperty("dspam.test." + key + ".password", "");
        }

        String url(String database) {
            return this == MYSQL
                    ? "jdbc:mysql://" + host() + ":" + port() + "/" + (database == null ? "" : database)
                            + "?allowMultiQueries=true&sslMode=DISABLED"
                    : "jdbc:postgresql://" + host() + ":" + port() + "/" + (database == null ? "postgres" : database);
        }
    }

    final Kind kind;
    private final List<String> created = new ArrayList<>();

    TestDatabases(Kind kind) {
        this.kind = kind;
    }

    /** A plain connection (autocommit) as DSPAM's own tools or an admin would have, to the given database or the server. */
    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", kind.user());
        p.setProperty("password", kind.password());
        try {
            return DriverManager.getConnection(kind.url(database), p);
        } catch (SQLException e) {
            if (database == null) {
                throw new SQLException("The " + kind.driverName + " tests need the server at " + kind.host() + ":"
                        + kind.port() + " (.ci/run starts the local MariaDB and PostgreSQL): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** A new, empty database. */
    synchronized String create() throws SQLException {
        String name = "dspam_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = connect(null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        created.add(name);
        return name;
    }

    /** Drops every database this instance created. */
    synchronized void dropAll() throws SQLException {
        try (Connection c = connect(null); Statement st = c.createStatement()) {
            for (String name : created) {
                st.execute(kind == Kind.PGSQL ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                        : "DROP DATABASE IF EXISTS " + name);
            }
        }
        created.clear();
    }

    /** The dspam.conf lines that point the driver at a database. */
    String configLines(String database) {
        return "StorageDriver " + kind.driverName + "\n"
                + kind.prefix + "Server " + kind.host() + "\n"
                + kind.prefix + "Port " + kind.port() + "\n"
                + kind.prefix + "User " + kind.user() + "\n"
                + (kind.password().isEmpty() ? "" : kind.prefix + "Pass " + kind.password() + "\n")
                + kind.prefix + "Db " + database + "\n";
    }

    DspamConfig config(String database, String... extraLines) {
        return DspamConfig.parse(configLines(database) + String.join("\n", extraLines) + "\n", "test.conf");
    }

    /** The driver as dspam.conf would open it, through {@code StorageDriver}. */
    StorageDriver driver(String database, String... extraLines) {
        return StorageDrivers.open(config(database, extraLines), null);
    }
}
