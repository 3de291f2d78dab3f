package org.dspam.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dspam.config.DspamConfig;

/** The client's small configuration reader reads what the full one reads. */
class ClientConfigTest {
    private static final List<String> KEYS = List.of("ClientHost", "ClientPort", "ClientIdent",
            "ServerDomainSocketPath", "Trust", "Broken", "Home", "StorageDriver", "Algorithm", "Preference");

    @TempDir
    Path dir;

    private void sameAsDspamConfig(Path file) throws Exception {
        ClientConfig mine = ClientConfig.load(file);
        DspamConfig full = DspamConfig.load(file);
        for (String key : KEYS) {
            assertEquals(full.get(key).orElse(null), mine.get(key), key);
            for (String v : full.getAll(key)) {
                assertTrue(mine.matches(key, v), key + " " + v);
            }
        }
    }

    @Test
    void readsTheShippedConfigurationAsDspamConfigDoes() throws Exception {
        sameAsDspamConfig(Path.of("../conf/dspam.conf"));
    }

    @Test
    void followsDspamsQuotesCommentsCaseAndIncludes() throws Exception {
        Files.createDirectories(dir.resolve("dspam.d"));
        Files.writeString(dir.resolve("dspam.d/10-client.conf"), "clienthost /run/dspam.sock\r\nTrust mail\n");
        Files.writeString(dir.resolve("dspam.d/.hidden.conf"), "ClientPort 99\n");
        Files.writeString(dir.resolve("dspam.d/notes.txt"), "ClientPort 98\n");
        Files.writeString(dir.resolve("dspam.conf"), String.join("\n",
                "Home /var/spool/dspam # a comment",
                "ClientIdent \"secret@Relay1\"; not a comment since the line has a #",
                "Trust root\tdspam",
                "Broken returnCodes ; case",
                "ClientPort 2424",
                "Include dspam.d",
                "ServerDomainSocketPath \"/tmp/with space.sock\"",
                "Algorithm",
                ""));
        sameAsDspamConfig(dir.resolve("dspam.conf"));
        ClientConfig c = ClientConfig.load(dir.resolve("dspam.conf"));
        assertEquals("/run/dspam.sock", c.get("ClientHost"));
        assertEquals("secret@Relay1", c.get("ClientIdent"));
        assertEquals("/tmp/with space.sock", c.get("ServerDomainSocketPath"));
        assertTrue(c.matches("trust", "MAIL"));
        assertTrue(c.matches("Broken", "returncodes"));
        assertFalse(c.matches("Broken", "case"));
        assertEquals(2424, c.getInt("ClientPort", 24));
        assertEquals(24, c.getInt("NoSuchThing", 24));
    }

    @Test
    void aPortThatIsNotANumberIsAnError() throws Exception {
        Files.writeString(dir.resolve("dspam.conf"), "ClientPort lmtp\n");
        ClientConfig c = ClientConfig.load(dir.resolve("dspam.conf"));
        assertThrows(IllegalArgumentException.class, () -> c.getInt("ClientPort", 24));
    }

    @Test
    void aMissingFileIsAnError() {
        assertThrows(java.io.IOException.class, () -> ClientConfig.load(dir.resolve("nope.conf")));
    }
}
