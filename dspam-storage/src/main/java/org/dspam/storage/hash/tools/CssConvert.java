package org.dspam.storage.hash.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import org.dspam.storage.hash.HashAdmin;
import org.dspam.storage.hash.HashSettings;

import picocli.CommandLine.Command;

/**
 * {@code cssconvert [filename]}: rewrites a hash file written by DSPAM 3.6.0 or by a 32-bit DSPAM into the format
 * every 64-bit DSPAM since 3.6.1 (and this project) reads, keeping its totals. A current file is left alone.
 */
@Command(name = "cssconvert", description = "Convert an old or 32-bit hash file to the current format.")
public final class CssConvert extends CssCommand {
    public static void main(String[] args) {
        main(new CssConvert(), args);
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return execute(new CssConvert(), args, out, err, env);
    }

    @Override
    String name() {
        return "cssconvert";
    }

    @Override
    int run(Path css, HashSettings settings) throws IOException {
        HashAdmin.Converted c = HashAdmin.convert(css, settings);
        if (c == null) {
            err.println("cssconvert: " + css + " is already in the current format; nothing to do");
        }
        return OK;
    }
}
