package org.dspam.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.dspam.learn.TrainingMode;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.memory.MemoryStorageDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine decides every message the same whichever driver holds the data: the start of the
 * SpamAssassin corpus, run on each database and on the memory driver, gives identical results
 * per message and identical stored tokens and totals.
 */
class CorpusEquivalenceIT {
    private static final TestDatabases MYSQL = new TestDatabases(TestDatabases.Kind.MYSQL);
    private static final TestDatabases PGSQL = new TestDatabases(TestDatabases.Kind.PGSQL);

    @TempDir
    static Path temp;

    @AfterAll
    static void dropDatabases() throws Exception {
        MYSQL.dropAll();
        PGSQL.dropAll();
    }

    private static TestDatabases databases(TestDatabases.Kind kind) {
        return kind == TestDatabases.Kind.MYSQL ? MYSQL : PGSQL;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void onlineEvaluationDecidesAndStoresAsTheMemoryDriver(TestDatabases.Kind kind) throws Exception {
        List<CorpusReplay.Message> messages = CorpusReplay.messages(400, temp);
        CorpusReplay replay = CorpusReplay.shippedConfig(null);
        CorpusReplay.Result expected = replay.online(new MemoryStorageDriver(), "eval", messages);
        TestDatabases dbs = databases(kind);
        CorpusReplay.Result actual;
        try (StorageDriver driver = dbs.driver(dbs.create())) {
            actual = replay.online(driver, "eval", messages);
        }
        assertSame(expected, actual);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void trainingWithRetrainingFromSignaturesMatchesTheMemoryDriver(TestDatabases.Kind kind) throws Exception {
        List<CorpusReplay.Message> messages = CorpusReplay.messages(250, temp);
        // TEFT learns every message and a correction subtracts from the wrong class: deltas of both signs.
        CorpusReplay replay = CorpusReplay.shippedConfig(TrainingMode.TEFT);
        CorpusReplay.Result expected = replay.nativeTraining(new MemoryStorageDriver(), "native", messages);
        TestDatabases dbs = databases(kind);
        CorpusReplay.Result actual;
        try (StorageDriver driver = dbs.driver(dbs.create())) {
            actual = replay.nativeTraining(driver, "native", messages);
        }
        assertTrue(expected.decisions().stream().anyMatch(d -> d.startsWith("Spam")), "the run learns some spam");
        assertSame(expected, actual);
        assertEquals(messages.size(), actual.signatures());
    }

    private static void assertSame(CorpusReplay.Result expected, CorpusReplay.Result actual) {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.decisions().size(); i++) {
            if (!expected.decisions().get(i).equals(actual.decisions().get(i))) {
                differences.add("#" + (i + 1) + " memory: " + expected.decisions().get(i) + ", sql: "
                        + actual.decisions().get(i));
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " messages differ, first: "
                + differences.subList(0, Math.min(5, differences.size())));
        assertEquals(expected.totals(), actual.totals());
        List<String> tokens = CorpusReplay.tokenDifferences(expected, actual);
        assertTrue(tokens.isEmpty(), tokens.size() + " of " + expected.tokens().size()
                + " tokens differ, first: " + tokens.subList(0, Math.min(5, tokens.size())));
        assertEquals(List.of(LocalDate.now().toEpochDay()), actual.lastHits(), "every token was hit today");
    }
}
