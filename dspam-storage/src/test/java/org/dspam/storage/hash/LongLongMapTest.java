package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LongLongMapTest {
    /**
     * Rounds of very different sizes (the map grows, keeps its room, and shrinks after many small rounds), each
     * checked against a HashMap before the map is cleared for the next.
     */
    @Test
    void answersAsAHashMapDoesAcrossClearsGrowthAndShrinking() {
        SplittableRandom random = new SplittableRandom(11);
        LongLongMap map = new LongLongMap(64);
        for (int round = 0; round < 60; round++) {
            int n = round % 20 == 0 ? 20_000 : round % 3 == 0 ? 900 : 5 + round;
            Map<Long, Long> expected = new HashMap<>();
            for (int i = 0; i < n; i++) {
                // Few distinct keys, so that keys come again: put replaces, putIfAbsent does not.
                long key = 1 + random.nextInt(2 * n);
                long value = random.nextLong();
                if (random.nextBoolean()) {
                    map.put(key, value);
                    expected.put(key, value);
                } else {
                    map.putIfAbsent(key, value);
                    expected.putIfAbsent(key, value);
                }
            }
            assertEquals(expected.size(), map.size(), "round " + round);
            for (long key = 1; key <= 2L * n + 1; key++) {
                Long want = expected.get(key);
                assertEquals(want == null ? LongLongMap.MISSING : want, map.get(key), "round " + round + ", key " + key);
            }
            map.clear();
            assertEquals(0, map.size());
            for (long key : expected.keySet()) {
                assertEquals(LongLongMap.MISSING, map.get(key), "cleared: " + key);
            }
        }
    }
}
