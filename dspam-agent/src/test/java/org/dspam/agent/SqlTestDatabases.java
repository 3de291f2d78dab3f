package org.dspam.agent;

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
 * Throw-away databases on the machine's MariaDB (127.0.0.1:3306, root without password) and
 * PostgreSQL (127.0.0.1:5432, postgres with trust authentication): each is created with a random
 * {@code dspam_test_} name and dropped by {@link #dropAll()}; no other database is touched.
 */
final class SqlTestDatabases {
    enum Kind {
        MYSQL("mysql_drv", "MySQL", "jdbc:mysql://127.0.0.1:3306/", "?sslMode=DISABLED", 3306, "root"),
        PGSQL("pgsql_drv", "PgSQL", "jdbc:postgresql://127.0.0.1:5432/", "", 5432, "postgres");

        final String driverName;
        final String prefix;
        private final String url;
        private final String options;
        private final int port;
        private final String user;

        Kind(String driverName, String prefix, String url, String options, int port, String user) {
            this.driverName = driverName;
            this.prefix = prefix;
            this.url = url;
            this.options = options;
            this.port = port;
            this.user = user;
        }
    }

    private final Kind kind;
    private final List<String> created = new ArrayList<>();

    SqlTestDatabases(Kind kind) {
        this.kind = kind;
    }

    private Connection server() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", kind.user);
        p.setProperty("password", "");
        String database = kind == Kind.PGSQL ? "postgres" : "";
        return DriverManager.getConnection(kind.url + database + kind.options, p);
    }

    synchronized String create() throws SQLException {
        String name = "dspam_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = server(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        created.add(name);
        return name;
    }

    synchronized void dropAll() throws SQLException {
        try (Connection c = server(); Statement st = c.createStatement()) {
            for (String name : created) {
                st.execute(kind == Kind.PGSQL ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                        : "DROP DATABASE IF EXISTS " + name);
            }
        }
        created.clear();
    }

    /** The driver on {@code database}, as dspam.conf with these lines (and {@code extra}) opens it. */
    StorageDriver driver(String database, String... extra) {
        String lines = "StorageDriver " + kind.driverName + "\n"
                + kind.prefix + "Server 127.0.0.1\n"
                + kind.prefix + "Port " + kind.port + "\n"
                + kind.prefix + "User " + kind.user + "\n"
                + kind.prefix + "Db " + database + "\n"
                + String.join("\n", extra) + "\n";
        return StorageDrivers.open(DspamConfig.parse(lines, "dspam.conf"), null);
    }
}
