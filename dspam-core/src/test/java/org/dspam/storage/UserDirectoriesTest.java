package org.dspam.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;
import org.junit.jupiter.api.Test;

class UserDirectoriesTest {
    private static final Path HOME = Path.of("/var/spool/dspam");

    @Test
    void defaultLayoutKeepsEveryFileInDataUser() {
        UserDirectories dirs = UserDirectories.from(DspamConfig.parse("Home /var/spool/dspam\n", "t"), null);
        assertEquals(HOME.resolve("data/bob/bob.mbox"), dirs.user("bob").quarantine());
        assertEquals(HOME.resolve("system.log"), dirs.systemLog());
        assertEquals(HOME.resolve("default.prefs"), dirs.defaultPreferences());
        assertEquals(HOME.resolve("opt-in/bob.dspam"), dirs.optIn("bob"));
        assertEquals(HOME.resolve("opt-out/bob.nodspam"), dirs.optOut("bob"));
    }

    @Test
    void theLayoutComesFromTheConfiguration() {
        UserDirectories large = UserDirectories.from(DspamConfig.parse("Home /var/spool/dspam\nUserDirectoryLayout largescale\n", "t"), null);
        assertEquals(HOME.resolve("data/b/o/bob/bob.log"), large.user("bob").log());
        UserDirectories domain = new UserDirectories(HOME, UserLayout.DOMAINSCALE);
        assertEquals(HOME.resolve("data/example.org/bob/bob.stats"), domain.user("bob@example.org").webStats());
        assertEquals(HOME.resolve("opt-out/example.org/bob.nodspam"), domain.optOut("bob@example.org"));
    }

    @Test
    void namesAreCheckedAndHomeIsRequired() {
        UserDirectories dirs = new UserDirectories(HOME, UserLayout.DEFAULT);
        assertThrows(StorageException.class, () -> dirs.user("../etc"));
        assertThrows(ConfigException.class, () -> UserDirectories.from(DspamConfig.parse("Trust root\n", "t"), null));
    }
}
