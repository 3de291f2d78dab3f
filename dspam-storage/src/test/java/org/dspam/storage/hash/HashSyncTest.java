package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code HashSync on}, commits that returned survive a power loss: the journal keeps them (forced to disk)
 * until the {@code .css} file is, and replays them after the machine restarts. A power loss is simulated by putting
 * back the {@code .css} file as it was on disk at the last checkpoint and giving the journal another boot id.
 */
class HashSyncTest {
    static final int TOKENS = 300;

    @TempDir
    Path home;

    private HashStorageDriver driver(boolean sync) {
        return new HashStorageDriver(ChildTrainer.settings(home).withSync(sync));
    }

    private void train(HashStorageDriver d, int from, int to) {
        for (int i = from; i < to; i++) {
            try (UserStorage s = d.open("u")) {
                s.commit(ChildTrainer.Messages.changes(1, i, TOKENS), ChildTrainer.Messages.totals(i));
            }
        }
    }

    /** Puts back the file's bytes as they were on disk, in the same inode (a power loss does not replace files). */
    private static void powerLoss(Path css, Path onDisk) throws IOException {
        byte[] bytes = Files.readAllBytes(onDisk);
        try (FileChannel ch = FileChannel.open(css, StandardOpenOption.WRITE)) {
            ch.truncate(bytes.length);
            ch.write(ByteBuffer.wrap(bytes), 0);
        }
    }

    /** Makes the journal look as if it had been written before a restart of the machine. */
    private static void restartMachine(Path journal) throws IOException {
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.allocate(Journal.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(h, 0);
            for (int i = 40; i < 56; i++) {
                h.put(i, (byte) (h.get(i) ^ 0x5a));
            }
            CRC32C crc = new CRC32C();
            crc.update(h.array(), 0, 60);
            h.putInt(60, (int) crc.getValue());
            h.rewind();
            ch.write(h, 0);
        }
    }

    @Test
    void commitsThatReturnedSurviveAPowerLoss() throws IOException {
        Path css = home.resolve("data/u/u.css");
        Path onDisk = home.resolve("u.css-on-disk");
        try (HashStorageDriver d = driver(true)) {
            train(d, 0, 3);
            // Pretend the file as it is now is what the disk holds: the next commits live in the page cache only...
            Files.copy(css, onDisk);
            train(d, 3, 12);
        }
        Path journal = Journal.pathFor(css);
        assertTrue(Files.size(journal) > Journal.HEADER_BYTES, "the journal keeps the commits since the checkpoint");
        // ...and the power goes: the page cache is lost, the forced journal is not.
        powerLoss(css, onDisk);
        restartMachine(journal);
        try (HashStorageDriver d = driver(true)) {
            Expected.holds(d, "u", new long[] {1}, 12, TOKENS);
            train(d, 12, 13);
            Expected.holds(d, "u", new long[] {1}, 13, TOKENS);
        }
    }

    @Test
    void withoutHashSyncAPowerLossLosesOnlyRecentCommitsAndLeavesAValidFile() throws IOException {
        Path css = home.resolve("data/u/u.css");
        Path onDisk = home.resolve("u.css-on-disk");
        try (HashStorageDriver d = driver(false)) {
            train(d, 0, 3);
            Files.copy(css, onDisk);
            train(d, 3, 12);
        }
        powerLoss(css, onDisk);
        restartMachine(Journal.pathFor(css));
        try (HashStorageDriver d = driver(false)) {
            Expected.holds(d, "u", new long[] {1}, 3, TOKENS);
        }
    }

    @Test
    void theJournalIsCheckpointedOnceItHoldsEnough() throws IOException {
        try (HashStorageDriver d = driver(true)) {
            // Each commit's record is about 20 KB: 8 MB of history is reached after about 400 of them.
            train(d, 0, 500);
            try (Journal j = Journal.open(Journal.pathFor(home.resolve("data/u/u.css")))) {
                assertEquals(500, j.generation(), "one generation per commit");
                assertTrue(j.historyBytes() > 0 && j.historyBytes() < 500L * 20_000 - HashSession.CHECKPOINT_BYTES,
                        "history since the checkpoint: " + j.historyBytes());
            }
            Expected.holds(d, "u", new long[] {1}, 500, TOKENS);
        }
    }
}
