package org.dspam.storage.hash;

import java.util.Arrays;

/**
 * A set of tokens that can only say "certainly not here" or "maybe": a bit per token, by a hash of it, in 4 KB that
 * stay in the processor's first-level cache. It spares the look in a map (a cache miss) for the many tokens a map
 * beside it does not hold; with a few hundred tokens in it, about one absent token in a hundred is a "maybe".
 */
final class TokenFilter {
    private final long[] bits = new long[512];
    private boolean empty = true;

    void add(long key) {
        int bit = bit(key);
        bits[bit >>> 6] |= 1L << bit;
        empty = false;
    }

    boolean mayHold(long key) {
        int bit = bit(key);
        return (bits[bit >>> 6] & (1L << bit)) != 0;
    }

    void clear() {
        if (!empty) {
            Arrays.fill(bits, 0);
            empty = true;
        }
    }

    private static int bit(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 49);
    }
}
