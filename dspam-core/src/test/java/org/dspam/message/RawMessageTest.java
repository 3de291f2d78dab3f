package org.dspam.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RawMessageTest {
    private static String read(String input, boolean strip) {
        return RawMessage.read(input.getBytes(StandardCharsets.ISO_8859_1), strip);
    }

    @Test
    void aNulByteEndsItsLineOnly() {
        assertEquals("abcd\n", read("ab\0xyz\ncd\n", false), "the rest of the read, newline included, is lost");
    }

    @Test
    void quarantineFromLinesAtTheTopAreDropped() {
        assertEquals("Subject: x\n", read("From QUARANTINE Sat Nov 21\nFrom QUARANTINE again\nSubject: x\n", false));
        assertEquals("a\nFrom QUARANTINE x\n", read("a\nFrom QUARANTINE x\n", false));
    }

    @Test
    void carriageReturnsAreKeptUnlessLinesAreStripped() {
        assertEquals("a\r\n", read("a\r\n", false));
        assertEquals("a\n", read("a\r\n", true));
    }

    @Test
    void longLinesAreReadWholeAcrossBufferBoundaries() {
        String line = "x".repeat(5000) + "\n";
        assertEquals(line, read(line, false));
    }
}
