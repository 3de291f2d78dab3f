package org.dspam.tools.clean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dspam.classify.PValue;
import org.dspam.classify.TokenProbability;
import org.dspam.learn.TrainingMode;
import org.dspam.storage.TokenRecord;
import org.dspam.storage.Totals;
import org.junit.jupiter.api.Test;

/** The purge rules, token by token: DSPAM's with last-hit dates, and what is possible without them. */
class TokenPurgeTest {
    static final long TODAY = 20_000;
    static final TokenProbability P = new TokenProbability(PValue.BCR, false, 0, false, false,
            new Totals(100, 100, 0, 0, 0, 0, 0, 0));
    static final Ages.Unused DEFAULT_UNUSED = new Ages.Unused(90, 30, 15, 15);

    static TokenRecord hit(long spam, long innocent, long daysAgo) {
        return new TokenRecord(1L, spam, innocent, TODAY - daysAgo);
    }

    static TokenRecord undated(long spam, long innocent) {
        return new TokenRecord(1L, spam, innocent, -1);
    }

    static TokenPurge neutral(int age) {
        return new TokenPurge(age, null, TrainingMode.TEFT, P, TODAY);
    }

    static TokenPurge unused(Ages.Unused ages, TrainingMode mode) {
        return new TokenPurge(-1, ages, mode, P, TODAY);
    }

    @Test
    void neutralTokensGoOnceOlderThanTheAge() {
        assertTrue(neutral(30).remove(hit(10, 10, 31)));
        assertFalse(neutral(30).remove(hit(10, 10, 30)), "exactly the age is kept (DSPAM tests 'older than')");
        assertTrue(neutral(30).remove(hit(0, 1, 31)), "a hapax scores 0.4, which is neutral");
        assertTrue(neutral(0).remove(hit(10, 10, 0)), "age 0 means regardless of age");
    }

    @Test
    void significantTokensAreNeverNeutralPurged() {
        assertFalse(neutral(0).remove(hit(0, 30, 400)), "p = 0.01");
        assertFalse(neutral(0).remove(hit(15, 0, 400)), "p = 0.99");
        assertFalse(neutral(0).remove(hit(30, 10, 400)), "p = 0.75");
        assertTrue(neutral(0).remove(hit(13, 10, 400)), "p = 0.565");
    }

    @Test
    void withoutDatesOnlyTokensNeutralOnTheirOwnEvidenceGo() {
        assertTrue(neutral(30).remove(undated(10, 10)));
        assertTrue(neutral(30).remove(undated(3, 2)), "five hits, p = 0.6");
        assertFalse(neutral(30).remove(undated(0, 1)), "a young rare token is kept");
        assertFalse(neutral(30).remove(undated(2, 2)), "four hits: neutral only by the hapax rule");
        assertTrue(neutral(0).remove(undated(0, 1)), "age 0 needs no date");
        assertFalse(neutral(0).remove(undated(0, 30)));
    }

    @Test
    void unusedTokensGoAfterTheAnyAge() {
        TokenPurge p = unused(DEFAULT_UNUSED, TrainingMode.TEFT);
        assertTrue(p.remove(hit(40, 40, 91)));
        assertFalse(p.remove(hit(40, 40, 90)));
        assertFalse(unused(DEFAULT_UNUSED, TrainingMode.TOE).remove(hit(40, 40, 400)), "TOE keeps unused tokens");
        assertFalse(unused(DEFAULT_UNUSED, TrainingMode.TUM).remove(hit(40, 40, 400)), "TUM keeps tokens with 50+ hits");
        assertTrue(unused(DEFAULT_UNUSED, TrainingMode.TUM).remove(hit(20, 20, 400)));
    }

    @Test
    void hapaxesAndSingleHitsHaveTheirOwnAges() {
        for (TrainingMode mode : new TrainingMode[] {TrainingMode.TEFT, TrainingMode.TOE}) {
            TokenPurge p = unused(DEFAULT_UNUSED, mode);
            assertTrue(p.remove(hit(2, 1, 31)), "hapax: 2 + 2*1 < 5");
            assertFalse(p.remove(hit(2, 1, 30)));
            assertFalse(p.remove(hit(1, 2, 31)), "1 + 2*2 = 5 is not a hapax");
            assertTrue(p.remove(hit(1, 0, 16)), "one spam hit");
            assertFalse(p.remove(hit(1, 0, 15)));
            assertTrue(p.remove(hit(0, 1, 16)), "one innocent hit");
            assertFalse(p.remove(hit(0, 1, 10)));
            assertFalse(p.remove(hit(3, 0, 16)), "a hapax, but younger than the hapax age");
        }
    }

    @Test
    void withoutDatesTheUnusedPurgesNeedAgeZero() {
        assertFalse(unused(DEFAULT_UNUSED, TrainingMode.TEFT).remove(undated(0, 1)));
        assertFalse(unused(DEFAULT_UNUSED, TrainingMode.TEFT).remove(undated(40, 40)));
        assertTrue(unused(new Ages.Unused(90, 0, 15, 15), TrainingMode.TOE).remove(undated(0, 1)));
        assertFalse(unused(new Ages.Unused(90, 0, 15, 15), TrainingMode.TOE).remove(undated(0, 3)));
        assertTrue(unused(new Ages.Unused(0, 30, 15, 15), TrainingMode.TEFT).remove(undated(40, 40)));
    }
}
