package org.dspam.storage.jdbc;

import java.util.regex.Pattern;

import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;

/**
 * A SQL driver's configuration from dspam.conf, by DSPAM's keys with the driver's prefix
 * ({@code MySQL} or {@code PgSQL}); a key qualified with the storage profile
 * ({@code MySQLServer.DECAlpha}) wins over the plain one.
 *
 * @param server the server everything is read from
 * @param writeServer the server writes go to ({@code MySQLWrite*}); the same as {@code server} when unset
 * @param signaturesFromWriteServer read signatures from the write server ({@code MySQLReadSignaturesFromWriteDb on})
 * @param poolSize connections per pool ({@code <prefix>ConnectionCache})
 * @param virtualTable the table mapping user names to uids ({@code <prefix>VirtualTable})
 * @param virtualUidField its uid column
 * @param virtualUsernameField its user name column
 * @param virtualTableConfigured whether the virtual table was named in the configuration
 * @param uidInSignature whether signature ids carry the owner's uid ({@code <prefix>UIDInSignature on})
 */
public record JdbcSettings(ServerSettings server, ServerSettings writeServer, boolean signaturesFromWriteServer,
                           int poolSize, String virtualTable, String virtualUidField, String virtualUsernameField,
                           boolean virtualTableConfigured, boolean uidInSignature) {
    /** Connections per pool when {@code ConnectionCache} is not set. */
    public static final int DEFAULT_POOL_SIZE = 10;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    static JdbcSettings read(DspamConfig config, String profile, String prefix, int defaultPort, String dataFile) {
        ServerSettings server = ServerSettings.read(config, profile, prefix, defaultPort, dataFile).orElseThrow();
        ServerSettings write = prefix.equals("MySQL")
                ? ServerSettings.read(config, profile, "MySQLWrite", defaultPort, null).orElse(server)
                : server;
        int pool = DEFAULT_POOL_SIZE;
        String cache = config.get(prefix + "ConnectionCache", profile);
        if (cache != null) {
            try {
                pool = Integer.parseInt(cache.strip());
            } catch (NumberFormatException e) {
                throw new ConfigException(prefix + "ConnectionCache: '" + cache + "' is not a number");
            }
            if (pool < 1) {
                throw new ConfigException(prefix + "ConnectionCache must be at least 1");
            }
        }
        String table = config.get(prefix + "VirtualTable", profile);
        String uidField = config.get(prefix + "VirtualUIDField", profile);
        String nameField = config.get(prefix + "VirtualUsernameField", profile);
        boolean configured = table != null || uidField != null || nameField != null;
        return new JdbcSettings(server, write, on(config.get(prefix + "ReadSignaturesFromWriteDb", profile)), pool,
                identifier(prefix + "VirtualTable", table, "dspam_virtual_uids"),
                identifier(prefix + "VirtualUIDField", uidField, "uid"),
                identifier(prefix + "VirtualUsernameField", nameField, "username"),
                configured, on(config.get(prefix + "UIDInSignature", profile)));
    }

    private static boolean on(String value) {
        return value != null && value.strip().equalsIgnoreCase("on");
    }

    /** Names from the configuration go into SQL text, so they must be plain identifiers. */
    private static String identifier(String key, String value, String dflt) {
        if (value == null) {
            return dflt;
        }
        String v = value.strip();
        if (!IDENTIFIER.matcher(v).matches()) {
            throw new ConfigException(key + ": '" + value + "' is not a table or column name");
        }
        return v;
    }

    /** Whether writes go to a server of their own. */
    public boolean separateWriteServer() {
        return !writeServer.equals(server);
    }
}
