package org.dspam.tools.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dspam.testing.CorpusFixture;
import org.dspam.testing.ReferenceResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the whole SpamAssassin corpus through dspam_train and holds every message's result,
 * class, probability and confidence to what DSPAM itself printed, for both shipped
 * configurations, and the pass/fail of dspam_train's native run.
 */
class CorpusReplayTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path index;
    static List<ReferenceResults.Row> reference;

    @BeforeAll
    static void fetchCorpus() throws IOException {
        corpus = CorpusFixture.root();
        index = CorpusFixture.reference("sa-corpus.index", dir);
        reference = ReferenceResults.load();
    }

    /** The shipped dspam.conf on the memory driver; {@code edits} are pairs of line prefix and replacement line. */
    static Path config(String name, String... edits) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../conf/dspam.conf"))) {
            String out = line;
            if (line.startsWith("StorageDriver ")) {
                out = "StorageDriver memory";
            } else if (line.startsWith("Home ")) {
                out = "Home " + dir.resolve("home-" + name);
            }
            for (int i = 0; i < edits.length; i += 2) {
                if (line.startsWith(edits[i])) {
                    out = edits[i + 1];
                }
            }
            lines.add(out);
        }
        Path file = dir.resolve(name + ".conf");
        Files.write(file, lines);
        return file;
    }

    static Path configA() throws IOException {
        return config("A");
    }

    /** The 3.10.2 release's differences: teft, chain, no Feature noise, sedation 5. */
    static Path configB() throws IOException {
        return config("B", "TrainingMode ", "TrainingMode teft", "Tokenizer ", "Tokenizer chain", "Feature noise", "",
                "Preference \"statisticalSedation=", "Preference \"statisticalSedation=5\"",
                "Preference \"trainingMode=", "Preference \"trainingMode=TEFT\"");
    }

    record Run(String summary, List<String[]> log) {
    }

    static Run train(Path config, String... extra) throws IOException {
        Path log = Files.createTempFile(dir, "log", ".tsv");
        List<String> args = new ArrayList<>(List.of("eval", "--config", config.toString(), "-i", index.toString(),
                "--base", corpus.toString(), "--log", log.toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = TrainCommand.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), Map.of());
        assertEquals(0, status, err.toString());
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            rows.add(line.split("\t"));
        }
        return new Run(out.toString(), rows);
    }

    static void assertMatches(Run run, boolean configA) {
        assertEquals(reference.size(), run.log().size());
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            ReferenceResults.Row ref = reference.get(i);
            ReferenceResults.Result want = configA ? ref.a() : ref.b();
            String[] got = run.log().get(i);
            String expected = String.join(" ", want.result(), want.className(), want.probability(), want.confidence());
            String actual = String.join(" ", got[2], got[3], got[4], got[5]);
            assertEquals(ref.label(), got[1]);
            if (!expected.equals(actual)) {
                differences.add("#" + ref.n() + " " + ref.file() + ": DSPAM " + expected + ", we " + actual);
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " messages differ from DSPAM, first: "
                + differences.subList(0, Math.min(10, differences.size())));
    }

    @Test
    void lastTreeConfigDecidesEveryMessageAsDspamDid() throws IOException {
        Run run = train(configA(), "--feedback=all");
        assertMatches(run, true);
        assertTrue(run.summary().contains("FP: 6 FN: 195 1-ROCA: 0.250%"), run.summary());
    }

    @Test
    void releaseConfigDecidesEveryMessageAsDspamDid() throws IOException {
        Run run = train(configB(), "--feedback=all");
        assertMatches(run, false);
        assertTrue(run.summary().contains("FP: 7 FN: 181 1-ROCA: 0.295%"), run.summary());
    }

    @Test
    void nativeTrainingPassesAndFailsWhereDspamTrainDid() throws IOException {
        Run run = train(configA());
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            String[] got = run.log().get(i);
            boolean pass = got[2].equals("Spam") == got[1].equals("spam");
            String ours = pass ? "PASS" : "FAIL(" + got[2] + ")";
            if (!ours.equals(reference.get(i).nativeRun())) {
                differences.add("#" + (i + 1) + ": DSPAM " + reference.get(i).nativeRun() + ", we " + ours);
            }
        }
        assertTrue(differences.isEmpty(), differences.toString());
        assertTrue(run.summary().contains("FP: 21 FN: 171"), run.summary());
    }
}
