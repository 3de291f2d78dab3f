package org.dspam.tools.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.Map;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.dspam.cli.ToolContext;
import org.dspam.storage.Totals;
import org.dspam.tools.ToolHarness;
import org.dspam.tools.ToolHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dspam_dump against the reference transcript, section (d). */
class DumpCommandTest {
    static final Totals EVAL = new Totals(1896, 4150, 0, 0, 1896, 4150, 4, 2);
    static final String LH = " LH: Sat Nov 21 19:25:10 2026";

    @TempDir
    Path dir;
    ToolHarness tools;

    static long id(String unsigned) {
        return Long.parseUnsignedLong(unsigned);
    }

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(dir);
        tools.store("eval", EVAL,
                id("10633037730241636627"), 0, 1,
                id("2700970006452355350"), 0, 30,
                id("13689161664517665550"), 0, 1,
                id("806842132752719602"), 0, 9,
                id("669145304358250754"), 0, 1,
                id("5540623171755428097"), 0, 3,
                id("8933090914482448653"), 15, 0,
                id("11876255919956601440"), 0, 3);
    }

    Result dump(String... args) {
        return tools.run(DumpCommand::run, args);
    }

    @Test
    void everyRecordInDspamsLineFormat() {
        Result r = dump("eval");
        assertEquals(0, r.status());
        assertEquals("", r.err());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        assertEquals(8, lines.size());
        for (String reference : List.of(
                "10633037730241636627 S: 00000  I: 00001  P: 0.4000" + LH,
                "2700970006452355350  S: 00000  I: 00030  P: 0.0100" + LH,
                "13689161664517665550 S: 00000  I: 00001  P: 0.4000" + LH,
                "806842132752719602   S: 00000  I: 00009  P: 0.0100" + LH,
                "669145304358250754   S: 00000  I: 00001  P: 0.4000" + LH,
                "8933090914482448653  S: 00015  I: 00000  P: 0.9900" + LH)) {
            assertEquals(true, lines.contains(reference), reference + " in\n" + r.out());
        }
    }

    @Test
    void oneTokenByItsText() {
        assertEquals(new Result(0, "5540623171755428097  S: 00000  I: 00003  P: 0.4000\n", ""), dump("eval", "kernel+module"));
        assertEquals(new Result(0, "8933090914482448653  S: 00015  I: 00000  P: 0.9900\n", ""), dump("eval", "Remove+#+from"));
        assertEquals(new Result(0, "11876255919956601440 S: 00000  I: 00003  P: 0.4000\n", ""),
                dump("eval", "From*Alice Example <alice@example.org>"));
        assertEquals(new Result(1, "", "token not found\n"), dump("eval", "no+such+token+xyz"));
    }

    @Test
    void sqliteInserts() {
        String stats = "insert into dspam_stats (dspam_stat_id, spam_learned, innocent_learned, spam_misclassified, "
                + "innocent_misclassified, spam_corpusfed, innocent_corpusfed, spam_classified, innocent_classified) "
                + "values (0, 1896, 4150, 0, 0, 1896, 4150, 4, 2)\n";
        assertEquals(new Result(0, stats + "5540623171755428097  S: 00000  I: 00003  P: 0.4000\n", ""),
                dump("-d", "sqlite_drv", "eval", "kernel+module"));
        Result all = dump("-d", "sqlite_drv", "eval");
        assertEquals(0, all.status());
        assertEquals(true, all.out().startsWith(stats));
        assertEquals(true, all.out().contains("insert into dspam_token_data(token, spam_hits, innocent_hits, last_hit) "
                + "values('8933090914482448653', 15, 0, date('now'))\n"), all.out());
        assertEquals(9, all.out().split("\n").length);
    }

    @Test
    void badArguments() {
        String syntax = "syntax: dspam_dump [--profile=Profile] [-d sqlite_drv] username [token]\n";
        assertEquals(new Result(1, "", syntax), dump());
        assertEquals(new Result(1, "", "invalid driver or no driver specified\n"), dump("-d", "foo", "eval"));
        assertEquals(new Result(1, "", "invalid driver or no driver specified\n"), dump("eval", "-d"));
        assertEquals(new Result(1, "", syntax), dump("eval", "a", "b"));
        assertEquals(new Result(1, "", syntax), dump("-x", "eval"));
    }

    @Test
    void unknownUserIsReportedAndNotCreated() {
        assertEquals(new Result(1, "", "dspam_dump: no such user 'nobody'\n"), dump("nobody"));
        assertEquals(new Result(1, "", "dspam_dump: no such user 'nobody'\n"), dump("nobody", "kernel+module"));
        assertFalse(tools.driver.exists("nobody"));
    }

    @Test
    void aReaderThatGoesAwayStopsTheDump() {
        long[] many = new long[3 * 30_000];
        for (int i = 0; i < 30_000; i++) {
            many[3 * i] = 1_000_000L + i;
            many[3 * i + 1] = 1;
        }
        tools.store("big", EVAL, many);
        int[] writes = {0};
        Writer closedPipe = new Writer() {
            @Override
            public void write(char[] b, int off, int len) throws IOException {
                writes[0]++;
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void close() {
            }
        };
        StringWriter err = new StringWriter();
        ToolContext context = new ToolContext(new PrintWriter(closedPipe), new PrintWriter(err),
                Map.of("DSPAM_CONF", tools.config.toString()), (c, p) -> tools.driver, Clock.systemUTC());
        assertEquals(0, DumpCommand.run(new String[] {"big"}, context));
        assertEquals("terminated.\n", err.toString());
        assertTrue(writes[0] < 30_000, "stopped after " + writes[0] + " writes");
    }

    @Test
    void aTokenStoredWithZeroCountsIsStillFound() {
        tools.store("zero", new Totals(1, 1, 0, 0, 0, 0, 0, 0), 5540623171755428097L, 1, 0);
        tools.store("zero", new Totals(1, 1, 0, 0, 0, 0, 0, 0), 5540623171755428097L, -1, 0);
        assertEquals(new Result(0, "5540623171755428097  S: 00000  I: 00000  P: 0.4000\n", ""), dump("zero", "kernel+module"));
    }
}
