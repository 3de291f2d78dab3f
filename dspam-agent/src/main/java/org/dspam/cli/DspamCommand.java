package org.dspam.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import org.dspam.agent.Agent;
import org.dspam.agent.AgentException;
import org.dspam.agent.AgentOptions;
import org.dspam.agent.AgentResult;
import org.dspam.agent.ArgumentParser;
import org.dspam.agent.Caller;
import org.dspam.agent.MessageInput;
import org.dspam.agent.log.AgentLog;
import org.dspam.agent.log.Slf4jAgentLog;
import org.dspam.client.ClientConfig;
import org.dspam.client.ClientLog;
import org.dspam.client.DlmtpClient;
import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageDrivers;
import org.dspam.storage.StorageException;

/**
 * The {@code dspam} command: DSPAM's agent command line (see {@link ArgumentParser} for its
 * rules), with {@code --config FILE} (or {@code $DSPAM_CONF}) naming dspam.conf. Everything it
 * has to say goes to the log, as DSPAM's goes to syslog; only {@code --help} writes to stderr.
 */
public final class DspamCommand {
    private DspamCommand() {
    }

    public static void main(String[] args) {
        PrintStream stdout = new PrintStream(new BufferedOutputStream(new java.io.FileOutputStream(
                java.io.FileDescriptor.out), 65536), false);
        int code = run(args, System.in, stdout, System.err, System.getenv());
        stdout.flush();
        System.exit(code);
    }

    /** Runs the command as the current user, logging through SLF4J. */
    public static int run(String[] args, InputStream stdin, OutputStream out, PrintStream err, Map<String, String> env) {
        boolean debug = Arrays.asList(args).contains("--debug");
        return run(args, stdin, out, err, env, Caller.current(), new Slf4jAgentLog(debug), null);
    }

    /**
     * The entry point for tests and embedding.
     *
     * @param driver the storage to use, or null to open the one dspam.conf names
     */
    public static int run(String[] args, InputStream stdin, OutputStream out, PrintStream err,
                          Map<String, String> env, Caller caller, AgentLog log, StorageDriver driver) {
        List<String> rest = new ArrayList<>();
        String configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = args[++i];
            } else if (args[i].startsWith("--config=")) {
                configFile = args[i].substring("--config=".length());
            } else {
                rest.add(args[i]);
            }
        }
        DspamConfig config;
        Path configPath = DspamConfig.locate(configFile, env);
        try {
            config = DspamConfig.load(configPath);
        } catch (ConfigException e) {
            log.error(e.getMessage());
            log.error("Unable to read dspam.conf");
            return ExitCode.FAILURE.code();
        }
        if (config.get("Home").isEmpty()) {
            log.error("No DSPAM home specified");
            return ExitCode.FAILURE.code();
        }
        ArgumentParser parser = new ArgumentParser(config, caller);
        AgentOptions options;
        try {
            options = parser.parse(rest);
        } catch (AgentException e) {
            return refuse(log, e);
        }
        if (options.help()) {
            err.println(ArgumentParser.SYNTAX);
            return ExitCode.SUCCESS.code();
        }
        if (options.version()) {
            printVersion(out, parser.trusted(), config);
            return ExitCode.SUCCESS.code();
        }
        options.warnings().forEach(log::error);
        if (options.daemon()) {
            Optional<DaemonLauncher> daemon = ServiceLoader.load(DaemonLauncher.class).findFirst();
            if (daemon.isEmpty()) {
                log.error("DSPAM was not compiled with daemon support");
                return ExitCode.FAILURE.code();
            }
            return daemon.get().run(configPath, config, options, caller, log);
        }
        if (options.client()) {
            ClientConfig clientConfig;
            try {
                clientConfig = ClientConfig.load(configPath);
            } catch (IOException e) {
                log.error("cannot read " + configPath + ": " + e.getMessage());
                return ExitCode.FAILURE.code();
            }
            if (DlmtpClient.configured(clientConfig)) {
                ClientLog clientLog = (level, message) -> log.log(switch (level) {
                    case ERROR -> AgentLog.Level.ERROR;
                    case WARNING -> AgentLog.Level.WARNING;
                    case INFO -> AgentLog.Level.INFO;
                }, message);
                return new DlmtpClient(clientConfig, clientLog).run(rest, caller.name(), parser.trusted(), stdin, out);
            }
        }
        StorageDriver storage = driver;
        try {
            Agent.commands(config, options, parser.trusted());
            parser.check(options);
            MessageInput.Read read;
            try {
                read = MessageInput.read(stdin.readAllBytes(), options, config, parser.trusted());
            } catch (IOException e) {
                log.error("Unable to read the message: " + e.getMessage());
                return ExitCode.TEMPORARY_FAILURE.code();
            }
            if (read.message() == null) {
                log.info("empty message (no data received)");
                return ExitCode.FAILURE.code();
            }
            options = read.options();
            if (options.users().isEmpty()) {
                log.error("Unable to determine the destination user");
                err.println(ArgumentParser.SYNTAX);
                return ExitCode.FAILURE.code();
            }
            if (storage == null) {
                storage = StorageDrivers.open(config, options.profile());
            }
            Agent agent = new Agent(config, storage, null, log, Clock.systemDefaultZone(), parser.trusted());
            AgentResult result = agent.process(options, read.message(), out);
            out.flush();
            return result.exitCode();
        } catch (AgentException e) {
            return refuse(log, e);
        } catch (ConfigException e) {
            log.error(e.getMessage());
            log.error("Unable to initialize storage driver");
            return ExitCode.FAILURE.code();
        } catch (StorageException e) {
            log.error(e.getMessage());
            return e.isTransient() ? ExitCode.TEMPORARY_FAILURE.code() : ExitCode.FAILURE.code();
        } catch (IOException | RuntimeException e) {
            // Whatever went wrong, nothing was delivered: let the MTA try again.
            log.error("Processing failed: " + e);
            return ExitCode.TEMPORARY_FAILURE.code();
        } finally {
            if (driver == null && storage != null) {
                storage.close();
            }
        }
    }

    private static int refuse(AgentLog log, AgentException e) {
        log.error(e.getMessage());
        log.error(e.summary());
        return ExitCode.FAILURE.code();
    }

    private static void printVersion(OutputStream out, boolean trusted, DspamConfig config) {
        String version = DspamCommand.class.getPackage().getImplementationVersion();
        StringBuilder sb = new StringBuilder()
                .append("\nDSPAM Anti-Spam Suite ").append(version == null ? "3.10.90" : version)
                .append(" (agent/library)\n\n")
                .append("Copyright (C) 2002-2012 DSPAM Project\n")
                .append("http://dspam.sourceforge.net.\n\n")
                .append("DSPAM may be copied only under the terms of the GNU Affero General Public\n")
                .append("License, a copy of which can be found with the DSPAM distribution kit.\n\n");
        if (trusted) {
            sb.append("Configuration parameters: 'StorageDriver=")
                    .append(config.get("StorageDriver").orElse(StorageDrivers.DEFAULT)).append("' 'Home=")
                    .append(config.get("Home").orElse("")).append("' 'java.version=")
                    .append(System.getProperty("java.version")).append("'\n\n");
        }
        try {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // Nothing sensible to do if stdout is gone.
        }
    }
}
