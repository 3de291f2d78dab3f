package org.dspam.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the installed {@code bin/dspam} script of the built distribution as a real process, with a
 * dspam.conf made from the shipped one.
 */
final class Launcher {
    static final Path DIST = Path.of("target/dspam");

    final Path dir;
    final Path home;
    final Path conf;

    record Result(int exit, String out, String err) {
    }

    /** @param edits pairs of (line prefix to replace, or "" to append; replacement line) */
    Launcher(Path dir, String driver, String... edits) throws IOException {
        this.dir = dir;
        this.home = dir.resolve("home");
        Files.createDirectories(home);
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../conf/dspam.conf"))) {
            String out = line;
            if (line.startsWith("StorageDriver ")) {
                out = "StorageDriver " + driver;
            } else if (line.startsWith("Home ")) {
                out = "Home " + home;
            }
            for (int i = 0; i < edits.length; i += 2) {
                if (!edits[i].isEmpty() && line.startsWith(edits[i])) {
                    out = edits[i + 1];
                }
            }
            lines.add(out);
        }
        for (int i = 0; i < edits.length; i += 2) {
            if (edits[i].isEmpty()) {
                lines.add(edits[i + 1]);
            }
        }
        conf = dir.resolve("dspam.conf");
        Files.write(conf, lines);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = Launcher.class.getResourceAsStream("/agent/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    Result dspam(String input, String... args) throws IOException, InterruptedException {
        return run(List.of(), input, args);
    }

    /** Runs with a command prefix, e.g. {@code runuser -u someone --}. */
    Result run(List<String> prefix, String input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(DIST.resolve("bin/dspam").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        Path in = Files.createTempFile(dir, "in", ".eml");
        Files.write(in, input.getBytes(StandardCharsets.ISO_8859_1));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.put("DSPAM_CONF", conf.toString());
        env.remove("DSPAM_JAVA_OPTS");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dspam did not finish: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A delivery agent script that records its arguments and input and exits with {@code code}. */
    Path recordingAgent(int code) throws IOException {
        Path script = dir.resolve("lda-" + code + ".sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir.resolve("lda.args") + "\ncat > "
                + dir.resolve("lda.in") + "\nexit " + code + "\n");
        script.toFile().setExecutable(true, false);
        return script;
    }
}
