package org.dspam.storage.hash;

import java.util.Arrays;

/** An open-addressing map between non-zero longs (token ids, record locations) without boxing. */
final class LongLongMap {
    static final long MISSING = Long.MIN_VALUE;

    private final int initialCapacity;
    private long[] keys;
    private long[] values;
    private int size;

    LongLongMap(int expected) {
        initialCapacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[initialCapacity];
        values = new long[initialCapacity];
    }

    int size() {
        return size;
    }

    long get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == 0) {
                return MISSING;
            }
        }
    }

    void put(long key, long value) {
        if (key == 0) {
            throw new IllegalArgumentException("0 is not a key");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    /**
     * Empties the map, keeping room for as many entries as it held (a session's lookups are much like the last
     * one's), so that clearing costs about what filling it did.
     */
    void clear() {
        int fit = Math.max(initialCapacity, Integer.highestOneBit(Math.max(16, size * 2 - 1)) << 1);
        if (keys.length > 2 * fit) {
            keys = new long[fit];
            values = new long[fit];
        } else if (size > 0) {
            Arrays.fill(keys, 0);
        }
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
