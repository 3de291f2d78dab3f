package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dspam.config.DspamConfig;
import org.dspam.engine.Outcome;
import org.dspam.storage.UserStorage;
import org.dspam.storage.memory.MemoryStorageDriver;
import org.dspam.testing.ReferenceResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online corpus evaluation (classify each message, then learn it as corpus) on the hash driver gives, message
 * by message, exactly what it gives on the memory driver (and what DSPAM printed), and leaves a file with the same
 * tokens that both DSPAM builds read.
 */
class HashCorpusTest {
    @TempDir
    Path home;

    private static String describe(Outcome o) {
        if (o == null || !o.classified()) {
            return "none";
        }
        return o.verdict().className() + " " + o.verdict().probability() + " " + o.verdict().confidence() + " "
                + o.verdict().factors();
    }

    @Test
    void theWholeCorpusGivesTheMemoryDriversResultsMessageByMessage() throws IOException {
        DspamConfig config = EngineRun.config(home);
        List<EngineRun.Message> corpus = EngineRun.corpus(home, 1, Integer.MAX_VALUE);
        List<ReferenceResults.Row> dspam = ReferenceResults.load();
        assertEquals(dspam.size(), corpus.size());
        List<String> differences = new ArrayList<>();
        MemoryStorageDriver memory = new MemoryStorageDriver();
        try (HashStorageDriver hash = new HashStorageDriver(HashSettings.from(config, null))) {
            EngineRun onHash = new EngineRun(hash, config, "eval");
            EngineRun onMemory = new EngineRun(memory, config, "eval");
            for (int i = 0; i < corpus.size(); i++) {
                EngineRun.Message m = corpus.get(i);
                byte[] bytes = Files.readAllBytes(m.file());
                Outcome h = onHash.classify(bytes);
                Outcome mem = onMemory.classify(bytes);
                String got = describe(h);
                if (!got.equals(describe(mem))) {
                    differences.add("#" + (i + 1) + ": hash " + got + ", memory " + describe(mem));
                }
                String want = dspam.get(i).a().className() + " " + dspam.get(i).a().probability();
                if (h != null && h.classified() && !want.equals(h.verdict().className() + " "
                        + String.format(java.util.Locale.ROOT, "%.4f", h.verdict().probability()))) {
                    differences.add("#" + (i + 1) + ": hash " + got + ", DSPAM " + want);
                }
                onHash.train(bytes, m.label());
                onMemory.train(bytes, m.label());
            }
            assertTrue(differences.isEmpty(), differences.size() + " differences, first "
                    + differences.subList(0, Math.min(5, differences.size())));

            Map<Long, long[]> expected = new HashMap<>();
            try (UserStorage s = memory.open("eval")) {
                s.forEachToken(r -> expected.put(r.key(), new long[] {r.spamHits(), r.innocentHits()}));
                try (UserStorage t = hash.open("eval")) {
                    assertEquals(s.totals(), t.totals());
                    long[] n = {0};
                    t.forEachToken(r -> {
                        long[] e = expected.get(r.key());
                        assertTrue(e != null && e[0] == r.spamHits() && e[1] == r.innocentHits(),
                                "token " + r.key());
                        n[0]++;
                    });
                    assertEquals(expected.values().stream().filter(v -> v[0] + v[1] > 0).count(), n[0]);
                }
            }
            Path css = hash.files("eval").css();
            DspamRules r = new DspamRules(css);
            assertTrue(r.extents.size() > 10, "a file of " + r.extents.size() + " extents");
            assertTrue(n(r) > 3_000_000, "records: " + n(r));
        }
        Expected.readableByDspam(home.resolve("data/eval/eval.css"));
    }

    private static long n(DspamRules r) {
        return r.recordCount();
    }
}
