package org.dspam.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dspam.config.DspamConfig;
import org.dspam.engine.Outcome;
import org.dspam.engine.SettingsResolver;
import org.dspam.learn.MessageClass;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.storage.memory.MemoryStorageDriver;
import org.dspam.testing.CorpusFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code dspam_train} does with a message when it is told the results. */
class TrainerTest {
    @TempDir
    Path dir;

    /**
     * The predicate sees the classification's outcome, which is what is returned, and only the messages it accepts
     * are learned; a classification learns nothing by itself.
     */
    @Test
    void classifyThenTrainLearnsOnlyWhatThePredicateAccepts() throws IOException {
        DspamConfig conf = DspamConfig.parse(Files.readString(Path.of("../conf/dspam.conf"))
                .replaceAll("(?m)^StorageDriver .*$", "StorageDriver memory"), "dspam.conf");
        List<Corpus.Entry> corpus = Corpus.fromIndex(CorpusFixture.reference("sa-corpus.index", dir),
                CorpusFixture.root());
        try (MemoryStorageDriver memory = new MemoryStorageDriver()) {
            Trainer trainer = new Trainer(memory, new SettingsResolver(conf), "u", w -> { });
            long spam = 0;
            long innocent = 0;
            for (int i = 0; i < 60; i++) {
                Corpus.Entry e = corpus.get(i * 97);
                boolean learn = i % 3 != 0;
                List<Outcome> seen = new ArrayList<>();
                Trainer.Ready m = trainer.ready(Files.readAllBytes(e.file()), true);
                Outcome o = trainer.classifyThenTrain(m, e.label(), x -> {
                    seen.add(x);
                    return learn;
                });
                assertNotNull(o, "message " + e.file());
                assertEquals(1, seen.size(), "the predicate is asked once");
                assertSame(o, seen.get(0), "the predicate sees the classification");
                if (learn && e.label() == MessageClass.SPAM) {
                    spam++;
                } else if (learn) {
                    innocent++;
                }
            }
            try (UserStorage s = memory.open("u")) {
                Totals t = s.totals();
                assertEquals(spam, t.spamLearned(), "spam learned");
                assertEquals(innocent, t.innocentLearned(), "innocent learned");
            }
        }
    }
}
