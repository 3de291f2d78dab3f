package org.dspam.storage.hash;

/** What a slot holds, as far as a lookup of one token needs to know. */
interface Slots {
    int EMPTY = 0;
    int MATCH = 1;
    int OTHER = 2;

    /** {@link #EMPTY}, {@link #MATCH} when the slot holds {@code key}, or {@link #OTHER}. */
    int test(Extent e, int slot, long key);
}
