package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import org.dspam.storage.StorageException;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A writer killed at any point leaves a file that opens, is one both DSPAM builds read, and holds every message
 * that was acknowledged plus at most the one in flight; a failed write changes nothing.
 */
class CrashSafetyTest {
    static final String USER = "victim";
    static final long SEED = 7;

    @TempDir
    Path home;

    private HashStorageDriver driver() {
        return new HashStorageDriver(ChildTrainer.settings(home));
    }

    @Test
    void writersKilledAtRandomLoseAtMostTheMessageInFlight() throws Exception {
        int tokens = 700;
        Random random = new Random(42);
        int applied = 0;
        int inFlightKept = 0;
        int rounds = 0;
        // 20 kills, and more (up to 60) while fewer than two of them have landed inside a commit,
        // which depends on the machine's timing.
        for (int round = 0; round < 20 || (inFlightKept < 2 && round < 60); round++) {
            rounds++;
            Children.Child c = Children.start(home, USER, SEED, applied, 1_000_000, tokens, "slow");
            String first = c.next(120);
            assertTrue(first != null && first.startsWith("ok "), "child started training, printed " + first);
            Thread.sleep(random.nextInt(250));
            c.kill();
            int acknowledged = c.lastOk() + 1;
            try (HashStorageDriver d = driver()) {
                int now = Expected.messages(d, USER, 1);
                assertTrue(now == acknowledged || now == acknowledged + 1,
                        "round " + round + ": " + acknowledged + " messages acknowledged, " + now + " stored");
                if (now > acknowledged) {
                    inFlightKept++;
                }
                Expected.holds(d, USER, new long[] {SEED}, now, tokens);
                applied = now;
            }
        }
        assertTrue(applied > 20, "the writers got somewhere: " + applied + " messages");
        // Most kills land inside a commit (each step is slowed down); some of those are completed on opening.
        assertTrue(inFlightKept >= 2, "only " + inFlightKept + " of " + rounds + " kills were completed on opening");
    }

    /**
     * Every step of a commit at which a writer can die, in a file's first session (read and written without
     * mappings) and in a later one (through mappings): the journal record is complete, so the commit completes.
     */
    @ParameterizedTest
    @CsvSource({"journal-written,0", "extended,0", "half-applied,0", "applied,0", "marked,0",
                "journal-written,1", "extended,1", "half-applied,1", "applied,1", "marked,1"})
    void aWriterDyingAtAStepOfACommitLeavesACompleteCommit(String step, int message) throws Exception {
        // More tokens than the file has slots: every message needs a new extent.
        int tokens = 1100;
        Children.Child c = Children.start(home, USER, SEED, 0, 3, tokens, "halt-at=" + step + "@" + message);
        assertEquals(137, c.finish(120), "printed " + c.all);
        assertTrue(c.all.contains("halting " + step), "printed " + c.all);
        assertEquals(message - 1, c.lastOk());
        try (HashStorageDriver d = driver()) {
            Expected.holds(d, USER, new long[] {SEED}, message + 1, tokens);
        }
        assertFalse(pendingJournal(), "the journal holds nothing left to do");
    }

