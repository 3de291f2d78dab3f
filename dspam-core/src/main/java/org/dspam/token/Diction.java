package org.dspam.token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The distinct tokens of a message with their frequencies, plus the in-order occurrence streams
 * Bayesian Noise Reduction walks.
 *
 * <p>Iteration order is DSPAM's: tokens grouped by {@code id mod buckets} in ascending bucket
 * order, and by insertion within a bucket. It decides ties when the most significant tokens are
 * ranked and the order of entries in a stored signature, so it is part of the observable
 * behaviour.
 */
public final class Diction {
    /** The bucket count DSPAM uses for a message's tokens. */
    public static final int MESSAGE_BUCKETS = 24593;
    /** The bucket count DSPAM uses for the BNR pattern set. */
    public static final int PATTERN_BUCKETS = 3079;

    private static final int[] PRIMES = {
        53, 97, 193, 389, 769, 1543, 3079, 6151, 12289, 24593, 49157, 98317, 196613, 393241,
        786433, 1572869, 3145739, 6291469, 12582917, 25165843, 50331653, 100663319, 201326611,
        402653189, 805306457, 1610612741};

    private final int buckets;
    private long[] slotKeys = new long[64];
    private Term[] slots = new Term[64];
    private int size;
    private final List<Term> insertion = new ArrayList<>();
    private List<Term> ordered;
    private final TermStream order = new TermStream();
    private final TermStream chainedOrder = new TermStream();
    private long whitelistToken;
    private boolean hasWhitelistToken;

    public Diction() {
        this(MESSAGE_BUCKETS);
    }

    /** A diction with DSPAM's bucket count for the requested size (the next prime of its list). */
    public Diction(int requestedBuckets) {
        int b = PRIMES[PRIMES.length - 1];
        for (int p : PRIMES) {
            if (p >= requestedBuckets) {
                b = p;
                break;
            }
        }
        this.buckets = b;
    }

    /** Context streams: occurrences of unigrams (word, chain) or sparse keys (sbph, osb). */
    public static final int CONTEXT = 2;
    /** With {@link #CONTEXT}: the occurrence goes to the chained-pair stream. */
    public static final int CHAINED = 1;

    /** Adds one occurrence of a token: a new term with frequency 1, or one more for a known one. */
    public Term touch(long key, String name, int flags) {
        Term t = find(key);
        if (t == null) {
            t = new Term(key, name, insertion.size());
            put(key, t);
            insertion.add(t);
            ordered = null;
        } else {
            t.nameIfAbsent(name);
            t.frequency++;
        }
        if ((flags & CONTEXT) != 0) {
            ((flags & CHAINED) != 0 ? chainedOrder : order).add(t);
        }
        return t;
    }

    public Term find(long key) {
        int mask = slots.length - 1;
        int i = mix(key) & mask;
        while (slots[i] != null) {
            if (slotKeys[i] == key) {
                return slots[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private void put(long key, Term t) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = mix(key) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = t;
        slotKeys[i] = key;
        size++;
    }

    private void grow() {
        Term[] old = slots;
        slots = new Term[old.length * 2];
        slotKeys = new long[old.length * 2];
        int mask = slots.length - 1;
        for (Term t : old) {
            if (t != null) {
                int i = mix(t.key()) & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = t;
                slotKeys[i] = t.key();
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** All terms in DSPAM's iteration order. */
    public List<Term> terms() {
        if (ordered == null) {
            Term[] sorted = insertion.toArray(new Term[0]);
            long divisor = buckets;
            Arrays.sort(sorted, Comparator
                    .comparingLong((Term t) -> Long.remainderUnsigned(t.key(), divisor))
                    .thenComparingInt(Term::sequence));
            ordered = List.of(sorted);
        }
        return ordered;
    }

    public TermStream order() {
        return order;
    }

    public TermStream chainedOrder() {
        return chainedOrder;
    }

    public void setWhitelistToken(long key) {
        whitelistToken = key;
        hasWhitelistToken = true;
    }

    public boolean hasWhitelistToken() {
        return hasWhitelistToken;
    }

    public long whitelistToken() {
        return whitelistToken;
    }

    public boolean isWhitelistToken(Term t) {
        return hasWhitelistToken && t.key() == whitelistToken;
    }

    /** An append-only list of token occurrences. */
    public static final class TermStream {
        private Term[] items = new Term[256];
        private int count;

        void add(Term t) {
            if (count == items.length) {
                items = Arrays.copyOf(items, count * 2);
            }
            items[count++] = t;
        }

        public int size() {
            return count;
        }

        public Term get(int i) {
            return items[i];
        }
    }
}
