package org.dspam.storage.hash.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import org.dspam.storage.hash.HashAdmin;
import org.dspam.storage.hash.HashSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cssclean [filename] [heavy]}: DSPAM's purge for hash files. Ages every record and rebuilds the file
 * without the ones that aged without being useful ({@link HashAdmin#clean}); silent unless {@code -v}. Meant to
 * run nightly from cron for every user, as {@code dspam_clean} does for the SQL drivers.
 */
@Command(name = "cssclean", description = "Rebuild a hash file without its stale records.")
public final class CssClean extends CssCommand {
    @Parameters(index = "1", arity = "0..1", paramLabel = "heavy",
            description = "'heavy': drop every hapax and near-neutral record now")
    String mode;

    @Option(names = {"-v", "--verbose"}, description = "Say how many records were kept.")
    boolean verbose;

    public static void main(String[] args) {
        main(new CssClean(), args);
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return execute(new CssClean(), args, out, err, env);
    }

    @Override
    String name() {
        return "cssclean";
    }

    @Override
    int run(Path css, HashSettings settings) throws IOException {
        if (mode != null && !mode.equals("heavy")) {
            err.println("syntax: cssclean [filename] [heavy]");
            return FAILED;
        }
        HashAdmin.Rebuilt r = HashAdmin.clean(css, settings, "heavy".equals(mode));
        if (verbose) {
            out.printf("%s: kept %d of %d records, %d extents (was %d)%n", css, r.recordsAfter(), r.recordsBefore(),
                    r.extentsAfter(), r.extentsBefore());
        }
        return OK;
    }
}
