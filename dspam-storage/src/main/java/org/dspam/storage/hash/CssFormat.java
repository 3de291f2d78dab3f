package org.dspam.storage.hash;

/**
 * DSPAM's {@code .css} layout (LP64, little-endian): a chain of extents, each an 80-byte header
 * ({@code hash_rec_max}, the eight totals, the last tree's {@code flags}, padding) and 24-byte records
 * ({@code hashcode}, {@code nonspam}, {@code spam}).
 */
public final class CssFormat {
    public static final int HEADER_BYTES = 80;
    public static final int RECORD_BYTES = 24;
    /** Offset of the eight totals in the first header. */
    public static final int TOTALS_OFFSET = 8;
    /** Offset of the last tree's flags word; bits 0-1 select the hash function. */
    public static final int FLAGS_OFFSET = 72;
    public static final int HASH_MODULO = 0;
    public static final int HASH_POW2 = 1;
    /** Counts live in the low 28 bits; cssclean keeps an age counter in the top four bits of each. */
    public static final long COUNT_MASK = 0x0fffffffL;
    /** The largest extent one mapping can hold. */
    public static final int MAX_SLOTS = (Integer.MAX_VALUE - HEADER_BYTES) / RECORD_BYTES;

    private CssFormat() {
    }

    /** cssclean's age counter: how many cleaning runs saw the record without an update since. */
    public static int age(long rawNonspam, long rawSpam) {
        return (int) (((rawNonspam >>> 28) & 0x0f) | ((rawSpam >>> 24) & 0xf0));
    }

    public static long withAge(long count, int age, boolean spam) {
        long c = count & COUNT_MASK;
        return spam ? c | ((long) (age & 0xf0) << 24) : c | ((long) (age & 0x0f) << 28);
    }

    /** The first slot DSPAM looks at for a token. */
    public static int startSlot(long key, int slots, boolean pow2) {
        if (!pow2) {
            return (int) Long.remainderUnsigned(key, slots);
        }
        int bits = Integer.numberOfTrailingZeros(slots);
        if (bits == 0) {
            return 0;
        }
        long mask = slots - 1L;
        long folded = 0;
        for (long k = key; k != 0; k >>>= bits) {
            folded ^= k & mask;
        }
        return (int) folded;
    }

    /**
     * The 3.10.2 release's next slot: its wrap test counts the 80-byte header, so after a step it wraps to slot 0
     * once the slot index reaches {@code slots - 3}.
     */
    public static int nextReleaseSlot(int slot, int slots) {
        long next = slot + 1L;
        return HEADER_BYTES + next * RECORD_BYTES >= (long) slots * RECORD_BYTES ? 0 : (int) next;
    }

    /** The last tree's next slot: plain wrap at the end. */
    public static int nextTreeSlot(int slot, int slots) {
        int next = slot + 1;
        return next == slots ? 0 : next;
    }

    /**
     * Whether the last tree's window (maxSeek slots from the start) lies inside the release's (maxSeek + 1 slots
     * along the same path). That is so unless the window reaches the release's early wrap; then the two rules
     * walk different slots and both are followed.
     */
    public static boolean windowsAgree(int start, int slots, int maxSeek) {
        long wrapAt = ((long) slots * RECORD_BYTES - HEADER_BYTES + RECORD_BYTES - 1) / RECORD_BYTES;
        return (long) start + maxSeek - 1 < wrapAt;
    }

    /** The smallest prime at or above n, testing divisors up to 10000 as the last DSPAM tree does. */
    public static long primeAtLeast(long n) {
        long c = Math.max(2, n);
        while (!looksPrime(c)) {
            c++;
        }
        return c;
    }

    static boolean looksPrime(long n) {
        if (n < 2) {
            return false;
        }
        for (long d = 2; d * d <= n && d <= 10000; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    public static long powerOfTwoAtLeast(long n) {
        long c = 1;
        while (c < n) {
            c <<= 1;
        }
        return c;
    }
}
