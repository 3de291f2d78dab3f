package org.dspam.storage;

import java.util.Arrays;

/**
 * The token count changes one message causes, as relative deltas so that drivers can apply them
 * atomically against whatever is stored now (a file under its lock, or an SQL
 * {@code count = count + delta}). Applied counts never go below 0 or above {@link #MAX_COUNT}.
 */
public final class TokenChanges {
    /** DSPAM stores counts in 28 bits. */
    public static final long MAX_COUNT = 0x0fffffffL;

    private long[] keys;
    private long[] spamDeltas;
    private long[] innocentDeltas;
    private int size;

    public TokenChanges(int capacity) {
        int c = Math.max(capacity, 4);
        keys = new long[c];
        spamDeltas = new long[c];
        innocentDeltas = new long[c];
    }

    public void add(long key, long spamDelta, long innocentDelta) {
        if (size == keys.length) {
            int c = size * 2;
            keys = Arrays.copyOf(keys, c);
            spamDeltas = Arrays.copyOf(spamDeltas, c);
            innocentDeltas = Arrays.copyOf(innocentDeltas, c);
        }
        keys[size] = key;
        spamDeltas[size] = spamDelta;
        innocentDeltas[size] = innocentDelta;
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long key(int i) {
        return keys[i];
    }

    public long spamDelta(int i) {
        return spamDeltas[i];
    }

    public long innocentDelta(int i) {
        return innocentDeltas[i];
    }

    /** A stored count after a delta: floored at 0, capped at {@link #MAX_COUNT}. */
    public static long apply(long stored, long delta) {
        return Math.min(MAX_COUNT, Math.max(0, stored + delta));
    }
}
