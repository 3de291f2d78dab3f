package org.dspam.tools.aliases;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dspam.cli.ToolCommand;
import org.dspam.cli.ToolContext;
import org.dspam.cli.ToolFailure;
import org.dspam.storage.UserNames;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code dspam_genaliases [--nospam] [-o FILE] [--exclude NAME] [--excludeuid N] [--minuid N]
 * [--maxuid N]}: an aliases table with a {@code spam-USER} (and {@code nospam-USER}) alias for
 * every account, each piping the forwarded message into {@code dspam} as an error correction.
 */
@Command(name = "dspam_genaliases")
public final class GenAliasesCommand extends ToolCommand {
    @Option(names = {"-h", "--help"})
    private boolean help;

    @Option(names = "--version")
    private boolean version;

    @Option(names = "--nospam")
    private boolean nospam;

    @Option(names = {"-o", "--output"})
    private String output;

    @Option(names = "--exclude")
    private List<String> excludedNames = new ArrayList<>();

    @Option(names = "--excludeuid")
    private List<Long> excludedUids = new ArrayList<>();

    @Option(names = "--minuid")
    private long minUid;

    @Option(names = "--maxuid")
    private long maxUid;

    @Option(names = "--passwd")
    private Path passwd;

    @Parameters(arity = "0..*")
    private List<String> extra = new ArrayList<>();

    public GenAliasesCommand(ToolContext context) {
        super(context);
    }

    public static void main(String[] args) {
        System.exit(run(args, ToolContext.system()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, ToolContext.of(out, err, env));
    }

    public static int run(String[] args, ToolContext context) {
        return ToolCommand.run(new GenAliasesCommand(context), args);
    }

    @Override
    protected String name() {
        return "dspam_genaliases";
    }

    @Override
    protected void printUsage() {
        err.println("dspam_genaliases: try `dspam_genaliases --help' for help");
    }

    @Override
    protected int badArguments(ParameterException e) {
        err.println("dspam_genaliases: " + e.getMessage());
        printUsage();
        return 1;
    }

    private void showVersion() {
        out.println("dspam_genaliases (DSPAM for the JVM)");
        out.println();
    }

    @Override
    protected int execute() throws IOException {
        if (help) {
            showVersion();
            out.print("""
                    Script that uses passwd data to output a dspam aliases
                    table which can be included in the master aliases table.

                    Usage:
                        dspam_genaliases [options]

                    Options:
                        -h, --help             This help
                            --version          Show version info
                            --nospam           Generate `nospam-USER' aliases for reporting a false
                                               positives (in addition to the `spam-USER' aliases)
                        -o, --output FILE      Output generated aliases to the FILE.
                                               Special filename `-' is allowed and points
                                               to the stdout.
                                               [default: stdout]
                            --exclude NAME     Do not generate an alias for username NAME. Specify
                                               multiple times to exclude multiple user names.
                            --excludeuid NUM   Do not generate an alias for UID. Specify multiple
                                               times to exclude multiple UIDs.
                            --minuid NUM       Minimum UID for which to generate an alias.
                            --maxuid NUM       Maximum UID for which to generate an alias.
                            --passwd FILE      Read the accounts from FILE (passwd format) instead
                                               of the system's account database.

                    """);
            return 0;
        }
        if (version) {
            showVersion();
            return 0;
        }
        if (!extra.isEmpty()) {
            err.println("dspam_genaliases: too many command line arguments");
            printUsage();
            return 1;
        }
        String dspam = dspamBinary();
        StringBuilder table = new StringBuilder();
        for (String line : accounts()) {
            String[] f = line.split(":", -1);
            if (f.length < 3 || !f[2].matches("[0-9]{1,10}")) {
                continue;
            }
            String user = f[0];
            long uid = Long.parseLong(f[2]);
            if (minUid != 0 && uid < minUid || maxUid != 0 && uid > maxUid
                    || excludedUids.contains(uid) || excludedNames.contains(user)) {
                continue;
            }
            if (!UserNames.isValid(user) || !user.matches("[^\\s'\":,#|\\\\]+")) {
                err.println("dspam_genaliases: skipping account '" + user + "': not usable as an alias");
                continue;
            }
            table.append("spam-").append(user).append(":\t\"|'").append(dspam).append("' --user '").append(user)
                    .append("' --class=spam --source=error --mode=teft\"\n");
            if (nospam) {
                table.append("nospam-").append(user).append(":\t\"|'").append(dspam).append("' --user '").append(user)
                        .append("' --class=innocent --source=error --mode=teft --deliver=innocent\"\n");
            }
        }
        if (output == null || output.equals("-")) {
            out.print(table);
        } else {
            try (Writer w = Files.newBufferedWriter(Path.of(output), StandardCharsets.UTF_8)) {
                w.write(table.toString());
            } catch (IOException e) {
                throw new ToolFailure("dspam_genaliases: error opening output file `" + output + "' for writing: "
                        + describe(e));
            }
        }
        return 0;
    }

    /** passwd lines: from {@code --passwd}, else {@code getent passwd} (every account the system knows), else /etc/passwd. */
    private List<String> accounts() throws IOException {
        if (passwd != null) {
            return Files.readAllLines(passwd, StandardCharsets.UTF_8);
        }
        try {
            Process p = new ProcessBuilder("getent", "passwd").redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            }
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return lines;
            }
            p.destroy();
        } catch (IOException e) {
            // no getent on this system
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8);
    }

    /** The dspam command next to this one in an installed tree (bin/ beside lib/), else {@code dspam} from the PATH. */
    private static String dspamBinary() {
        var source = GenAliasesCommand.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return "dspam";
        }
        try {
            Path code = Path.of(source.getLocation().toURI());
            Path lib = code.getParent();
            if (Files.isRegularFile(code) && lib != null && lib.getFileName() != null
                    && lib.getFileName().toString().equals("lib")) {
                return lib.resolveSibling("bin").resolve("dspam").toAbsolutePath().normalize().toString();
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a file location: use the PATH
        }
        return "dspam";
    }
}
