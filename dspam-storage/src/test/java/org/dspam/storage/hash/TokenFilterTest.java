package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TokenFilterTest {
    @Test
    void holdsEveryTokenAddedSaysNoToMostOthersAndForgetsOnClear() {
        TokenFilter f = new TokenFilter();
        SplittableRandom r = new SplittableRandom(7);
        long[] added = new long[500];
        for (int i = 0; i < added.length; i++) {
            added[i] = r.nextLong();
            f.add(added[i]);
        }
        for (long k : added) {
            assertTrue(f.mayHold(k), "token " + k);
        }
        int maybe = 0;
        for (int i = 0; i < 100_000; i++) {
            if (f.mayHold(r.nextLong())) {
                maybe++;
            }
        }
        // 500 of 32,768 bits set: about 1.5 % of absent tokens are a "maybe".
        assertTrue(maybe < 2_500, "absent tokens that may be held: " + maybe);
        f.clear();
        for (long k : added) {
            assertFalse(f.mayHold(k), "token " + k + " after clear");
        }
        f.add(added[0]);
        assertTrue(f.mayHold(added[0]), "added again after clear");
    }
}
