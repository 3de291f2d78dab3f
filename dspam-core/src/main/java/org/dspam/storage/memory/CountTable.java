package org.dspam.storage.memory;

import java.util.Arrays;

/** An open-addressing map from token id to a pair of 28-bit counts packed in one long. */
final class CountTable {
    private static final long EMPTY = 0L;
    private long[] keys = new long[1024];
    private long[] values = new long[1024];
    private boolean[] used = new boolean[1024];
    private int size;

    int size() {
        return size;
    }

    /** Packed {@code spam << 32 | innocent}, or 0 when absent. */
    long get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); used[i]; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return EMPTY;
    }

    void put(long key, long packed) {
        if ((size + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (used[i]) {
            if (keys[i] == key) {
                values[i] = packed;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        values[i] = packed;
        size++;
    }

    void remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (!used[i]) {
            return;
        }
        used[i] = false;
        size--;
        // Re-insert the rest of the cluster so lookups never stop early.
        for (int j = (i + 1) & mask; used[j]; j = (j + 1) & mask) {
            long k = keys[j];
            long v = values[j];
            used[j] = false;
            size--;
            put(k, v);
        }
    }

    void forEach(Visitor v) {
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                v.visit(keys[i], values[i]);
            }
        }
    }

    interface Visitor {
        void visit(long key, long packed);
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[capacity];
        values = new long[capacity];
        used = new boolean[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    static long pack(long spam, long innocent) {
        return (spam << 32) | innocent;
    }

    static long spam(long packed) {
        return packed >>> 32;
    }

    static long innocent(long packed) {
        return packed & 0xffffffffL;
    }

    long[] keysCopy() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                out[n++] = keys[i];
            }
        }
        return Arrays.copyOf(out, n);
    }
}
