package org.dspam.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dspam.learn.MessageClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dspam_train's read-ahead: messages come in corpus order, and a failure comes at its message's turn. */
class ReadAheadTest {
    @TempDir
    Path dir;

    private List<Corpus.Entry> files(int n) throws IOException {
        List<Corpus.Entry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("m" + i);
            Files.writeString(f, "message " + i);
            entries.add(new Corpus.Entry(i % 2 == 0 ? MessageClass.SPAM : MessageClass.INNOCENT, f));
        }
        return entries;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void givesEveryMessageInCorpusOrder() throws IOException {
        // More messages than are read ahead: the reading thread waits for room several times.
        List<Corpus.Entry> entries = files(ReadAhead.AHEAD * 3 + 5);
        try (ReadAhead<String> ahead = new ReadAhead<>(entries, b -> text(b).toUpperCase())) {
            for (int i = 0; i < entries.size(); i++) {
                assertEquals("MESSAGE " + i, ahead.next());
            }
            assertThrows(IllegalStateException.class, ahead::next);
        }
    }

    @Test
    void aMessageThatCannotBeReadFailsAtItsTurn() throws IOException {
        List<Corpus.Entry> entries = files(6);
        Files.delete(entries.get(3).file());
        try (ReadAhead<String> ahead = new ReadAhead<>(entries, ReadAheadTest::text)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("message " + i, ahead.next());
            }
            NoSuchFileException e = assertThrows(NoSuchFileException.class, ahead::next);
            assertTrue(e.getMessage().endsWith("m3"), e.getMessage());
        }
    }

    @Test
    void aMessageThatCannotBePreparedFailsAtItsTurn() throws IOException {
        List<Corpus.Entry> entries = files(5);
        try (ReadAhead<String> ahead = new ReadAhead<>(entries, b -> {
            if (text(b).equals("message 2")) {
                throw new IllegalArgumentException("bad message");
            }
            return text(b);
        })) {
            assertEquals("message 0", ahead.next());
            assertEquals("message 1", ahead.next());
            assertEquals("bad message", assertThrows(IllegalArgumentException.class, ahead::next).getMessage());
        }
    }

    @Test
    void closingEarlyStopsTheReadingThread() throws IOException {
        List<Corpus.Entry> entries = files(ReadAhead.AHEAD * 4);
        ReadAhead<String> ahead = new ReadAhead<>(entries, ReadAheadTest::text);
        assertEquals("message 0", ahead.next());
        ahead.close();
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("dspam_train-read-ahead") && t.isAlive()),
                "the reading thread has ended");
    }
}
