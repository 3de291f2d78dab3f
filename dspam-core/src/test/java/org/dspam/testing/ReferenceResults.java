package org.dspam.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** DSPAM's own per-message results on the corpus ({@code reference/dspam-per-message.tsv}). */
public final class ReferenceResults {
    /** One message's results under the last tree's config (A), the 3.10.2 config (B), and dspam_train's native run (C). */
    public record Row(int n, String label, String file, Result a, Result b, String nativeRun) {
    }

    /** The four fields of an X-DSPAM-Result line. */
    public record Result(String result, String className, String probability, String confidence) {
    }

    private ReferenceResults() {
    }

    public static List<Row> load() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ReferenceResults.class.getResourceAsStream("/reference/dspam-per-message.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("n\t")) {
                    continue;
                }
                String[] f = line.split("\t");
                rows.add(new Row(Integer.parseInt(f[0]), f[1], f[2], new Result(f[3], f[4], f[5], f[6]),
                        new Result(f[7], f[8], f[9], f[10]), f[11]));
            }
        }
        return rows;
    }
}
