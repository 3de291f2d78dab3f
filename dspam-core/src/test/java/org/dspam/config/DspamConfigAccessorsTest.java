package org.dspam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Typed and derived views of a parsed configuration. */
class DspamConfigAccessorsTest {

    private static DspamConfig parse(String... lines) {
        return DspamConfig.parse(String.join("\n", lines) + "\n", "/etc/dspam.conf");
    }

    @Test
    void getIsEmptyForAnAbsentKey() {
        DspamConfig config = parse("Home /x");
        assertEquals(Optional.empty(), config.get("TrainingMode"));
        assertEquals(List.of(), config.getAll("Trust"));
        assertFalse(config.contains("Trust"));
    }

    @Test
    void isOnIgnoresCase() {
        DspamConfig config = parse("HashAutoExtend On", "WebStats ON", "SystemLog off", "UserLog yes");
        assertTrue(config.isOn("HashAutoExtend"));
        assertTrue(config.isOn("WebStats"));
        assertFalse(config.isOn("SystemLog"));
        assertFalse(config.isOn("UserLog"), "only the word on counts");
        assertFalse(config.isOn("Absent"));
    }

    @Test
    void isOnMatchesAnyValueOfARepeatedKey() {
        // DSPAM's match walks every value, so a later "on" enables the switch.
        assertTrue(parse("SystemLog off", "SystemLog on").isOn("SystemLog"));
    }

    @Test
    void matchesFindsAnyValueIgnoringCase() {
        DspamConfig config = parse("Algorithm graham burton", "Broken Case");
        assertTrue(config.matches("Algorithm", "BURTON"));
        assertTrue(config.matches("Broken", "case"));
        assertFalse(config.matches("Algorithm", "naive"));
    }

    @Test
    void getIntParsesTheFirstValue() {
        DspamConfig config = parse("HashMaxSeek 10", "HashMaxSeek 20", "ServerPort -1");
        assertEquals(10, config.getInt("HashMaxSeek", 100));
        assertEquals(-1, config.getInt("ServerPort", 24));
        assertEquals(32, config.getInt("ServerQueueSize", 32));
    }

    @Test
    void getIntNamesFileAndLineOnAMalformedNumber() {
        DspamConfig config = parse("# hash settings", "HashMaxSeek ten");
        ConfigException e = assertThrows(ConfigException.class, () -> config.getInt("HashMaxSeek", 100));
        assertTrue(e.getMessage().startsWith("/etc/dspam.conf:2: HashMaxSeek: "), e.getMessage());
        assertTrue(e.getMessage().contains("\"ten\""), e.getMessage());
    }

    @Test
    void getIntWithAMinimumRejectsLessAndNamesTheLine() {
        DspamConfig config = parse("ServerThreads 0", "ServerQueueSize 1");
        ConfigException e = assertThrows(ConfigException.class, () -> config.getInt("ServerThreads", 8, 1));
        assertTrue(e.getMessage().startsWith("/etc/dspam.conf:1: ServerThreads: "), e.getMessage());
        assertEquals(1, config.getInt("ServerQueueSize", 32, 1));
        assertEquals(8, config.getInt("ServerMaxConnections", 8, 1));
    }

    @Test
    void getIntRejectsTrailingGarbageAndOverflow() {
        DspamConfig config = parse("A 10k", "B 2147483648", "C 99999999999999999999");
        assertThrows(ConfigException.class, () -> config.getInt("A", 0));
        assertThrows(ConfigException.class, () -> config.getInt("B", 0));
        assertEquals(2147483648L, config.getLong("B", 0));
        assertThrows(ConfigException.class, () -> config.getLong("C", 0));
    }

    @Test
    void rejectedValueNamesItsLocation() {
        DspamConfig config = parse("", "TrainingMode sometimes");
        ConfigException e = config.first("TrainingMode").orElseThrow().invalid("unknown training mode");
        assertEquals("/etc/dspam.conf:2: TrainingMode: unknown training mode", e.getMessage());
    }

    @Test
    void preferencesAreOrderedNameValuePairs() {
        DspamConfig config = parse(
                "Preference \"spamAction=quarantine\"",
                "Preference \"spamSubject=[SPAM]\"",
                "Preference \"localStore=\"");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("spamAction", "quarantine");
        expected.put("spamSubject", "[SPAM]");
        expected.put("localStore", "");
        assertEquals(expected, config.preferences());
        assertEquals(List.of("spamAction", "spamSubject", "localStore"),
                List.copyOf(config.preferences().keySet()));
    }

    @Test
    void firstPreferenceForANameWinsAsInDspam() {
        DspamConfig config = parse(
                "Preference \"spamAction=quarantine\"",
                "Preference \"SPAMACTION=tag\"",
                "Preference \"spamAction=deliver\"");
        assertEquals(Map.of("spamAction", "quarantine"), config.preferences());
    }

