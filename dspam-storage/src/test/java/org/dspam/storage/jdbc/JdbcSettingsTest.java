package org.dspam.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSettingsTest {
    @TempDir
    Path home;

    private static JdbcSettings mysql(String conf, String profile) {
        return JdbcSettings.read(DspamConfig.parse(conf, "dspam.conf"), profile, "MySQL", 3306, "mysql.data");
    }

    private static JdbcSettings pgsql(String conf) {
        return JdbcSettings.read(DspamConfig.parse(conf, "dspam.conf"), null, "PgSQL", 5432, "pgsql.data");
    }

    @Test
    void dspamsKeysWithTheirDefaults() {
        JdbcSettings s = mysql("MySQLServer db.example\nMySQLUser dspam\nMySQLPass changeme\nMySQLDb dspam\n", null);
        assertEquals(new ServerSettings("db.example", 3306, null, "dspam", "changeme", "dspam", false), s.server());
        assertFalse(s.separateWriteServer());
        assertEquals(JdbcSettings.DEFAULT_POOL_SIZE, s.poolSize());
        assertEquals("dspam_virtual_uids", s.virtualTable());
        assertEquals("uid", s.virtualUidField());
        assertEquals("username", s.virtualUsernameField());
        assertFalse(s.virtualTableConfigured());
        assertFalse(s.uidInSignature());
    }

    @Test
    void aPathIsAUnixSocketAndPortZeroIsTheDefault() {
        JdbcSettings s = mysql("MySQLServer /var/run/mysqld/mysqld.sock\nMySQLPort 0\nMySQLDb dspam\nMySQLCompress true\n", null);
        assertEquals(Path.of("/var/run/mysqld/mysqld.sock"), s.server().socket());
        assertNull(s.server().host());
        assertEquals(3306, s.server().port());
        assertTrue(s.server().compress());
        assertEquals(Path.of("/var/run/postgresql/"), pgsql("PgSQLServer /var/run/postgresql/\nPgSQLDb dspam\n").server().socket());
    }

    @Test
    void profileQualifiedKeysWin() {
        String conf = "MySQLServer a\nMySQLDb one\nMySQLServer.Fast b\nMySQLPort.Fast 3307\nMySQLConnectionCache.Fast 4\n";
        JdbcSettings fast = mysql(conf, "Fast");
        assertEquals("b", fast.server().host());
        assertEquals(3307, fast.server().port());
        assertEquals("one", fast.server().database());
        assertEquals(4, fast.poolSize());
        assertEquals("a", mysql(conf, null).server().host());
    }

    @Test
    void writeServerVirtualTableAndSignatureKeys() {
        JdbcSettings s = mysql("MySQLServer replica\nMySQLDb dspam\nMySQLWriteServer master\nMySQLWriteDb dspam_w\n"
                + "MySQLWriteUser w\nMySQLReadSignaturesFromWriteDb on\nMySQLVirtualTable users\n"
                + "MySQLVirtualUIDField id\nMySQLVirtualUsernameField name\nMySQLUIDInSignature on\nMySQLConnectionCache 3\n", null);
        assertTrue(s.separateWriteServer());
        assertEquals(new ServerSettings("master", 3306, null, "w", null, "dspam_w", false), s.writeServer());
        assertTrue(s.signaturesFromWriteServer());
        assertEquals("users", s.virtualTable());
        assertEquals("id", s.virtualUidField());
        assertEquals("name", s.virtualUsernameField());
        assertTrue(s.virtualTableConfigured());
        assertTrue(s.uidInSignature());
        assertEquals(3, s.poolSize());
    }

    @Test
    void withoutServerTheConnectionFileInHomeIsRead() throws Exception {
        Files.writeString(home.resolve("pgsql.data"), "dbhost\n5433\ndspam\nsecret\ndspamdb\n");
        assertEquals(new ServerSettings("dbhost", 5433, null, "dspam", "secret", "dspamdb", false),
                pgsql("Home " + home + "\n").server());
        ConfigException e = assertThrows(ConfigException.class, () -> mysql("Home " + home + "\n", null));
        assertTrue(e.getMessage().contains("MySQLServer is not set and there is no " + home.resolve("mysql.data")), e.getMessage());
    }

    @Test
    void badValuesAreConfigurationErrors() {
        assertThrows(ConfigException.class, () -> mysql("MySQLServer a\n", null), "no database");
        assertThrows(ConfigException.class, () -> mysql("MySQLServer a\nMySQLDb d\nMySQLPort http\n", null));
        assertThrows(ConfigException.class, () -> mysql("MySQLServer a\nMySQLDb d\nMySQLConnectionCache 0\n", null));
        ConfigException e = assertThrows(ConfigException.class,
                () -> mysql("MySQLServer a\nMySQLDb d\nMySQLVirtualTable users(x)\n", null));
        assertTrue(e.getMessage().contains("not a table or column name"), e.getMessage());
    }

    @Test
    void unixSocketPathsTravelThroughTheHostName() throws Exception {
        Path p = Path.of("/run/mysqld/mysqld.sock");
        String host = MysqlUnixSocketFactory.hostFor(p);
        assertTrue(host.matches("unix-[0-9a-f]+"), host);
        assertEquals(p, MysqlUnixSocketFactory.pathOf(host));
    }
}
