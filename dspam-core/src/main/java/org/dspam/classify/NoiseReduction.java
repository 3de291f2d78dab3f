package org.dspam.classify;

import org.dspam.token.Crc64;
import org.dspam.token.Diction;
import org.dspam.token.Term;

/**
 * Bayesian Noise Reduction as DSPAM applies it.
 *
 * <p>Each context stream (sparse keys or body words; chained pairs) is turned into patterns of
 * three consecutive rounded probabilities, {@code bnr.s|0.40_0.95_0.05_}. Once a user has seen
 * enough ham, tokens that disagree with a strongly spammy or hammy pattern around them lose one
 * occurrence (and drop out of the ranking when none is left), and the patterns themselves are
 * added to the message so that they are learned.
 */
public final class NoiseReduction {
    /** The token whose counts are the learned totals of the patterns. */
    public static final String TOTALS_NAME = "bnr.t|";
    public static final long TOTALS_KEY = Crc64.of(TOTALS_NAME);
    private static final int WINDOW = 3;
    private static final float EXCLUSION_RADIUS = 0.25f;
    private static final float INCLUSION_RADIUS = 0.33f;

    private NoiseReduction() {
    }

    /**
     * The patterns of a message (patterns are type B), including the totals token, with what {@link #eliminate}
     * needs of each stream occurrence so that it does not read the tokens again. Stream tokens whose probability
     * is not known yet get it from {@code model} on the way.
     */
    public static Patterns patterns(Diction message, TokenProbability model) {
        Diction patterns = new Diction(Diction.PATTERN_BUCKETS, 512);
        Created created = new Created();
        Occurrences s = instantiate(patterns, created, message.order(), 0, model);
        Occurrences c = instantiate(patterns, created, message.chainedOrder(), 1, model);
        created.add(patterns.touch(TOTALS_KEY, TOTALS_NAME, Diction.PATTERN), -1);
        for (int i = 0; i < created.count; i++) {
            created.terms[i].setType(Term.TYPE_BNR);
        }
        return new Patterns(patterns, s, c, created);
    }

    /**
     * A message's patterns and, per context stream, each occurrence's probability and pattern slot; and the
     * patterns in the order they were created, each with its stream and slot.
     */
    public record Patterns(Diction diction, Occurrences singles, Occurrences chained, Created created) {
    }

    /** Per occurrence of a stream: the token's probability as a float, and the slot of the window it ends. */
    record Occurrences(float[] values, int[] slots) {
    }

    /** The pattern terms as created, with {@code stream * SLOTS + slot} for each (-1: not a window with a slot). */
    static final class Created {
        Term[] terms = new Term[256];
        int[] codes = new int[256];
        int count;

        void add(Term t, int code) {
            if (count == terms.length) {
                terms = java.util.Arrays.copyOf(terms, count * 2);
                codes = java.util.Arrays.copyOf(codes, count * 2);
            }
            terms[count] = t;
            codes[count++] = code;
        }
    }

    private static Occurrences instantiate(Diction patterns, Created created, Diction.TermStream stream, int s,
                                           TokenProbability model) {
        Scratch scratch = SCRATCH.get();
        int n = stream.size();
        float[] values = new float[n];
        int[] slots = new int[n];
        int[] window = new int[WINDOW];
        for (int i = 0; i < n; i++) {
            float value = (float) model.of(stream.get(i));
            values[i] = value;
            System.arraycopy(window, 1, window, 0, WINDOW - 1);
            window[WINDOW - 1] = roundedPercent(value);
            int slot = slot(window);
            slots[i] = slot;
            // Only a pattern's first occurrence matters: it fixes the pattern's place in the order.
            if (slot >= 0) {
                if (scratch.firstSight(slot)) {
                    created.add(patterns.touch(scratch.key(s, slot), name(s, slot), Diction.PATTERN), s * SLOTS + slot);
                }
            } else {
                String name = formatPatternName(IDENTIFIERS[s], window);
                Term t = patterns.touch(Crc64.of(name), name, Diction.PATTERN);
                if (t.frequency() == 1) {
                    created.add(t, -1);
                }
            }
        }
        scratch.clearSeen();
        return new Occurrences(values, slots);
    }

    /** Per-thread tables indexed by pattern slot, cleared slot by slot after each use. */
    private static final class Scratch {
        final boolean[] seen = new boolean[SLOTS];
        final int[] seenSlots = new int[SLOTS];
        int seenCount;
        final float[][] values = new float[2][SLOTS];
        final long[][] keys = new long[2][SLOTS];

        boolean firstSight(int slot) {
            if (seen[slot]) {
                return false;
            }
            seen[slot] = true;
            seenSlots[seenCount++] = slot;
            return true;
        }

        void clearSeen() {
            for (int i = 0; i < seenCount; i++) {
                seen[seenSlots[i]] = false;
            }
            seenCount = 0;
        }

