package org.dspam.tools.dump;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dspam.classify.PValue;
import org.dspam.classify.TokenProbability;
import org.dspam.cli.CText;
import org.dspam.cli.ProfileOption;
import org.dspam.cli.ToolCommand;
import org.dspam.cli.ToolContext;
import org.dspam.cli.ToolFailure;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.TokenRecord;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.dspam.token.Crc64;
import org.dspam.util.ByteString;
import org.dspam.util.CFormat;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code dspam_dump [--profile=P] [-d sqlite_drv] user [token]}: every stored token record of a
 * user, or the one record of a token given as text, in DSPAM's line format.
 */
@Command(name = "dspam_dump")
public final class DumpCommand extends ToolCommand {
    static final String SYNTAX = "syntax: dspam_dump [--profile=Profile] [-d sqlite_drv] username [token]";
    static final String BAD_DRIVER = "invalid driver or no driver specified";

    @Mixin
    private ProfileOption profile;

    @Option(names = "-d", arity = "0..1", fallbackValue = "")
    private String sqlDriver;

    @Parameters(arity = "0..*")
    private List<String> arguments = new ArrayList<>();

    public DumpCommand(ToolContext context) {
        super(context);
    }

    public static void main(String[] args) {
        System.exit(run(args, ToolContext.system()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, ToolContext.of(out, err, env));
    }

    public static int run(String[] args, ToolContext context) {
        return ToolCommand.run(new DumpCommand(context), args);
    }

    @Override
    protected String name() {
        return "dspam_dump";
    }

    @Override
    protected void printUsage() {
        err.println(SYNTAX);
    }

    @Override
    protected int badArguments(ParameterException e) {
        printUsage();
        return 1;
    }

    @Override
    protected int execute() throws IOException {
        if (sqlDriver != null && !sqlDriver.equals("sqlite_drv")) {
            err.println(BAD_DRIVER);
            return 1;
        }
        if (arguments.isEmpty() || arguments.size() > 2) {
            printUsage();
            return 1;
        }
        String user = arguments.get(0);
        String token = arguments.size() > 1 ? arguments.get(1) : null;
        DspamConfig config = loadConfig();
        String storageProfile = profile.resolve(config);
        try (StorageDriver driver = openDriver(config, storageProfile)) {
            if (!driver.exists(user)) {
                throw new ToolFailure("dspam_dump: no such user '" + user + "'");
            }
            try (UserStorage storage = driver.open(user)) {
                return dump(storage, token);
            }
        }
    }

    private int dump(UserStorage storage, String token) {
        Totals totals = storage.totals();
        // dspam_dump scores without processor bias, as a plain BCR p-value.
        TokenProbability probability = new TokenProbability(PValue.BCR, false, 0, false, false, totals);
        boolean sql = sqlDriver != null;
        if (sql) {
            out.print("insert into dspam_stats (dspam_stat_id, spam_learned, innocent_learned, spam_misclassified, "
                    + "innocent_misclassified, spam_corpusfed, innocent_corpusfed, spam_classified, innocent_classified) "
                    + "values (0, " + totals.spamLearned() + ", " + totals.innocentLearned() + ", "
                    + totals.spamMisclassified() + ", " + totals.innocentMisclassified() + ", " + totals.spamCorpusfed()
                    + ", " + totals.innocentCorpusfed() + ", " + totals.spamClassified() + ", "
                    + totals.innocentClassified() + ")\n");
        }
        if (token != null) {
            long key = Crc64.of(ByteString.fromUtf8(token));
            TokenRecord record = find(storage, key);
            if (record == null) {
                out.flush();
                err.println("token not found");
                return 1;
            }
            out.print(recordLine(record, probability) + "\n");
            return 0;
        }
        ZoneId zone = context.clock().getZone();
        String now = CText.ctime(ZonedDateTime.ofInstant(Instant.now(context.clock()), zone));
        long[] printed = {0};
        storage.forEachToken(r -> {
            // A reader that went away (dspam_dump | head): stop as DSPAM did on SIGPIPE.
            if (++printed[0] % 8192 == 0 && out.checkError()) {
                throw new ToolFailure("terminated.", 0);
            }
            if (sql) {
                out.print("insert into dspam_token_data(token, spam_hits, innocent_hits, last_hit) values('"
                        + Crc64.toUnsignedString(r.key()) + "', " + r.spamHits() + ", " + r.innocentHits()
                        + ", date('now'))\n");
            } else {
                String lastHit = r.lastHitEpochDay() < 0 ? now
                        : CText.ctime(LocalDate.ofEpochDay(r.lastHitEpochDay()).atStartOfDay(zone));
                out.print(recordLine(r, probability) + " LH: " + lastHit + "\n");
            }
        });
        return 0;
    }

    /** The stored record of one token; a token stored with 0/0 counts is still found, as in DSPAM. */
    private static TokenRecord find(UserStorage storage, long key) {
        long[] spam = new long[1];
        long[] innocent = new long[1];
        storage.fetch(new long[] {key}, 1, spam, innocent);
        if (spam[0] != 0 || innocent[0] != 0) {
            return new TokenRecord(key, spam[0], innocent[0], -1);
        }
        TokenRecord[] found = new TokenRecord[1];
        storage.forEachToken(r -> {
            if (r.key() == key) {
                found[0] = r;
            }
        });
        return found[0];
    }

    /** {@code %-20llu S: %05ld  I: %05ld  P: %0.4f}. */
    private static String recordLine(TokenRecord r, TokenProbability probability) {
        double p = probability.token(null, false, r.spamHits(), r.innocentHits());
        return CText.left(Crc64.toUnsignedString(r.key()), 20) + " S: " + CText.zeroPadded(r.spamHits(), 5)
                + "  I: " + CText.zeroPadded(r.innocentHits(), 5) + "  P: " + CFormat.fixed(p, 4);
    }
}
