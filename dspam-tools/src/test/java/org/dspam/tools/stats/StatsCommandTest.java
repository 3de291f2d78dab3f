package org.dspam.tools.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dspam.storage.Totals;
import org.dspam.tools.ToolHarness;
import org.dspam.tools.ToolHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dspam_stats against the reference transcript, section (d): the corpus-trained user {@code eval}. */
class StatsCommandTest {
    /** eval's totals in the reference run (see its dspam_dump -d sqlite_drv line). */
    static final Totals EVAL = new Totals(1896, 4150, 0, 0, 1896, 4150, 4, 2);
    static final String EVAL_LINE = "eval              TP:     4 TN:     2 FP:     0 FN:     0 SC:  1896 NC:  4150\n";
    static final String RATES_LINE = "                  SHR:  100.00%       HSR:    0.00%       OCA:  100.00%\n";

    @TempDir
    Path dir;
    ToolHarness tools;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(dir);
        tools.store("eval", EVAL, 1L, 0, 3);
    }

    Result stats(String... args) {
        return tools.run(StatsCommand::run, args);
    }

    @Test
    void allUsersWhenNoneIsNamed() {
        assertEquals(new Result(0, EVAL_LINE, ""), stats());
        assertEquals(new Result(0, EVAL_LINE, ""), stats("eval"));
    }

    @Test
    void humanFriendlyFormatMatchesTheReference() {
        String expected = "eval:\n"
                + "        \tTP True Positives:                     4\n"
                + "        \tTN True Negatives:                     2\n"
                + "        \tFP False Positives:                    0\n"
                + "        \tFN False Negatives:                    0\n"
                + "        \tSC Spam Corpusfed:                  1896\n"
                + "        \tNC Nonspam Corpusfed:               4150\n"
                + "        \tTL Training Left:                      0\n"
                + "        \tSHR Spam Hit Rate                100.00%\n"
                + "        \tHSR Ham Strike Rate:               0.00%\n"
                + "        \tPPV Positive predictive value:   100.00%\n"
                + "        \tOCA Overall Accuracy:            100.00%\n"
                + "        \n";
        assertEquals(new Result(0, expected, ""), stats("-H", "eval"));
    }

    @Test
    void ratesLine() {
        assertEquals(new Result(0, EVAL_LINE + RATES_LINE, ""), stats("-S", "eval"));
    }

    @Test
    void snapshotResetAndSince() throws IOException {
        assertEquals(new Result(0, EVAL_LINE, ""), stats("-s", "eval"), "no snapshot yet: nothing subtracted");
        assertEquals(new Result(0, EVAL_LINE, ""), stats("-r", "eval"));
        Path snapshot = tools.home.resolve("data/eval/eval.rstats");
        assertEquals("4,2,0,0,1896,4150\n", Files.readString(snapshot));
        String zero = "eval              TP:     0 TN:     0 FP:     0 FN:     0 SC:     0 NC:     0\n";
        assertEquals(new Result(0, zero + RATES_LINE, ""), stats("-s", "-S", "eval"));
        assertEquals(new Result(0, zero + RATES_LINE, ""), stats("-sS", "eval"), "clustered flags");

        // Since the snapshot: two spam and three innocent messages classified, one of them a false positive.
        tools.store("eval", new Totals(1896, 4150, 0, 1, 1896, 4150, 6, 5));
        assertEquals("eval              TP:     2 TN:     2 FP:     1 FN:     0 SC:     0 NC:     0\n",
                stats("-s", "eval").out());
    }

    @Test
    void totalIgnoresTheClassifiedCounters() {
        tools.store("amy", new Totals(10, 20, 1, 2, 3, 4, 5, 6));
        String amy = "amy               TP:    11 TN:    20 FP:     2 FN:     1 SC:     3 NC:     4\n";
        String total = "TOTAL             TP:     6 TN:    14 FP:     2 FN:     1 SC:  1899 NC:  4154\n";
        assertEquals(new Result(0, amy + EVAL_LINE + total, ""), stats("-t"));
        String evalOnly = "TOTAL             TP:     0 TN:     0 FP:     0 FN:     0 SC:  1896 NC:  4150\n";
        assertEquals(new Result(0, EVAL_LINE + evalOnly, ""), stats("-t", "eval"));
    }

    @Test
    void helpAndUnknownOptionsPrintTheUsageAndFail() {
        String usage = "usage: dspam_stats [-h]|[--profile=PROFILE] [-HrsSt] [user [user...]]\n"
                + "      \tPrint dspam statistics for users.\n"
                + "      \tIf no users are specified, stats for all users are printed.\n"
                + "      \t-h: print this message\n"
                + "      \t-H: print stats in \"human friendly\" format\n"
                + "      \t-r: Resets the current snapshot\n"
                + "      \t-s: Displays stats since last snapshot (instead of since epoch)\n"
                + "      \t-S: Displays accuracy percentages in addition to stats\n"
                + "      \t-t: Displays a total of all statistics displayed\n";
        assertEquals(new Result(1, "", usage), stats("-h"));
        assertEquals(new Result(1, "", "dspam_stats: unknown option \"x\".\n" + usage), stats("-x"));
    }

    @Test
    void unknownUserPrintsZerosAndIsNotCreated() {
        Result r = stats("-r", "nobody");
        assertEquals("nobody            TP:     0 TN:     0 FP:     0 FN:     0 SC:     0 NC:     0\n", r.out());
        assertEquals(0, r.status());
        assertFalse(tools.driver.exists("nobody"));
        assertFalse(Files.exists(tools.home.resolve("data/nobody")), "no snapshot, no directory for a user without data");
    }

    @Test
    void unknownProfileAndMissingConfigurationAreClearErrors() throws IOException {
        assertEquals(new Result(1, "", "No such profile 'nope'\n"), stats("--profile=nope", "eval"));
        Result r = stats("--config", dir.resolve("missing.conf").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("Unable to read dspam.conf: "), r.err());
        Files.writeString(tools.config, "Profile Big\nStorageDriver memory\nHome " + tools.home + "\n");
        assertEquals(new Result(0, EVAL_LINE, ""), stats("--profile=Big", "eval"));
    }

    @Test
    void illegalUserNameIsAnErrorNotAStackTrace() {
        Result r = stats("../etc");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("dspam_stats: Illegal username '../etc'"), r.err());
    }
}
