package org.dspam.storage.hash.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageException;
import org.dspam.storage.hash.HashSettings;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the css tools share: DSPAM's {@code syntax: NAME [filename]} line and exit status 1 for a missing file name
 * or any failure, the Hash* settings from dspam.conf ({@code --config FILE}, else {@code $DSPAM_CONF}, else
 * {@code /etc/dspam/dspam.conf}), and output through the command's own writers so that tests can run them.
 */
abstract class CssCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;

    @Option(names = "--config", paramLabel = "FILE",
            description = "dspam.conf to read (default: $DSPAM_CONF, else /etc/dspam/dspam.conf)")
    String config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "filename", description = "A user's .css file.")
    Path file;

    PrintWriter out;
    PrintWriter err;
    Map<String, String> env;

    abstract String name();

    /** The work, once the file name and the settings are known. */
    abstract int run(Path css, HashSettings settings) throws IOException;

    @Override
    public Integer call() {
        if (file == null) {
            err.println("syntax: " + name() + " [filename]");
            return FAILED;
        }
        try {
            HashSettings settings = HashSettings.forTools(DspamConfig.load(DspamConfig.locate(config, env)));
            return run(file, settings);
        } catch (NoSuchFileException e) {
            err.println(name() + ": " + e.getFile() + ": no such file");
        } catch (IOException e) {
            err.println(name() + ": " + file + ": " + e.getMessage());
        } catch (ConfigException | StorageException e) {
            err.println(name() + ": " + e.getMessage());
        }
        return FAILED;
    }

    /** Runs a command as its launcher does, returning the exit status. */
    static int execute(CssCommand command, String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        command.out = out;
        command.err = err;
        command.env = env;
        CommandLine cl = new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(command.name() + ": " + ex.getMessage());
            err.println("syntax: " + command.name() + " [filename]");
            return FAILED;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println(command.name() + ": " + ex);
            return FAILED;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    static void main(CssCommand command, String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(command, args, out, err, System.getenv()));
    }
}
