package org.dspam.tools.merge;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.dspam.cli.ProfileOption;
import org.dspam.cli.ToolCommand;
import org.dspam.cli.ToolContext;
import org.dspam.cli.ToolFailure;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserNames;
import org.dspam.storage.UserStorage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dspam_merge user1 ... userN -o destuser}: adds the source users' token counts and their
 * learned totals to the destination user (created if needed), one source at a time, each as one
 * commit. The sources are only read.
 */
@Command(name = "dspam_merge")
public final class MergeCommand extends ToolCommand {
    static final String SYNTAX = "syntax: dspam_merge [user1] [user2] ... [userN] [-o user]";

    @Mixin
    private ProfileOption profile;

    @Option(names = "-o")
    private String destination;

    @Parameters(arity = "0..*")
    private List<String> sources = new ArrayList<>();

    public MergeCommand(ToolContext context) {
        super(context);
    }

    public static void main(String[] args) {
        System.exit(run(args, ToolContext.system()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, ToolContext.of(out, err, env));
    }

    public static int run(String[] args, ToolContext context) {
        return ToolCommand.run(new MergeCommand(context), args);
    }

    @Override
    protected String name() {
        return "dspam_merge";
    }

    @Override
    protected void printUsage() {
        out.println(SYNTAX);
    }

    @Override
    protected int execute() {
        if (destination == null || sources.isEmpty()) {
            printUsage();
            return 1;
        }
        UserNames.validate(destination);
        List<String> from = new ArrayList<>(new LinkedHashSet<>(sources));
        if (from.contains(destination)) {
            throw new ToolFailure("dspam_merge: cannot merge user '" + destination + "' into itself");
        }
        DspamConfig config = loadConfig();
        String storageProfile = profile.resolve(config);
        try (StorageDriver driver = openDriver(config, storageProfile)) {
            for (String user : from) {
                if (!driver.exists(user)) {
                    throw new ToolFailure("dspam_merge: no such user '" + user + "'; nothing was merged");
                }
            }
            err.println("Destination user: " + destination);
            for (String user : from) {
                out.println("Merging user: " + user);
                out.println("processed " + merge(driver, user) + " tokens");
            }
        }
        out.println("storing merged tokens...");
        out.println("completed.");
        return 0;
    }

    /** Adds one source user's tokens and learned totals to the destination; returns the number of tokens. */
    private int merge(StorageDriver driver, String user) {
        TokenChanges changes = new TokenChanges(4096);
        Totals learned;
        try (UserStorage source = driver.open(user)) {
            Totals t = source.totals();
            // DSPAM adds only the learned counters: the others describe the source user's own mail.
            learned = new Totals(t.spamLearned(), t.innocentLearned(), 0, 0, 0, 0, 0, 0);
            source.forEachToken(r -> changes.add(r.key(), r.spamHits(), r.innocentHits()));
        }
        try (UserStorage target = driver.open(destination)) {
            target.commit(changes, learned);
        }
        return changes.size();
    }
}
