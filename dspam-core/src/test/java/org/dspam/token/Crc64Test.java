package org.dspam.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dspam.util.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Crc64Test {
    /** DSPAM's own check values (dspam_crc and dspam_dump), as unsigned decimals. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hello|6035123792567599104",
        "From*foo|13674001148332462601",
        "a+#+b|6438288094389075968",
        "kernel+module|5540623171755428097",
        "Remove+#+from|8933090914482448653",
        "'bnr.t|'|5334511981350707200",
        "$$CONTROL$$|11624422384514212933",
    })
    void matchesDspamsCheckValues(String token, String expected) {
        assertEquals(expected, Long.toUnsignedString(Crc64.of(token)));
        assertEquals(expected, Long.toUnsignedString(Crc64.of(ByteString.bytes(token))));
    }

    @ParameterizedTest
    @CsvSource({"héllo,6035124365392576512"})
    void hashesTheUtf8BytesOfText(String text, String expected) {
        assertEquals(expected, Long.toUnsignedString(Crc64.of(ByteString.fromUtf8(text))));
    }

    @ParameterizedTest
    @CsvSource({"kernel,+module", "a+#,+b", "Subject*Re,+#+for"})
    void canBeContinuedPieceByPiece(String first, String rest) {
        assertEquals(Crc64.of(first + rest), Crc64.update(Crc64.of(first), rest));
    }
}
