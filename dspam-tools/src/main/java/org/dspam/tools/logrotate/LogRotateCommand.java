package org.dspam.tools.logrotate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dspam.cli.ToolCommand;
import org.dspam.cli.ToolContext;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dspam_logrotate -a days [-v] -l logfile ... | -d home}: removes the lines older than
 * {@code days} from DSPAM's tab-separated logs (system.log, each user's .log), whose first field
 * is a Unix time. Each file is rewritten in place while holding its lock, so the agent's appends
 * (which take the same lock) are neither lost nor interleaved.
 */
@Command(name = "dspam_logrotate")
public final class LogRotateCommand extends ToolCommand {
    static final String USAGE = """
            Usage: dspam_logrotate -a age [-v] -l logfiles
            or
            Usage: dspam_logrotate -a age [-v] -d /var/dspam
            """;
    /** DSPAM's script exited with -1. */
    static final int USAGE_STATUS = 255;

    @Parameters(arity = "0..*")
    private List<String> arguments = new ArrayList<>();

    public LogRotateCommand(ToolContext context) {
        super(context);
    }

    public static void main(String[] args) {
        System.exit(run(args, ToolContext.system()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, ToolContext.of(out, err, env));
    }

    public static int run(String[] args, ToolContext context) {
        LogRotateCommand command = new LogRotateCommand(context);
        CommandLine cl = new CommandLine(command);
        cl.setUnmatchedOptionsArePositionalParams(true);
        return ToolCommand.run(command, cl, args);
    }

    @Override
    protected String name() {
        return "dspam_logrotate";
    }

    @Override
    protected void printUsage() {
        out.print(USAGE);
    }

    private record Request(long ageDays, boolean verbose, List<Path> files, List<Path> homes) {
    }

    /** The request, or null when the command line is not valid (no age, nothing to rotate, an unknown option). */
    private Request parse() {
        Long age = null;
        boolean verbose = false;
        List<Path> files = new ArrayList<>();
        List<Path> homes = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            switch (a) {
                case "-a" -> {
                    if (i + 1 >= arguments.size() || !arguments.get(i + 1).matches("[0-9]{1,7}")) {
                        return null;
                    }
                    age = Long.parseLong(arguments.get(++i));
                }
                case "-v" -> verbose = true;
                case "-l" -> {
                    // the files follow
                }
                case "-d" -> {
                    if (i + 1 >= arguments.size()) {
                        return null;
                    }
                    homes.add(Path.of(arguments.get(++i)));
                }
                default -> {
                    if (a.startsWith("-")) {
                        return null;
                    }
                    files.add(Path.of(a));
                }
            }
        }
        if (age == null || files.isEmpty() && homes.isEmpty()) {
            return null;
        }
        return new Request(age, verbose, files, homes);
    }

    @Override
    protected int execute() throws IOException {
        Request request = parse();
        if (request == null) {
            printUsage();
            return USAGE_STATUS;
        }
        List<Path> files = new ArrayList<>(request.files());
        for (Path home : request.homes()) {
            try (Stream<Path> walk = Files.walk(home)) {
                walk.filter(p -> p.getFileName().toString().endsWith(".log") && Files.isRegularFile(p)).sorted()
                        .forEach(files::add);
            }
        }
        long cutoff = Instant.now(context.clock()).getEpochSecond() - request.ageDays() * 86400;
        boolean failed = false;
        for (Path file : files) {
            try {
                long deleted = rotate(file, cutoff);
                if (request.verbose()) {
                    out.println("Deleted " + deleted + " lines from " + file + " ");
                }
            } catch (NoSuchFileException e) {
                err.println("dspam_logrotate: no such file " + file);
                failed = true;
            } catch (IOException e) {
                err.println("dspam_logrotate: " + file + ": " + describe(e));
                failed = true;
            }
        }
        return failed ? 1 : 0;
    }

    /** Drops the lines older than {@code cutoff} from one log; returns how many were dropped. */
    static long rotate(Path file, long cutoff) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            Path kept = file.resolveSibling("." + file.getFileName() + ".rotate");
            long deleted;
            // Not closed on its own: closing any descriptor of the file would drop the process's lock on it.
            InputStream unclosed = new FilterInputStream(Channels.newInputStream(channel)) {
                @Override
                public void close() {
                }
            };
            try (InputStream in = new BufferedInputStream(unclosed);
                 OutputStream copy = new BufferedOutputStream(Files.newOutputStream(kept))) {
                deleted = filter(in, copy, cutoff);
            }
            if (deleted > 0) {
                // The lines to keep are safe in the copy before the log itself is rewritten.
                try (FileChannel c = FileChannel.open(kept, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    c.force(true);
                    channel.truncate(0);
                    channel.position(0);
                    long size = c.size();
                    for (long pos = 0; pos < size; ) {
                        pos += c.transferTo(pos, size - pos, channel);
                    }
                }
                channel.force(true);
            }
            Files.delete(kept);
            return deleted;
        }
    }

    /** Copies the lines whose leading Unix time is at least {@code cutoff}; a line without one is kept. */
    private static long filter(InputStream in, OutputStream out, long cutoff) throws IOException {
        long deleted = 0;
        byte[] line = new byte[8192];
        int length = 0;
        int b;
        while (true) {
            b = in.read();
            if (b >= 0) {
                if (length == line.length) {
                    line = java.util.Arrays.copyOf(line, length * 2);
                }
                line[length++] = (byte) b;
            }
            if (b == '\n' || (b < 0 && length > 0)) {
                long time = leadingTime(line, length);
                if (time >= 0 && time < cutoff) {
                    deleted++;
                } else {
                    out.write(line, 0, length);
                }
                length = 0;
            }
            if (b < 0) {
                return deleted;
            }
        }
    }

    /** The number before the first tab, or -1 when the line does not start with one. */
    private static long leadingTime(byte[] line, int length) {
        long v = 0;
        int i = 0;
        while (i < length && i < 18 && line[i] >= '0' && line[i] <= '9') {
            v = v * 10 + (line[i] - '0');
            i++;
        }
        return i > 0 && i < length && line[i] == '\t' ? v : -1;
    }
}
