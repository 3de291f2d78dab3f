package org.dspam.tools.clean;

import org.dspam.config.ConfigValue;
import org.dspam.config.DspamConfig;

/**
 * Which purges {@code dspam_clean} runs and their ages in days (0 = regardless of age): the
 * {@code Purge*} directives of dspam.conf, overridden by {@code -s[age] -p[age]
 * -u[any,hapax,nospam,onehit]}.
 *
 * @param signatures signatures older than this many days, or -1 for no signature purge
 * @param neutral neutral tokens (0.35..0.65) not hit for this many days, or -1
 * @param unused the four "unused" ages, or null for no unused purge
 */
record Ages(int signatures, int neutral, Unused unused) {
    /** DSPAM's built-in ages, used when an option has no age and dspam.conf sets none. */
    static final int DEFAULT_SIGNATURES = 14;
    static final int DEFAULT_NEUTRAL = 30;
    static final Unused DEFAULT_UNUSED = new Unused(90, 30, 15, 15);

    /**
     * @param any tokens not hit for this many days (not in TOE mode; in TUM only tokens with fewer than 50 hits)
     * @param hapax tokens with fewer than 5 weighted hits (2 per innocent hit) not hit for this many days
     * @param oneSpamHit tokens with exactly one spam and no innocent hit ({@code PurgeHits1S})
     * @param oneInnocentHit tokens with exactly one innocent and no spam hit ({@code PurgeHits1I})
     */
    record Unused(int any, int hapax, int oneSpamHit, int oneInnocentHit) {
        int[] toArray() {
            return new int[] {any, hapax, oneSpamHit, oneInnocentHit};
        }

        static Unused of(int[] a) {
            return new Unused(a[0], a[1], a[2], a[3]);
        }
    }

    boolean nothingToDo() {
        return signatures < 0 && neutral < 0 && unused == null;
    }

    /** The defaults from dspam.conf: a {@code Purge*} directive that is set and not {@code off} turns its purge on. */
    static Ages configured(DspamConfig config) {
        int sigs = age(config, "PurgeSignatures");
        int neutral = age(config, "PurgeNeutral");
        Unused unused = null;
        if (age(config, "PurgeUnused") >= 0) {
            int[] a = DEFAULT_UNUSED.toArray();
            String[] keys = {"PurgeUnused", "PurgeHapaxes", "PurgeHits1S", "PurgeHits1I"};
            boolean zero = false;
            for (int i = 0; i < 4; i++) {
                int v = age(config, keys[i]);
                if (v >= 0) {
                    a[i] = v;
                }
                // As in DSPAM, a configured age of 0 switches the unused purge off (on the command line 0 means "all").
                zero |= config.get(keys[i]).isPresent() && v == 0;
            }
            unused = zero ? null : Unused.of(a);
        }
        return new Ages(sigs, neutral, unused);
    }

    /** The directive's age, or -1 when it is absent or {@code off}; anything else but a number is an error. */
    private static int age(DspamConfig config, String key) {
        var value = config.first(key);
        if (value.isEmpty() || value.get().value().equalsIgnoreCase("off")) {
            return -1;
        }
        ConfigValue v = value.get();
        try {
            int n = Integer.parseInt(v.value().trim());
            if (n < 0) {
                throw v.invalid(key + " must be a number of days or off");
            }
            return n;
        } catch (NumberFormatException e) {
            throw v.invalid(key + " must be a number of days or off, not \"" + v.value() + "\"");
        }
    }
}
