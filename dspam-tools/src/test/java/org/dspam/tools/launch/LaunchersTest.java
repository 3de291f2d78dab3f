package org.dspam.tools.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dspam.tools.launch.Distribution.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher scripts as processes, for what needs no stored data: usage texts, exit codes,
 * dspam_crc, and that a failure is one line and never a stack trace.
 */
class LaunchersTest {
    @TempDir
    static Path dir;
    static Distribution dist;
    static Path config;

    @BeforeAll
    static void install() throws IOException {
        dist = new Distribution(dir.resolve("dspam"));
        config = dir.resolve("dspam.conf");
        Files.writeString(config, "Home " + dir.resolve("home") + "\nStorageDriver memory\n");
    }

    @Test
    void crcHashesTheArgumentBytes() throws Exception {
        assertEquals(new Run(0, "TOKEN: 'Subject*FREE' CRC: 6566819651767474317\n", ""),
                dist.run(config, "dspam_crc", "Subject*FREE"));
        assertEquals(new Run(0, "TOKEN: 'héllo' CRC: 6035124365392576512\n", ""), dist.run(config, "dspam_crc", "héllo"));
        assertEquals(new Run(1, "syntax: dspam_crc [token]\n", ""), dist.run(config, "dspam_crc"));
    }

    /**
     * Without DSPAM_JAVA_HOME and JAVA_HOME, the commands use the runtime lib/dspam-cds recorded in
     * lib/java.runtime while it is installed; a record of a runtime that is gone is ignored, and either
     * variable wins over the record.
     */
    @Test
    void theRecordedRuntimeIsUsedWhileItIsInstalled() throws Exception {
        Path fake = Files.createDirectories(dir.resolve("fake-jdk/bin"));
        Files.writeString(fake.resolve("java"), "#!/bin/sh\necho recorded runtime\n");
        Files.setPosixFilePermissions(fake.resolve("java"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path record = dist.root.resolve("lib/java.runtime");
        java.util.function.Consumer<java.util.Map<String, String>> noHomes = env -> {
            env.remove("DSPAM_JAVA_HOME");
            env.remove("JAVA_HOME");
        };
        try {
            Files.writeString(record, fake.getParent() + " 25\n");
            assertEquals(new Run(0, "recorded runtime\n", ""), dist.run(config, noHomes, "dspam_crc", "x"));
            // A variable names the runtime to use: the record is not read.
            assertEquals(0, dist.run(config, "dspam_crc", "x").out().indexOf("TOKEN: 'x'"));
            Files.writeString(record, dir.resolve("no-such-jdk") + " 25\n");
            Run searched = dist.run(config, env -> {
                noHomes.accept(env);
                env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", ""));
            }, "dspam_crc", "x");
            assertEquals(new Run(0, "TOKEN: 'x' CRC: " + org.dspam.token.Crc64.toUnsignedString(org.dspam.token.Crc64.of("x")) + "\n", ""),
                    searched);
        } finally {
            Files.deleteIfExists(record);
        }
    }

    @Test
    void badArgumentsPrintTheUsageAndFail() throws Exception {
        assertEquals(new Run(1, "", "syntax: dspam_dump [--profile=Profile] [-d sqlite_drv] username [token]\n"),
                dist.run(config, "dspam_dump"));
        assertEquals(new Run(1, "", "invalid driver or no driver specified\n"), dist.run(config, "dspam_dump", "-d", "foo", "eval"));
        assertEquals(1, dist.run(config, "dspam_stats", "-x").status());
        assertEquals(new Run(1, "syntax: dspam_merge [user1] [user2] ... [userN] [-o user]\n", ""), dist.run(config, "dspam_merge"));
        Run admin = dist.run(config, "dspam_admin");
        assertEquals(1, admin.status());
        assertTrue(admin.err().startsWith("syntax: dspam_admin [function] [arguments] [--profile=PROFILE]\n"));
        assertEquals(new Run(0, "", "dspam_clean [-s[age] -p[age] -u[any,hapax,nospam,onehit] -h] [user1 user2 ... userN]\n"),
                dist.run(config, "dspam_clean", "-h"));
        assertEquals(1, dist.run(config, "dspam_clean", "-x").status());
        assertEquals(255, dist.run(config, "dspam_logrotate").status());
    }

    @Test
    void failuresAreOneLineWithoutAStackTrace() throws Exception {
        Path broken = dir.resolve("unknown-driver.conf");
        Files.writeString(broken, "Home " + dir.resolve("home") + "\nStorageDriver nosuch_drv\n");
        Run r = dist.run(broken, "dspam_stats");
        assertEquals(1, r.status());
        assertEquals("dspam_stats: StorageDriver nosuch_drv is not available in this installation\n", r.err());
        r = dist.run(dir.resolve("missing.conf"), "dspam_dump", "eval");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("Unable to read dspam.conf: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
