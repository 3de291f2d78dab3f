package org.dspam.storage.memory;

/**
 * An open-addressing map from token id to a pair of 28-bit counts packed in one long. Each id
 * sits next to its counts, so a lookup costs one cache miss.
 */
final class CountTable {
    private long[] table = new long[2 * 1024];
    private boolean hasZeroKey;
    private long zeroKeyValue;
    private int size;

    int size() {
        return size;
    }

    /** Packed {@code spam << 32 | innocent}, or 0 when absent. Slot key 0 means empty; id 0 is kept aside. */
    long get(long key) {
        if (key == 0) {
            return hasZeroKey ? zeroKeyValue : 0;
        }
        int mask = table.length / 2 - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = table[2 * i];
            if (k == key) {
                return table[2 * i + 1];
            }
            if (k == 0) {
                return 0;
            }
        }
    }

    /**
     * Looks up a batch. The first probe of every key is issued before any is examined, so the
     * processor can overlap the memory accesses instead of waiting for each in turn.
     */
    void getAll(long[] keys, int count, long[] spam, long[] innocent) {
        int mask = table.length / 2 - 1;
        // First pass: load each key's first slot (into spam[], used as scratch) without looking at it.
        for (int i = 0; i < count; i++) {
            spam[i] = table[2 * slot(keys[i], mask)];
        }
        for (int i = 0; i < count; i++) {
            long key = keys[i];
            long packed;
            if (key == 0) {
                packed = hasZeroKey ? zeroKeyValue : 0;
            } else if (spam[i] == key) {
                packed = table[2 * slot(key, mask) + 1];
            } else if (spam[i] == 0) {
                packed = 0;
            } else {
                packed = get(key);
            }
            spam[i] = spam(packed);
            innocent[i] = innocent(packed);
        }
    }

    void put(long key, long packed) {
        if (key == 0) {
            if (!hasZeroKey) {
                size++;
            }
            hasZeroKey = true;
            zeroKeyValue = packed;
            return;
        }
        if ((size + 1) * 2 > table.length / 2) {
            resize(table.length);
        }
        int mask = table.length / 2 - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = table[2 * i];
            if (k == key) {
                table[2 * i + 1] = packed;
                return;
            }
            if (k == 0) {
                table[2 * i] = key;
                table[2 * i + 1] = packed;
                size++;
                return;
            }
        }
    }

    /** Keeps the loads of {@link #addAll}'s first pass from being optimised away. */
    private long touched;

    /**
     * Applies a batch of deltas. As in {@link #getAll}, the first slot of every key is read
     * before any is updated, so the processor overlaps the cache misses.
     */
    void addAll(org.dspam.storage.TokenChanges changes) {
        int n = changes.size();
        int mask = table.length / 2 - 1;
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink ^= table[2 * slot(changes.key(i), mask)];
        }
        touched = sink;
        for (int i = 0; i < n; i++) {
            addDeltas(changes.key(i), changes.spamDelta(i), changes.innocentDelta(i));
        }
    }

    /** Adds deltas to a stored pair (absent counts as 0/0), flooring at 0 and capping as storage does. */
    void addDeltas(long key, long spamDelta, long innocentDelta) {
        if (key == 0 || (size + 1) * 2 > table.length / 2) {
            long old = get(key);
            put(key, pack(org.dspam.storage.TokenChanges.apply(spam(old), spamDelta),
                    org.dspam.storage.TokenChanges.apply(innocent(old), innocentDelta)));
            return;
        }
        int mask = table.length / 2 - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = table[2 * i];
            if (k == key || k == 0) {
                long old = k == 0 ? 0 : table[2 * i + 1];
                if (k == 0) {
                    table[2 * i] = key;
                    size++;
                }
                table[2 * i + 1] = pack(org.dspam.storage.TokenChanges.apply(spam(old), spamDelta),
                        org.dspam.storage.TokenChanges.apply(innocent(old), innocentDelta));
                return;
            }
        }
    }

    void remove(long key) {
        if (key == 0) {
            if (hasZeroKey) {
                hasZeroKey = false;
                size--;
            }
            return;
        }
        int mask = table.length / 2 - 1;
        int i = slot(key, mask);
        while (table[2 * i] != key) {
            if (table[2 * i] == 0) {
                return;
            }
            i = (i + 1) & mask;
        }
        table[2 * i] = 0;
        table[2 * i + 1] = 0;
        size--;
        // Re-insert the rest of the cluster so lookups never stop early.
        for (int j = (i + 1) & mask; table[2 * j] != 0; j = (j + 1) & mask) {
            long k = table[2 * j];
            long v = table[2 * j + 1];
            table[2 * j] = 0;
            table[2 * j + 1] = 0;
            size--;
            put(k, v);
        }
    }

    void forEach(Visitor v) {
        if (hasZeroKey) {
            v.visit(0, zeroKeyValue);
        }
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != 0) {
                v.visit(table[i], table[i + 1]);
            }
        }
    }

    interface Visitor {
        void visit(long key, long packed);
    }

    private void resize(int slots) {
        long[] old = table;
        table = new long[slots * 2];
        size = hasZeroKey ? 1 : 0;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0) {
                put(old[i], old[i + 1]);
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
}
