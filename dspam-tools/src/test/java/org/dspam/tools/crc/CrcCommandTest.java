package org.dspam.tools.crc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

import org.dspam.tools.ToolHarness;
import org.dspam.tools.ToolHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dspam_crc with the check values of algorithms.md section 3 and the transcript. */
class CrcCommandTest {
    @TempDir
    Path dir;

    Result crc(String... args) throws IOException {
        return new ToolHarness(dir).run(CrcCommand::run, args);
    }

    @Test
    void checkValues() throws IOException {
        String[][] values = {
            {"hello", "6035123792567599104"},
            {"From*foo", "13674001148332462601"},
            {"a+#+b", "6438288094389075968"},
            {"kernel+module", "5540623171755428097"},
            {"Remove+#+from", "8933090914482448653"},
            {"bnr.t|", "5334511981350707200"},
            {"$$CONTROL$$", "11624422384514212933"},
            {"héllo", "6035124365392576512"},
            {"Subject*FREE", "6566819651767474317"},
        };
        for (String[] v : values) {
            assertEquals(new Result(0, "TOKEN: '" + v[0] + "' CRC: " + v[1] + "\n", ""), crc(v[0]), v[0]);
        }
    }

    @Test
    void aTokenMayStartWithADash() throws IOException {
        assertEquals(0, crc("-x").status());
        assertEquals("TOKEN: '-x' CRC: ", crc("-x").out().substring(0, 17));
    }

    @Test
    void withoutATokenTheSyntaxIsPrinted() throws IOException {
        assertEquals(new Result(1, "syntax: dspam_crc [token]\n", ""), crc());
        assertEquals(new Result(1, "syntax: dspam_crc [token]\n", ""), crc("two", "tokens"));
    }
}
