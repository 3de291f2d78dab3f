package org.dspam.tools.clean;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.dspam.classify.PValue;
import org.dspam.classify.TokenProbability;
import org.dspam.cli.ProfileOption;
import org.dspam.cli.ToolCommand;
import org.dspam.cli.ToolContext;
import org.dspam.config.DspamConfig;
import org.dspam.engine.Preferences;
import org.dspam.engine.SettingsResolver;
import org.dspam.learn.TrainingMode;
import org.dspam.storage.SignatureInfo;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.UserStorage;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code dspam_clean [-s[age] -p[age] -u[any,hapax,nospam,onehit]] [user ...]}: removes stale
 * signatures and low-value tokens of the named users, or of every user, through the storage SPI,
 * so it works the same on every driver (see {@link TokenPurge} for drivers without last-hit dates).
 */
@Command(name = "dspam_clean")
public final class CleanCommand extends ToolCommand {
    static final String SYNTAX = "dspam_clean [-s[age] -p[age] -u[any,hapax,nospam,onehit] -h] [user1 user2 ... userN]";

    @Mixin
    private ProfileOption profile;

    @Parameters(arity = "0..*")
    private List<String> arguments = new ArrayList<>();

    public CleanCommand(ToolContext context) {
        super(context);
    }

    public static void main(String[] args) {
        System.exit(run(args, ToolContext.system()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, ToolContext.of(out, err, env));
    }

    public static int run(String[] args, ToolContext context) {
        CleanCommand command = new CleanCommand(context);
        CommandLine cl = new CommandLine(command);
        // DSPAM's options carry their values attached (-s7, -u90,30,15,15); they are parsed below.
        cl.setUnmatchedOptionsArePositionalParams(true);
        return ToolCommand.run(command, cl, args);
    }

    @Override
    protected String name() {
        return "dspam_clean";
    }

    @Override
    protected void printUsage() {
        err.println(SYNTAX);
    }

    /**
     * The command line in DSPAM's syntax: options with attached ages, everything else a user name.
     * Unlike DSPAM, an unknown option or an age that is not a number is refused: DSPAM read
     * {@code -sabc} as age 0, which removes every signature.
     */
    private record Request(boolean help, Integer signatures, Integer neutral, int[] unused, boolean unusedGiven,
                           List<String> users) {
    }

    /** The request, or null when the command line is not valid. */
    private Request parse() {
        boolean help = false;
        Integer sigs = null;
        Integer neutral = null;
        int[] unused = null;
        boolean unusedGiven = false;
        List<String> users = new ArrayList<>();
        for (String a : arguments) {
            if (a.equals("-h") || a.equals("--help")) {
                help = true;
            } else if (a.startsWith("-s")) {
                sigs = days(a.substring(2));
                if (sigs == null) {
                    return null;
                }
            } else if (a.startsWith("-p")) {
                neutral = days(a.substring(2));
                if (neutral == null) {
                    return null;
                }
            } else if (a.startsWith("-u")) {
                unusedGiven = true;
                if (a.length() > 2) {
                    unused = dayList(a.substring(2));
                    if (unused == null) {
                        return null;
                    }
                }
            } else if (a.startsWith("-")) {
                return null;
            } else {
                users.add(a);
            }
        }
        return new Request(help, sigs, neutral, unused, unusedGiven, users);
    }

    /** An attached age: empty for the default (-1), else a whole number of days. */
    private static Integer days(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        if (!text.matches("[0-9]{1,9}")) {
            return null;
        }
        return Integer.parseInt(text);
    }

    private static int[] dayList(String text) {
        String[] parts = Arrays.stream(text.split(",")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (parts.length == 0 || parts.length > 4) {
            return null;
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Integer d = days(parts[i]);
            if (d == null) {
                return null;
            }
            out[i] = d;
        }
        return out;
    }

    @Override
    protected int execute() {
        Request request = parse();
        if (request == null) {
            printUsage();
            return 1;
        }
        if (request.help()) {
            printUsage();
            return 0;
        }
        DspamConfig config = loadConfig();
        Ages ages = ages(Ages.configured(config), request);
        if (ages.nothingToDo()) {
            printUsage();
            return 1;
        }
        String storageProfile = profile.resolve(config);
        SettingsResolver resolver = new SettingsResolver(config);
        long today = LocalDate.now(context.clock()).toEpochDay();
        boolean failed = false;
        try (StorageDriver driver = openDriver(config, storageProfile)) {
            List<String> users = request.users().isEmpty() ? driver.users() : request.users();
            for (String user : users) {
                if (!driver.exists(user)) {
                    err.println("dspam_clean: no such user '" + user + "'; skipped");
                    failed = true;
                    continue;
                }
                try {
                    clean(driver, resolver, config, user, ages, today);
                } catch (StorageException e) {
                    err.println("dspam_clean: " + user + ": " + describe(e));
                    failed = true;
                }
            }
        }
        return failed ? 1 : 0;
    }

    /** The configured ages with the command line's on top; an option without an age keeps the configured or built-in one. */
    private static Ages ages(Ages configured, Request r) {
        int sigs = configured.signatures();
        if (r.signatures() != null) {
            sigs = r.signatures() >= 0 ? r.signatures() : (sigs >= 0 ? sigs : Ages.DEFAULT_SIGNATURES);
        }
        int neutral = configured.neutral();
        if (r.neutral() != null) {
            neutral = r.neutral() >= 0 ? r.neutral() : (neutral >= 0 ? neutral : Ages.DEFAULT_NEUTRAL);
        }
        Ages.Unused unused = configured.unused();
        if (r.unusedGiven()) {
            int[] a = (unused != null ? unused : Ages.DEFAULT_UNUSED).toArray();
            if (r.unused() != null) {
                System.arraycopy(r.unused(), 0, a, 0, r.unused().length);
            }
            unused = Ages.Unused.of(a);
        }
        return new Ages(sigs, neutral, unused);
    }

    private void clean(StorageDriver driver, SettingsResolver resolver, DspamConfig config, String user, Ages ages,
                       long today) {
        TrainingMode mode = trainingMode(resolver, config, driver, user);
        try (UserStorage storage = driver.open(user)) {
            if (ages.signatures() >= 0) {
                for (SignatureInfo s : storage.signatures()) {
                    boolean known = s.createdEpochDay() >= 0;
                    if (ages.signatures() == 0 || known && today - s.createdEpochDay() > ages.signatures()) {
                        storage.deleteSignature(s.id());
                    }
                }
            }
            TokenProbability probability = new TokenProbability(PValue.BCR, false, 0, false, false, storage.totals());
            TokenPurge purge = new TokenPurge(ages.neutral(), ages.unused(), mode, probability, today);
            if (purge.isNoOp()) {
                return;
            }
            long[][] doomed = {new long[1024]};
            int[] count = {0};
            storage.forEachToken(r -> {
                if (purge.remove(r)) {
                    if (count[0] == doomed[0].length) {
                        doomed[0] = Arrays.copyOf(doomed[0], count[0] * 2);
                    }
                    doomed[0][count[0]++] = r.key();
                }
            });
            if (count[0] > 0) {
                storage.deleteTokens(doomed[0], count[0]);
            }
        }
    }

    /** The user's effective training mode: preference, else {@code TrainingMode}; unknown counts as neither TOE nor TUM. */
    private static TrainingMode trainingMode(SettingsResolver resolver, DspamConfig config, StorageDriver driver,
                                             String user) {
        Preferences prefs = resolver.preferences(driver.preferences(null), driver.preferences(user), rejected -> { });
        for (String value : new String[] {prefs.value("trainingMode"), config.get("TrainingMode").orElse("")}) {
            if (!value.isEmpty()) {
                try {
                    return TrainingMode.parse(value);
                } catch (IllegalArgumentException e) {
                    // DSPAM ignores an unknown mode here too
                }
            }
        }
        return TrainingMode.TEFT;
    }
}
