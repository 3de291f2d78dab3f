package org.dspam.storage.hash;

/** A record's place as one long: extent index + 1 in the high half (so that it is never 0), slot in the low half. */
final class Locations {
    static final long NONE = -1;

    private Locations() {
    }

    static long of(int extent, int slot) {
        return ((long) (extent + 1) << 32) | slot;
    }

    static int extent(long location) {
        return (int) (location >>> 32) - 1;
    }

    static int slot(long location) {
        return (int) location;
    }
}
