package org.dspam.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dspam.agent.Caller;
import org.dspam.agent.log.AgentLog;
import org.dspam.config.DspamConfig;
import org.dspam.storage.StorageDrivers;

/**
 * The running daemon: listeners, connections, workers and the current configuration, with the
 * pid file ({@code ServerPID}). {@link DaemonMain} drives it from signals; tests drive it directly.
 */
public final class DspamDaemon {
    static final String DEFAULT_PID_FILE = "/var/run/dspam/dspam.pid";

    private final Path configFile;
    private final Caller caller;
    private final AgentLog log;
    private final ServerRuntime.StorageOpener opener;
    private final LmtpServer server;
    private final Path pidFile;

    private DspamDaemon(Path configFile, DspamConfig config, Caller caller, AgentLog log,
                        ServerRuntime.StorageOpener opener) throws IOException, InterruptedException {
        this.configFile = configFile;
        this.caller = caller;
        this.log = log;
        this.opener = opener;
        ServerLimits limits = ServerLimits.from(config);
        this.server = new LmtpServer(log, limits);
        ServerRuntime runtime;
        try {
            runtime = ServerRuntime.create(config, caller, log, opener, server.io(), server.workers(), null);
        } catch (RuntimeException e) {
            server.stop(java.time.Duration.ZERO);
            throw e;
        }
        try {
            server.start(runtime);
        } catch (IOException | RuntimeException e) {
            server.stop(java.time.Duration.ZERO);
            throw e;
        }
        this.pidFile = Path.of(config.get("ServerPID").orElse(DEFAULT_PID_FILE));
        try {
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            server.stop(java.time.Duration.ZERO);
            throw new IOException("Unable to write the pid file " + pidFile + ": " + e.getMessage(), e);
        }
    }

    /** Starts the daemon on the configuration read from {@code configFile}. */
    public static DspamDaemon start(Path configFile, DspamConfig config, Caller caller, AgentLog log)
            throws IOException, InterruptedException {
        return new DspamDaemon(configFile, config, caller, log, StorageDrivers::open);
    }

    static DspamDaemon start(Path configFile, DspamConfig config, Caller caller, AgentLog log,
                             ServerRuntime.StorageOpener opener) throws IOException, InterruptedException {
        return new DspamDaemon(configFile, config, caller, log, opener);
    }

    /**
     * Reads dspam.conf again and uses it for new connections, without refusing any; a configuration
     * that does not work leaves the running one in place.
     */
    public void reload() throws IOException, InterruptedException {
        DspamConfig config = DspamConfig.load(configFile);
        ServerRuntime running = server.current();
        ServerRuntime next = ServerRuntime.create(config, caller, log, opener, server.io(), server.workers(),
                running == null ? null : running.storage());
        try {
            server.reload(next);
        } catch (IOException | RuntimeException e) {
            next.release();
            throw e;
        }
    }

    /** Stops accepting, finishes the transactions in flight, closes everything, removes the socket and pid files. */
    public void stop() throws InterruptedException {
        ServerLimits limits;
        try {
            limits = ServerLimits.from(DspamConfig.load(configFile));
        } catch (RuntimeException e) {
            limits = null;
        }
        server.stop(limits == null ? java.time.Duration.ofMinutes(3) : limits.drainTimeout());
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.warning("Unable to remove the pid file " + pidFile + ": " + e.getMessage());
        }
    }

    public List<SocketAddress> addresses() {
        return server.boundAddresses();
    }

    public int connections() {
        return server.connectionCount();
    }
}
