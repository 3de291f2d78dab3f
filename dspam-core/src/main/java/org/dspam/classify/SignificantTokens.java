package org.dspam.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * The bounded ranking of the most interesting tokens (those whose probability is furthest from
 * 0.5), reproducing DSPAM's list exactly, ties included.
 *
 * <p>DSPAM keeps an ascending linked list and drops the least significant entry when full; here it is kept in
 * arrays and walked the same way. A new entry goes after the last entry it beats: a larger distance from 0.5 (the
 * new distance is computed in single precision and compared with the stored double, so a token equal to one
 * already listed ranks above it), then a higher frequency, then a greater or equal complexity.
 */
public final class SignificantTokens {
    /** The list in ascending order (index 0 is the least significant), an entry's fields side by side. */
    private final double[] deltas;
    private final long[] keys;
    private final long[] frequencies;
    private final int[] complexities;
    private final int capacity;
    private int size;

    public SignificantTokens(int capacity) {
        this.capacity = capacity;
        deltas = new double[capacity];
        keys = new long[capacity];
        frequencies = new long[capacity];
        complexities = new int[capacity];
    }

    /** The list size DSPAM uses for the configured algorithms: 27 with Burton, else 25 with Robinson, else 15. */
    public static int capacityFor(java.util.Set<Algorithm> algorithms) {
        if (algorithms.contains(Algorithm.BURTON)) {
            return 27;
        }
        return algorithms.contains(Algorithm.ROBINSON) ? 25 : 15;
    }

    public void offer(double probability, long key, long frequency, org.dspam.token.Term term) {
        float delta = (float) Math.abs(0.5 - probability);
        // The name's complexity only matters for exact ties, so it is computed when one occurs.
        int complexity = -1;
        // The last entry beaten, walking up from the least significant while the entries are beaten.
        int after = -1;
        for (int i = 0; i < size; i++) {
            double d = deltas[i];
            if (delta > d) {
                after = i;
            } else if (delta == d) {
                if (frequency > frequencies[i]) {
                    after = i;
                } else if (frequency == frequencies[i]) {
                    if (complexity < 0) {
                        complexity = term.complexity();
                    }
                    if (complexity >= complexities[i]) {
                        after = i;
                    }
                }
            }
            if (after < 0) {
                break;
            }
        }
        if (after < 0 && size == capacity) {
            return;
        }
        int at;
        if (size == capacity) {
            // Full: the least significant entry drops out, the ones up to the beaten one move down.
            shift(1, 0, after);
            at = after;
        } else {
            at = after + 1;
            shift(at, at + 1, size - at);
            size++;
        }
        deltas[at] = Math.abs(0.5 - probability);
        keys[at] = key;
        frequencies[at] = frequency;
        complexities[at] = complexity < 0 ? term.complexity() : complexity;
    }

    private void shift(int from, int to, int count) {
        System.arraycopy(deltas, from, deltas, to, count);
        System.arraycopy(keys, from, keys, to, count);
        System.arraycopy(frequencies, from, frequencies, to, count);
        System.arraycopy(complexities, from, complexities, to, count);
    }

    public int size() {
        return size;
    }

    /** Token ids from the most to the least significant. */
    public List<Long> mostSignificantFirst() {
        List<Long> out = new ArrayList<>(size);
        for (int i = size - 1; i >= 0; i--) {
            out.add(keys[i]);
        }
        return out;
    }
}
