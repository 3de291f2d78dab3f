package org.dspam.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time and peak resident memory, from {@code /proc/<pid>/stat} (user + system
 * clock ticks, assumed 100 per second as on every Linux configuration in use) and
 * {@code /proc/<pid>/status} ({@code VmHWM}).
 *
 * @param cpuSeconds user plus system CPU time used so far
 * @param peakRssBytes the largest resident set so far
 */
record ProcessStats(double cpuSeconds, long peakRssBytes) {
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessStats of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name (which may hold spaces) start after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                rss = Long.parseLong(line.substring(6).trim().split(" +")[0]) * 1024;
            }
        }
        return new ProcessStats(cpu, rss);
    }
}
