package org.dspam.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every storage driver must do. Each driver's test extends this class and says how to make
 * a fresh, empty driver.
 */
public abstract class StorageDriverContract {
    protected StorageDriver driver;

    /** A driver over empty storage, private to one test. */
    protected abstract StorageDriver newDriver() throws Exception;

    @BeforeEach
    void openDriver() throws Exception {
        driver = newDriver();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static TokenChanges changes(long... keySpamInnocent) {
        TokenChanges c = new TokenChanges(keySpamInnocent.length / 3);
        for (int i = 0; i < keySpamInnocent.length; i += 3) {
            c.add(keySpamInnocent[i], keySpamInnocent[i + 1], keySpamInnocent[i + 2]);
        }
        return c;
    }

    private static long[] fetch(UserStorage s, long... keys) {
        long[] spam = new long[keys.length];
        long[] innocent = new long[keys.length];
        s.fetch(keys, keys.length, spam, innocent);
        long[] out = new long[keys.length * 2];
        for (int i = 0; i < keys.length; i++) {
            out[2 * i] = spam[i];
            out[2 * i + 1] = innocent[i];
        }
        return out;
    }

    private static Totals totals(long sl, long il) {
        return new Totals(sl, il, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void unknownUserReadsEmptyAndIsNotCreatedByReading() {
        try (UserStorage s = driver.open("nobody")) {
            assertFalse(s.exists());
            assertEquals(Totals.ZERO, s.totals());
            assertArrayEquals(new long[] {0, 0, 0, 0}, fetch(s, 1L, -5L));
            assertTrue(s.signature("0123456789abcdef").isEmpty());
        }
        assertFalse(driver.exists("nobody"));
        assertEquals(List.of(), driver.users());
    }

    @Test
    void committedCountsAndTotalsAreReadBack() {
        try (UserStorage s = driver.open("alice")) {
            s.commit(changes(42L, 3, 1, -7L, 0, 2), totals(3, 2));
            assertEquals(totals(3, 2), s.totals(), "a session sees its own commits");
        }
        try (UserStorage s = driver.open("alice")) {
            assertTrue(s.exists());
            assertEquals(totals(3, 2), s.totals());
            assertArrayEquals(new long[] {3, 1, 0, 2, 0, 0}, fetch(s, 42L, -7L, 99L));
        }
        assertTrue(driver.exists("alice"));
        assertEquals(List.of("alice"), driver.users());
    }

    @Test
    void deltasAreRelativeAndNeverGoBelowZero() {
        try (UserStorage s = driver.open("bob")) {
            s.commit(changes(1L, 5, 5), totals(5, 5));
        }
        try (UserStorage s = driver.open("bob")) {
            s.commit(changes(1L, 2, -3, 2L, -1, 0), totals(2, -3));
            s.commit(changes(1L, -100, 0), Totals.ZERO);
        }
        try (UserStorage s = driver.open("bob")) {
            assertArrayEquals(new long[] {0, 2, 0, 0}, fetch(s, 1L, 2L));
            assertEquals(totals(7, 2), s.totals());
        }
    }

    @Test
    void negativeTotalsAreStoredAsZeroButCorpusfedIsNot() {
        try (UserStorage s = driver.open("carol")) {
            s.commit(changes(), new Totals(-1, -2, -3, -4, 6, 7, -5, -6));
        }
        try (UserStorage s = driver.open("carol")) {
            assertEquals(new Totals(0, 0, 0, 0, 6, 7, 0, 0), s.totals());
        }
    }

    @Test
    void countsAreCappedAtTwentyEightBits() {
        try (UserStorage s = driver.open("dave")) {
            s.commit(changes(9L, TokenChanges.MAX_COUNT + 10, 1), totals(1, 1));
            s.commit(changes(9L, 5, 0), Totals.ZERO);
        }
        try (UserStorage s = driver.open("dave")) {
            assertArrayEquals(new long[] {TokenChanges.MAX_COUNT, 1}, fetch(s, 9L));
        }
    }

    @Test
    void signaturesAreStoredListedAndDeleted() {
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        try (UserStorage s = driver.open("erin")) {
            assertFalse(s.hasSignature("6b01f58f33811345520487"));
            s.storeSignature("6b01f58f33811345520487", data);
            assertTrue(s.hasSignature("6b01f58f33811345520487"));
        }
        assertTrue(driver.exists("erin"), "storing a signature creates the user");
        try (UserStorage s = driver.open("erin")) {
            assertArrayEquals(data, s.signature("6b01f58f33811345520487").orElseThrow());
            assertEquals(List.of("6b01f58f33811345520487"), s.signatures().stream().map(SignatureInfo::id).toList());
            s.deleteSignature("6b01f58f33811345520487");
            assertFalse(s.hasSignature("6b01f58f33811345520487"));
        }
    }

    /** A new signature is stored only under an id not taken; a taken id keeps what it held. */
    @Test
    void aNewSignatureNeverReplacesOne() {
        byte[] first = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        byte[] second = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        try (UserStorage s = driver.open("gwen")) {
            assertTrue(s.storeNewSignature("6b01f58f33811345520487", first));
            assertFalse(s.storeNewSignature("6b01f58f33811345520487", second));
            assertTrue(s.storeNewSignature("6b01f58f33811345520488", second));
        }
        assertTrue(driver.exists("gwen"), "storing a signature creates the user");
        try (UserStorage s = driver.open("gwen")) {
            assertArrayEquals(first, s.signature("6b01f58f33811345520487").orElseThrow());
            assertArrayEquals(second, s.signature("6b01f58f33811345520488").orElseThrow());
            assertEquals(List.of("6b01f58f33811345520487", "6b01f58f33811345520488"),
                    s.signatures().stream().map(SignatureInfo::id).toList());
        }
    }

    @Test
    void everyTokenCanBeListedAndDeleted() {
        try (UserStorage s = driver.open("frank")) {
            s.commit(changes(1L, 1, 0, 2L, 0, 1, Long.MIN_VALUE, 2, 2), totals(3, 3));
        }
        Map<Long, long[]> seen = new HashMap<>();
        try (UserStorage s = driver.open("frank")) {
            s.forEachToken(r -> seen.put(r.key(), new long[] {r.spamHits(), r.innocentHits()}));
            assertEquals(3, seen.size());
            assertArrayEquals(new long[] {2, 2}, seen.get(Long.MIN_VALUE));
            s.deleteTokens(new long[] {1L, Long.MIN_VALUE}, 2);
        }
        List<Long> left = new ArrayList<>();
        try (UserStorage s = driver.open("frank")) {
            s.forEachToken(r -> left.add(r.key()));
            assertArrayEquals(new long[] {0, 0, 0, 1}, fetch(s, 1L, 2L));
        }
        assertEquals(List.of(2L), left);
    }

    @Test
    void usersAreListedInNameOrder() {
        for (String u : List.of("zed", "amy", "mia")) {
            try (UserStorage s = driver.open(u)) {
                s.commit(changes(1L, 1, 0), totals(1, 0));
            }
        }
        assertEquals(List.of("amy", "mia", "zed"), driver.users());
    }

    @Test
    void preferencesForUsersAndDefaults() {
        driver.setPreference(null, "spamAction", "tag");
        driver.setPreference("gina", "spamAction", "quarantine");
        driver.setPreference("gina", "showFactors", "on");
        assertEquals(Map.of("spamAction", "tag"), driver.preferences(null));
        assertEquals(Map.of("spamAction", "quarantine", "showFactors", "on"), driver.preferences("gina"));
        driver.deletePreference("gina", "showFactors");
        assertEquals(Map.of("spamAction", "quarantine"), driver.preferences("gina"));
        assertEquals(Map.of(), driver.preferences("nobody"));
    }

    @Test
    void userNamesThatCouldEscapeAreRejected() {
        for (String bad : List.of("../etc", "a/b", "..", "-x", "nul\0byte", "tab\there", "")) {
            StorageException e = assertThrows(StorageException.class, () -> driver.open(bad).close(), bad);
            assertFalse(e.isTransient());
        }
        assertThrows(StorageException.class, () -> driver.open("x".repeat(256)).close());
    }

    @Test
    void concurrentWritersOfOneUserLoseNoUpdate() throws Exception {
        int threads = 8;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        try (UserStorage s = driver.open("shared")) {
                            s.commit(changes(77L, 1, 0, 78L, 0, 2), totals(1, 1));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        try (UserStorage s = driver.open("shared")) {
            assertEquals(totals(threads * rounds, threads * rounds), s.totals());
            assertArrayEquals(new long[] {threads * rounds, 0, 0, 2L * threads * rounds}, fetch(s, 77L, 78L));
        }
    }
}
