package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Every stored token's extents are among those the table names, however full its lines are. */
class ExtentTableTest {
    @Test
    void namesEveryExtentOfEveryStoredTokenAndRarelyAnUnknownOne() {
        // Sized as an index sizes it: a quarter more room than there are records.
        ExtentTable t = ExtentTable.forTokens(125_000);
        SplittableRandom r = new SplittableRandom(1);
        long[] keys = new long[100_000];
        int[] extents = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = r.nextLong();
            extents[i] = r.nextInt(40);
            t.add(keys[i], extents[i]);
        }
        // The same token stored a second time, in another extent.
        t.add(keys[0], 3);
        for (int i = 0; i < keys.length; i++) {
            long c = t.candidates(keys[i]);
            int bit = Math.min(extents[i], ExtentTable.LAST_BIT);
            assertTrue((c & (1L << bit)) != 0, "token " + i + " in extent " + extents[i]);
        }
        assertTrue((t.candidates(keys[0]) & (1L << 3)) != 0, "both places of a token stored twice");
        int named = 0;
        for (int i = 0; i < 100_000; i++) {
            if (t.candidates(r.nextLong()) != 0) {
                named++;
            }
        }
        assertTrue(named < 1_600, "unknown tokens named: " + named);
    }

    @Test
    void aLineAndItsNeighbourFullMakeTheLineNameEveryExtent() {
        // Two lines of 31 lanes each: the 63rd token of one line cannot be placed.
        ExtentTable t = new ExtentTable(2);
        long[] keys = new long[200];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = r.nextLong();
            t.add(keys[i], i % 7);
        }
        int all = 0;
        for (int i = 0; i < keys.length; i++) {
            long c = t.candidates(keys[i]);
            if (c == ExtentTable.ALL) {
                all++;
            } else {
                assertTrue((c & (1L << (i % 7))) != 0, "token " + i);
            }
        }
        assertEquals(keys.length, all, "both lines are full and incomplete");
    }

    @Test
    void anOverflowingLineIsFoundInTheNext() {
        ExtentTable t = new ExtentTable(1000);
        // Tokens that all fall in one line: more than it holds.
        long line = -1;
        int stored = 0;
        long[] keys = new long[40];
        SplittableRandom r = new SplittableRandom(3);
        while (stored < keys.length) {
            long k = r.nextLong();
            long l = Math.multiplyHigh(k >>> 1, 2000L);
            if (line < 0) {
                line = l;
            }
            if (l == line) {
                keys[stored] = k;
                t.add(k, stored % 20);
                stored++;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            long c = t.candidates(keys[i]);
            assertTrue(c != ExtentTable.ALL && (c & (1L << (i % 20))) != 0, "token " + i);
        }
    }
}