        /**
         * The id of a stream's pattern by slot, from this thread's copy of the table (0 until first needed): a
         * dense array a message's few hundred look-ups keep in the cache, filled without sharing between threads.
         */
        long key(int stream, int slot) {
            long k = keys[stream][slot];
            if (k == 0) {
                k = Crc64.of(name(stream, slot));
                keys[stream][slot] = k;
            }
            return k;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Eliminates inconsistent token occurrences (frequency minus one per elimination), given the
     * pattern counts already loaded into the patterns' diction.
     */
    public static void eliminate(Diction message, Patterns patterns, TokenProbability model) {
        Term totals = patterns.diction().find(TOTALS_KEY);
        float[][] values = SCRATCH.get().values;
        Created created = patterns.created();
        for (int i = 0; i < created.count; i++) {
            Term pattern = created.terms[i];
            double p = model.pattern(pattern.spamHits(), pattern.innocentHits(), totals.spamHits(), totals.innocentHits());
            pattern.setProbability(p);
            int code = created.codes[i];
            if (code >= 0) {
                values[code / SLOTS][code % SLOTS] = (float) p;
            }
        }
        eliminate(message.order(), patterns.singles(), values[0]);
        eliminate(message.chainedOrder(), patterns.chained(), values[1]);
        for (int i = 0; i < created.count; i++) {
            int code = created.codes[i];
            if (code >= 0) {
                values[code / SLOTS][code % SLOTS] = 0f;
            }
        }
    }

    private static void eliminate(Diction.TermStream stream, Occurrences occurrences, float[] patternValues) {
        int n = stream.size();
        float[] tokenValues = occurrences.values();
        int[] slots = occurrences.slots();
        boolean[] eliminated = new boolean[n];
        for (int i = 0; i < n; i++) {
            int slot = slots[i];
            float patternValue = slot < 0 ? 0f : patternValues[slot];
            if (Math.abs(0.5 - patternValue) > EXCLUSION_RADIUS) {
                // The window is this occurrence and the two before it (fewer at the start).
                for (int position = Math.max(0, i - (WINDOW - 1)); position <= i; position++) {
                    if (Math.abs(tokenValues[position] - patternValue) > INCLUSION_RADIUS) {
                        eliminated[position] = true;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (eliminated[i]) {
                Term t = stream.get(i);
                t.setFrequency(t.frequency() - 1);
            }
        }
    }

    /**
     * Adds the patterns to the message as type B tokens with frequency 1, carrying their counts: the pattern terms
     * themselves move into the message, whose patterns' diction is not used afterwards.
     */
    public static void addPatterns(Diction message, Diction patterns) {
        for (Term pattern : patterns.terms()) {
            Term t = message.appendPattern(pattern);
            if (t != pattern) {
                // A message token with the pattern's id takes the pattern's part.
                t.setType(Term.TYPE_BNR);
                t.load(pattern.spamHits(), pattern.innocentHits());
                if (pattern.probabilityKnown()) {
                    t.setProbability(pattern.probability());
                }
            }
            t.setFrequency(1);
        }
    }

    /** The probability truncated to whole percent and rounded up to a multiple of 5. */
    static int roundedPercent(float p) {
        int r = (int) (p * 100f);
        if (r >= 0) {
            return (r + 4) / 5 * 5;
        }
        while (r % 5 != 0) {
            r++;
        }
        return r;
    }

    /** Every window of three rounded values (multiples of 5 from 0 to 100) has a slot. */
    private static final int SLOTS = 21 * 21 * 21;

    private static final char[] IDENTIFIERS = {'s', 'c'};

    /**
     * The patterns' names by stream and slot, made on first use. A name is an immutable string, so a thread
     * that sees another's entry sees the whole string; two threads making the same entry make equal strings.
     */
    private static final String[][] NAMES = new String[2][SLOTS];

    /** The slot of a window, or -1 for values outside 0..100 (which a probability cannot give). */
    private static int slot(int[] window) {
        int a = window[0];
        int b = window[1];
        int c = window[2];
        if (a >= 0 && a <= 100 && b >= 0 && b <= 100 && c >= 0 && c <= 100) {
            return (a / 5) * 441 + (b / 5) * 21 + c / 5;
        }
        return -1;
    }

    /** The name of a stream's pattern by slot. */
    private static String name(int stream, int slot) {
        String name = NAMES[stream][slot];
        if (name == null) {
            int[] window = {slot / 441 * 5, slot / 21 % 21 * 5, slot % 21 * 5};
            name = formatPatternName(IDENTIFIERS[stream], window);
            NAMES[stream][slot] = name;
        }
        return name;
    }

    private static String formatPatternName(char identifier, int[] window) {
        StringBuilder sb = new StringBuilder(24).append("bnr.").append(identifier).append('|');
        for (int r : window) {
            appendPercent(sb, r).append('_');
        }
        return sb.toString();
    }

    /** Formats r/100 with two decimals, as {@code %01.2f} prints the rounded float. */
    private static StringBuilder appendPercent(StringBuilder sb, int r) {
        if (r < 0) {
            return sb.append(String.format(java.util.Locale.ROOT, "%01.2f", r / 100.0));
        }
        sb.append(r / 100).append('.');
        int cents = r % 100;
        if (cents < 10) {
            sb.append('0');
        }
        return sb.append(cents);
    }
}
