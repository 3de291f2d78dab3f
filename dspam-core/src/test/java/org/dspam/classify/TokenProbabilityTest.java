package org.dspam.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dspam.storage.Totals;
import org.junit.jupiter.api.Test;

class TokenProbabilityTest {
    private static final Totals EVAL = new Totals(1896, 4150, 0, 0, 1896, 4150, 4, 2);

    private static TokenProbability bcr(boolean bias, int sedation, Totals totals) {
        return new TokenProbability(PValue.BCR, bias, sedation, false, false, totals);
    }

    @Test
    void dspamDumpExamplesWithoutBias() {
        TokenProbability p = bcr(false, 0, EVAL);
        assertEquals(0.4, p.token("kernel+module", false, 0, 3), "hapax");
        assertEquals(0.01, p.token("x", false, 0, 30));
        assertEquals(0.99, p.token("Remove+#+from", false, 15, 0));
    }

    @Test
    void biasWeighsInnocentHitsDouble() {
        TokenProbability p = bcr(true, 0, new Totals(100, 100, 0, 0, 0, 0, 0, 0));
        assertEquals(10.0 / (10 + 20), p.token("t", false, 10, 10), 1e-12);
        assertEquals(0.4, p.token("t", false, 2, 1), "s + 2i = 4 is below the hapax threshold of 5");
    }

    @Test
    void extremeRatiosGoBeyondOnePercentOnlyWhenTheCountsSaySo() {
        TokenProbability p = bcr(false, 0, new Totals(10, 10000, 0, 0, 0, 0, 0, 0));
        double expected = (1.0 / 10) / ((1.0 / 10) + (2000.0 / 10000));
        assertEquals(Math.max(0.0001, Math.min(0.01, expected)), p.token("t", false, 0, 2000), 1e-15);
        assertEquals(0.0001, bcr(false, 0, new Totals(100000, 10, 0, 0, 0, 0, 0, 0)).token("t", false, 0, 10), "clamped");
    }

    @Test
    void sedationRaisesTheHapaxThresholdWhileSpamOutnumbersHam() {
        Totals spammy = new Totals(600, 100, 0, 0, 0, 0, 0, 0);
        // 5 + 5/2 + 5 * ((600 - 100) / 200) = 17
        assertEquals(0.4, bcr(false, 5, spammy).token("t", false, 16, 0));
        assertTrue(bcr(false, 5, spammy).token("t", false, 17, 0) > 0.9);
        assertTrue(bcr(false, 0, spammy).token("t", false, 16, 0) > 0.9);
    }

    @Test
    void robinsonPullsRareTokensTowardsOneHalf() {
        TokenProbability p = new TokenProbability(PValue.ROBINSON, false, 0, false, false, EVAL);
        double bcrValue = bcr(false, 0, EVAL).token("t", false, 15, 0);
        assertEquals((0.1 * 0.5 + 15 * bcrValue) / (0.1 + 15), p.token("t", false, 15, 0), 1e-15);
    }

    @Test
    void markovWeighsByShapeAndIsNeutralForSpecialTokens() {
        TokenProbability p = new TokenProbability(PValue.MARKOV, false, 0, false, false, EVAL);
        assertEquals(0.5 + (double) (4 * (10 - 2)) / (16 * (10 + 2 + 1) * 256), p.token("a+b", false, 10, 2), 1e-15);
        assertEquals(0.5, p.token("From*Alice", false, 10, 0));
        assertEquals(0.5, p.token("bnr.s|0.40_0.40_0.40_", true, 10, 0));
        assertEquals(4, MarkovWeight.of("a+#+c"));
        assertEquals(256, MarkovWeight.of("a+b+c+d+e"));
    }

    @Test
    void patternsAreRelativeToTheirOwnTotalsAndNeverHapax() {
        TokenProbability p = bcr(true, 0, EVAL);
        assertEquals(0.99, p.pattern(1, 0, 100, 50), "a pattern seen once is not neutralised by the hapax rule");
        assertTrue(Double.isNaN(p.pattern(0, 0, 100, 50)), "an unseen pattern has no probability");
    }
}
