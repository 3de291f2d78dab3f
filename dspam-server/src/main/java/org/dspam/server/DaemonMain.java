package org.dspam.server;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.dspam.agent.AgentOptions;
import org.dspam.agent.Caller;
import org.dspam.agent.log.AgentLog;
import org.dspam.cli.DaemonLauncher;
import org.dspam.config.DspamConfig;

/**
 * {@code dspam --daemon [--nofork]}: starts {@link DspamDaemon} and runs it until SIGTERM or SIGINT,
 * reloading dspam.conf on SIGHUP, with DSPAM's log lines. The JVM cannot fork; {@code bin/dspam}
 * puts the daemon in the background itself unless {@code --nofork} is given.
 */
public final class DaemonMain implements DaemonLauncher {
    @Override
    public int run(Path configFile, DspamConfig config, AgentOptions options, Caller caller, AgentLog log) {
        log.info("Daemon process starting");
        BlockingQueue<Integer> signals = new LinkedBlockingQueue<>();
        DspamDaemon daemon;
        try {
            Signals.handle("HUP", () -> signals.add(1));
            Signals.handle("INT", () -> signals.add(2));
            Signals.handle("TERM", () -> signals.add(15));
            daemon = DspamDaemon.start(configFile, config, caller, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            log.error("Unable to start the daemon: " + e.getMessage());
            return 1;
        }
        try {
            while (true) {
                int signal = signals.take();
                if (signal == 1) {
                    log.info("Reloading configuration");
                    try {
                        daemon.reload();
                    } catch (Exception e) {
                        log.error("Reloading failed, keeping the running configuration: " + e.getMessage());
                    }
                    continue;
                }
                log.warning("Daemon terminating on signal " + signal);
                log.info("Received signal. Waiting for processing threads to exit.");
                daemon.stop();
                log.info("Processing threads terminated.");
                log.info("Daemon process exiting");
                return 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
