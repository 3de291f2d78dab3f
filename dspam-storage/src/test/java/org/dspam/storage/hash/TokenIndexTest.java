package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index names the extent of every stored token, after its build and after a rebuild, and its bit per empty slot
 * answers an insertion's question as a walk over the slots does.
 */
class TokenIndexTest {
    @TempDir
    Path dir;

    @Test
    void theFirstEmptySlotOfARangeIsTheOneAWalkFinds() throws Exception {
        // 1,000 slots: the last word of the bit array is partly beyond the extent.
        try (CssFile f = CssFile.create(dir.resolve("u.css"), 1000, false)) {
            SplittableRandom r = new SplittableRandom(7);
            Extent e0 = f.extent(0);
            // Nine in ten slots taken, with runs of taken and empty slots longer than a word.
            for (int s = 0; s < e0.slots(); s++) {
                if (s % 200 < 130 ? r.nextInt(10) < 9 : s % 200 < 180) {
                    store(f, e0, s, r.nextLong() | 1);
                }
            }
            TokenIndex ix = TokenIndex.build(f);
            assertAgreesWithTheWalk(ix, e0, r);
            // Slots taken later, and an extent appended (every slot empty, 100 slots: less than two words).
            for (int i = 0; i < 60; i++) {
                int s = r.nextInt(e0.slots());
                if (ix.test(e0, s, 1) == Slots.EMPTY) {
                    long key = r.nextLong() | 1;
                    store(f, e0, s, key);
                    ix.inserted(e0, s, key);
                }
            }
            f.append(List.of(new Extent(1, e0.end(), 100, false)));
            ix.extentsAppended();
            assertAgreesWithTheWalk(ix, e0, r);
            Extent e1 = f.extent(1);
            assertAgreesWithTheWalk(ix, e1, r);
            assertEquals(-1, ix.firstEmpty(e1, 100, 100, 1), "an empty range");
            assertEquals(99, ix.firstEmpty(e1, 99, 100, 1));
            ix.inserted(e1, 99, 5);
            assertEquals(-1, ix.firstEmpty(e1, 99, 100, 1), "the last slot taken");
            assertEquals(98, ix.firstEmpty(e1, 98, 100, 1));
        }
    }

    @Test
    void everyStoredTokenIsNamedAfterTheBuildAndAfterARebuild() throws Exception {
        // Enough records for many batches of the build's and the rebuild's reading, and a batch left over.
        try (CssFile f = CssFile.create(dir.resolve("n.css"), 3001, false)) {
            SplittableRandom r = new SplittableRandom(11);
            Extent e0 = f.extent(0);
            java.util.Map<Long, Integer> stored = new java.util.HashMap<>();
            for (int s = 0; s < e0.slots(); s++) {
                if (r.nextInt(10) < 9) {
                    long key = r.nextLong() | 1;
                    store(f, e0, s, key);
                    stored.put(key, 0);
                }
            }
            TokenIndex ix = TokenIndex.build(f);
            assertNamed(ix, stored);
            // More slots than the table was sized for: it is rebuilt from the file's keys.
            f.append(List.of(new Extent(1, e0.end(), 3001, false)));
            ix.extentsAppended();
            Extent e1 = f.extent(1);
            for (int s = 0; s < e1.slots(); s += 2) {
                long key = r.nextLong() | 1;
                store(f, e1, s, key);
                ix.inserted(e1, s, key);
                stored.put(key, 1);
            }
            f.append(List.of(new Extent(2, e1.end(), 6001, false)));
            ix.extentsAppended();
            assertNamed(ix, stored);
        }
    }

    private static void assertNamed(TokenIndex ix, java.util.Map<Long, Integer> stored) {
        for (var t : stored.entrySet()) {
            long in = ix.candidates(t.getKey());
            assertEquals(1L, (in >>> t.getValue()) & 1, "token " + t.getKey() + " of extent " + t.getValue() + ": " + in);
        }
    }

    private static void assertAgreesWithTheWalk(TokenIndex ix, Extent e, SplittableRandom r) {
        Slots walk = ix::test;
        for (int i = 0; i < 20_000; i++) {
            int from = r.nextInt(e.slots());
            int to = Math.min(e.slots(), from + 1 + r.nextInt(i % 2 == 0 ? 12 : 200));
            assertEquals(walk.firstEmpty(e, from, to, 1), ix.firstEmpty(e, from, to, 1), "[" + from + ", " + to + ")");
        }
    }

    private static void store(CssFile f, Extent e, int slot, long key) throws Exception {
        byte[] rec = new byte[CssFormat.RECORD_BYTES];
        ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN).putLong(key).putLong(1).putLong(0);
        f.put(e.recordOffset(slot), rec);
    }
}
