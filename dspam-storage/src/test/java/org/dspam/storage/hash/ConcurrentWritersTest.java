package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dspam.storage.TokenChanges;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many processes (one agent per message) and a daemon's threads training one user at once lose no update. */
class ConcurrentWritersTest {
    static final int MESSAGES = 30;
    static final int TOKENS = 150;

    @TempDir
    Path home;

    @Test
    void eightProcessesTrainingOneUserLoseNoUpdate() throws Exception {
        List<Children.Child> children = new ArrayList<>();
        long[] seeds = new long[8];
        for (int c = 0; c < seeds.length; c++) {
            seeds[c] = 100 + c;
            children.add(Children.start(home, "shared", seeds[c], 0, MESSAGES, TOKENS));
        }
        for (Children.Child c : children) {
            assertEquals(0, c.finish(300), "child exit status; printed " + c.all);
            assertEquals(MESSAGES - 1, c.lastOk());
        }
        try (HashStorageDriver d = new HashStorageDriver(ChildTrainer.settings(home))) {
            Expected.holds(d, "shared", seeds, MESSAGES, TOKENS);
        }
    }

    @Test
    void processesAndThreadsOfAKeepingDriverTogetherLoseNoUpdate() throws Exception {
        // The in-test driver keeps files open and indexed between sessions; the other processes' commits must
        // make it look at the file again.
        long[] seeds = {201, 202, 203, 204, 205, 206};
        List<Children.Child> children = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            children.add(Children.start(home, "mixed", seeds[c], 0, MESSAGES, TOKENS));
        }
        try (HashStorageDriver d = new HashStorageDriver(ChildTrainer.settings(home).withCache(10, null))) {
            boolean[] indexed = {false};
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 3; t < 6; t++) {
                    long seed = seeds[t];
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < MESSAGES; i++) {
                            try (UserStorage s = d.open("mixed")) {
                                // Read first, as the engine does, so that the kept index is built and used.
                                TokenChanges c = ChildTrainer.Messages.changes(seed, i, TOKENS);
                                long[] keys = new long[c.size()];
                                for (int k = 0; k < keys.length; k++) {
                                    keys[k] = c.key(k);
                                }
                                Expected.fetch(s, keys);
                                indexed[0] |= ((HashSession) s).indexed();
                                s.commit(c, ChildTrainer.Messages.totals(i));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            for (Children.Child c : children) {
                assertEquals(0, c.finish(300), "child exit status; printed " + c.all);
            }
            Expected.holds(d, "mixed", seeds, MESSAGES, TOKENS);
            assertTrue(indexed[0], "the driver kept an index between sessions");
        }
    }
}
