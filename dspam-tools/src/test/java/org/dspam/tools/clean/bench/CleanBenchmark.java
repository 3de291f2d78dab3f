package org.dspam.tools.clean.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.dspam.cli.DriverFactory;
import org.dspam.cli.ToolContext;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.storage.memory.MemoryStorageDriver;
import org.dspam.tools.clean.CleanCommand;
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
 * A nightly {@code dspam_clean} over every user: {@code users} users of {@code tokens} tokens each,
 * with counts shaped like a trained user's (most tokens seen once or twice, a few very often).
 * Each invocation starts from freshly written users; the time covers only the clean run (listing
 * users, reading every token, deciding, deleting). Throughput in user-tokens per second is
 * {@code users * tokens / score}.
 *
 * <p>{@code driver} is a {@code StorageDriver} name; {@code memory} is shared with the tool, any
 * other is opened from a dspam.conf in a temporary Home.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class CleanBenchmark {
    @Param("memory")
    public String driver;

    @Param("50")
    public int users;

    @Param("20000")
    public int tokens;

    private Path home;
    private Path config;
    private MemoryStorageDriver memory;
    private ToolContext context;

    @Setup(Level.Trial)
    public void createHome() throws IOException {
        home = Files.createTempDirectory("dspam-clean-bench");
        config = home.resolve("dspam.conf");
        Files.writeString(config, "Home " + home + "\nStorageDriver " + driver + "\nPurgeSignatures 14\n"
                + "PurgeNeutral 90\nPurgeUnused 90\nPurgeHapaxes 30\nPurgeHits1S 15\nPurgeHits1I 15\n");
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        DriverFactory factory = driver.equals("memory") ? (c, p) -> new Shared(memory) : StorageDrivers::open;
        context = new ToolContext(sink, sink, Map.of("DSPAM_CONF", config.toString()), factory, Clock.systemDefaultZone());
    }

    @Setup(Level.Invocation)
    public void writeUsers() {
        memory = new MemoryStorageDriver();
        StorageDriver d = driver.equals("memory") ? memory : StorageDrivers.open(DspamConfig.load(config), null);
        try {
            SplittableRandom random = new SplittableRandom(42);
            for (int u = 0; u < users; u++) {
                TokenChanges c = new TokenChanges(tokens);
                for (int t = 0; t < tokens; t++) {
                    // Zipf-like: half the tokens once, a quarter a few times, the rest often.
                    double r = random.nextDouble();
                    long hits = r < 0.5 ? 1 : r < 0.75 ? 2 + random.nextInt(4) : 6 + random.nextInt(200);
                    long spam = random.nextLong(hits + 1);
                    c.add(random.nextLong(), spam, hits - spam);
                }
                try (UserStorage s = d.open("user" + u)) {
                    s.commit(c, new Totals(1000, 1000, 0, 0, 0, 0, 0, 0).minus(s.totals()));
                }
            }
        } finally {
            if (d != memory) {
                d.close();
            }
        }
    }

    @Benchmark
    public int configuredPurges() {
        return clean();
    }

    @Benchmark
    public int purgeEveryNeutralToken() {
        return clean("-p0");
    }

    private int clean(String... args) {
        int status = CleanCommand.run(args, context);
        if (status != 0) {
            throw new IllegalStateException("dspam_clean exited with " + status);
        }
        return status;
    }

    @TearDown(Level.Trial)
    public void removeHome() throws IOException {
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The memory driver as the tool sees it: its close() must not drop the users between invocations. */
    private record Shared(MemoryStorageDriver d) implements StorageDriver {
        public String name() {
            return d.name();
        }

        public UserStorage open(String user) {
            return d.open(user);
        }

        public boolean exists(String user) {
            return d.exists(user);
        }

        public java.util.List<String> users() {
            return d.users();
        }

        public Map<String, String> preferences(String user) {
            return d.preferences(user);
        }

        public void setPreference(String user, String name, String value) {
            d.setPreference(user, name, value);
        }

        public void deletePreference(String user, String name) {
            d.deletePreference(user, name);
        }

        public void close() {
        }
    }
}
