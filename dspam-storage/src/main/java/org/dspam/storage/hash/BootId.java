package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** The kernel's id of the current boot, which tells a journal whether the machine restarted since it was written. */
final class BootId {
    private static final byte[] CURRENT = read();

    private BootId() {
    }

    /** 16 bytes, or all zero when the system does not say. */
    static byte[] current() {
        return CURRENT.clone();
    }

    static boolean known() {
        for (byte b : CURRENT) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read() {
        try {
            String id = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
                    .strip().replace("-", "");
            if (id.length() == 32) {
                return HexFormat.of().parseHex(id);
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not Linux, or /proc is not mounted: every journal is then treated as written before a restart.
        }
        return new byte[16];
    }
}
