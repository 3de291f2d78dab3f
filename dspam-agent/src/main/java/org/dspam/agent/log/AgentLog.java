package org.dspam.agent.log;

/**
 * Where the agent reports what DSPAM sends to syslog (facility mail). The command line sends it
 * to SLF4J, created only when the first line is logged, so that a run that logs nothing pays
 * nothing for it; the daemon and tests pass their own.
 */
@FunctionalInterface
public interface AgentLog {
    enum Level { ERROR, WARNING, INFO, DEBUG }

    void log(Level level, String message);

    default void error(String message) {
        log(Level.ERROR, message);
    }

    default void warning(String message) {
        log(Level.WARNING, message);
    }

    default void info(String message) {
        log(Level.INFO, message);
    }

    AgentLog NONE = (level, message) -> { };
}
