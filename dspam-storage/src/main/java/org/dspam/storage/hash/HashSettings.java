package org.dspam.storage.hash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;
import org.dspam.storage.UserLayout;

/**
 * The {@code Hash*} directives and where the files live, read once from dspam.conf.
 *
 * @param home {@code Home}
 * @param layout {@code UserDirectoryLayout}: how user names map to folders under {@code Home/data}
 * @param recordsInNewFile {@code HashRecMax}: slots in the first extent of a new file (built-in 98317)
 * @param autoExtend {@code HashAutoExtend on}: append extents when no slot is free (off unless set)
 * @param maxExtents {@code HashMaxExtents}: most extents one file may have, 0 for no limit
 * @param extentSize {@code HashExtentSize}: slots in an appended extent when {@code HashPctIncrease} is 0
 * @param pctIncrease {@code HashPctIncrease}: growth of each appended extent over the previous one, 0-100
 * @param maxSeek {@code HashMaxSeek}: the probe limit per extent (built-in 100)
 * @param concurrentUser {@code HashConcurrentUser}: a user whose file stays open and indexed, or null
 * @param connectionCache {@code HashConnectionCache}: how many users' files stay open between sessions (at least 1)
 * @param pow2 {@code HashPow2 on}: new files use power-of-two extents and the folding hash (readable only
 *     by the last DSPAM tree)
 * @param sync {@code HashSync on}: every commit is on disk before it returns (survives power loss)
 * @param lockTimeout how long to wait for a user's lock before giving up (DSPAM: 300 s)
 */
public record HashSettings(Path home, UserLayout layout, long recordsInNewFile, boolean autoExtend, long maxExtents,
                           long extentSize, int pctIncrease, int maxSeek, String concurrentUser, int connectionCache,
                           boolean pow2, boolean sync, Duration lockTimeout) {
    /** DSPAM's built-in defaults (hash_drv.h). */
    public static final long DEFAULT_REC_MAX = 98317;
    public static final long DEFAULT_EXTENT_SIZE = 49157;
    public static final int DEFAULT_MAX_SEEK = 100;
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(300);

    public HashSettings {
        if (recordsInNewFile < 1) {
            throw new ConfigException("HashRecMax must be at least 1, not " + recordsInNewFile);
        }
        if (extentSize < 1) {
            throw new ConfigException("HashExtentSize must be at least 1, not " + extentSize);
        }
        if (maxExtents < 0) {
            throw new ConfigException("HashMaxExtents must not be negative");
        }
        if (connectionCache < 0) {
            throw new ConfigException("HashConnectionCache must not be negative");
        }
    }

    /** Reads the settings for a storage profile (null for none) as DSPAM's hash driver does. */
    public static HashSettings from(DspamConfig config, String profile) {
        String home = config.get("Home", profile);
        if (home == null || home.isBlank()) {
            throw new ConfigException("No DSPAM home specified (Home) in " + String.join(", ", config.sources()));
        }
        return read(config, profile, home);
    }

    /** The settings the css tools use: they work on a file named on the command line, so Home may be missing. */
    public static HashSettings forTools(DspamConfig config) {
        String home = config.get("Home", null);
        return read(config, null, home == null || home.isBlank() ? "." : home);
    }

    private static HashSettings read(DspamConfig config, String profile, String home) {
        int pct = (int) number(config, profile, "HashPctIncrease", 0);
        if (pct > 100 || pct < 0) {
            // DSPAM logs "HashPctIncrease out of range; ignoring" and uses 0.
            pct = 0;
        }
        String concurrent = config.get("HashConcurrentUser", profile);
        return new HashSettings(Path.of(home),
                UserLayout.parse(Optional.ofNullable(config.get("UserDirectoryLayout", profile)).orElse("default")),
                number(config, profile, "HashRecMax", DEFAULT_REC_MAX),
                isOn(config, profile, "HashAutoExtend"),
                number(config, profile, "HashMaxExtents", 0),
                number(config, profile, "HashExtentSize", DEFAULT_EXTENT_SIZE),
                pct,
                (int) Math.max(1, Math.min(100_000, number(config, profile, "HashMaxSeek", DEFAULT_MAX_SEEK))),
                concurrent == null || concurrent.isBlank() ? null : concurrent,
                (int) Math.max(0, Math.min(10_000, number(config, profile, "HashConnectionCache", 1))),
                isOn(config, profile, "HashPow2"),
                isOn(config, profile, "HashSync"),
                DEFAULT_LOCK_TIMEOUT);
    }

    /** Settings for tests and tools: the shipped dspam.conf's hash section under {@code home}. */
    public static HashSettings shipped(Path home) {
        return new HashSettings(home, UserLayout.DEFAULT, DEFAULT_REC_MAX, true, 0, DEFAULT_EXTENT_SIZE, 10, 10, null,
                10, false, false, DEFAULT_LOCK_TIMEOUT);
    }

    public HashSettings withLayout(UserLayout l) {
        return new HashSettings(home, l, recordsInNewFile, autoExtend, maxExtents, extentSize, pctIncrease, maxSeek,
                concurrentUser, connectionCache, pow2, sync, lockTimeout);
    }

    public HashSettings withSizes(long recMax, long extent, int pct, int seek) {
        return new HashSettings(home, layout, recMax, autoExtend, maxExtents, extent, pct, seek, concurrentUser,
                connectionCache, pow2, sync, lockTimeout);
    }

    public HashSettings withExtents(boolean auto, long max) {
        return new HashSettings(home, layout, recordsInNewFile, auto, max, extentSize, pctIncrease, maxSeek,
                concurrentUser, connectionCache, pow2, sync, lockTimeout);
    }

    public HashSettings withSync(boolean on) {
        return new HashSettings(home, layout, recordsInNewFile, autoExtend, maxExtents, extentSize, pctIncrease,
                maxSeek, concurrentUser, connectionCache, pow2, on, lockTimeout);
    }

    public HashSettings withPow2(boolean on) {
        return new HashSettings(home, layout, recordsInNewFile, autoExtend, maxExtents, extentSize, pctIncrease,
                maxSeek, concurrentUser, connectionCache, on, sync, lockTimeout);
    }

    public HashSettings withCache(int entries, String concurrent) {
        return new HashSettings(home, layout, recordsInNewFile, autoExtend, maxExtents, extentSize, pctIncrease,
                maxSeek, concurrent, entries, pow2, sync, lockTimeout);
    }

    public HashSettings withLockTimeout(Duration timeout) {
        return new HashSettings(home, layout, recordsInNewFile, autoExtend, maxExtents, extentSize, pctIncrease,
                maxSeek, concurrentUser, connectionCache, pow2, sync, timeout);
    }

    private static boolean isOn(DspamConfig config, String profile, String key) {
        String v = config.get(key, profile);
        return v != null && v.toLowerCase(Locale.ROOT).equals("on");
    }

    private static long number(DspamConfig config, String profile, String key, long dflt) {
        String v = config.get(key, profile);
        if (v == null) {
            return dflt;
        }
        Long parsed = CNumbers.strtol(v);
        if (parsed == null) {
            throw new ConfigException(key + " is not a number: \"" + v + "\"");
        }
        return parsed;
    }
}
