package org.dspam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads of one process (the daemon's workers) append to the same quarantine mailbox. */
class ConcurrentAppendTest {
    @TempDir
    Path dir;

    @Test
    void threadsQuarantineToOneMailboxWithoutLosingAMessage() throws Exception {
        Path mbox = dir.resolve("data/u/u.mbox");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    Quarantine.append(mbox, "Subject: " + thread + "/" + i + "\n\nbody\n", Clock.systemUTC());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        List<String> lines = Files.readAllLines(mbox, StandardCharsets.ISO_8859_1);
        assertEquals(200, lines.stream().filter(l -> l.startsWith("From QUARANTINE ")).count());
        assertEquals(200, lines.stream().filter(l -> l.startsWith("Subject: ")).distinct().count());
    }
}
