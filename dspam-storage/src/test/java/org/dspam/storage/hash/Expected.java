package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;

/** What a user holds after {@link ChildTrainer} messages, checked through the driver and by DSPAM's rules. */
final class Expected {
    private Expected() {
    }

    /**
     * The user holds exactly messages {@code 0 .. applied - 1} of each seed (all seeds trained the same indices),
     * none of message {@code applied}, and the file is one both DSPAM builds read.
     */
    static void holds(HashStorageDriver driver, String user, long[] seeds, int applied, int tokens) throws IOException {
        holdsWithoutRules(driver, user, seeds, applied, tokens);
        readableByDspam(driver.files(user).css().toFile().toPath());
    }

    /** {@link #holds} through the driver only (for files in a layout {@link #readableByDspam} does not check). */
    static void holdsWithoutRules(HashStorageDriver driver, String user, long[] seeds, int applied, int tokens) {
        long[] c = ChildTrainer.Messages.classes(0, applied);
        long spam = c[0] * seeds.length;
        long ham = c[1] * seeds.length;
        try (UserStorage s = driver.open(user)) {
            assertEquals(new Totals(spam, ham, 0, 0, spam, ham, 0, 0), s.totals(), "totals after " + applied + " messages");
            int shared = ChildTrainer.Messages.SHARED;
            long[] keys = new long[shared];
            for (int j = 0; j < shared; j++) {
                keys[j] = ChildTrainer.Messages.shared(j);
            }
            long[][] got = fetch(s, keys);
            for (int j = 0; j < shared; j++) {
                assertEquals(spam, got[0][j], "spam hits of a token every message has");
                assertEquals(ham, got[1][j], "innocent hits of a token every message has");
            }
            for (int i = 0; i <= applied; i++) {
                long[] r = new long[ChildTrainer.Messages.ROUND];
                for (int j = 0; j < r.length; j++) {
                    r[j] = ChildTrainer.Messages.unique(ChildTrainer.Messages.ROUND_SEED, i, j);
                }
                long[][] g = fetch(s, r);
                boolean isSpam = ChildTrainer.Messages.spam(i);
                long n = i < applied ? seeds.length : 0;
                for (int j = 0; j < r.length; j++) {
                    assertEquals(isSpam ? n : 0, g[0][j], "spam hits of round token " + j + " of message " + i);
                    assertEquals(isSpam ? 0 : n, g[1][j], "innocent hits of round token " + j + " of message " + i);
                }
            }
            for (long seed : seeds) {
                for (int i : new int[] {0, applied / 2, applied - 2, applied - 1, applied}) {
                    if (i < 0 || (i >= applied && i != applied)) {
                        continue;
                    }
                    long[] u = new long[tokens];
                    for (int j = 0; j < tokens; j++) {
                        u[j] = ChildTrainer.Messages.unique(seed, i, j);
                    }
                    long[][] g = fetch(s, u);
                    boolean in = i < applied;
                    boolean isSpam = ChildTrainer.Messages.spam(i);
                    for (int j = 0; j < tokens; j++) {
                        assertEquals(in && isSpam ? 1 : 0, g[0][j], "spam hits of token " + j + " of message " + i);
                        assertEquals(in && !isSpam ? 1 : 0, g[1][j], "innocent hits of token " + j + " of message " + i);
                    }
                }
            }
        }
    }

    static long[][] fetch(UserStorage s, long[] keys) {
        long[] spam = new long[keys.length];
        long[] innocent = new long[keys.length];
        s.fetch(keys, keys.length, spam, innocent);
        return new long[][] {spam, innocent};
    }

    /**
     * The chain covers the file, no token is stored twice, the last tree (whose extent sizes this project uses)
     * finds every record where it is, and so does the 3.10.2 release but for the few tokens that start where the
     * two builds' walks part near an extent's end and found no slot both reach.
     */
    static void readableByDspam(java.nio.file.Path css) throws IOException {
        readableByDspamAt(css, 10);
    }

    /** {@link #readableByDspam} for a HashMaxSeek. */
    static void readableByDspamAt(java.nio.file.Path css, int maxSeek) {
        DspamRules r;
        try {
            r = new DspamRules(css);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertNull(r.chainProblem, "the extent chain of " + css);
        Map<Long, long[]> records = r.records();
        assertEquals(r.recordCount(), records.size(), "no token is stored twice");
        int releaseMisses = 0;
        for (Map.Entry<Long, long[]> e : records.entrySet()) {
            assertArrayEquals(e.getValue(), r.findTree(e.getKey(), maxSeek), "last tree finds " + e.getKey());
            if (!java.util.Arrays.equals(e.getValue(), r.findRelease(e.getKey(), maxSeek))) {
                releaseMisses++;
            }
        }
        assertTrue(releaseMisses <= 2 + records.size() / 200,
                "the 3.10.2 release finds all but " + releaseMisses + " of " + records.size() + " records");
    }

    /** How many messages the user's totals count. */
    static int messages(HashStorageDriver driver, String user, int seeds) {
        try (UserStorage s = driver.open(user)) {
            Totals t = s.totals();
            return (int) ((t.spamLearned() + t.innocentLearned()) / seeds);
        }
    }
}
