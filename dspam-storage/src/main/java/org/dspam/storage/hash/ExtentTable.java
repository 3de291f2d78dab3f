package org.dspam.storage.hash;

/**
 * Which extents may hold a token: for every stored record an 11-bit fingerprint of its token and its extent's
 * index, kept in cache lines chosen by the token. A lookup reads one line (64 bytes) and learns both whether the
 * token can be in the file at all and in which extents to look, so that a token stored in the sixteenth extent is
 * not searched for in the fifteen before it.
 *
 * <p>A line is eight longs of four 16-bit lanes: lane 0 holds the line's flags, the other 31 a fingerprint (bits
 * 5-15, never 0) and an extent index (bits 0-4; 31 stands for "31 or later"), 0 when free; lanes are taken in
 * order. A line that is full passes further tokens to the next line and says so in its flags; if that one is full
 * too, the line is marked incomplete, and a lookup there gives up and names every extent. Sized for 24 tokens a
 * line (3.3 bytes per token of room), one line in a few thousand overflows and about one in a million is
 * incomplete.
 *
 * <p>Every stored token's extents are among those named (a token stored twice names both), so looking in the
 * named extents in order finds the first place a walk over every extent would find: the answer is the same, only
 * cheaper. An unknown token names no extent but for one in about 80.
 */
final class ExtentTable {
    /** Tokens of room per line the table is sized for (31 fit). */
    static final int TOKENS_PER_LINE = 24;
    /** {@link #candidates} for a token whose line is incomplete: look everywhere. */
    static final long ALL = -1L;
    /** The bit of {@link #candidates} that stands for extent 31 and every later one. */
    static final int LAST_BIT = 31;

    private static final long FLAG_OVERFLOW = 1;
    private static final long FLAG_INCOMPLETE = 2;
    private static final long FP_MASK = 0xFFE0_FFE0_FFE0_FFE0L;
    private static final long LOW15 = 0x7FFF_7FFF_7FFF_7FFFL;

    private final long[] table;
    private final long lines;

    /** A table with room for {@code tokens} tokens at {@link #TOKENS_PER_LINE} a line. */
    static ExtentTable forTokens(long tokens) {
        return new ExtentTable(Math.max(2, (tokens + TOKENS_PER_LINE - 1) / TOKENS_PER_LINE));
    }

    ExtentTable(long lines) {
        this.lines = lines;
        this.table = new long[Math.toIntExact(lines * 8)];
    }

    long bytes() {
        return table.length * 8L;
    }

    /** Records that {@code key} (mixed: {@code h}) is stored in extent {@code extent}. */
    void add(long h, int extent) {
        long lane = lane(h, extent);
        int line = line(h);
        if (put(line, lane)) {
            return;
        }
        table[line * 8] |= FLAG_OVERFLOW;
        if (!put(next(line), lane)) {
            table[line * 8] |= FLAG_INCOMPLETE;
        }
    }

    private boolean put(int line, long lane) {
        int base = line * 8;
        for (int w = 0; w < 8; w++) {
            long v = table[base + w];
            long free = zeroLanes(v);
            if (w == 0) {
                free &= ~0x8000L;
            }
            if (free != 0) {
                table[base + w] = v | (lane << (Long.numberOfTrailingZeros(free) - 15));
                return true;
            }
        }
        return false;
    }

    /** The top bit of each 16-bit lane of {@code x} that is 0 (exact: no borrow between lanes). */
    private static long zeroLanes(long x) {
        return ~(((x & LOW15) + LOW15) | x | LOW15);
    }

    /**
     * The extents that may hold the token (mixed: {@code h}) as bits (bit i: extent i, {@link #LAST_BIT}: extent 31
     * or later), 0 when it is certainly not stored, {@link #ALL} when this table cannot tell.
     */
    long candidates(long h) {
        int line = line(h);
        long pattern = (fp(h) << 5) * 0x0001_0001_0001_0001L;
        long flags = table[line * 8] & 0xFFFF;
        if ((flags & FLAG_INCOMPLETE) != 0) {
            return ALL;
        }
        long found = scan(line, pattern);
        if ((flags & FLAG_OVERFLOW) != 0) {
            found |= scan(next(line), pattern);
        }
        return found;
    }

    /** Reads the token's line (so that {@link #candidates} finds it in the cache); returns a word of it. */
    long touch(long h) {
        return table[line(h) * 8];
    }

    private long scan(int line, long pattern) {
        long found = 0;
        int base = line * 8;
        for (int w = 0; w < 8; w++) {
            long v = table[base + w];
            // The top bit of each lane whose fingerprint bits are all equal.
            long zero = zeroLanes((v ^ pattern) & FP_MASK);
            if (w == 0) {
                zero &= ~0x8000L;
            }
            while (zero != 0) {
                int top = Long.numberOfTrailingZeros(zero);
                found |= 1L << ((v >>> (top - 15)) & 31);
                zero &= zero - 1;
            }
            // Lanes are taken in order (see put): past a free one, the line holds nothing.
            if ((zeroLanes(v) & (w == 0 ? ~0x8000L : -1L)) != 0) {
                break;
            }
        }
        return found;
    }

    private int line(long h) {
        return (int) Math.multiplyHigh(h >>> 1, lines << 1);
    }

    private int next(int line) {
        return line + 1 == lines ? 0 : line + 1;
    }

    private static long fp(long h) {
        long fp = h & 2047;
        return fp == 0 ? 1 : fp;
    }

    private static long lane(long h, int extent) {
        return (fp(h) << 5) | Math.min(extent, LAST_BIT);
    }
}
