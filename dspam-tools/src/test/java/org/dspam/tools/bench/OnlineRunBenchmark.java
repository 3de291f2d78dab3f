package org.dspam.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dspam.config.DspamConfig;
import org.dspam.engine.SettingsResolver;
import org.dspam.learn.MessageClass;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.memory.MemoryStorageDriver;
import org.dspam.testing.CorpusFixture;
import org.dspam.tools.train.Corpus;
import org.dspam.tools.train.Trainer;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The in-process online run of the whole SpamAssassin corpus (classify each message, then train
 * it with its true label), on the memory driver or the hash driver, starting from an empty user each
 * time. One operation is the whole corpus: messages per second = 6046 / (seconds per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms256m", "-Xmx1g"})
public class OnlineRunBenchmark {
    /** A = the last tree's shipped configuration (toe, osb); B = the 3.10.2 release's (teft, chain, sedation 5). */
    @Param({"A", "B"})
    public String config;

    /**
     * memory, or hash_drv: a new {@code .css} file each iteration, under the directory of the property
     * {@code bench.home} (default: the temporary directory; a tmpfs such as /dev/shm keeps the disk out of it).
     */
    @Param({"memory"})
    public String driver;

    private DspamConfig dspamConfig;
    private final List<byte[]> messages = new ArrayList<>();
    private final List<MessageClass> labels = new ArrayList<>();
    private Trainer trainer;
    private StorageDriver storage;
    private Path home;
    private long lastCpuNanos;
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path root = CorpusFixture.root();
        Path tmp = Files.createTempDirectory("dspam-bench");
        Path index = CorpusFixture.reference("sa-corpus.index", tmp);
        for (Corpus.Entry e : Corpus.fromIndex(index, root)) {
            messages.add(Files.readAllBytes(e.file()));
            labels.add(e.label());
        }
        String text = Files.readString(Path.of(System.getProperty("dspam.conf.shipped", "../conf/dspam.conf")));
        if (config.equals("B")) {
            text = text.replace("\nTrainingMode toe", "\nTrainingMode teft").replace("\nTokenizer osb", "\nTokenizer chain")
                    .replace("\nFeature noise\n", "\n").replace("statisticalSedation=0", "statisticalSedation=5")
                    .replace("trainingMode=TOE", "trainingMode=TEFT");
        }
        if (driver.equals("hash_drv")) {
            home = Files.createTempDirectory(Path.of(System.getProperty("bench.home", System.getProperty("java.io.tmpdir"))),
                    "dspam-bench-home");
            text = text.replaceAll("(?m)^StorageDriver .*$", "StorageDriver hash_drv")
                    .replaceAll("(?m)^Home .*$", "Home " + home);
        } else if (!driver.equals("memory")) {
            throw new IllegalArgumentException("driver: memory or hash_drv, not " + driver);
        }
        dspamConfig = DspamConfig.parse(text, "dspam.conf");
    }

    @Setup(Level.Iteration)
    public void emptyUser() throws IOException {
        if (home != null) {
            deleteUnder(home);
            storage = StorageDrivers.open(dspamConfig, null);
        } else {
            storage = new MemoryStorageDriver();
        }
        trainer = new Trainer(storage, new SettingsResolver(dspamConfig), "bench", w -> { });
    }

    @Benchmark
    public void classifyAndTrainCorpus(Blackhole bh) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < messages.size(); i++) {
            // Parsing and tokenizing stay on this thread: they are part of the engine's work per message.
            Trainer.Ready m = trainer.ready(messages.get(i), true);
            bh.consume(trainer.classifyThenTrain(m, labels.get(i), o -> true));
        }
        lastCpuNanos = THREADS.getCurrentThreadCpuTime() - cpu;
    }

    /**
     * On a shared machine wall time includes waiting for the processor; the benchmark thread's
     * CPU time shows what one core does alone.
     */
    @TearDown(Level.Iteration)
    public void reportCpuTime() {
        System.out.printf(" [%.0f messages per CPU-second]", messages.size() / (lastCpuNanos / 1e9));
    }

    @TearDown(Level.Iteration)
    public void closeStorage() {
        storage.close();
    }

    @TearDown(Level.Trial)
    public void removeHome() throws IOException {
        if (home != null) {
            deleteUnder(home);
            Files.delete(home);
        }
    }

    private static void deleteUnder(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void reportPeakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%nPeak heap used (config %s, %s, %d messages): %d MB%n", config, driver, messages.size(), peak >> 20);
    }
}
