package org.dspam.tools.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.dspam.cli.ConfigOption;
import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dspam_load}: a load generator for the daemon (or any LMTP server). It sends corpus
 * messages over {@code --connections} concurrent LMTP connections, {@code --recipients} recipients
 * each, and reports messages and recipients per second and latency percentiles; with
 * {@code --pid} also the server's CPU time and peak memory, and with {@code --check-totals} whether
 * the storage counted every accepted recipient exactly once.
 */
@Command(name = "dspam_load", sortOptions = false,
        description = "Send corpus messages to an LMTP server (the dspam daemon) and measure it.")
public final class LoadCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;

    @Option(names = "--socket", paramLabel = "PATH", description = "The server's unix socket (default: ServerDomainSocketPath).")
    private String socket;

    @Option(names = "--host", paramLabel = "HOST", description = "The server's address, for TCP (default: ServerHost, else 127.0.0.1).")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The server's TCP port (default: ServerPort, else 24).")
    private Integer port;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", description = "Concurrent connections (default: 1).")
    private int connections = 1;

    @Option(names = {"-n", "--messages"}, paramLabel = "N", description = "Messages to send (default: 2000).")
    private int messages = 2000;

    @Option(names = "--warmup", paramLabel = "N", description = "Messages sent first and not measured, to other users (default: 0).")
    private int warmup;

    @Option(names = {"-r", "--recipients"}, paramLabel = "R", description = "Recipients per message (default: 1).")
    private int recipients = 1;

    @Option(names = {"-u", "--users"}, paramLabel = "U", description = "Distinct recipients, used in turn (default: 1).")
    private int users = 1;

    @Option(names = "--user-prefix", paramLabel = "TEXT", description = "Recipients are TEXT0@DOMAIN, TEXT1@DOMAIN, ... (default: user).")
    private String userPrefix = "user";

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "The recipients' domain (default: load.test).")
    private String domain = "load.test";

    @Option(names = "--corpus", paramLabel = "INDEX|DIR", required = true, description = "The messages: an index of 'spam PATH' / 'ham PATH' lines, or a folder of message files.")
    private Path corpus;

    @Option(names = "--base", paramLabel = "DIR", description = "Resolve the index's paths against DIR (default: the index's folder).")
    private Path base;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Longest wait for a reply (default: 600, Postfix's lmtp_data_done_timeout).")
    private int timeout = 600;

    @Option(names = "--pid", paramLabel = "PID", description = "The server's process id: report its CPU time and peak memory (and this tool's CPU time).")
    private Long pid;

    @Option(names = "--check-totals", description = "Read the users' totals from the storage dspam.conf names, before and after, and check that every accepted recipient was counted once.")
    private boolean checkTotals;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final StorageDriver storage;

    /** @param storage the storage to check totals in, or null to open the one dspam.conf names */
    public LoadCommand(PrintWriter out, PrintWriter err, Map<String, String> env, StorageDriver storage) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.storage = storage;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, System.getenv(), null));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
                          StorageDriver storage) {
        CommandLine cl = new CommandLine(new LoadCommand(out, err, env, storage));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println("dspam_load: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || messages < 1 || recipients < 1 || users < 1 || warmup < 0 || timeout < 1) {
            err.println("dspam_load: --connections, --messages, --recipients, --users and --timeout must be positive");
            return 1;
        }
        DspamConfig conf = null;
        if (socket == null && port == null || checkTotals) {
            try {
                conf = config.load(env);
            } catch (ConfigException e) {
                err.println("dspam_load: " + e.getMessage());
                return 1;
            }
        }
        SocketAddress server = server(conf);
        List<byte[]> corpusMessages = messages(corpus, base);
        if (corpusMessages.isEmpty()) {
            err.println("dspam_load: no messages in " + corpus);
            return 1;
        }
        LoadRun.Plan plan = new LoadRun.Plan(server, connections, messages, warmup, recipients, users, userPrefix,
                domain, "load.test", timeout, corpusMessages);
        LoadRun load = new LoadRun(plan);

        StorageDriver driver = null;
        Map<String, Long> before = null;
        try {
            if (checkTotals) {
                driver = storage != null ? storage : StorageDrivers.open(conf, null);
                before = counted(driver, load, conf.isOn("StripRcptDomain"));
            }
            long self = ProcessHandle.current().pid();
            ProcessStats startStats = pid == null ? null : ProcessStats.of(pid);
            ProcessStats selfStart = pid == null ? null : ProcessStats.of(self);
            LoadRun.Result r = load.run();
            ProcessStats endStats = pid == null ? null : ProcessStats.of(pid);
            ProcessStats selfEnd = pid == null ? null : ProcessStats.of(self);
            report(r, startStats, endStats);
            if (selfStart != null) {
                // What the load itself cost, on the same cores as the server in a local run.
                double cpu = selfEnd.cpuSeconds() - selfStart.cpuSeconds();
                out.printf(Locale.ROOT, "load tool: %.1f s CPU (%.2f ms per message)%n", cpu,
                        1000 * cpu / Math.max(1, r.sent()));
            }
            boolean ok = r.errors().isEmpty() && r.deferred() == 0 && r.refused() == 0 && r.sent() == messages;
            if (checkTotals) {
                ok &= checkTotals(driver, load, before, r, conf.isOn("StripRcptDomain"));
            }
            return ok ? 0 : 2;
        } finally {
            if (driver != null && storage == null) {
                driver.close();
            }
        }
    }

    private SocketAddress server(DspamConfig conf) {
        if (socket != null) {
            return LmtpLine.address(socket, 0);
        }
        if (port != null) {
            return LmtpLine.address(host != null ? host : "127.0.0.1", port);
        }
        if (conf.get("ServerDomainSocketPath").isPresent()) {
            return LmtpLine.address(conf.get("ServerDomainSocketPath").get(), 0);
        }
        return LmtpLine.address(host != null ? host : conf.get("ServerHost").orElse("127.0.0.1"),
                conf.getInt("ServerPort", 24));
    }

    static List<byte[]> messages(Path corpus, Path base) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> s = Files.walk(corpus)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            Path dir = base != null ? base : corpus.toAbsolutePath().getParent();
            for (String line : Files.readAllLines(corpus)) {
                String l = line.strip();
                int space = l.indexOf(' ');
                if (l.isEmpty() || l.startsWith("#") || space < 0) {
                    continue;
                }
                files.add(dir.resolve(l.substring(space + 1).strip()));
            }
        }
        List<byte[]> out = new ArrayList<>(files.size());
        for (Path f : files) {
            out.add(Files.readAllBytes(f));
        }
        return out;
    }

    /** Each user's processed-message count (every class, learned or only classified), by recipient address. */
    private Map<String, Long> counted(StorageDriver driver, LoadRun load, boolean stripDomain) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int u = 0; u < Math.min(users, (long) messages * recipients); u++) {
            String address = load.recipient(u);
            // The daemon processes a recipient as its address, or its local part with StripRcptDomain.
            String user = stripDomain ? address.substring(0, address.indexOf('@')) : address;
            try (UserStorage s = driver.open(user)) {
                Totals t = s.totals();
                counts.put(address, t.spamLearned() + t.innocentLearned() + t.spamClassified() + t.innocentClassified()
                        + t.spamCorpusfed() + t.innocentCorpusfed());
            }
        }
        return counts;
    }

    private boolean checkTotals(StorageDriver driver, LoadRun load, Map<String, Long> before, LoadRun.Result r,
                                boolean stripDomain) {
        Map<String, Long> after = counted(driver, load, stripDomain);
        long missing = 0;
        long extra = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            long expected = r.acceptedByRecipient().getOrDefault(e.getKey(), 0L);
            if (delta < expected) {
                missing += expected - delta;
            } else {
                extra += delta - expected;
            }
        }
        boolean exact = missing == 0 && extra == 0;
        out.printf(Locale.ROOT, "totals: %s (%d users; %d accepted recipients counted%s)%n",
                exact ? "exact" : "WRONG", after.size(), r.accepted(),
                exact ? " once each" : ", " + missing + " missing, " + extra + " extra");
        return exact;
    }

    private void report(LoadRun.Result r, ProcessStats start, ProcessStats end) {
        double s = r.seconds();
        out.printf(Locale.ROOT, "messages: %d sent over %d connections, %d recipients each (%d users)%n", r.sent(),
                connections, recipients, users);
        out.printf(Locale.ROOT, "replies: %d accepted, %d deferred (4xx), %d refused (5xx)%n", r.accepted(),
                r.deferred(), r.refused());
        out.printf(Locale.ROOT, "elapsed: %.2f s%n", s);
        out.printf(Locale.ROOT, "throughput: %.1f msgs/s, %.1f recipients/s%n", r.sent() / s,
                (double) r.sent() * recipients / s);
        out.printf(Locale.ROOT, "latency (MAIL to last reply): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                r.latencyMillis(0.50), r.latencyMillis(0.90), r.latencyMillis(0.99), r.latencyMillis(1.0));
        if (start != null && end != null) {
            double cpu = end.cpuSeconds() - start.cpuSeconds();
            out.printf(Locale.ROOT, "server: %.1f s CPU (%.0f%% of one core, %.2f ms per message), peak RSS %d MB%n",
                    cpu, 100 * cpu / s, 1000 * cpu / Math.max(1, r.sent()), end.peakRssBytes() >> 20);
        }
        for (String e : r.errors()) {
            out.println("error: " + e);
        }
    }
}
