package org.dspam.storage.hash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Starts {@link ChildTrainer} in separate JVMs and follows what they print. */
final class Children {
    private Children() {
    }

    /** A running child: its process and the lines it printed so far. */
    static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new ArrayList<>();

        Child(Process process) {
            this.process = process;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("io-error " + e);
                }
                lines.add("<eof>");
            });
            t.setDaemon(true);
            t.start();
        }

        /** The next line, waiting up to {@code seconds}; null on time out. */
        String next(int seconds) throws InterruptedException {
            String l = lines.poll(seconds, TimeUnit.SECONDS);
            if (l != null) {
                all.add(l);
            }
            return l;
        }

        /** Waits for the process to end and collects the rest of its output. */
        int finish(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child did not finish in " + seconds + " s; printed " + all);
            }
            for (String l; (l = next(5)) != null && !l.equals("<eof>"); ) {
                // collected in all
            }
            return process.exitValue();
        }

        /** The highest N of the {@code ok N} lines seen, or -1. */
        int lastOk() {
            int last = -1;
            for (String l : all) {
                if (l.startsWith("ok ")) {
                    last = Integer.parseInt(l.substring(3));
                }
            }
            return last;
        }

        /** SIGKILL, then waits for the process to be gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            for (String l; (l = next(5)) != null && !l.equals("<eof>"); ) {
                // collect what it printed before dying
            }
        }
    }

    static Child start(Path home, String user, long seed, int first, int count, int tokens, String... extra)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), ChildTrainer.class.getName(),
                home.toString(), user, Long.toString(seed), Integer.toString(first), Integer.toString(count),
                Integer.toString(tokens)));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        return new Child(pb.start());
    }

    /** Like {@link #start} but through bash with {@code ulimit -f KB} (files may not grow past it). */
    static Child startWithFileSizeLimit(long blocks, Path home, String user, long seed, int first, int count,
                                        int tokens) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "ulimit -f " + blocks + " && exec \"$0\" \"$@\"";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script, java, "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ChildTrainer.class.getName(),
                home.toString(), user, Long.toString(seed), Integer.toString(first), Integer.toString(count),
                Integer.toString(tokens)).redirectError(ProcessBuilder.Redirect.PIPE);
        pb.redirectErrorStream(true);
        return new Child(pb.start());
    }
}