    @Test
    void aJournalRecordCutShortIsIgnoredAndTheFileIsAsBefore() throws Exception {
        int tokens = 1100;
        Children.Child c = Children.start(home, USER, SEED, 0, 3, tokens, "halt-at=journal-written@1");
        assertEquals(137, c.finish(120), "printed " + c.all);
        Path css = home.resolve("data/" + USER + "/" + USER + ".css");
        Path journal = Journal.pathFor(css);
        int extents = new DspamRules(css).extents.size();
        // As if the process had died while the record was being written: it ends half way.
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer len = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(len, Journal.HEADER_BYTES + 4);
            ch.truncate(Journal.HEADER_BYTES + len.getInt(0) / 2);
        }
        try (HashStorageDriver d = driver()) {
            Expected.holds(d, USER, new long[] {SEED}, 1, tokens);
        }
        assertEquals(extents, new DspamRules(css).extents.size(), "the message that was cut short added no extent");
    }

    @Test
    void aCommitThatFailsHalfWayIsUndone() throws Exception {
        int tokens = 700;
        try (HashStorageDriver d = driver()) {
            try (UserStorage s = d.open(USER)) {
                s.commit(ChildTrainer.Messages.changes(SEED, 0, tokens), ChildTrainer.Messages.totals(0));
            }
            Path css = d.files(USER).css();
            byte[] before = Files.readAllBytes(css);
            HashSession.stepHook = step -> {
                if (step.equals("half-applied")) {
                    throw new IllegalStateException("injected failure");
                }
            };
            try (UserStorage s = d.open(USER)) {
                assertThrows(IllegalStateException.class,
                        () -> s.commit(ChildTrainer.Messages.changes(SEED, 1, tokens), ChildTrainer.Messages.totals(1)));
            } finally {
                HashSession.stepHook = null;
            }
            assertEquals(java.util.Arrays.toString(before).hashCode(),
                    java.util.Arrays.toString(Files.readAllBytes(css)).hashCode(), "the file is as it was");
            Expected.holds(d, USER, new long[] {SEED}, 1, tokens);
            try (UserStorage s = d.open(USER)) {
                s.commit(ChildTrainer.Messages.changes(SEED, 1, tokens), ChildTrainer.Messages.totals(1));
            }
            Expected.holds(d, USER, new long[] {SEED}, 2, tokens);
        }
    }

    @Test
    void aFullDiskIsAnErrorThatChangesNothing() throws Exception {
        int tokens = 300;
        // Files of this process may not grow past 40 KB: the first extent (24.6 KB) fits, a second does not.
        Children.Child c = Children.startWithFileSizeLimit(40, home, USER, SEED, 0, 10, tokens);
        assertEquals(3, c.finish(120), "printed " + c.all);
        String error = c.all.stream().filter(l -> l.startsWith("error ")).findFirst().orElse("");
        assertTrue(error.startsWith("error TRANSIENT "), "printed " + c.all);
        int acknowledged = c.lastOk() + 1;
        assertTrue(acknowledged >= 1, "printed " + c.all);
        try (HashStorageDriver d = driver()) {
            Expected.holds(d, USER, new long[] {SEED}, acknowledged, tokens);
        }
        Path css = home.resolve("data/" + USER + "/" + USER + ".css");
        assertEquals(80 + 1021 * 24, Files.size(css), "no part of the new extent is left");
        assertFalse(pendingJournal());
        try (HashStorageDriver d = driver()) {
            // With room again, training goes on where it stopped.
            try (UserStorage s = d.open(USER)) {
                s.commit(ChildTrainer.Messages.changes(SEED, acknowledged, tokens),
                        ChildTrainer.Messages.totals(acknowledged));
            }
            Expected.holds(d, USER, new long[] {SEED}, acknowledged + 1, tokens);
        }
    }

    @Test
    void aFullTableIsAnErrorThatChangesNothing() throws Exception {
        for (HashSettings settings : new HashSettings[] {
                ChildTrainer.settings(home).withExtents(false, 0), ChildTrainer.settings(home).withExtents(true, 2)}) {
            String user = settings.autoExtend() ? "capped" : "fixed";
            try (HashStorageDriver d = new HashStorageDriver(settings)) {
                try (UserStorage s = d.open(user)) {
                    // The user's file exists before the first message, so that each attempt can be compared.
                    TokenChanges one = new TokenChanges(1);
                    one.add(ChildTrainer.Messages.unique(99, 0, 0), 0, 1);
                    s.commit(one, Totals.ZERO);
                }
                int i = 0;
                StorageException full = null;
                while (full == null && i < 20) {
                    byte[] before = Files.exists(d.files(user).css()) ? Files.readAllBytes(d.files(user).css()) : null;
                    try (UserStorage s = d.open(user)) {
                        s.commit(ChildTrainer.Messages.changes(SEED, i, 300), ChildTrainer.Messages.totals(i));
                        i++;
                    } catch (StorageException e) {
                        full = e;
                        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(d.files(user).css())),
                                "the file is as it was before the message");
                    }
                }
                assertTrue(full != null && !full.isTransient() && full.getMessage().contains("full"),
                        user + ": " + full);
                Expected.holds(d, user, new long[] {SEED}, i, 300);
                assertEquals(settings.autoExtend() ? 2 : 1, new DspamRules(d.files(user).css()).extents.size());
            }
        }
    }

    private boolean pendingJournal() throws IOException {
        Path css = home.resolve("data/" + USER + "/" + USER + ".css");
        try (Journal j = Journal.open(Journal.pathFor(css))) {
            return j.recover(css);
        }
    }
}
