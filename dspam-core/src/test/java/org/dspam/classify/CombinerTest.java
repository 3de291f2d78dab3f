package org.dspam.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dspam.token.Crc64;
import org.dspam.token.Diction;
import org.dspam.token.Term;
import org.dspam.util.CFormat;
import org.junit.jupiter.api.Test;

class CombinerTest {
    private static List<Long> ranked(Diction d, double p, int count) {
        SignificantTokens ranking = new SignificantTokens(27);
        for (int i = 0; i < count; i++) {
            Term t = d.touch(Crc64.of("t" + i), "t" + i, 0);
            t.setProbability(p);
            ranking.offer(p, t.key(), 1, t);
        }
        return ranking.mostSignificantFirst();
    }

    @Test
    void aNewUserGetsDspamsTypicalProbabilityAndFullConfidence() {
        Diction d = new Diction();
        Combiner.Result r = Combiner.combine(ranked(d, 0.4, 40), d, Set.of(Algorithm.GRAHAM, Algorithm.BURTON), PValue.BCR, null);
        assertFalse(r.spam());
        assertEquals("0.0023", CFormat.fixed(r.probability(), 4));
        assertEquals("1.00", CFormat.fixed(r.confidence(), 2));
        assertEquals(27, r.factors().size(), "the last algorithm's (burton's) factors when nothing fired");
    }

    @Test
    void spammyTokensFireBurtonWhichReportsItsOwnValue() {
        Diction d = new Diction();
        Combiner.Result r = Combiner.combine(ranked(d, 0.99, 30), d, Set.of(Algorithm.GRAHAM, Algorithm.BURTON), PValue.BCR, null);
        assertTrue(r.spam());
        assertEquals("1.0000", CFormat.fixed(r.probability(), 4));
        assertEquals(15, r.factors().size(), "graham fired first, so its factors are reported");
    }

    @Test
    void robinsonAndChiSquareAloneDecideOnTheirCutoffs() {
        Diction d = new Diction();
        List<Long> spammy = ranked(d, 0.95, 10);
        assertTrue(Combiner.combine(spammy, d, Set.of(Algorithm.ROBINSON), PValue.BCR, null).spam());
        Diction d2 = new Diction();
        List<Long> hammy = new ArrayList<>(ranked(d2, 0.02, 10));
        for (Term t : d2.terms()) {
            t.setHits(0, 20);
        }
        assertFalse(Combiner.combine(hammy, d2, Set.of(Algorithm.CHI_SQUARE), PValue.BCR, null).spam());
    }

    @Test
    void aGivenClassForcesTheResult() {
        Diction d = new Diction();
        Combiner.Result r = Combiner.combine(ranked(d, 0.01, 20), d, Set.of(Algorithm.GRAHAM), PValue.BCR, Boolean.TRUE);
        assertTrue(r.spam());
        assertEquals(1.0f, r.probability());
    }

    @Test
    void chiSquareSeriesMatchesItsClosedFormForTwoDegrees() {
        assertEquals(Math.exp(-1.5), Combiner.chi2Q(3.0, 2), 1e-15);
        assertEquals(1.0, Combiner.chi2Q(0.0, 8));
    }
}
