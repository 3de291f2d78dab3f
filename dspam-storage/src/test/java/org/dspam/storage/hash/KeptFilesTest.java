package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.storage.memory.MemoryStorageDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver that keeps files open and indexed between sessions (a daemon) notices every change made meanwhile by
 * other processes of this project and by DSPAM binaries, which keep no journal.
 */
class KeptFilesTest {
    @TempDir
    Path home;

    private HashStorageDriver keeping() {
        return new HashStorageDriver(HashSettings.shipped(home).withSizes(4099, 2053, 10, 10).withCache(10, null));
    }

    private static TokenChanges tokens(long from, int n, long spam, long innocent) {
        TokenChanges c = new TokenChanges(n);
        for (int i = 0; i < n; i++) {
            c.add(from + i, spam, innocent);
        }
        return c;
    }

    /** Fetches enough to make the keeping driver build its index, and checks it did. */
    private static void warm(UserStorage s) {
        for (int round = 0; round < 20; round++) {
            Expected.fetch(s, keys(1, 500));
        }
        assertTrue(((HashSession) s).indexed(), "the keeping driver indexed the file");
    }

    private static long[] keys(long from, int n) {
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            k[i] = from + i;
        }
        return k;
    }

    /**
     * A commit that names a token twice (a stored one and a new one) applies both changes in order, as the memory
     * driver does, and stores the new token once: with the kept index and without one.
     */
    @Test
    void aTokenNamedTwiceInOneCommitGetsBothChangesInOrder() throws IOException {
        TokenChanges twice = new TokenChanges(8);
        twice.add(7, 2, 0);
        twice.add(9001, 3, 1);
        twice.add(8, 0, 1);
        twice.add(7, -5, 4);
        twice.add(9001, -1, 2);
        long[] keys = {7, 8, 9001, 9002};
        long[][] expected;
        try (MemoryStorageDriver memory = new MemoryStorageDriver(); UserStorage s = memory.open("u")) {
            s.commit(tokens(1, 500, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
            s.commit(twice, new Totals(1, 1, 0, 0, 0, 0, 0, 0));
            expected = Expected.fetch(s, keys);
        }
        assertArrayEquals(new long[] {0, 1, 2, 0}, expected[0], "7: 1 + 2 - 5 stops at 0");
        for (String user : new String[] {"indexed", "plain"}) {
            try (HashStorageDriver d = user.equals("indexed") ? keeping()
                    : new HashStorageDriver(HashSettings.shipped(home).withSizes(4099, 2053, 10, 10))) {
                try (UserStorage s = d.open(user)) {
                    s.commit(tokens(1, 500, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
                }
                try (UserStorage s = d.open(user)) {
                    if (user.equals("indexed")) {
                        warm(s);
                    }
                    Expected.fetch(s, keys);
                    s.commit(twice, new Totals(1, 1, 0, 0, 0, 0, 0, 0));
                    assertArrayEquals(expected[0], Expected.fetch(s, keys)[0], user + ": spam counts");
                    assertArrayEquals(expected[1], Expected.fetch(s, keys)[1], user + ": innocent counts");
                }
            }
            try (HashStorageDriver d = new HashStorageDriver(HashSettings.shipped(home).withSizes(4099, 2053, 10, 10));
                 UserStorage s = d.open(user)) {
                assertArrayEquals(expected[0], Expected.fetch(s, keys)[0], user + ": spam counts read again");
                assertArrayEquals(expected[1], Expected.fetch(s, keys)[1], user + ": innocent counts read again");
            }
            Expected.readableByDspamAt(home.resolve("data/" + user + "/" + user + ".css"), 10);
        }
    }

    /**
     * A session that looks up what the last one did (a training after a classification) reuses its locations, but
     * never a token's absence once it is stored: not by a commit between the lookups, nor by one of the same
     * session before a later lookup.
     */
    @Test
    void theLastSessionsLookupsNeverHideATokenStoredSince() {
        try (HashStorageDriver daemon = keeping()) {
            try (UserStorage s = daemon.open("u")) {
                s.commit(tokens(1, 500, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
                warm(s);
            }
            long[] mixed = keys(490, 20);
            for (int round = 0; round < 3; round++) {
                try (UserStorage s = daemon.open("u")) {
                    long[][] got = Expected.fetch(s, mixed);
                    assertEquals(1, got[0][0], "a token stored before");
                    assertEquals(round, got[1][19], "token 509, stored in the rounds before");
                    s.commit(tokens(500, 10, 0, 1), Totals.ZERO);
                    got = Expected.fetch(s, mixed);
                    assertEquals(round + 1, got[1][19], "token 509, stored by this session's commit");
                }
            }
            long[] again = keys(590, 20);
            try (UserStorage s = daemon.open("u")) {
                assertEquals(0, Expected.fetch(s, again)[0][10], "token 600, not stored yet");
            }
            try (UserStorage s = daemon.open("u")) {
                s.commit(tokens(600, 1, 2, 0), Totals.ZERO);
            }
            try (UserStorage s = daemon.open("u")) {
                assertEquals(2, Expected.fetch(s, again)[0][10], "token 600, stored between two lookups of it");
            }
            long[] twice = keys(690, 20);
            try (UserStorage s = daemon.open("u")) {
                Expected.fetch(s, twice);
                Expected.fetch(s, twice);
            }
            try (UserStorage s = daemon.open("u")) {
                assertEquals(0, Expected.fetch(s, twice)[0][10], "token 700, not stored yet");
                s.commit(tokens(700, 1, 5, 0), Totals.ZERO);
                assertEquals(5, Expected.fetch(s, twice)[0][10], "token 700, stored by this session's commit");
            }
        }
        Expected.readableByDspamAt(home.resolve("data/u/u.css"), 10);
    }

    /**
     * A commit follows its changes through the session's fetches (two fetches, their tokens merged, some left out);
     * a token the session's first commit stored, looked up as absent before it, is updated by a second commit, not
     * stored twice, whether that commit follows the fetches or (in reverse order) finds its tokens otherwise.
     */
    @Test
    void aCommitFindsItsTokensThroughTheSessionsFetches() {
        long[] first = keys(401, 200);
        long[] second = keys(10_001, 60);
        for (boolean reversed : new boolean[] {false, true}) {
            String user = reversed ? "r" : "f";
            try (HashStorageDriver daemon = keeping()) {
                try (UserStorage s = daemon.open(user)) {
                    s.commit(tokens(1, 500, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
                    warm(s);
                }
                try (UserStorage s = daemon.open(user)) {
                    Expected.fetch(s, first);
                    Expected.fetch(s, second);
                    TokenChanges merged = new TokenChanges(260);
                    for (int i = 0, j = 0; i < first.length || j < second.length; ) {
                        if (i < first.length) {
                            if (i % 7 != 3) {
                                merged.add(first[i], 1, 0);
                            }
                            i++;
                        }
                        if (j < second.length && i % 3 == 0) {
                            merged.add(second[j++], 0, 1);
                        }
                    }
                    s.commit(merged, Totals.ZERO);
                    TokenChanges again = new TokenChanges(260);
                    for (int i = 0; i < first.length + second.length; i++) {
                        int k = reversed ? first.length + second.length - 1 - i : i;
                        if (k < first.length) {
                            again.add(first[k], 1, 0);
                        } else {
                            again.add(second[k - first.length], 0, 1);
                        }
                    }
                    s.commit(again, Totals.ZERO);
                }
            }
            try (HashStorageDriver agent = new HashStorageDriver(HashSettings.shipped(home)
                    .withSizes(4099, 2053, 10, 10).withCache(0, null)); UserStorage s = agent.open(user)) {
                long[][] got = Expected.fetch(s, first);
                for (int i = 0; i < first.length; i++) {
                    long expected = (first[i] <= 500 ? 1 : 0) + (i % 7 == 3 ? 0 : 1) + 1;
                    assertEquals(expected, got[0][i], user + ": spam count of token " + first[i]);
                }
                got = Expected.fetch(s, second);
                for (int i = 0; i < second.length; i++) {
                    assertEquals(2, got[1][i], user + ": innocent count of token " + second[i]);
                }
            }
            Expected.readableByDspamAt(home.resolve("data/" + user + "/" + user + ".css"), 10);
        }
    }

    @Test
    void anotherProcesssCommitIsSeen() {
        try (HashStorageDriver daemon = keeping();
             HashStorageDriver agent = new HashStorageDriver(HashSettings.shipped(home).withSizes(4099, 2053, 10, 10)
                     .withCache(0, null))) {
            try (UserStorage s = daemon.open("u")) {
                s.commit(tokens(1, 500, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
                warm(s);
            }
            try (UserStorage s = agent.open("u")) {
                s.commit(tokens(10_000, 50, 0, 3), new Totals(0, 1, 0, 0, 0, 0, 0, 0));
            }
            try (UserStorage s = daemon.open("u")) {
                long[][] got = Expected.fetch(s, keys(10_000, 50));
                for (int i = 0; i < 50; i++) {
                    assertEquals(3, got[1][i], "token " + i + " stored by the other process");
                }
                s.commit(tokens(10_000, 50, 0, 1), Totals.ZERO);
            }
            try (UserStorage s = agent.open("u")) {
                assertEquals(4, Expected.fetch(s, keys(10_000, 50))[1][49]);
            }
        }
        Expected.readableByDspamAt(home.resolve("data/u/u.css"), 10);
    }

    @Test
    void aDspamBinarysWriteIsSeenEvenInTheSameClockTick() throws IOException {
        Path css = home.resolve("data/u/u.css");
        try (HashStorageDriver daemon = keeping()) {
            FileTime ourWrite;
            try (UserStorage s = daemon.open("u")) {
                s.commit(tokens(1, 500, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
                ourWrite = Files.getLastModifiedTime(css);
                warm(s);
            }
            // Right after the session, as DSPAM would under the lock: a new record in its slot, no journal. With
            // a coarse file clock the write gets the same time stamp as ours; this sets it so on any kernel.
            long key = 0x7777_0000_0000_0001L;
            writeAsDspam(css, key, 5, 2);
            Files.setLastModifiedTime(css, ourWrite);
            try (UserStorage s = daemon.open("u")) {
                long[][] got = Expected.fetch(s, new long[] {key});
                assertArrayEquals(new long[] {5, 2}, new long[] {got[0][0], got[1][0]});
                s.commit(tokens(key, 1, 1, 0), Totals.ZERO);
            }
            try (UserStorage s = daemon.open("u")) {
                long[][] got = Expected.fetch(s, new long[] {key});
                assertArrayEquals(new long[] {6, 2}, new long[] {got[0][0], got[1][0]}, "updated, not stored twice");
            }
        }
        Expected.readableByDspamAt(css, 10);
    }

    @Test
    void filesAreMappedFromFirstUseOnceTheProcessServesMoreUsersThanItKeeps() {
        try (HashStorageDriver daemon = new HashStorageDriver(HashSettings.shipped(home).withSizes(4099, 2053, 10, 10)
                .withCache(2, null))) {
            for (String u : new String[] {"a", "b"}) {
                try (UserStorage s = daemon.open(u)) {
                    s.commit(tokens(1, 100, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
                    assertFalse(((HashSession) s).mapped(), "a file's first use reads it record by record");
                }
            }
            try (UserStorage s = daemon.open("a")) {
                assertTrue(((HashSession) s).mapped(), "a kept file is mapped when used again");
            }
            try (UserStorage s = daemon.open("c")) {
                s.commit(tokens(1, 100, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
                assertFalse(((HashSession) s).mapped(), "nothing was closed to make room yet");
            }
            // Three users in a cache of two: one of them was closed, so every file is now mapped at first use.
            try (UserStorage s = daemon.open("b")) {
                assertTrue(((HashSession) s).mapped());
                assertEquals(1, Expected.fetch(s, keys(1, 100))[0][99], "what the first session stored");
                s.commit(tokens(1, 100, 0, 2), Totals.ZERO);
            }
            try (UserStorage s = daemon.open("d")) {
                s.commit(tokens(1, 100, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
                assertTrue(((HashSession) s).mapped(), "a new user's file too");
            }
        }
        try (HashStorageDriver agent = new HashStorageDriver(HashSettings.shipped(home).withSizes(4099, 2053, 10, 10)
                .withCache(0, null)); UserStorage s = agent.open("b")) {
            long[][] got = Expected.fetch(s, keys(1, 100));
            assertEquals(1, got[0][0], "the mapped session's writes are in the file");
            assertEquals(2, got[1][0]);
            assertFalse(((HashSession) s).mapped());
        }
    }

    @Test
    void aMappedFileGrowsByForcedExtentsAndKeepsEveryRecord() throws IOException {
        try (HashStorageDriver daemon = keeping()) {
            try (UserStorage s = daemon.open("g")) {
                s.commit(tokens(1, 100, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
            }
            // Used again: mapped, and each commit adds more tokens than the extents hold, so extents are appended
            // (and forced) while records are written through the mappings.
            for (int round = 0; round < 4; round++) {
                try (UserStorage s = daemon.open("g")) {
                    assertTrue(((HashSession) s).mapped());
                    s.commit(tokens(1 + round * 3000L, 3000, 0, 1), new Totals(0, 1, 0, 0, 0, 0, 0, 0));
                }
            }
        }
        Path css = home.resolve("data/g/g.css");
        try (FileChannel ch = FileChannel.open(css, StandardOpenOption.READ)) {
            CssChain chain = CssChain.read(ch);
            assertTrue(chain.usable(), "the extent chain is whole");
            assertTrue(chain.extents().size() > 1, "extents were appended: " + chain.extents().size());
        }
        try (HashStorageDriver agent = new HashStorageDriver(HashSettings.shipped(home).withSizes(4099, 2053, 10, 10)
                .withCache(0, null)); UserStorage s = agent.open("g")) {
            long[][] got = Expected.fetch(s, keys(1, 12000));
            for (int i = 0; i < 12000; i++) {
                assertEquals(i < 100 ? 1 : 0, got[0][i], "spam count of token " + (i + 1));
                assertEquals(1, got[1][i], "innocent count of token " + (i + 1));
            }
            assertEquals(new Totals(1, 4, 0, 0, 0, 0, 0, 0), s.totals());
        }
    }

    @Test
    void theConcurrentUserStaysOpenAndIndexed() {
        HashSettings settings = HashSettings.shipped(home).withSizes(4099, 2053, 10, 10).withCache(0, "sys");
        try (HashStorageDriver d = new HashStorageDriver(settings)) {
            try (UserStorage s = d.open("sys")) {
                s.commit(tokens(1, 100, 1, 0), new Totals(1, 0, 0, 0, 0, 0, 0, 0));
            }
            try (UserStorage s = d.open("sys")) {
                assertTrue(((HashSession) s).indexed(), "HashConcurrentUser's file is indexed from its first use");
                assertEquals(1, Expected.fetch(s, keys(1, 100))[0][99]);
            }
            for (String other : new String[] {"a", "b", "c"}) {
                try (UserStorage s = d.open(other)) {
                    s.commit(tokens(1, 100, 1, 0), Totals.ZERO);
                    assertFalse(((HashSession) s).indexed(), "a user's first lookups are not worth an index");
                }
            }
            try (UserStorage s = d.open("sys")) {
                assertTrue(((HashSession) s).indexed(), "the other users did not push it out");
            }
            assertTrue(d.indexBytes() > 4099, "the kept index: " + d.indexBytes() + " bytes");
        }
    }

    /** DSPAM's insert: the first empty slot from {@code key mod N} in the first extent. */
    private static void writeAsDspam(Path css, long key, long spam, long innocent) throws IOException {
        try (FileChannel ch = FileChannel.open(css, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(h, 0);
            long n = h.getLong(0);
            long slot = Long.remainderUnsigned(key, n);
            ByteBuffer k = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (true) {
                k.clear();
                ch.read(k, 80 + slot * 24);
                if (k.getLong(0) == 0) {
                    break;
                }
                slot++;
            }
            ByteBuffer rec = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(key).putLong(innocent)
                    .putLong(spam).flip();
            ch.write(rec, 80 + slot * 24);
        }
    }
}
