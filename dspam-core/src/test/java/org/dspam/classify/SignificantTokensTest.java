package org.dspam.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

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

    private record Entry(double delta, long key, long frequency, int complexity) {
    }

    /** DSPAM's rule on a plain list: after the last entry beaten, walking up while beaten; the least drops out. */
    private static void offer(List<Entry> list, int capacity, double probability, long key, long frequency,
            int complexity) {
        float delta = (float) Math.abs(0.5 - probability);
        int after = -1;
        for (int i = 0; i < list.size(); i++) {
            Entry e = list.get(i);
            if (delta > e.delta() || delta == e.delta() && (frequency > e.frequency()
                    || frequency == e.frequency() && complexity >= e.complexity())) {
                after = i;
            }
            if (after < 0) {
                break;
            }
        }
        if (after < 0 && list.size() == capacity) {
            return;
        }
        list.add(after + 1, new Entry(Math.abs(0.5 - probability), key, frequency, complexity));
        if (list.size() > capacity) {
            list.remove(0);
        }
    }

    @Test
    void ranksAsDspamsListDoesThroughManyTiesAndDropouts() {
        SplittableRandom random = new SplittableRandom(3);
        Diction d = new Diction();
        String[] names = {"a", "bb", "a+b", "xyz+q", "long+word+here", "q", "w+e", "zz+zz+zz"};
        Term[] terms = new Term[names.length];
        for (int i = 0; i < names.length; i++) {
            terms[i] = term(d, names[i]);
        }
        double[] probabilities = {0.0001, 0.9999, 0.01, 0.99, 0.25, 0.75, 0.4, 0.6, 0.5, 1.0 / 3};
        for (int capacity : new int[] {15, 25, 27}) {
            for (int round = 0; round < 100; round++) {
                SignificantTokens ranking = new SignificantTokens(capacity);
                List<Entry> expected = new ArrayList<>();
                int offers = 1 + random.nextInt(200);
                for (long key = 1; key <= offers; key++) {
                    double p = probabilities[random.nextInt(probabilities.length)];
                    long frequency = 1 + random.nextInt(3);
                    Term t = terms[random.nextInt(terms.length)];
                    ranking.offer(p, key, frequency, t);
                    offer(expected, capacity, p, key, frequency, t.complexity());
                }
                List<Long> keys = new ArrayList<>();
                for (int i = expected.size() - 1; i >= 0; i--) {
                    keys.add(expected.get(i).key());
                }
                assertEquals(keys, ranking.mostSignificantFirst(), "capacity " + capacity + ", round " + round);
                assertEquals(Math.min(capacity, offers), ranking.size());
            }
        }
    }

    @Test
    void listSizeFollowsTheAlgorithms() {
        assertEquals(27, SignificantTokens.capacityFor(Set.of(Algorithm.GRAHAM, Algorithm.BURTON)));
        assertEquals(25, SignificantTokens.capacityFor(Set.of(Algorithm.ROBINSON)));
        assertEquals(15, SignificantTokens.capacityFor(Set.of(Algorithm.GRAHAM)));
    }
}
