package org.dspam.storage.hash.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.dspam.storage.UserStorage;
import org.dspam.storage.hash.BenchFiles;
import org.dspam.storage.hash.HashStorageDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One message's lookup (1,000 token ids, by default 90 % of them unknown) in a user file of 3.15 million records in 16
 * extents, as DSPAM's {@code --classify} does it (10.7-13.4 ms for its whole process on that file):
 * <ul>
 *   <li>{@code agent}: a new driver for every message, as a process per message has: the file is opened, its
 *   extents read, its lock taken and the records read with positional reads (the pages are in the page cache;
 *   {@link org.dspam.storage.hash.AgentFetch} measures a real process per message, JVM start-up included);</li>
 *   <li>{@code daemon}: a session on a driver that keeps the file and its index between sessions.</li>
 * </ul>
 * Each operation opens the user (taking its lock), fetches the ids, and closes it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class HashFetchBenchmark {
    @Param({"agent", "daemon"})
    public String mode;

    /**
     * How many different messages the operations go round (64: the daemon's driver has seen every id before, so
     * its lookups hit the locations it keeps; thousands: most ids are new to it, as in a daemon's stream of mail).
     */
    @Param({"64"})
    public int messages;

    /** The share of a message's ids that are stored in the file. */
    @Param({"0.10"})
    public double known;

    private HashStorageDriver driver;
    private long[][] list;
    private int next;
    private final long[] spam = new long[1000];
    private final long[] innocent = new long[1000];

    private Path home;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        home = BenchFiles.home();
        driver = new HashStorageDriver(BenchFiles.settings(home, 10));
        list = BenchFiles.messages(messages, 1000, known);
        if (mode.equals("daemon")) {
            for (int i = 0; i < Math.min(messages, 64); i++) {
                fetch();
            }
        }
    }

    @Benchmark
    public long fetch() {
        long[] keys = list[next];
        next = next + 1 == list.length ? 0 : next + 1;
        if (mode.equals("agent")) {
            try (HashStorageDriver d = new HashStorageDriver(BenchFiles.settings(home, 10));
                 UserStorage s = d.open(BenchFiles.USER)) {
                s.fetch(keys, keys.length, spam, innocent);
            }
        } else {
            try (UserStorage s = driver.open(BenchFiles.USER)) {
                s.fetch(keys, keys.length, spam, innocent);
            }
        }
        return spam[0] + innocent[999];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        System.out.println("# " + mode + " index bytes " + driver.indexBytes() + " for a file of "
                + Files.size(BenchFiles.home().resolve("data/" + BenchFiles.USER + "/" + BenchFiles.USER + ".css")));
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS") || line.startsWith("RssFile") || line.startsWith("RssAnon")) {
                System.out.println("# " + mode + " " + line.replaceAll("\\s+", " "));
            }
        }
        driver.close();
    }
}
