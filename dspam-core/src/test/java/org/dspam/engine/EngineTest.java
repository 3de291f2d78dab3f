package org.dspam.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.dspam.classify.Algorithm;
import org.dspam.classify.PValue;
import org.dspam.classify.Verdict;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;
import org.dspam.message.MessagePipeline;
import org.dspam.message.MessageText;
import org.dspam.message.SignatureScan;
import org.dspam.signature.SignatureData;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.storage.memory.MemoryStorageDriver;
import org.dspam.token.Crc64;
import org.dspam.token.TokenizerKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final String HAM = "From: Alice <alice@example.org>\nSubject: meeting notes\n\nthe kernel module compiles fine\n";
    private static final String SPAM = "From: Offers <offers@cheap.example>\nSubject: FREE money\n\nclaim your free prize now\n";

    private final Engine engine = new Engine();
    private MemoryStorageDriver driver;

    @BeforeEach
    void emptyStorage() {
        driver = new MemoryStorageDriver();
    }

    private static EngineSettings settings(TrainingMode mode) {
        return new EngineSettings(TokenizerKind.WORD, true, Set.of(), Set.of(Algorithm.GRAHAM, Algorithm.BURTON), PValue.BCR,
                false, true, true, 0, 10, mode, false, 0);
    }

    private static MessageText text(String message) {
        return MessagePipeline.prepare(message.getBytes(StandardCharsets.ISO_8859_1),
                new SignatureScan.Options(false, false, true), false).text();
    }

    private Outcome run(EngineSettings s, Job job, String message) {
        try (UserStorage store = driver.open("u")) {
            return engine.process(store, s, job, text(message));
        }
    }

    private Totals totals() {
        try (UserStorage store = driver.open("u")) {
            return store.totals();
        }
    }

    private long[] counts(String token) {
        long[] s = new long[1];
        long[] i = new long[1];
        try (UserStorage store = driver.open("u")) {
            store.fetch(new long[] {Crc64.of(token)}, 1, s, i);
        }
        return new long[] {s[0], i[0]};
    }

    @Test
    void corpusTrainingLearnsAndCountsCorpusfed() {
        Outcome o = run(settings(TrainingMode.TEFT), Job.train(MessageClass.SPAM, Source.CORPUS), SPAM);
        assertTrue(o.learned());
        assertEquals(new Totals(1, 0, 0, 0, 1, 0, 0, 0), totals());
        assertArrayEquals(new long[] {1, 0}, counts("prize"));
        assertEquals(1.0f, o.verdict().probability());
    }

    @Test
    void teftLearnsNewMailAsClassifiedAndKeepsASignature() {
        Outcome o = run(settings(TrainingMode.TEFT), Job.process(), HAM);
        assertFalse(o.verdict().spam());
        assertEquals(new Totals(0, 1, 0, 0, 0, 0, 0, 0), totals());
        assertArrayEquals(new long[] {0, 1}, counts("kernel"));
        SignatureData sig = SignatureData.wrap(o.signature());
        assertTrue(sig.entries() > 5);
        assertEquals(16 * sig.entries(), o.signature().length);
    }

    @Test
    void classifyOnlyWritesNothing() {
        run(settings(TrainingMode.TEFT), Job.train(MessageClass.INNOCENT, Source.CORPUS), HAM);
        Outcome o = run(settings(TrainingMode.TEFT), Job.classify(), HAM);
        assertNotNull(o.verdict());
        assertNull(o.signature());
        assertEquals(new Totals(0, 1, 0, 0, 0, 1, 0, 0), totals());
        assertArrayEquals(new long[] {0, 1}, counts("kernel"));
    }

    @Test
    void anUndertrainedToeUserTrainsLikeTeft() {
        run(settings(TrainingMode.TOE), Job.process(), HAM);
        assertEquals(1, totals().innocentLearned());
        assertEquals(0, totals().innocentClassified());
    }

    @Test
    void aTrainedToeUserOnlyCountsClassifiedMailAndItsWhitelistToken() {
        try (UserStorage store = driver.open("u")) {
            store.commit(new org.dspam.storage.TokenChanges(0), new Totals(200, 200, 0, 0, 200, 200, 0, 0));
        }
        run(settings(TrainingMode.TOE), Job.process(), HAM);
        assertEquals(new Totals(200, 200, 0, 0, 200, 200, 0, 1), totals());
        assertArrayEquals(new long[] {0, 0}, counts("kernel"), "TOE does not learn the message");
        assertArrayEquals(new long[] {0, 1}, counts("From*Alice <alice@example.org>"), "but counts its sender");
    }

    @Test
    void retrainingAnErrorFromItsSignatureMovesTheCounts() {
        Outcome first = run(settings(TrainingMode.TEFT), Job.process(), SPAM);
        assertFalse(first.verdict().spam());
        try (UserStorage store = driver.open("u")) {
            engine.retrain(store, settings(TrainingMode.TEFT), MessageClass.SPAM, Source.ERROR, false, first.signature());
        }
        assertEquals(new Totals(1, 0, 1, 0, 0, 0, 0, 0), totals());
        assertArrayEquals(new long[] {1, 0}, counts("prize"));
    }

    @Test
    void unlearningReversesALearning() {
        run(settings(TrainingMode.TEFT), Job.train(MessageClass.SPAM, Source.CORPUS), SPAM);
        run(settings(TrainingMode.TEFT), new Job(OperatingMode.PROCESS, MessageClass.SPAM, Source.CORPUS, true, false), SPAM);
        assertEquals(0, totals().spamLearned());
        assertArrayEquals(new long[] {0, 0}, counts("prize"));
    }

    @Test
    void notrainNeitherLearnsNorSigns() {
        Outcome o = run(settings(TrainingMode.NOTRAIN), Job.process(), HAM);
        assertNull(o.signature());
        assertEquals(Totals.ZERO, totals());
        assertFalse(driver.exists("u"));
    }

    @Test
    void aKnownSenderIsWhitelisted() {
        for (int n = 0; n < 11; n++) {
            run(settings(TrainingMode.TEFT), Job.train(MessageClass.INNOCENT, Source.CORPUS), HAM.replace("meeting", "meeting" + n));
        }
        Outcome o = run(settings(TrainingMode.TEFT), Job.classify(), "From: Alice <alice@example.org>\nSubject: x\n\nFREE prize money now\n");
        assertEquals(Verdict.WHITELISTED, o.verdict().className());
        assertFalse(o.verdict().spam());
    }

    @Test
    void aMessageWithoutTokensIsNotClassified() {
        Outcome o = run(settings(TrainingMode.TEFT), Job.process(), "\n\n\n");
        assertNull(o.verdict());
        assertEquals(Totals.ZERO, totals());
    }

    @Test
    void classifyingFromASignatureUsesItsTokens() {
        run(settings(TrainingMode.TEFT), Job.train(MessageClass.SPAM, Source.CORPUS), SPAM);
        Outcome o = run(settings(TrainingMode.TEFT), Job.process(), SPAM);
        try (UserStorage store = driver.open("u")) {
            assertNotNull(engine.classifySignature(store, settings(TrainingMode.TEFT), o.signature()).verdict());
        }
    }

    @Test
    void tokensFromOtherTokenizerSettingsAreRefused() {
        TokenizedMessage words = engine.tokenize(settings(TrainingMode.TEFT), text(HAM));
        EngineSettings osb = new EngineSettings(TokenizerKind.OSB, true, Set.of(), Set.of(Algorithm.GRAHAM), PValue.BCR,
                false, true, true, 0, 10, TrainingMode.TEFT, false, 0);
        try (UserStorage store = driver.open("u")) {
            assertThrows(IllegalArgumentException.class, () -> engine.process(store, osb, Job.classify(), words));
        }
    }

    @Test
    void jobsRefuseInconsistentClassAndSource() {
        assertThrows(IllegalArgumentException.class, () -> new Job(OperatingMode.CLASSIFY, MessageClass.SPAM, Source.CORPUS, false, false));
        assertThrows(IllegalArgumentException.class, () -> new Job(OperatingMode.PROCESS, MessageClass.SPAM, null, false, false));
        assertThrows(IllegalArgumentException.class, () -> new Job(OperatingMode.PROCESS, null, Source.ERROR, false, false));
    }

    @Test
    void inoculationWeighsFiveThenTwo() {
        Job inoculate = Job.train(MessageClass.SPAM, Source.INOCULATION);
        run(settings(TrainingMode.TEFT), inoculate, SPAM);
        assertArrayEquals(new long[] {1, 0}, counts("prize"), "5 hits, capped by the single learned spam");
        run(settings(TrainingMode.TEFT), inoculate, SPAM);
        run(settings(TrainingMode.TEFT), inoculate, SPAM);
        assertEquals(3, totals().spamLearned());
        assertEquals(3, totals().spamCorpusfed());
        assertArrayEquals(new long[] {3, 0}, counts("prize"), "+5 while under 5 hits, then +2, always within the learned total");
    }

    @Test
    void tumStopsUpdatingMatureTokensOfConfidentResults() {
        try (UserStorage store = driver.open("u")) {
            org.dspam.storage.TokenChanges seed = new org.dspam.storage.TokenChanges(1);
            seed.add(Crc64.of("kernel"), 0, 60);
            store.commit(seed, new Totals(100, 100, 0, 0, 0, 0, 0, 0));
        }
        run(settings(TrainingMode.TUM), Job.process(), HAM);
        assertArrayEquals(new long[] {0, 60}, counts("kernel"), "60 hits: mature, and the result was confident");
        assertArrayEquals(new long[] {0, 1}, counts("module"), "young tokens are still learned");
        assertEquals(101, totals().innocentLearned());
    }
}
