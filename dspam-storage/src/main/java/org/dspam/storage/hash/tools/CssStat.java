package org.dspam.storage.hash.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import org.dspam.storage.hash.HashAdmin;
import org.dspam.storage.hash.HashSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cssstat [filename]}: used and free slots per extent, in DSPAM's words. Reads only. With {@code --check},
 * also whether DSPAM's two builds find every record where it is (exit 1 if some record is found by neither, or a
 * token is stored twice).
 */
@Command(name = "cssstat", description = "Print hash file statistics.")
public final class CssStat extends CssCommand {
    @Option(names = {"-c", "--check"}, description = "Also check that DSPAM's lookups find every record.")
    boolean check;

    public static void main(String[] args) {
        main(new CssStat(), args);
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return execute(new CssStat(), args, out, err, env);
    }

    @Override
    String name() {
        return "cssstat";
    }

    @Override
    int run(Path css, HashSettings settings) throws IOException {
        HashAdmin.FileStats s = HashAdmin.stat(css);
        out.printf("filename %s length %d%n", css, s.length());
        for (HashAdmin.ExtentStats e : s.extents()) {
            out.printf("extent %d: record length %d%s%n", e.index(), e.slots(), e.broken() ? " (BROKEN)" : "");
            out.printf("\textent records used %d%n", e.used());
            out.printf("\textent records free %d%n", e.slots() - e.used());
        }
        out.printf("total database records used %d%n", s.used());
        out.printf("total database records free %d%n", s.free());
        out.printf("total extents               %d%n", s.extents().size());
        if (s.problem() != null) {
            out.flush();
            err.println("cssstat: " + css + ": " + s.problem());
            return FAILED;
        }
        if (check) {
            HashAdmin.Check c = HashAdmin.check(css, settings);
            out.printf("records found by the 3.10.2 release %d%n", c.foundByRelease());
            out.printf("records found by the last tree      %d%n", c.foundByTree());
            out.printf("records found by neither            %d%n", c.lost());
            out.printf("records stored twice                %d%n", c.duplicates());
            out.println(c.consistent() ? "consistent" : "NOT consistent");
            return c.consistent() ? OK : FAILED;
        }
        return OK;
    }
}
