package org.dspam.tools.stats;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dspam.cli.CText;
import org.dspam.cli.ProfileOption;
import org.dspam.cli.ToolCommand;
import org.dspam.cli.ToolContext;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.UserDirectories;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code dspam_stats [--profile=P] [-HrsSt] [user ...]}: each user's TP/TN/FP/FN and corpus counts
 * from the stored totals, as DSPAM prints them; all users when none is named.
 */
@Command(name = "dspam_stats")
public final class StatsCommand extends ToolCommand {
    static final String USAGE = """
            usage: dspam_stats [-h]|[--profile=PROFILE] [-HrsSt] [user [user...]]
                  \tPrint dspam statistics for users.
                  \tIf no users are specified, stats for all users are printed.
                  \t-h: print this message
                  \t-H: print stats in "human friendly" format
                  \t-r: Resets the current snapshot
                  \t-s: Displays stats since last snapshot (instead of since epoch)
                  \t-S: Displays accuracy percentages in addition to stats
                  \t-t: Displays a total of all statistics displayed
            """;

    @Mixin
    private ProfileOption profile;

    @Option(names = "-h")
    private boolean help;

    @Option(names = "-H")
    private boolean humanFriendly;

    @Option(names = "-r")
    private boolean reset;

    @Option(names = "-s")
    private boolean sinceSnapshot;

    @Option(names = "-S")
    private boolean rates;

    @Option(names = "-t")
    private boolean total;

    @Parameters(arity = "0..*", paramLabel = "user")
    private List<String> users = new ArrayList<>();

    private boolean writeFailed;

    public StatsCommand(ToolContext context) {
        super(context);
    }

