package org.dspam.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.dspam.token.Crc64;
import org.dspam.token.Diction;
import org.dspam.token.Term;
import org.junit.jupiter.api.Test;

class SignificantTokensTest {
    private static Term term(Diction d, String name) {
        return d.touch(Crc64.of(name), name, 0);
    }

    @Test
    void keepsTheMostDistantFromOneHalfFirst() {
        Diction d = new Diction();
        SignificantTokens ranking = new SignificantTokens(2);
        ranking.offer(0.6, 1, 1, term(d, "a"));
        ranking.offer(0.01, 2, 1, term(d, "b"));
        ranking.offer(0.9, 3, 1, term(d, "c"));
        assertEquals(List.of(2L, 3L), ranking.mostSignificantFirst());
    }

    @Test
    void anEqualTokenOfferedLaterRanksHigherBecauseOfSinglePrecision() {
        Diction d = new Diction();
        SignificantTokens ranking = new SignificantTokens(15);
        ranking.offer(0.4, 1, 1, term(d, "first"));
        ranking.offer(0.4, 2, 1, term(d, "second"));
        assertEquals(List.of(2L, 1L), ranking.mostSignificantFirst());
    }

    @Test
    void tiesOnTheSameDeltaGoToFrequencyThenComplexity() {
        Diction d = new Diction();
        SignificantTokens ranking = new SignificantTokens(15);
        ranking.offer(0.25, 1, 2, term(d, "often"));
        ranking.offer(0.25, 2, 1, term(d, "once+twice"));
        ranking.offer(0.25, 3, 1, term(d, "once"));
        assertEquals(List.of(1L, 2L, 3L), ranking.mostSignificantFirst());
    }

    @Test
    void listSizeFollowsTheAlgorithms() {
        assertEquals(27, SignificantTokens.capacityFor(Set.of(Algorithm.GRAHAM, Algorithm.BURTON)));
        assertEquals(25, SignificantTokens.capacityFor(Set.of(Algorithm.ROBINSON)));
        assertEquals(15, SignificantTokens.capacityFor(Set.of(Algorithm.GRAHAM)));
    }
}
