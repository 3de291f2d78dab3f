package org.dspam.token;

import java.util.ArrayList;
import java.util.Arrays;
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
    private long[] slotKeys;
    private Term[] slots;
    /** Terms in the lookup table (all but appended BNR patterns). */
    private int hashed;
    private final ArrayList<Term> insertion;
    /** The terms in iteration order, covering the first {@code orderedCount} insertions. */
    private Term[] ordered;
    private int orderedCount;
    private final TermStream order = new TermStream();
    private final TermStream chainedOrder = new TermStream();
    private long whitelistToken;
    private boolean hasWhitelistToken;
    /** Set by {@link #freeze()}: the tokenized terms and their order, restored by {@link #reset()}. */
    private int baseSize = -1;
    private Term[] baseOrdered;

    public Diction() {
        this(MESSAGE_BUCKETS, 4096);
    }

    /**
     * A diction with DSPAM's bucket count for the requested size (the next prime of its list);
     * {@code expectedTerms} only sizes the lookup table.
     */
    public Diction(int requestedBuckets, int expectedTerms) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedTerms) * 2 - 1) * 2;
        this.slotKeys = new long[capacity];
        this.slots = new Term[capacity];
        this.insertion = new ArrayList<>(Math.max(16, expectedTerms));
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
    /** The token is a BNR pattern: its text starts with {@code bnr.}, and is not read to find that out. */
    public static final int PATTERN = 4;

    /** Adds one occurrence of a token: a new term with frequency 1, or one more for a known one. */
    public Term touch(long key, String name, int flags) {
        return touch(key, name, null, 0, null, flags);
    }

    /** {@link #touch} for a sparse key whose text ({@code first + gap + second}) is only built if asked for. */
    Term touchSparse(long key, String first, int gap, String second, int flags) {
        return touch(key, null, first, gap, second, flags);
    }

    private Term touch(long key, String name, String first, int gap, String second, int flags) {
        if ((hashed + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = mix(key) & mask;
        Term t;
        while ((t = slots[i]) != null && slotKeys[i] != key) {
            i = (i + 1) & mask;
        }
        if (t == null) {
            t = (flags & PATTERN) != 0
                    ? new Term(key, name, first, gap, second, insertion.size(), bucketOf(key), true)
                    : new Term(key, name, first, gap, second, insertion.size(), bucketOf(key));
            slots[i] = t;
            slotKeys[i] = key;
            hashed++;
            insertion.add(t);
        } else {
            if (name != null) {
                t.nameIfAbsent(name);
            }
            t.frequency++;
        }
        if ((flags & CONTEXT) != 0) {
            ((flags & CHAINED) != 0 ? chainedOrder : order).add(t);
        }
        return t;
    }

    /**
     * Ends tokenization: the current terms, frequencies and order become the state every run
     * starts from ({@link #reset()}).
     */
    public void freeze() {
        baseOrdered = terms().toArray(new Term[0]);
        baseSize = insertion.size();
        insertion.ensureCapacity(baseSize + 1024);
        for (Term t : insertion) {
            t.freeze();
        }
    }

    /** Drops what a run added or changed (statistics, eliminations, BNR patterns). */
    public void reset() {
        if (baseSize < 0) {
            throw new IllegalStateException("reset() before freeze()");
        }
        while (insertion.size() > baseSize) {
            insertion.remove(insertion.size() - 1);
        }
        for (Term t : insertion) {
            t.resetRun();
        }
        ordered = baseOrdered.clone();
        orderedCount = baseSize;
    }

    /**
     * Adds a BNR pattern, a term of another diction, to a message: the term itself moves in, never to be looked
     * up by id, as the last insertion. An id already present (which only a CRC collision could cause) returns
     * that term instead, one occurrence more.
     */
    public Term appendPattern(Term pattern) {
        Term existing = find(pattern.key());
        if (existing != null) {
            existing.frequency++;
            return existing;
        }
        pattern.moveTo(insertion.size(), bucketOf(pattern.key()));
        insertion.add(pattern);
        return pattern;
    }

    /** A frozen copy with fresh terms, for a run while another uses this one. */
    public Diction copy() {
        Diction d = new Diction(buckets, baseSize);
        Term[] fresh = new Term[baseSize];
        for (int i = 0; i < baseSize; i++) {
            Term c = insertion.get(i).copy();
            fresh[i] = c;
            d.insertion.add(c);
            d.put(c);
        }
        d.baseOrdered = new Term[baseOrdered.length];
        for (int i = 0; i < baseOrdered.length; i++) {
            d.baseOrdered[i] = fresh[baseOrdered[i].index()];
        }
        d.baseSize = baseSize;
        d.ordered = d.baseOrdered.clone();
        d.orderedCount = baseSize;
        order.copyInto(d.order, fresh);
        chainedOrder.copyInto(d.chainedOrder, fresh);
        d.whitelistToken = whitelistToken;
        d.hasWhitelistToken = hasWhitelistToken;
        return d;
    }

    private void put(Term t) {
        if ((hashed + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = mix(t.key()) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = t;
        slotKeys[i] = t.key();
        hashed++;
    }

    public Term find(long key) {
        int mask = slots.length - 1;
        int i = mix(key) & mask;
        Term t;
        while ((t = slots[i]) != null) {
            if (slotKeys[i] == key) {
                return t;
            }
            i = (i + 1) & mask;
        }
        return null;
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

    /** The number of distinct tokens, BNR patterns included. */
    public int size() {
        return insertion.size();
    }

    public boolean isEmpty() {
        return insertion.isEmpty();
    }

    /**
     * All terms in DSPAM's iteration order. Terms added after the last call are sorted on their
     * own and merged in.
     */
    public List<Term> terms() {
        int n = insertion.size();
        if (ordered == null || orderedCount != n) {
            Term[] added = sortedRange(orderedCount, n);
            ordered = ordered == null ? added : merge(ordered, added);
            orderedCount = n;
        }
        return Arrays.asList(ordered);
    }

    private int bucketOf(long key) {
        return (int) Long.remainderUnsigned(key, buckets);
    }

    /**
     * {@code terms} (of another diction, such as the BNR patterns) in the order this diction would iterate them:
     * by this diction's bucket of each id, ties in the given order.
     */
    public Term[] inIterationOrder(List<Term> terms) {
        Term[] items = terms.toArray(new Term[0]);
        int[] bucket = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            bucket[i] = bucketOf(items[i].key());
        }
        return byBucket(items, bucket);
    }

    /** The insertions {@code from..to} ordered by bucket, ties in insertion order. */
    private Term[] sortedRange(int from, int to) {
        int n = to - from;
        Term[] items = new Term[n];
        int[] bucket = new int[n];
        for (int i = 0; i < n; i++) {
            Term t = insertion.get(from + i);
            items[i] = t;
            bucket[i] = t.bucket();
        }
        return byBucket(items, bucket);
    }

    /** A stable radix sort of {@code items} on their buckets, a byte per pass (two passes for a message's buckets). */
    private Term[] byBucket(Term[] items, int[] bucket) {
        int n = items.length;
        if (n < 2) {
            return items;
        }
        Term[] sorted = items;
        int[] keys = bucket;
        Term[] scratch = new Term[n];
        int[] scratchKeys = new int[n];
        int[] counts = new int[257];
        for (int shift = 0; (buckets - 1) >>> shift != 0; shift += 8) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[((keys[i] >>> shift) & 0xff) + 1]++;
            }
            for (int d = 0; d < 256; d++) {
                counts[d + 1] += counts[d];
            }
            for (int i = 0; i < n; i++) {
                int at = counts[(keys[i] >>> shift) & 0xff]++;
                scratch[at] = sorted[i];
                scratchKeys[at] = keys[i];
            }
            Term[] swap = sorted;
            sorted = scratch;
            scratch = swap;
            int[] swapKeys = keys;
            keys = scratchKeys;
            scratchKeys = swapKeys;
        }
        return sorted;
    }

    /** Merges two runs sorted by (bucket, insertion); every term of {@code later} was inserted after all of {@code earlier}. */
    private Term[] merge(Term[] earlier, Term[] later) {
        Term[] out = new Term[earlier.length + later.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < earlier.length && j < later.length) {
            out[k++] = later[j].bucket() < earlier[i].bucket() ? later[j++] : earlier[i++];
        }
        while (i < earlier.length) {
            out[k++] = earlier[i++];
        }
        while (j < later.length) {
            out[k++] = later[j++];
        }
        return out;
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

        void copyInto(TermStream target, Term[] byIndex) {
            target.items = new Term[Math.max(count, 16)];
            for (int i = 0; i < count; i++) {
                target.items[i] = byIndex[items[i].index()];
            }
            target.count = count;
        }
    }
}
