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
     * The patterns of a message whose stream tokens already carry their probabilities (patterns
     * are type B), including the totals token, with what {@link #eliminate} needs of each stream
     * occurrence so that it does not read the tokens again.
     */
    public static Patterns patterns(Diction message) {
        Diction patterns = new Diction(Diction.PATTERN_BUCKETS, 512);
        Occurrences s = instantiate(patterns, message.order(), 's');
        Occurrences c = instantiate(patterns, message.chainedOrder(), 'c');
        patterns.touch(TOTALS_KEY, TOTALS_NAME, 0).setType(Term.TYPE_BNR);
        return new Patterns(patterns, s, c);
    }

    /** A message's patterns and, per context stream, each occurrence's probability and pattern slot. */
    public record Patterns(Diction diction, Occurrences singles, Occurrences chained) {
    }

    /** Per occurrence of a stream: the token's probability as a float, and the slot of the window it ends. */
    record Occurrences(float[] values, int[] slots) {
    }

    private static Occurrences instantiate(Diction patterns, Diction.TermStream stream, char identifier) {
        Scratch scratch = SCRATCH.get();
        int n = stream.size();
        float[] values = new float[n];
        int[] slots = new int[n];
        int[] window = new int[WINDOW];
        for (int i = 0; i < n; i++) {
            float value = (float) stream.get(i).probability();
            values[i] = value;
            System.arraycopy(window, 1, window, 0, WINDOW - 1);
            window[WINDOW - 1] = roundedPercent(value);
            int slot = slot(window);
            slots[i] = slot;
            // Only a pattern's first occurrence matters: it fixes the pattern's place in the order.
            if (slot < 0 || scratch.firstSight(slot)) {
                PatternName pattern = patternName(identifier, window);
                patterns.touch(pattern.key(), pattern.name(), 0).setType(Term.TYPE_BNR);
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
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Eliminates inconsistent token occurrences (frequency minus one per elimination), given the
     * pattern counts already loaded into the patterns' diction.
     */
    public static void eliminate(Diction message, Patterns patterns, TokenProbability model) {
        Term totals = patterns.diction().find(TOTALS_KEY);
        float[][] values = SCRATCH.get().values;
        for (Term pattern : patterns.diction().terms()) {
            double p = model.pattern(pattern.spamHits(), pattern.innocentHits(), totals.spamHits(), totals.innocentHits());
            pattern.setProbability(p);
            int stream = streamOf(pattern.name());
            int slot = stream < 0 ? -1 : slotOfName(pattern.name());
            if (slot >= 0) {
                values[stream][slot] = (float) p;
            }
        }
        eliminate(message.order(), patterns.singles(), values[0]);
        eliminate(message.chainedOrder(), patterns.chained(), values[1]);
        for (Term pattern : patterns.diction().terms()) {
            int stream = streamOf(pattern.name());
            int slot = stream < 0 ? -1 : slotOfName(pattern.name());
            if (slot >= 0) {
                values[stream][slot] = 0f;
            }
        }
    }

    private static int streamOf(String name) {
        char c = name.charAt(4);
        return c == 's' ? 0 : c == 'c' ? 1 : -1;
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

    /** Adds the patterns to the message as type B tokens with frequency 1, carrying their counts. */
    public static void addPatterns(Diction message, Diction patterns) {
        for (Term pattern : patterns.terms()) {
            Term t = message.append(pattern.key(), pattern.name());
            t.setType(Term.TYPE_BNR);
            t.load(pattern.spamHits(), pattern.innocentHits());
            if (pattern.probabilityKnown()) {
                t.setProbability(pattern.probability());
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

    private record PatternName(String name, long key) {
        static PatternName of(String name) {
            return new PatternName(name, Crc64.of(name));
        }
    }

    /** Every window of three rounded values (multiples of 5 from 0 to 100) has a slot. */
    private static final int SLOTS = 21 * 21 * 21;

    /** The patterns' names and ids, by stream and slot. */
    private static final PatternName[][] NAMES = new PatternName[2][SLOTS];

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

    /** The slot of a pattern name {@code bnr.x|a.aa_b.bb_c.cc_}, or -1. */
    private static int slotOfName(String name) {
        if (name.length() != 21) {
            return -1;
        }
        int[] window = new int[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            int at = 6 + i * 5;
            char units = name.charAt(at);
            char tens = name.charAt(at + 2);
            char ones = name.charAt(at + 3);
            if (name.charAt(at + 1) != '.' || units < '0' || units > '1' || tens < '0' || tens > '9' || ones < '0' || ones > '9') {
                return -1;
            }
            window[i] = (units - '0') * 100 + (tens - '0') * 10 + (ones - '0');
        }
        return slot(window);
    }

    private static PatternName patternName(char identifier, int[] window) {
        int s = identifier == 's' ? 0 : 1;
        int slot = slot(window);
        if (slot >= 0) {
            PatternName name = NAMES[s][slot];
            if (name == null) {
                name = PatternName.of(formatPatternName(identifier, window));
                NAMES[s][slot] = name;
            }
            return name;
        }
        return PatternName.of(formatPatternName(identifier, window));
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
