package org.dspam.tools.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.dspam.classify.Verdict;
import org.dspam.cli.ConfigOption;
import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;
import org.dspam.engine.Outcome;
import org.dspam.engine.SettingsResolver;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.util.CFormat;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dspam_train [user] [spam_dir] [nonspam_dir]}: trains a user on a corpus in one process.
 *
 * <p>Without {@code --feedback} it trains as DSPAM's dspam_train does: each message is processed
 * as new mail and, when the result is wrong, retrained from its signature. With
 * {@code --feedback=all} it runs the online evaluation: each message is classified as
 * {@code dspam --classify} would, then learned with its true class as {@code --source=corpus}
 * would; {@code --feedback=error} learns only the misclassified ones.
 */
@Command(name = "dspam_train", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Train a user on a corpus of spam and innocent mail.")
public final class TrainCommand implements Callable<Integer> {
    enum Feedback { all, error }

    @Mixin
    private ConfigOption config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "user", description = "The user to train (default: the current user).")
    private String user;

    @Parameters(index = "1", arity = "0..1", paramLabel = "spam_dir", description = "A folder of spam, one message per file.")
    private Path spamDir;

    @Parameters(index = "2", arity = "0..1", paramLabel = "nonspam_dir", description = "A folder of innocent mail.")
    private Path hamDir;

    @Option(names = {"-i", "--index"}, paramLabel = "INDEX", description = "Train the messages listed in INDEX (lines 'spam PATH' or 'ham PATH'), in that order.")
    private Path index;

    @Option(names = "--base", paramLabel = "DIR", description = "Resolve the INDEX paths against DIR (default: the current folder).")
    private Path base;

    @Option(names = "--feedback", paramLabel = "all|error", description = "Online evaluation: classify each message, then learn it with its true class (all) or only when it was misclassified (error).")
    private Feedback feedback;

    @Option(names = "--log", paramLabel = "FILE", description = "Write one tab-separated line per message: number, label, result, class, probability, confidence.")
    private Path log;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;

    public TrainCommand(PrintWriter out, PrintWriter err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, System.getenv()));
    }

    /** Runs the command as the launcher would, returning the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cl = new CommandLine(new TrainCommand(out, err, env));
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        List<Corpus.Entry> messages;
        if (index != null) {
            messages = Corpus.fromIndex(index, base != null ? base : Path.of(""));
        } else if (spamDir != null && hamDir != null) {
            messages = Corpus.alternating(spamDir, hamDir);
        } else {
            err.println("dspam_train: give a spam and a nonspam folder, or -i INDEX");
            spec.commandLine().usage(err);
            return 1;
        }
        String who = user != null ? user : System.getProperty("user.name");
        DspamConfig conf;
        try {
            conf = config.load(env);
        } catch (ConfigException e) {
            err.println("dspam_train: " + e.getMessage());
            return 1;
        }
        try (StorageDriver driver = StorageDrivers.open(conf, null);
             Writer logWriter = log == null ? Writer.nullWriter() : Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            Trainer trainer = new Trainer(driver, new SettingsResolver(conf), who, w -> err.println("dspam_train: " + w));
            return train(trainer, messages, new PrintWriter(logWriter));
        } catch (ConfigException e) {
            err.println("dspam_train: " + e.getMessage());
            return 1;
        }
    }

    private int train(Trainer trainer, List<Corpus.Entry> messages, PrintWriter logOut) throws IOException {
        int fp = 0;
        int fn = 0;
        int tp = 0;
        int tn = 0;
        RocArea roc = new RocArea();
        long start = System.nanoTime();
        int n = 0;
        boolean tokenize = feedback != null;
        // Messages are read, parsed and tokenized a few ahead on another thread; they are classified and learned
        // here, in corpus order.
        try (ReadAhead<Trainer.Ready> ahead = new ReadAhead<>(messages, bytes -> trainer.ready(bytes, tokenize))) {
            for (Corpus.Entry entry : messages) {
                n++;
                Trainer.Ready message = ahead.next();
                boolean isSpam = entry.label().isSpam();
                Outcome outcome;
                if (feedback == null) {
                    outcome = trainer.processAndCorrect(message, entry.label());
                } else {
                    outcome = trainer.classifyThenTrain(message, entry.label(), o -> feedback == Feedback.all
                            || !o.classified() || o.verdict().spam() != isSpam);
                }
                Verdict v = outcome == null ? null : outcome.verdict();
                if (v != null) {
                    if (v.spam() && isSpam) {
                        tp++;
                    } else if (v.spam()) {
                        fp++;
                    } else if (isSpam) {
                        fn++;
                    } else {
                        tn++;
                    }
                }
                String probability = v == null ? "N/A" : CFormat.fixed(v.probability(), 4);
                String confidence = v == null ? "N/A" : CFormat.fixed(v.confidence(), 2);
                if (v != null) {
                    // Scored as DSPAM prints it, so figures compare with runs of DSPAM itself.
                    double printedConfidence = Double.parseDouble(confidence);
                    roc.add(isSpam, Double.parseDouble(probability), v.spam() ? printedConfidence : 1.0 - printedConfidence);
                }
                logOut.println(n + "\t" + entry.labelName() + "\t"
                        + (v == null ? "N/A\tN/A" : v.resultName() + "\t" + v.className()) + "\t" + probability + "\t" + confidence);
            }
        }
        logOut.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "TP: %d TN: %d FP: %d FN: %d%n", tp, tn, fp, fn);
        out.printf(Locale.ROOT, "FP: %d FN: %d 1-ROCA: %.3f%% messages: %d (%.0f msg/s)%n",
                fp, fn, roc.oneMinusAreaPercent(), n, n / Math.max(seconds, 1e-9));
        out.flush();
        return 0;
    }
}
