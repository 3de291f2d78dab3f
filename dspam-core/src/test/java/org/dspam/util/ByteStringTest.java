package org.dspam.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ByteStringTest {
    @Test
    void theArraySearchFindsWhatTheCaseBlindSearchFinds() {
        assertEquals(4, ByteString.indexOfIgnoreCase("see HtTp://x".toCharArray(), "http://", 0));
        assertEquals(-1, ByteString.indexOfIgnoreCase("see http:/".toCharArray(), "http://", 0));
        assertEquals(-1, ByteString.indexOfIgnoreCase("www.a".toCharArray(), "www.", 1));
        Random random = new Random(42);
        String alphabet = "hHtTpP:/wW.rReEfF= x\u00e9";
        for (int round = 0; round < 20_000; round++) {
            char[] text = new char[random.nextInt(24)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            for (String key : List.of("http://", "www.", "href=")) {
                int from = random.nextInt(text.length + 2) - 1;
                assertEquals(ByteString.indexOfIgnoreCase(new String(text), key, from),
                        ByteString.indexOfIgnoreCase(text, key, from), new String(text) + " / " + key + " from " + from);
            }
        }
    }
}
