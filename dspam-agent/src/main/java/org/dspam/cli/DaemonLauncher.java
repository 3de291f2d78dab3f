package org.dspam.cli;

import java.nio.file.Path;

import org.dspam.agent.AgentOptions;
import org.dspam.agent.Caller;
import org.dspam.agent.log.AgentLog;
import org.dspam.config.DspamConfig;

/**
 * {@code dspam --daemon}: the LMTP/DLMTP server, when the server module is installed. The agent
 * finds it with {@link java.util.ServiceLoader}, as DSPAM built with {@code --enable-daemon} has
 * the daemon compiled in; without it {@code --daemon} is refused as DSPAM refuses it.
 */
public interface DaemonLauncher {
    /**
     * Runs the daemon until it is told to stop (SIGTERM), reloading {@code configFile} on SIGHUP.
     *
     * @param configFile the dspam.conf that was read, for reloading
     * @param config its contents
     * @param options the command line ({@code --nofork}, {@code --debug})
     * @param caller who started the daemon (a trusted user)
     * @param log where the daemon reports, as DSPAM reports to syslog
     * @return the exit status
     */
    int run(Path configFile, DspamConfig config, AgentOptions options, Caller caller, AgentLog log);
}
