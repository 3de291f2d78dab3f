package org.dspam.classify;

import java.util.HashMap;
import java.util.Map;

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
     * are type B), including the totals token.
     */
    public static Diction patterns(Diction message) {
        Diction patterns = new Diction(Diction.PATTERN_BUCKETS);
        instantiate(patterns, message.order(), 's');
        instantiate(patterns, message.chainedOrder(), 'c');
        patterns.touch(TOTALS_KEY, TOTALS_NAME, 0).setType(Term.TYPE_BNR);
        return patterns;
    }

    private static void instantiate(Diction patterns, Diction.TermStream stream, char identifier) {
        int[] window = new int[WINDOW];
        for (int i = 0; i < stream.size(); i++) {
            System.arraycopy(window, 1, window, 0, WINDOW - 1);
            window[WINDOW - 1] = roundedPercent((float) stream.get(i).probability());
            String name = patternName(identifier, window);
            patterns.touch(Crc64.of(name), name, 0).setType(Term.TYPE_BNR);
        }
    }

    /**
     * Eliminates inconsistent token occurrences (frequency minus one per elimination), given the
     * pattern counts already loaded into {@code patterns}.
     */
    public static void eliminate(Diction message, Diction patterns, TokenProbability model) {
        Term totals = patterns.find(TOTALS_KEY);
        Map<String, Float> streamPatterns = new HashMap<>();
        Map<String, Float> chainedPatterns = new HashMap<>();
        for (Term pattern : patterns.terms()) {
            double p = model.pattern(pattern.spamHits(), pattern.innocentHits(), totals.spamHits(), totals.innocentHits());
            pattern.setProbability(p);
            String name = pattern.name();
            if (name.charAt(4) == 's') {
                streamPatterns.put(name, (float) p);
            } else if (name.charAt(4) == 'c') {
                chainedPatterns.put(name, (float) p);
            }
        }
        eliminate(message.order(), 's', streamPatterns);
        eliminate(message.chainedOrder(), 'c', chainedPatterns);
    }

    private static void eliminate(Diction.TermStream stream, char identifier, Map<String, Float> patternValues) {
        int n = stream.size();
        boolean[] eliminated = new boolean[n];
        int[] window = new int[WINDOW];
        int[] positions = {-1, -1, -1};
        for (int i = 0; i < n; i++) {
            System.arraycopy(window, 1, window, 0, WINDOW - 1);
            System.arraycopy(positions, 1, positions, 0, WINDOW - 1);
            window[WINDOW - 1] = roundedPercent((float) stream.get(i).probability());
            positions[WINDOW - 1] = i;
            Float value = patternValues.get(patternName(identifier, window));
            float patternValue = value == null ? 0f : value;
            if (Math.abs(0.5 - patternValue) > EXCLUSION_RADIUS) {
                for (int position : positions) {
                    if (position >= 0) {
                        float tokenValue = (float) stream.get(position).probability();
                        if (Math.abs(tokenValue - patternValue) > INCLUSION_RADIUS) {
                            eliminated[position] = true;
                        }
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
            Term t = message.touch(pattern.key(), pattern.name(), 0);
            t.setType(Term.TYPE_BNR);
            t.load(pattern.spamHits(), pattern.innocentHits());
            t.setProbability(pattern.probability());
            t.setFrequency(1);
        }
    }

    /** The probability truncated to whole percent and rounded up to a multiple of 5. */
    static int roundedPercent(float p) {
        int r = (int) (p * 100f);
        while (r % 5 != 0) {
            r++;
        }
        return r;
    }

    private static String patternName(char identifier, int[] window) {
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
