package org.dspam.storage.hash;

/**
 * An open-addressing map between non-zero longs (token ids, record locations) without boxing. A key and its value
 * sit side by side, so a lookup in a map bigger than the caches costs one cache miss, not two.
 */
final class LongLongMap {
    static final long MISSING = Long.MIN_VALUE;

    private final int initialCapacity;
    /** Key at even indexes, its value at the next one; key 0 marks a free place. */
    private long[] table;
    private int size;
    /** The places taken, in the order taken ({@link #size} of them), so that a clear empties only those. */
    private int[] used;
    /** How many clears in a row found the table four times bigger than what it held. */
    private int oversized;

    LongLongMap(int expected) {
        initialCapacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[2 * initialCapacity];
        used = new int[initialCapacity / 2];
    }

    int size() {
        return size;
    }

    long get(long key) {
        long[] t = table;
        int mask = (t.length >>> 1) - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = t[2 * i];
            if (k == key) {
                return t[2 * i + 1];
            }
            if (k == 0) {
                return MISSING;
            }
        }
    }

    void put(long key, long value) {
        put(key, value, true);
    }

    /** Puts {@code key} unless it is there already. */
    void putIfAbsent(long key, long value) {
        put(key, value, false);
    }

    private void put(long key, long value, boolean replace) {
        if (key == 0) {
            throw new IllegalArgumentException("0 is not a key");
        }
        if ((size + 1) * 4 > table.length) {
            grow();
        }
        long[] t = table;
        int mask = (t.length >>> 1) - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = t[2 * i];
            if (k == key) {
                if (replace) {
                    t[2 * i + 1] = value;
                }
                return;
            }
            if (k == 0) {
                t[2 * i] = key;
                t[2 * i + 1] = value;
                used[size++] = i;
                return;
            }
        }
    }

    /**
     * Empties the map, place by place (a map sized for the biggest commit so far mostly holds far less). It keeps
     * its room unless it held much less than that many times in a row: commits of a classification (a few changes)
     * and of a training (thousands) alternate, and a map shrunk after each small one would grow step by step again
     * in the next big one.
     */
    void clear() {
        int fit = Math.max(initialCapacity, Integer.highestOneBit(Math.max(16, size * 2 - 1)) << 1);
        if (table.length <= 4 * fit) {
            oversized = 0;
        } else if (++oversized >= 16) {
            table = new long[2 * fit];
            used = new int[fit / 2];
            oversized = 0;
            size = 0;
            return;
        }
        long[] t = table;
        for (int i = 0; i < size; i++) {
            int at = used[i];
            t[2 * at] = 0;
            t[2 * at + 1] = 0;
        }
        size = 0;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        used = new int[old.length / 2];
        size = 0;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0) {
                put(old[i], old[i + 1]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
