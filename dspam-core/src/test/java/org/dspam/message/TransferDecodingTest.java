package org.dspam.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TransferDecodingTest {
    @Test
    void base64SkipsJunkStopsAtPaddingAndEndsWithANewline() {
        assertEquals("hello\n", TransferDecoding.base64("aGVs\nbG8=junk"));
        assertEquals("hel\n", TransferDecoding.base64("aG*Vs bG8"), "a final group without padding is dropped");
        assertEquals("", TransferDecoding.base64("===="));
        assertEquals("line\n", TransferDecoding.base64("bGluZQo="));
    }

    @Test
    void base64StopsAtANulByteAsDspamsStringsDo() {
        assertEquals("a\n", TransferDecoding.base64("YQBi"));
    }

    @Test
    void quotedPrintableKeepsWhatItCannotDecode() {
        assertEquals("caf\u00e9 soft break =Z1 end_", TransferDecoding.quotedPrintable("caf=E9 soft =\nbreak =Z1 end_"));
        assertEquals("ab", TransferDecoding.quotedPrintable("a=\r\nb"));
        assertEquals("x=", TransferDecoding.quotedPrintable("x="));
    }

    @Test
    void percentEscapesAreDecodedInEightBitText() {
        assertEquals("a b%zz%", TransferDecoding.percentHex("a%20b%zz%"));
    }
}
