package org.dspam.storage.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;

/**
 * Where and as whom to connect: DSPAM's {@code <prefix>Server}, {@code Port}, {@code User},
 * {@code Pass} and {@code Db} keys (prefix {@code MySQL}, {@code MySQLWrite} or {@code PgSQL}),
 * profile-qualified keys first, or else the five lines of {@code Home/mysql.data} /
 * {@code Home/pgsql.data} (server, port, user, password, database) that DSPAM also read.
 *
 * @param host the host name or address; null when connecting over a unix socket
 * @param port the TCP port, or for PostgreSQL the number in the socket's name
 * @param socket the unix socket (MySQL: the socket file; PostgreSQL: the directory holding it), or null
 * @param user the account, or null
 * @param password the password, or null
 * @param database the database
 * @param compress whether to compress the protocol ({@code MySQLCompress true})
 */
public record ServerSettings(String host, int port, Path socket, String user, String password, String database,
                             boolean compress) {
    /**
     * @return the settings, or empty when {@code <prefix>Server} is unset and there is no data file
     *         (only possible for the optional {@code MySQLWrite} server)
     */
    static Optional<ServerSettings> read(DspamConfig config, String profile, String prefix, int defaultPort,
                                         String dataFile) {
        String server = config.get(prefix + "Server", profile);
        String host;
        int port;
        String user;
        String password;
        String database;
        if (server != null) {
            host = server.strip();
            port = port(config.get(prefix + "Port", profile), prefix + "Port", defaultPort);
            user = config.get(prefix + "User", profile);
            password = config.get(prefix + "Pass", profile);
            database = config.get(prefix + "Db", profile);
        } else {
            if (dataFile == null) {
                return Optional.empty();
            }
            Path file = config.get("Home").map(home -> Path.of(home, dataFile)).orElse(null);
            if (file == null || !Files.isReadable(file)) {
                throw new ConfigException(prefix + "Server is not set"
                        + (file == null ? "" : " and there is no " + file));
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
            }
            host = line(lines, 0);
            port = port(line(lines, 1), file + " line 2", defaultPort);
            user = line(lines, 2);
            password = line(lines, 3);
            database = line(lines, 4);
        }
        if (database == null || database.isBlank()) {
            throw new ConfigException(prefix + "Db is not set: incomplete " + prefix + " connection settings");
        }
        boolean compress = "true".equalsIgnoreCase(String.valueOf(config.get(prefix + "Compress", profile)).strip());
        if (host != null && host.startsWith("/")) {
            return Optional.of(new ServerSettings(null, port, Path.of(host), user, password, database.strip(), compress));
        }
        if (host == null || host.isEmpty()) {
            host = "localhost";
        }
        return Optional.of(new ServerSettings(host, port, null, user, password, database.strip(), compress));
    }

    private static String line(List<String> lines, int i) {
        return i < lines.size() ? lines.get(i).strip() : null;
    }

    /** DSPAM reads an unset or zero port as the client library's default. */
    private static int port(String value, String where, int defaultPort) {
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int p = Integer.parseInt(value.strip());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p == 0 ? defaultPort : p;
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": '" + value + "' is not a port number");
        }
    }

    /** Where the server is, for messages: {@code host:port/db} or {@code socket/db}. */
    public String describe() {
        return (socket != null ? socket.toString() : host + ":" + port) + "/" + database;
    }

    @Override
    public String toString() {
        return describe() + (user == null ? "" : " as " + user);
    }
}
