package org.dspam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityLogTest {
    @TempDir
    Path dir;

    /** The stats file is rewritten in place: a shorter content leaves nothing of a longer one behind. */
    @Test
    void overwriteReplacesTheWholeContentWhateverItsLength() throws IOException {
        Path stats = dir.resolve("alice.stats");
        ActivityLog.overwrite(stats, bytes("1,2,0,0,0,0\n"));
        assertEquals("1,2,0,0,0,0\n", Files.readString(stats));
        ActivityLog.overwrite(stats, bytes("10,20,1,0,0,0\nstaff\n"));
        assertEquals("10,20,1,0,0,0\nstaff\n", Files.readString(stats));
        ActivityLog.overwrite(stats, bytes("11,20,1,0,0,0\n"));
        assertEquals("11,20,1,0,0,0\n", Files.readString(stats));
        ActivityLog.overwrite(stats, bytes(""));
        assertEquals(0, Files.size(stats));
    }

    /** A rewrite waits for another writer of the same file in this process (a log line, another rewrite). */
    @Test
    void overwriteWaitsForAnotherWriterOfTheFile() throws Exception {
        Path stats = dir.resolve("bob.stats");
        ActivityLog.overwrite(stats, bytes("1,2,0,0,0,0\n"));
        java.util.concurrent.CompletableFuture<Void> rewrite;
        try (FileLocks.Held held = FileLocks.lock(stats)) {
            rewrite = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    ActivityLog.overwrite(stats, bytes("2,2,0,0,0,0\n"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(200);
            assertEquals(false, rewrite.isDone(), "the rewrite went ahead while another writer held the file");
            assertEquals("1,2,0,0,0,0\n", Files.readString(stats));
        }
        rewrite.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("2,2,0,0,0,0\n", Files.readString(stats));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
