package org.dspam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dspam.conf we ship holds DSPAM's defaults and mentions every directive DSPAM knows. */
class ShippedConfigTest {

    private static final Path SHIPPED = Path.of("../conf/dspam.conf");

    /** A directive line, active or shown commented as {@code #Name value}; prose uses "# ". */
    private static final Pattern DIRECTIVE_LINE = Pattern.compile("^#?([A-Za-z][A-Za-z0-9]*)(\\.\\S+)?[ \\t]");

    private static DspamConfig config;

    @BeforeAll
    static void load() {
        config = DspamConfig.load(SHIPPED);
    }

    @Test
    void hasNoUnknownKeys() {
        assertEquals(List.of(), config.unknownKeys());
    }

    @Test
    void mentionsEveryKnownDirectiveActiveOrCommented() throws IOException {
        Set<String> mentioned = new HashSet<>();
        for (String line : Files.readAllLines(SHIPPED)) {
            Matcher m = DIRECTIVE_LINE.matcher(line);
            if (m.find()) {
                mentioned.add(m.group(1));
            }
        }
        List<String> missing = new ArrayList<>(KnownDirectives.names());
        missing.removeAll(mentioned);
        assertEquals(List.of(), missing);
    }

    @Test
    void everyCommentedDirectiveIsKnown() throws IOException {
        for (String line : Files.readAllLines(SHIPPED)) {
            if (line.startsWith("#") && !line.startsWith("# ") && !line.startsWith("##")) {
                String name = line.substring(1).split("[ \\t]")[0];
                assertTrue(KnownDirectives.isKnown(name), line);
            }
        }
    }

    @Test
    void shipsThisProjectsLocations() {
        assertEquals(Optional.of("/var/spool/dspam"), config.get("Home"));
        assertEquals(Optional.of("hash_drv"), config.get("StorageDriver"));
        assertEquals(Optional.of("/usr/bin/procmail"), config.get("TrustedDeliveryAgent"));
        assertEquals(Optional.of("/var/spool/dspam/group"), config.get("GroupConfig"));
    }

    @Test
    void shipsDspamClassificationDefaults() {
        assertEquals(Optional.of("toe"), config.get("TrainingMode"));
        assertEquals(Optional.of("osb"), config.get("Tokenizer"));
        assertEquals(List.of("graham", "burton"), config.getAll("Algorithm"));
        assertEquals(Optional.of("bcr"), config.get("PValue"));
        assertEquals(List.of("noise", "whitelist"), config.getAll("Feature"));
        assertTrue(config.isOn("TestConditionalTraining"));
        assertTrue(config.isOn("WebStats"));
        assertTrue(config.isOn("ProcessorURLContext"));
        assertTrue(config.isOn("ProcessorBias"));
        assertFalse(config.isOn("StripRcptDomain"));
        assertFalse(config.isOn("Notifications"));
        assertEquals(Optional.of("error"), config.get("OnFail"));
        assertEquals(Optional.of("out"), config.get("Opt"));
        assertEquals(List.of("root", "dspam", "apache", "mail", "mailnull", "smmsp", "daemon"),
                config.getAll("Trust"));
        assertEquals(List.of("127.0.0.1"), config.getAll("LocalMX"));
        assertTrue(config.isOn("SystemLog"));
        assertTrue(config.isOn("UserLog"));
    }

    @Test
    void shipsDspamHashAndPurgeDefaults() {
        assertEquals(98317, config.getInt("HashRecMax", 0));
        assertTrue(config.isOn("HashAutoExtend"));
        assertEquals(0, config.getInt("HashMaxExtents", -1));
        assertEquals(49157, config.getInt("HashExtentSize", 0));
        assertEquals(10, config.getInt("HashPctIncrease", 0));
        assertEquals(10, config.getInt("HashMaxSeek", 0));
        assertEquals(10, config.getInt("HashConnectionCache", 0));
        assertEquals(14, config.getInt("PurgeSignatures", 0));
        assertEquals(90, config.getInt("PurgeNeutral", 0));
        assertEquals(90, config.getInt("PurgeUnused", 0));
        assertEquals(30, config.getInt("PurgeHapaxes", 0));
        assertEquals(15, config.getInt("PurgeHits1S", 0));
        assertEquals(15, config.getInt("PurgeHits1I", 0));
    }

    @Test
    void shipsTheTwentyThreeDefaultPreferences() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("trainingMode", "TOE");
        expected.put("spamAction", "quarantine");
        expected.put("spamSubject", "[SPAM]");
        expected.put("statisticalSedation", "0");
        expected.put("enableBNR", "on");
        expected.put("enableWhitelist", "on");
        expected.put("signatureLocation", "message");
        expected.put("tagSpam", "off");
        expected.put("tagNonspam", "off");
        expected.put("showFactors", "off");
        expected.put("optIn", "off");
        expected.put("optOut", "off");
        expected.put("whitelistThreshold", "10");
        expected.put("makeCorpus", "off");
        expected.put("storeFragments", "off");
        expected.put("localStore", "");
        expected.put("processorBias", "on");
        expected.put("fallbackDomain", "off");
        expected.put("trainPristine", "off");
        expected.put("optOutClamAV", "off");
        expected.put("ignoreRBLLookups", "off");
        expected.put("RBLInoculate", "off");
        expected.put("notifications", "off");
        assertEquals(23, config.getAll("Preference").size());
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(config.preferences().entrySet()));
    }

    @Test
    void shipsTheTwentyFiveOverridablePreferences() {
        assertEquals(List.of("enableBNR", "enableWhitelist", "fallbackDomain", "ignoreGroups",
                "ignoreRBLLookups", "localStore", "makeCorpus", "optIn", "optOut", "optOutClamAV",
                "processorBias", "RBLInoculate", "showFactors", "signatureLocation", "spamAction",
                "spamSubject", "statisticalSedation", "storeFragments", "tagNonspam", "tagSpam",
                "trainPristine", "trainingMode", "whitelistThreshold", "dailyQuarantineSummary",
                "notifications"), List.copyOf(config.allowOverride()));
    }

    @Test
    void keepsOptionalDirectivesCommentedOut() {
        for (String key : List.of("UntrustedDeliveryAgent", "DeliveryHost", "DeliveryProto",
                "QuarantineAgent", "ImprobabilityDrive", "MySQLServer", "PgSQLServer", "ServerMode",
                "ServerDomainSocketPath", "ClientHost", "Include", "TrainPristine", "Debug")) {
            assertFalse(config.contains(key), key);
        }
        assertTrue(config.serverPasswords().isEmpty());
    }
}
