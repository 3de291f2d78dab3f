package org.dspam.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RocAreaTest {
    @Test
    void perfectSeparationHasNoArea() {
        RocArea roc = new RocArea();
        roc.add(true, 0.99, 0.9);
        roc.add(false, 0.01, 0.1);
        assertEquals(0.0, roc.oneMinusAreaPercent(), 1e-12);
    }

    @Test
    void tiesBrokenByRobinsonScoreThenCountedHalf() {
        RocArea roc = new RocArea();
        roc.add(true, 0.5, 0.8);
        roc.add(false, 0.5, 0.2);
        assertEquals(0.0, roc.oneMinusAreaPercent(), 1e-12, "the Robinson score separates them");
        RocArea tied = new RocArea();
        tied.add(true, 0.5, 0.5);
        tied.add(false, 0.5, 0.5);
        assertEquals(50.0, tied.oneMinusAreaPercent(), 1e-12);
    }

    @Test
    void oneInvertedPairOfFour() {
        RocArea roc = new RocArea();
        roc.add(true, 0.9, 0);
        roc.add(true, 0.2, 0);
        roc.add(false, 0.1, 0);
        roc.add(false, 0.3, 0);
        assertEquals(25.0, roc.oneMinusAreaPercent(), 1e-12);
    }
}
