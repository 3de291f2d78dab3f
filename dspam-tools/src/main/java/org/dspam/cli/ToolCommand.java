package org.dspam.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/**
 * What DSPAM's admin tools share: {@code --config}, loading dspam.conf, opening storage, and the
 * CLI edge where every failure becomes a one-line message and an exit status (no stack traces).
 * Each tool is a picocli {@code @Command} subclass with a static {@code run} entry point.
 */
public abstract class ToolCommand implements Callable<Integer> {
    @Mixin
    protected ConfigOption configOption;

    protected final ToolContext context;
    protected final PrintWriter out;
    protected final PrintWriter err;

    protected ToolCommand(ToolContext context) {
        this.context = context;
        this.out = context.out();
        this.err = context.err();
    }

    /** The command's name as DSPAM spells it, used in messages. */
    protected abstract String name();

    /** Prints the usage DSPAM prints for a bad command line. */
    protected abstract void printUsage();

    /** Does the work; returns the exit status. */
    protected abstract int execute() throws IOException;

    @Override
    public final Integer call() throws IOException {
        return execute();
    }

    /** A command line picocli rejected (unknown option, missing value): DSPAM's usage and status 1. */
    protected int badArguments(ParameterException e) {
        printUsage();
        return 1;
    }

    /** Parses and runs a tool, as its launcher does; never throws. */
    public static int run(ToolCommand command, String[] args) {
        return run(command, new CommandLine(command), args);
    }

    public static int run(ToolCommand command, CommandLine cl, String[] args) {
        cl.setOut(command.out);
        cl.setErr(command.err);
        cl.setParameterExceptionHandler((e, a) -> command.badArguments(e));
        cl.setExecutionExceptionHandler((e, c, parsed) -> command.failure(e));
        try {
            return cl.execute(args);
        } finally {
            command.out.flush();
            command.err.flush();
        }
    }

    private int failure(Exception e) {
        if (e instanceof ToolFailure f) {
            if (f.getMessage() != null && !f.getMessage().isEmpty()) {
                err.println(f.getMessage());
            }
            return f.status();
        }
        err.println(name() + ": " + describe(e));
        return 1;
    }

    /** One line for a failure, never a stack trace. */
    public static String describe(Throwable e) {
        if (e instanceof StorageException s) {
            return s.getMessage() + (s.isTransient() ? " (temporary failure, try again later)" : "");
        }
        if (e instanceof ConfigException || e instanceof ToolFailure) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        if (e instanceof IOException) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return "unexpected error: " + e;
    }

    /** dspam.conf as {@code --config}, {@code $DSPAM_CONF} or the installed default names it; it must set {@code Home}. */
    protected DspamConfig loadConfig() {
        DspamConfig config;
        try {
            config = configOption.load(context.env());
        } catch (ConfigException e) {
            throw new ToolFailure("Unable to read dspam.conf: " + e.getMessage());
        }
        if (config.get("Home").filter(h -> !h.isEmpty()).isEmpty()) {
            throw new ToolFailure("No DSPAM home specified");
        }
        return config;
    }

    protected StorageDriver openDriver(DspamConfig config, String profile) {
        return context.drivers().open(config, profile);
    }
}