    @Test
    void preferenceValueRunsFromTheFirstEqualsSign() {
        DspamConfig config = parse("Preference \"spamSubject=a=b\"", "Preference \"=tagSpam=on\"");
        assertEquals("a=b", config.preferences().get("spamSubject"));
        assertEquals("on", config.preferences().get("tagSpam"), "leading = signs are skipped");
    }

    @Test
    void preferenceWithoutEqualsHasAnEmptyValueAndEmptyOnesAreSkipped() {
        DspamConfig config = parse("Preference optIn", "Preference \"\"", "Preference \"===\"");
        assertEquals(Map.of("optIn", ""), config.preferences());
    }

    @Test
    void allowOverrideCollectsEveryNameInOrder() {
        DspamConfig config = parse(
                "AllowOverride trainingMode",
                "AllowOverride spamAction spamSubject",
                "AllowOverride TRAININGMODE");
        assertEquals(List.of("trainingMode", "spamAction", "spamSubject"),
                List.copyOf(config.allowOverride()));
        assertTrue(config.allowsOverride("spamsubject"));
        assertFalse(config.allowsOverride("optIn"));
    }

    @Test
    void serverPasswordsComeFromServerPassKeys() {
        DspamConfig config = parse(
                "ServerPass.Relay1 \"secret\"",
                "ServerPass.Relay2 password",
                "ServerPass. orphan",
                "ServerPassword nope");
        assertEquals(Map.of("Relay1", "secret", "Relay2", "password"), config.serverPasswords());
        assertEquals("secret", config.serverPasswords().get("relay1"), "idents ignore case, as in DSPAM");
        assertEquals(Set.of("Relay1", "Relay2"), config.serverPasswords().keySet());
    }

    @Test
    void profileQualifiedValueWinsOverPlainKey() {
        DspamConfig config = parse(
                "MySQLServer /var/lib/mysql/mysql.sock",
                "MySQLServer.eu1 10.0.0.1",
                "MySQLUser dspam");
        assertEquals("10.0.0.1", config.get("MySQLServer", "eu1"));
        assertEquals("dspam", config.get("MySQLUser", "eu1"), "falls back to the plain key");
        assertEquals("/var/lib/mysql/mysql.sock", config.get("MySQLServer", "us2"));
        assertEquals("/var/lib/mysql/mysql.sock", config.get("MySQLServer", null));
        assertNull(config.get("MySQLPass", "eu1"));
    }

    @Test
    void unknownKeysAreKeptAndListed() {
        DspamConfig config = parse(
                "Home /x",
                "Tokeniser osb",
                "MySQLServer.eu1 10.0.0.1",
                "DeliveryHost.example.org 10.0.0.2",
                "ServerPass.Relay1 secret",
                "Failover.eu1 eu2",
                "trust root",
                "Home.eu1 /y",
                "ServerPass. x",
                "Failover eu2",
                "include other.conf");
        assertEquals(Optional.of("osb"), config.get("Tokeniser"));
        assertEquals(List.of("Tokeniser", "Home.eu1", "ServerPass.", "Failover", "include"),
                config.unknownKeys());
    }

    @Test
    void locatePrefersCommandLineThenEnvironmentThenDefault() {
        Map<String, String> env = Map.of("DSPAM_CONF", "/opt/dspam/env.conf");
        assertEquals(Path.of("/tmp/cli.conf"), DspamConfig.locate("/tmp/cli.conf", env));
        assertEquals(Path.of("/opt/dspam/env.conf"), DspamConfig.locate(null, env));
        assertEquals(DspamConfig.DEFAULT_PATH, DspamConfig.locate(null, Map.of()));
        assertEquals(DspamConfig.DEFAULT_PATH, DspamConfig.locate(null, Map.of("DSPAM_CONF", "")));
        assertEquals(Path.of("/etc/dspam/dspam.conf"), DspamConfig.DEFAULT_PATH);
    }

    @Test
    void accessorsAreImmutable() {
        DspamConfig config = parse("Trust root", "Preference \"a=b\"", "AllowOverride a");
        assertThrows(UnsupportedOperationException.class, () -> config.getAll("Trust").add("x"));
        assertThrows(UnsupportedOperationException.class, () -> config.preferences().put("c", "d"));
        assertThrows(UnsupportedOperationException.class, () -> config.allowOverride().add("c"));
        assertThrows(UnsupportedOperationException.class, () -> config.serverPasswords().put("c", "d"));
        assertThrows(UnsupportedOperationException.class, () -> config.entries().clear());
    }
}
