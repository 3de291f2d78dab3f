package org.dspam.tools.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The installed layout the launchers expect, built from this checkout: {@code bin/} holds the real
 * scripts of {@code dspam-server/src/dist/bin}, {@code lib/} the real {@code dspam-launch} and the
 * test's class path as jars, {@code conf/sql/} the shipped SQL files. Commands run as processes
 * with the current JDK.
 */
final class Distribution {
    static final Path SOURCES = Path.of("../dspam-server/src/dist");
    static final Path CONF_SQL = Path.of("../conf/sql");

    final Path root;

    record Run(int status, String out, String err) {
    }

    Distribution(Path root) throws IOException {
        this.root = root;
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path lib = Files.createDirectories(root.resolve("lib"));
        try (Stream<Path> scripts = Files.list(SOURCES.resolve("bin"))) {
            for (Path script : scripts.toList()) {
                executable(Files.copy(script, bin.resolve(script.getFileName())));
            }
        }
        executable(Files.copy(SOURCES.resolve("lib/dspam-launch"), lib.resolve("dspam-launch")));
        Files.copy(SOURCES.resolve("lib/logback.xml"), lib.resolve("logback.xml"));
        Path sql = Files.createDirectories(root.resolve("conf/sql"));
        try (Stream<Path> files = Files.list(CONF_SQL)) {
            for (Path f : files.toList()) {
                Files.copy(f, sql.resolve(f.getFileName()));
            }
        }
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                jar(p, lib.resolve("classes-" + (n++) + ".jar"));
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Files.copy(p, lib.resolve((n++) + "-" + p.getFileName()));
            }
        }
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void jar(Path dir, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    /** Runs {@code bin/<command>} with {@code DSPAM_CONF=config}; stdin is empty. */
    Run run(Path config, String command, String... args) throws IOException, InterruptedException {
        return run(config, env -> { }, command, args);
    }

    /** {@link #run(Path, String, String...)} with the environment changed by {@code edit} last. */
    Run run(Path config, java.util.function.Consumer<Map<String, String>> edit, String command, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("bin").resolve(command).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("DSPAM_CONF", config.toString());
        env.put("DSPAM_JAVA_HOME", System.getProperty("java.home"));
        env.put("LC_ALL", "C.UTF-8");
        env.remove("DSPAM_JAVA_OPTS");
        edit.accept(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            // no input
        }
        byte[][] streams = new byte[2][];
        Thread errReader = Thread.ofVirtual().start(() -> streams[1] = readAll(p.getErrorStream()));
        streams[0] = readAll(p.getInputStream());
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(command + " did not finish within 2 minutes");
        }
        errReader.join();
        return new Run(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8),
                new String(streams[1], StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("<" + e + ">").getBytes(StandardCharsets.UTF_8);
        }
    }
}
