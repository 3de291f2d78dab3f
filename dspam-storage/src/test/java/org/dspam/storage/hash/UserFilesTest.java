package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dspam.storage.UserFiles;
import org.dspam.storage.UserLayout;

/** Where user files go in DSPAM's three layouts, and DSPAM's flat-file preferences. */
class UserFilesTest {
    @TempDir
    Path home;

    private static void store(StorageDriver d, String user) {
        try (UserStorage s = d.open(user)) {
            TokenChanges c = new TokenChanges(1);
            c.add(42, 1, 0);
            s.commit(c, new Totals(1, 0, 0, 0, 0, 0, 0, 0));
            s.storeSignature("6b01f58f33811345520487", new byte[16]);
        }
    }

    @Test
    void defaultLayoutIsDataUserUser() {
        try (HashStorageDriver d = new HashStorageDriver(HashSettings.shipped(home))) {
            store(d, "bob");
            UserFiles f = d.files("bob");
            assertEquals(home.resolve("data/bob/bob.css"), f.css());
            assertTrue(Files.isRegularFile(f.css()));
            assertTrue(Files.isRegularFile(home.resolve("data/bob/bob.lock")));
            assertTrue(Files.isRegularFile(home.resolve("data/bob/bob.sig/6b01f58f33811345520487.sig")));
            assertEquals(home.resolve("data/bob/bob.mbox"), f.quarantine());
            assertEquals(home.resolve("data/bob/bob.stats"), f.webStats());
            assertEquals(home.resolve("data/bob/bob.log"), f.log());
            assertEquals(home.resolve("data/bob/bob.prefs"), f.preferences());
            assertEquals(home.resolve("system.log"), UserFiles.systemLog(home));
            assertEquals(List.of("bob"), d.users());
        }
    }

    @Test
    void largeScaleLayoutUsesTheFirstTwoCharacters() {
        try (HashStorageDriver d = new HashStorageDriver(HashSettings.shipped(home).withLayout(UserLayout.LARGESCALE))) {
            store(d, "bob");
            store(d, "x");
            assertTrue(Files.isRegularFile(home.resolve("data/b/o/bob/bob.css")));
            assertTrue(Files.isRegularFile(home.resolve("data/x/x/x.css")), "one-character names: data/x/x/");
            assertEquals(List.of("bob", "x"), d.users());
        }
    }

    @Test
    void domainScaleLayoutUsesTheDomain() {
        try (HashStorageDriver d = new HashStorageDriver(HashSettings.shipped(home).withLayout(UserLayout.DOMAINSCALE))) {
            store(d, "bob@example.org");
            store(d, "carol");
            assertTrue(Files.isRegularFile(home.resolve("data/example.org/bob/bob.css")));
            assertTrue(Files.isRegularFile(home.resolve("data/local/carol/carol.css")), "no domain: data/local/");
            assertEquals(List.of("bob@example.org", "carol"), d.users());
            assertTrue(d.exists("bob@example.org"));
            assertFalse(d.exists("bob@example.net"));
        }
    }

    @Test
    void theLayoutIsChosenInDspamConf() {
        DspamConfig conf = DspamConfig.parse("StorageDriver /usr/lib/dspam/libhash_drv.so\nHome " + home
                + "\nUserDirectoryLayout largescale\n", "test.conf");
        try (StorageDriver d = StorageDrivers.open(conf, null)) {
            assertEquals("hash_drv", d.name());
            store(d, "alice");
            assertTrue(Files.isRegularFile(home.resolve("data/a/l/alice/alice.css")));
        }
    }

    @Test
    void preferencesAreDspamsFlatFiles() throws IOException {
        Files.createDirectories(home.resolve("data/bob"));
        // As DSPAM's dspam_admin writes them, plus what its reader tolerates.
        Files.writeString(home.resolve("data/bob/bob.prefs"),
                "# comment\nspamAction=tag\r\n\n=showFactors=on\nspamSubject=[SPAM] a=b\nspamAction=quarantine\n",
                StandardCharsets.UTF_8);
        try (HashStorageDriver d = new HashStorageDriver(HashSettings.shipped(home))) {
            assertEquals(Map.of("spamAction", "tag", "showFactors", "on", "spamSubject", "[SPAM] a=b"),
                    d.preferences("bob"), "the first line for a name wins, as in DSPAM");
            d.setPreference("bob", "spamAction", "quarantine");
            assertEquals(List.of("# comment", "", "=showFactors=on", "spamSubject=[SPAM] a=b", "spamAction=quarantine"),
                    Files.readAllLines(home.resolve("data/bob/bob.prefs")));
            d.setPreference(null, "trainingMode", "TOE");
            assertEquals(List.of("trainingMode=TOE"), Files.readAllLines(home.resolve("default.prefs")));
            assertEquals(Map.of("trainingMode", "TOE"), d.preferences(null));
            d.deletePreference(null, "trainingMode");
            assertFalse(Files.exists(home.resolve("default.prefs")), "the last preference removes the file");
            assertFalse(d.exists("bob"), "preferences alone are not stored data");
        }
    }

    @Test
    void signatureIdsNeverNameAPath() {
        try (HashStorageDriver d = new HashStorageDriver(HashSettings.shipped(home)); UserStorage s = d.open("bob")) {
            s.storeSignature("6b01f58f33811345520487", new byte[] {1, 2});
            try {
                assertArrayEquals(new byte[] {1, 2},
                        Files.readAllBytes(home.resolve("data/bob/bob.sig/6b01f58f33811345520487.sig")),
                        "stored as DSPAM does: the raw entries, nothing else");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertFalse(s.signature("../bob.sig/6b01f58f33811345520487").isPresent());
            assertFalse(s.hasSignature("../../data/bob/bob.css"));
            assertArrayEquals(new byte[] {1, 2}, s.signature("6b01f58f33811345520487").orElseThrow());
            org.junit.jupiter.api.Assertions.assertThrows(org.dspam.storage.StorageException.class,
                    () -> s.storeSignature("../evil", new byte[1]));
        }
        assertFalse(Files.exists(home.resolve("data/bob/evil.sig")));
    }
}
