package org.dspam.storage.hash;

/** What a slot holds, as far as a lookup of one token needs to know. */
interface Slots {
    int EMPTY = 0;
    int MATCH = 1;
    int OTHER = 2;

    /** {@link #EMPTY}, {@link #MATCH} when the slot holds {@code key}, or {@link #OTHER}. */
    int test(Extent e, int slot, long key);

    /**
     * The first slot in {@code [from, to)} of {@code e} that {@link #test} finds {@link #EMPTY}, or -1: the question
     * an insertion asks of every extent in turn, which an index answers from a bit per slot.
     */
    default int firstEmpty(Extent e, int from, int to, long key) {
        for (int s = from; s < to; s++) {
            if (test(e, s, key) == EMPTY) {
                return s;
            }
        }
        return -1;
    }
}
