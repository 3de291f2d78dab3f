package org.dspam.storage.hash.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import org.dspam.storage.hash.HashAdmin;
import org.dspam.storage.hash.HashSettings;

import picocli.CommandLine.Command;

/** {@code csscompress [filename]}: rewrites a hash file into one extent sized for its records. */
@Command(name = "csscompress", description = "Compress a hash file's extents into one.")
public final class CssCompress extends CssCommand {
    public static void main(String[] args) {
        main(new CssCompress(), args);
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return execute(new CssCompress(), args, out, err, env);
    }

    @Override
    String name() {
        return "csscompress";
    }

    @Override
    int run(Path css, HashSettings settings) throws IOException {
        HashAdmin.compress(css, settings, out::println);
        return OK;
    }
}
