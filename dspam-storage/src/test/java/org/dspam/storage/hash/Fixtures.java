package org.dspam.storage.hash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The two {@code .css} files DSPAM wrote ({@code src/test/resources/fixtures/hash}), and what DSPAM dumped of them. */
final class Fixtures {
    /** One line of {@code dspam_dump}: token, spam hits, innocent hits. */
    record DumpLine(long key, long spam, long innocent) {
    }

    static final String LAST_TREE = "last-tree";
    static final String RELEASE = "release-3.10.2";

    private Fixtures() {
    }

    static Path folder(String which) {
        Path dir = Path.of("src/test/resources/fixtures/hash", which);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("The DSPAM fixture files are missing at " + dir.toAbsolutePath());
        }
        return dir;
    }

    /** Unpacks the fixture's {@code .css} as user {@code fixture} under {@code home} (default layout). */
    static Path install(String which, Path home) throws IOException {
        Path dir = home.resolve("data/fixture");
        Files.createDirectories(dir);
        Path css = dir.resolve("fixture.css");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(folder(which).resolve("fixture.css.gz")))) {
            Files.copy(in, css);
        }
        return css;
    }

    static List<DumpLine> dump(String which) throws IOException {
        List<DumpLine> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(folder(which).resolve("dspam_dump.txt.gz"))),
                StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.trim().split("\\s+");
                // "<token> S: <spam> I: <innocent> P: <p> LH: <date>"
                lines.add(new DumpLine(Long.parseUnsignedLong(f[0]), Long.parseLong(f[2]), Long.parseLong(f[4])));
            }
        }
        return lines;
    }

    /** The corpus-fed counts {@code dspam_stats -H} printed: SC and NC. */
    static long[] corpusfed(String which) throws IOException {
        long sc = -1;
        long nc = -1;
        for (String line : Files.readAllLines(folder(which).resolve("dspam_stats-H.txt"))) {
            String t = line.trim();
            if (t.startsWith("SC Spam Corpusfed:")) {
                sc = Long.parseLong(t.substring(t.lastIndexOf(' ') + 1));
            } else if (t.startsWith("NC Nonspam Corpusfed:")) {
                nc = Long.parseLong(t.substring(t.lastIndexOf(' ') + 1));
            }
        }
        return new long[] {sc, nc};
    }
}
