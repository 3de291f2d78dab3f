package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.storage.hash.tools.CssClean;
import org.dspam.storage.hash.tools.CssCompress;
import org.dspam.storage.hash.tools.CssConvert;
import org.dspam.storage.hash.tools.CssStat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cssstat, cssclean, csscompress and cssconvert, run as their launchers run them. */
class CssToolsTest {
    @TempDir
    Path home;
    Path conf;

    /** What one run printed and returned. */
    record Run(int status, String out, String err) {
    }

    interface Tool {
        int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env);
    }

    @BeforeEach
    void config() throws IOException {
        conf = home.resolve("dspam.conf");
        Files.write(conf, List.of("Home " + home, "HashRecMax 5003", "HashAutoExtend on", "HashExtentSize 2503",
                "HashPctIncrease 10", "HashMaxSeek 10"));
    }

    private Run run(Tool tool, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = tool.run(args, new PrintWriter(out), new PrintWriter(err), Map.of("DSPAM_CONF", conf.toString()));
        return new Run(status, out.toString(), err.toString());
    }

    private static Map<Long, List<Long>> contents(Path css) throws IOException {
        DspamRules r = new DspamRules(css);
        Map<Long, List<Long>> out = new HashMap<>();
        for (long[] ext : r.extents) {
            for (long s = 0; s < ext[1]; s++) {
                long k = r.key(ext, s);
                if (k != 0) {
                    out.put(k, List.of(r.spam(ext, s), r.innocent(ext, s)));
                }
            }
        }
        return out;
    }

    @Test
    void withoutAFileNameEachToolPrintsDspamsSyntaxLine() {
        assertEquals(new Run(1, "", "syntax: cssstat [filename]\n"), run(CssStat::run));
        assertEquals(new Run(1, "", "syntax: cssclean [filename]\n"), run(CssClean::run));
        assertEquals(new Run(1, "", "syntax: csscompress [filename]\n"), run(CssCompress::run));
        assertEquals(new Run(1, "", "syntax: cssconvert [filename]\n"), run(CssConvert::run));
    }

    @Test
    void aMissingOrMisnamedFileIsAnErrorThatCreatesNothing() throws IOException {
        Path missing = home.resolve("data/nobody/nobody.css");
        Run stat = run(CssStat::run, missing.toString());
        assertEquals(1, stat.status());
        assertEquals("cssstat: " + missing + ": no such file\n", stat.err());
        Run clean = run(CssClean::run, missing.toString());
        assertEquals(1, clean.status());
        assertFalse(Files.exists(home.resolve("data/nobody")), "no user folder was made");
        Path other = home.resolve("notes.txt");
        Files.writeString(other, "x");
        Run compress = run(CssCompress::run, other.toString());
        assertEquals(1, compress.status());
        assertTrue(compress.err().contains("not a .css file"), compress.err());
    }

    @Test
    void cssstatCountsUsedAndFreeRecordsPerExtent() throws IOException {
        Path css = Fixtures.install(Fixtures.LAST_TREE, home);
        Run r = run(CssStat::run, css.toString());
        assertEquals(0, r.status(), r.err());
        DspamRules d = new DspamRules(css);
        List<String> expected = new ArrayList<>();
        expected.add("filename " + css + " length " + Files.size(css));
        long used = 0;
        long free = 0;
        for (int i = 0; i < d.extents.size(); i++) {
            long[] ext = d.extents.get(i);
            long u = 0;
            for (long s = 0; s < ext[1]; s++) {
                u += d.key(ext, s) != 0 ? 1 : 0;
            }
            expected.add("extent " + i + ": record length " + ext[1]);
            expected.add("\textent records used " + u);
            expected.add("\textent records free " + (ext[1] - u));
            used += u;
            free += ext[1] - u;
        }
        expected.add("total database records used " + used);
        expected.add("total database records free " + free);
        expected.add("total extents               " + d.extents.size());
        assertEquals(expected, r.out().lines().toList());
        assertEquals(60_702, used);
    }

    @Test
    void cssstatChecksWhatEachDspamBuildFinds() throws IOException {
        Path tree = Fixtures.install(Fixtures.LAST_TREE, home);
        Run r = run(CssStat::run, "--check", tree.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("records found by the 3.10.2 release 60689\n"), r.out());
        assertTrue(r.out().contains("records found by the last tree      60702\n"), r.out());
        assertTrue(r.out().endsWith("records found by neither            0\nrecords stored twice                0\n"
                + "consistent\n"), r.out());

        // A record moved behind an empty slot is lost to both builds.
        DspamRules d = new DspamRules(tree);
        long[] ext = d.extents.get(d.extents.size() - 2);
        long victim = -1;
        for (long s = 1; s < ext[1] - 20 && victim < 0; s++) {
            long k = d.key(ext, s);
            if (k != 0 && d.key(ext, s - 1) == 0 && Long.remainderUnsigned(k, ext[1]) == s) {
                victim = s;
            }
        }
        assertTrue(victim > 0);
        byte[] bytes = Files.readAllBytes(tree);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) (ext[0] + 80 + victim * 24);
        long key = b.getLong(at);
        b.putLong(at, 0);
        int empty = (int) (ext[0] + 80 + (victim - 1) * 24);
        // Put it where its start slot is empty: no lookup walks past an empty slot.
        b.putLong(at + 24 * 0, 0);
        long target = victim + 3;
        for (; d.key(ext, target) != 0; target++) {
            // find an empty slot further on
        }
        b.putLong((int) (ext[0] + 80 + target * 24), key);
        assertEquals(0, b.getLong(empty));
        Files.write(tree, bytes);
        Run broken = run(CssStat::run, "-c", tree.toString());
        assertEquals(1, broken.status());
        assertTrue(broken.out().contains("records found by neither            1\n"), broken.out());
        assertTrue(broken.out().endsWith("NOT consistent\n"), broken.out());
    }

    @Test
    void cssstatShowsAnIncompleteExtentAndChangesNothing() throws IOException {
        Path css = Fixtures.install(Fixtures.RELEASE, home);
        byte[] whole = Files.readAllBytes(css);
        Files.write(css, java.util.Arrays.copyOf(whole, whole.length - 1000));
        byte[] cut = Files.readAllBytes(css);
        Run r = run(CssStat::run, css.toString());
        assertEquals(1, r.status());
        assertTrue(r.out().contains("extent 7: record length 4431 (BROKEN)\n"), r.out());
        assertTrue(r.err().contains("the last extent is incomplete"), r.err());
        assertArrayEquals(cut, Files.readAllBytes(css), "cssstat only reads");
    }

    @Test
    void cssclean_agesRecordsAndDropsOnlyThoseNotUsedSince() throws IOException {
        HashStorageDriver d = new HashStorageDriver(HashSettings.forTools(
                org.dspam.config.DspamConfig.load(conf)));
        try (UserStorage s = d.open("bob")) {
            TokenChanges c = new TokenChanges(4);
            c.add(1, 1, 0);  // a hapax
            c.add(2, 0, 1);  // a hapax that keeps being used
            c.add(3, 10, 0); // strongly spam
            c.add(4, 5, 5);  // neutral
            s.commit(c, new Totals(10, 6, 0, 0, 1, 2, 0, 0));
        }
        Path css = d.files("bob").css();
        for (int night = 1; night <= 16; night++) {
            assertEquals(0, run(CssClean::run, css.toString()).status());
            try (UserStorage s = d.open("bob")) {
                TokenChanges c = new TokenChanges(1);
                c.add(2, 0, 0);
                c.add(2, 0, 1);
                c.add(2, 0, -1);
                s.commit(c, Totals.ZERO);
                // Writing token 2 (even with no net change) is not enough to reset its age: only changed counts are.
                TokenChanges touch = new TokenChanges(1);
                touch.add(2, 0, night % 2 == 1 ? 1 : -1);
                s.commit(touch, Totals.ZERO);
            }
        }
        Map<Long, List<Long>> left = contents(css);
        assertFalse(left.containsKey(1L), "the unused hapax is gone after 16 nights");
        assertFalse(left.containsKey(4L), "the unused neutral record is gone after 16 nights");
        assertEquals(List.of(10L, 0L), left.get(3L), "the useful record stays");
        assertEquals(List.of(0L, 1L), left.get(2L), "the hapax in use stays");
        assertArrayEquals(new long[] {10, 6, 0, 0, 1, 2, 0, 0}, new DspamRules(css).totals(), "totals are kept");
        Expected.readableByDspam(css);
        d.close();
    }

    @Test
    void cssclean_followsDspamsRules() {
        // heavy: hapaxes and records within 10 % go now.
        assertTrue(HashAdmin.drops(1, 0, 1, true));
        assertTrue(HashAdmin.drops(100, 95, 1, true));
        assertFalse(HashAdmin.drops(100, 80, 1, true));
        // otherwise by age: hapax after 15 runs, neutral after 15, rare after 60, anything after 120.
        assertFalse(HashAdmin.drops(1, 0, 15, false));
        assertTrue(HashAdmin.drops(1, 0, 16, false));
        assertFalse(HashAdmin.drops(10, 9, 15, false));
        assertTrue(HashAdmin.drops(10, 9, 16, false));
        assertFalse(HashAdmin.drops(2, 0, 60, false));
        assertTrue(HashAdmin.drops(2, 0, 61, false));
        assertFalse(HashAdmin.drops(50, 0, 120, false));
        assertTrue(HashAdmin.drops(50, 0, 121, false));
    }

    @Test
    void csscompressRewritesEveryRecordIntoOneExtentAndASmallOverflow() throws IOException {
        Path css = Fixtures.install(Fixtures.LAST_TREE, home);
        Map<Long, List<Long>> before = contents(css);
        long[] totals = new DspamRules(css).totals();
        Run r = run(CssCompress::run, css.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("compressing 5003 records in extent 0", "compressing 5503 records in extent 1",
                "compressing 6053 records in extent 2", "compressing 6659 records in extent 3",
                "compressing 7331 records in extent 4", "compressing 8069 records in extent 5",
                "compressing 8887 records in extent 6", "compressing 9781 records in extent 7",
                "compressing 10771 records in extent 8", "compressing 11863 records in extent 9"),
                r.out().lines().toList());
        DspamRules after = new DspamRules(css);
        assertTrue(after.extents.size() <= 2, "one extent, and one small one for what found no slot");
        long records = before.size();
        assertTrue(after.extents.get(0)[1] < records * 14 / 10, "the first extent is sized for the records");
        if (after.extents.size() == 2) {
            assertTrue(after.extents.get(1)[1] < records / 10, "the second is small: " + after.extents.get(1)[1]);
        }
        assertEquals(before, contents(css));
        assertArrayEquals(totals, after.totals());
        Expected.readableByDspam(css);
    }

    /** Writes the fixture's records in an old layout: header bytes, record bytes, count bytes. */
    private static void writeOld(Path css, List<Fixtures.DumpLine> dump, int header, int word, int record)
            throws IOException {
        int slots = 90_001;
        ByteBuffer b = ByteBuffer.allocate(header + slots * record).order(ByteOrder.LITTLE_ENDIAN);
        if (word == 8) {
            b.putLong(0, slots);
            b.putLong(8, 14).putLong(16, 46).putLong(40, 14).putLong(48, 46);
        } else {
            b.putInt(0, slots);
            b.putInt(4, 14).putInt(8, 46).putInt(20, 14).putInt(24, 46);
        }
        for (Fixtures.DumpLine l : dump) {
            int s = (int) Long.remainderUnsigned(l.key(), slots);
            while (b.getLong(header + s * record) != 0) {
                s = (s + 1) % slots;
            }
            int at = header + s * record;
            b.putLong(at, l.key());
            if (word == 8) {
                b.putLong(at + 8, l.innocent()).putLong(at + 16, l.spam());
            } else {
                b.putInt(at + 8, (int) l.innocent()).putInt(at + 12, (int) l.spam());
            }
        }
        Files.write(css, b.array());
    }

    @Test
    void cssconvertReadsDspam360AndThirtyTwoBitFilesKeepingTheTotals() throws IOException {
        List<Fixtures.DumpLine> dump = Fixtures.dump(Fixtures.RELEASE);
        Map<Long, List<Long>> expected = new HashMap<>();
        dump.forEach(l -> expected.put(l.key(), List.of(l.spam(), l.innocent())));
        int[][] layouts = {{72, 8, 24}, {40, 4, 16}, {36, 4, 16}};
        for (int[] l : layouts) {
            Path dir = home.resolve("data/old" + l[0]);
            Files.createDirectories(dir);
            Path css = dir.resolve("old" + l[0] + ".css");
            writeOld(css, dump, l[0], l[1], l[2]);
            Run r = run(CssConvert::run, css.toString());
            assertEquals(0, r.status(), r.err());
            assertEquals(expected, contents(css), "records converted from the " + l[0] + "-byte header layout");
            assertArrayEquals(new long[] {14, 46, 0, 0, 14, 46, 0, 0}, new DspamRules(css).totals());
            Expected.readableByDspam(css);
        }
        Path current = Fixtures.install(Fixtures.RELEASE, home);
        byte[] before = Files.readAllBytes(current);
        Run r = run(CssConvert::run, current.toString());
        assertEquals(0, r.status());
        assertTrue(r.err().contains("already in the current format"), r.err());
        assertArrayEquals(before, Files.readAllBytes(current));
    }
}
