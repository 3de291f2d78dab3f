package org.dspam.storage.hash;

/**
 * How big extents are. A new file's first extent has HashRecMax slots; each appended extent is the previous one
 * grown by HashPctIncrease percent (HashExtentSize slots when that is 0). Sizes are rounded up to a prime, or to a
 * power of two in a power-of-two file. With the shipped settings this is exactly the last DSPAM tree's sequence
 * (98317, 108161, 119027, ...); see docs/hash-driver.md for why this project prefers it to the 3.10.2 release's.
 */
final class ExtentSizes {
    private ExtentSizes() {
    }

    static long first(HashSettings s) {
        return round(s.recordsInNewFile(), s.pow2());
    }

    static long next(HashSettings s, long previous, boolean pow2) {
        long base = s.pctIncrease() > 0
                ? (long) (previous + previous * (s.pctIncrease() / 100.0))
                : s.extentSize();
        return round(base, pow2);
    }

    static long round(long slots, boolean pow2) {
        long r = pow2 ? CssFormat.powerOfTwoAtLeast(slots) : CssFormat.primeAtLeast(slots);
        return Math.min(r, pow2 ? Integer.highestOneBit(CssFormat.MAX_SLOTS) : CssFormat.MAX_SLOTS);
    }
}
