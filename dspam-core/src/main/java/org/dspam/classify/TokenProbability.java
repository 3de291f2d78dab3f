package org.dspam.classify;

import org.dspam.storage.Totals;

/**
 * The spam probability of a single token from its counts and the user's totals, with DSPAM's
 * constants and arithmetic: Graham's technique ("BCR") with processor bias, the hapax rule,
 * statistical sedation and the TUM cap; Robinson's adjustment; Markovian weighting; and the
 * variant used for BNR patterns.
 */
public final class TokenProbability {
    private static final double CHI_S = 0.1;
    private static final double CHI_X = 0.5;
    private static final int MARKOV_C1 = 16;
    private static final int MARKOV_C2 = 1;

    private final PValue pvalue;
    private final boolean bias;
    private final int trainingBuffer;
    private final boolean trainUntilMature;
    private final boolean trainingAsSpam;
    private final long spamLearned;
    private final long innocentLearned;
    private final long spamSeen;
    private final long innocentSeen;
    private final int tokenMinHits;
    private final int patternMinHits;

    /**
     * @param trainingBuffer the statistical sedation level 0..10
     * @param trainUntilMature whether the training mode is TUM (caps the hapax threshold at 20)
     * @param trainingAsSpam whether this is a call that trains the message as spam (DSPAM then starts from 0.7)
     */
    public TokenProbability(PValue pvalue, boolean bias, int trainingBuffer, boolean trainUntilMature,
                            boolean trainingAsSpam, Totals totals) {
        this.pvalue = pvalue;
        this.bias = bias;
        this.trainingBuffer = trainingBuffer;
        this.trainUntilMature = trainUntilMature;
        this.trainingAsSpam = trainingAsSpam;
        this.spamLearned = totals.spamLearned();
        this.innocentLearned = totals.innocentLearned();
        this.spamSeen = totals.spamLearned() + totals.spamClassified();
        this.innocentSeen = totals.innocentLearned() + totals.innocentClassified();
        this.tokenMinHits = minHits(false);
        this.patternMinHits = minHits(true);
    }

    public boolean isMarkov() {
        return pvalue == PValue.MARKOV;
    }

    /** An ordinary token; {@code name} may be null for a token known only by id. */
    public double token(String name, boolean bnrPattern, long spam, long innocent) {
        return compute(name, bnrPattern, false, spam, innocent, 0, 0);
    }

    /**
     * A message's term's probability, computed once: only Markovian weighting looks at the token's text, so the
     * text is not built otherwise.
     */
    public double of(org.dspam.token.Term t) {
        if (!t.probabilityKnown()) {
            t.setProbability(token(isMarkov() ? t.name() : null, t.isBnrPattern(), t.spamHits(), t.innocentHits()));
        }
        return t.probability();
    }

    /** A BNR pattern, relative to the counts of the {@code bnr.t|} totals token. */
    public double pattern(long spam, long innocent, long patternSpamTotal, long patternInnocentTotal) {
        return compute(null, true, true, spam, innocent, patternSpamTotal, patternInnocentTotal);
    }

    private double compute(String name, boolean typeB, boolean patternCall, long s, long i, long bnrSpam, long bnrInnocent) {
        int minHits = patternCall ? patternMinHits : tokenMinHits;
        double p = trainingAsSpam ? .7 : (isMarkov() ? .5 : .4);

        if (isMarkov()) {
            if (name == null || typeB || patternCall || name.startsWith("bnr.") || name.startsWith("E: ")
                    || name.startsWith("From*") || name.startsWith("$$CONTROL$$")) {
                return .5;
            }
            long weight = MarkovWeight.of(name);
            if (bias) {
                long num = weight * (s - i * 2);
                long den = (long) MARKOV_C1 * (s + i * 2 + MARKOV_C2) * 256;
                p = 0.49 + ((double) num / (double) den);
            } else {
                long num = (s - i) * weight;
                long den = (long) MARKOV_C1 * (s + i + MARKOV_C2) * 256;
                p = 0.5 + ((double) num / (double) den);
            }
        } else if ((bias && s + 2 * i < minHits) || (!bias && s + i < minHits)) {
            // The hapax rule overrides whatever the counts would give: no need to compute them.
            p = .4;
        } else {
            int ih = bias ? 2 : 1;
            if (spamLearned > 0 && innocentLearned > 0) {
                if (patternCall) {
                    p = (s * 1.0 / bnrSpam) / ((s * 1.0 / bnrSpam) + (i * 1.0 / bnrInnocent));
                } else {
                    p = (s * 1.0 / spamLearned) / ((s * 1.0 / spamLearned) + (i * ih * 1.0 / innocentLearned));
                }
            }
            if (s == 0 && i > 0) {
                p = 0.01;
                if (spamLearned > 0 && innocentLearned > 0) {
                    double v = (1.0 / spamLearned) / ((1.0 / spamLearned) + (i * ih * 1.0 / innocentLearned));
                    if (v < 0.01) {
                        p = v;
                    }
                }
            } else if (s > 0 && i == 0) {
                p = 0.99;
                if (spamLearned > 0 && innocentLearned > 0) {
                    double v = (s * 1.0 / spamLearned) / ((s * 1.0 / spamLearned) + (ih * 1.0 / innocentLearned));
                    if (v > 0.99) {
                        p = v;
                    }
                }
            }
        }

        if (p < 0.0001) {
            p = 0.0001;
        }
        if (p > 0.9999) {
            p = 0.9999;
        }
        if (!patternCall && pvalue == PValue.ROBINSON) {
            long n = s + i;
            p = ((CHI_S * CHI_X) + (n * p)) / (CHI_S + n);
        }
        return p;
    }

    /**
     * The hapax threshold. Sedation raises it while a user has seen more spam than ham; for BNR
     * patterns DSPAM ends up using the sedation value itself (0 without sedation), so patterns
     * are never neutralised by it.
     */
    private int minHits(boolean patternCall) {
        int minHits = patternCall ? 25 : 5;
        int sedHits = 0;
        long ti = innocentSeen;
        long ts = spamSeen;
        if (trainingBuffer > 0) {
            if (ti < 1000 && ti < ts) {
                sedHits = (int) (minHits + (trainingBuffer / 2) + (trainingBuffer * ((ts - ti) / 200)));
            }
            if (ti < 2500 && ti >= 1000 && ts > ti) {
                float spams = (float) ((ts * 1.0 / (ts * 1.0 + ti * 1.0)) * 100);
                sedHits = (int) (minHits + (trainingBuffer / 2) + (trainingBuffer * (spams / 20)));
            }
        } else {
            minHits = 5;
        }
        if (patternCall || sedHits > minHits) {
            minHits = sedHits;
        }
        if (trainUntilMature && minHits > 20) {
            minHits = 20;
        }
        return minHits;
    }
}