    public static void main(String[] args) {
        System.exit(run(args, ToolContext.system()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, java.util.Map<String, String> env) {
        return run(args, ToolContext.of(out, err, env));
    }

    public static int run(String[] args, ToolContext context) {
        return ToolCommand.run(new StatsCommand(context), args);
    }

    @Override
    protected String name() {
        return "dspam_stats";
    }

    @Override
    protected void printUsage() {
        err.print(USAGE);
    }

    @Override
    protected int badArguments(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            err.println("dspam_stats: unknown option \"" + (arg.startsWith("-") ? arg.substring(1) : arg) + "\".");
        }
        printUsage();
        return 1;
    }

    @Override
    protected int execute() throws IOException {
        if (help) {
            printUsage();
            return 1;
        }
        DspamConfig config = loadConfig();
        String storageProfile = profile.resolve(config);
        UserDirectories home = UserDirectories.from(config, storageProfile);
        long[] sum = new long[8];
        try (StorageDriver driver = openDriver(config, storageProfile)) {
            List<String> names = users.isEmpty() ? driver.users() : users;
            for (String user : names) {
                boolean exists = driver.exists(user);
                Totals t = exists ? totalsOf(driver, user) : Totals.ZERO;
                long[] v = t.toArray();
                for (int i = 0; i < 6; i++) {
                    sum[i] += v[i];
                }
                report(user, t, home, exists);
            }
        }
        if (total) {
            report(null, Totals.of(sum), home, false);
        }
        out.flush();
        return writeFailed ? 1 : 0;
    }

    private static Totals totalsOf(StorageDriver driver, String user) {
        try (UserStorage s = driver.open(user)) {
            return s.totals();
        }
    }

    /** One user's lines (or the TOTAL lines when {@code user} is null), then the snapshot reset. */
    private void report(String user, Totals t, UserDirectories home, boolean exists) throws IOException {
        long truePositives = Math.max(0, (t.spamLearned() + t.spamClassified()) - (t.spamMisclassified() + t.spamCorpusfed()));
        long trueNegatives = Math.max(0,
                (t.innocentLearned() + t.innocentClassified()) - (t.innocentMisclassified() + t.innocentCorpusfed()));
        Snapshot current = new Snapshot(truePositives, trueNegatives, t.innocentMisclassified(), t.spamMisclassified(),
                t.spamCorpusfed(), t.innocentCorpusfed());
        Snapshot shown = current;
        Path snapshotFile = user == null ? null : home.user(user).statsSnapshot();
        if (sinceSnapshot && user != null) {
            Optional<Snapshot> before = Snapshot.read(snapshotFile);
            if (before.isPresent()) {
                Snapshot b = before.get();
                shown = new Snapshot(current.tp() - b.tp(), current.tn() - b.tn(), current.fp() - b.fp(),
                        current.fn() - b.fn(), current.sc() - b.sc(), current.nc() - b.nc());
            }
        }
        String label = user == null ? "TOTAL" : user;
        long trainingLeft = Math.max(0, 2500 - (t.innocentLearned() + t.innocentClassified()));
        Rates r = new Rates(shown);
        if (humanFriendly) {
            String p = "        \t";
            out.print(label + ":\n"
                    + p + "TP True Positives:                " + CText.right(shown.tp(), 6) + "\n"
                    + p + "TN True Negatives:                " + CText.right(shown.tn(), 6) + "\n"
                    + p + "FP False Positives:               " + CText.right(shown.fp(), 6) + "\n"
                    + p + "FN False Negatives:               " + CText.right(shown.fn(), 6) + "\n"
                    + p + "SC Spam Corpusfed:                " + CText.right(shown.sc(), 6) + "\n"
                    + p + "NC Nonspam Corpusfed:             " + CText.right(shown.nc(), 6) + "\n"
                    + p + "TL Training Left:                 " + CText.right(trainingLeft, 6) + "\n"
                    + p + "SHR Spam Hit Rate               " + pct(r.spamHitRate()) + "%\n"
                    + p + "HSR Ham Strike Rate:            " + pct(r.hamStrikeRate(100.0)) + "%\n"
                    + p + "PPV Positive predictive value:  " + pct(r.positivePredictiveValue()) + "%\n"
                    + p + "OCA Overall Accuracy:           " + pct(r.overallAccuracy()) + "%\n"
                    + "        \n");
        } else {
            out.print(CText.left(label, 16) + "  TP:" + CText.right(shown.tp(), 6) + " TN:" + CText.right(shown.tn(), 6)
                    + " FP:" + CText.right(shown.fp(), 6) + " FN:" + CText.right(shown.fn(), 6)
                    + " SC:" + CText.right(shown.sc(), 6) + " NC:" + CText.right(shown.nc(), 6) + "\n");
            if (rates) {
                out.print("                  SHR: " + pct(r.spamHitRate()) + "%       HSR: " + pct(r.hamStrikeRate(0.0))
                        + "%       OCA: " + pct(r.overallAccuracy()) + "%\n");
            }
        }
        if (reset && user != null) {
            // A snapshot of a user without data equals no snapshot: only an old one is overwritten.
            if (exists || snapshotFile.toFile().exists()) {
                try {
                    current.write(snapshotFile);
                } catch (IOException e) {
                    err.println("dspam_stats: cannot write " + snapshotFile + ": " + describe(e));
                    writeFailed = true;
                }
            }
        }
    }

    private static String pct(double v) {
        return CText.signSpaceFixed(v, 7, 2);
    }

    /** DSPAM's percentages, with its float arithmetic so that the printed digits agree. */
    private record Rates(Snapshot s) {
        long allSpam() {
            return s.tp() + s.fn();
        }

        long allInnocent() {
            return s.tn() + s.fp();
        }

        double spamHitRate() {
            return allSpam() != 0 ? 100.0 - ((float) s.fn() / (float) allSpam()) * 100.0 : 100.0;
        }

        double hamStrikeRate(double none) {
            return allInnocent() != 0 ? 100 - (100.0 - ((float) s.fp() / (float) allInnocent()) * 100.0) : none;
        }

        double positivePredictiveValue() {
            long d = s.tp() + s.fp();
            return d != 0 ? 100 - (100.0 - ((float) s.tp() / (float) d) * 100) : 100.0;
        }

        double overallAccuracy() {
            long all = allSpam() + allInnocent();
            return all != 0 ? 100.0 - (((float) s.fn() + (float) s.fp()) / (float) all) * 100.0 : 100.0;
        }
    }
}
