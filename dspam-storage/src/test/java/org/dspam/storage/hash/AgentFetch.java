package org.dspam.storage.hash;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dspam.storage.UserStorage;

/**
 * What one agent process (one message, then exit) spends on the lookup in the benchmark file: opens the user,
 * fetches one message's 1,000 ids (90 % unknown), closes it, and prints the time and the process's resident
 * memory, once per run. {@code -Djmh.args=N} runs it N times, each in a new process.
 */
public final class AgentFetch {
    private AgentFetch() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && !args[0].equals("once")) {
            int runs = Integer.parseInt(args[0]);
            BenchFiles.home();
            for (int i = 0; i < runs; i++) {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), AgentFetch.class.getName(), "once")
                        .inheritIO().start();
                p.waitFor();
            }
            return;
        }
        Path home = BenchFiles.home();
        long[] keys = BenchFiles.messages(1, 1000, 0.10)[0];
        long[] spam = new long[keys.length];
        long[] innocent = new long[keys.length];
        String before = rss();
        long t = System.nanoTime();
        try (HashStorageDriver d = new HashStorageDriver(BenchFiles.settings(home, 0));
             UserStorage s = d.open(BenchFiles.USER)) {
            s.fetch(keys, keys.length, spam, innocent);
        }
        long us = (System.nanoTime() - t) / 1000;
        System.out.println("agent open+fetch+close: " + us + " us; before: " + before + "; after: " + rss());
    }

    private static String rss() throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS") || line.startsWith("RssAnon") || line.startsWith("RssFile")) {
                sb.append(line.replaceAll("\\s+", " ")).append(' ');
            }
        }
        return sb.toString().trim();
    }
}
