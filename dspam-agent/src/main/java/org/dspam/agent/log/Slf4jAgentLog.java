package org.dspam.agent.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends agent log lines to the SLF4J logger {@code dspam}; the logging system starts on the first line. */
public final class Slf4jAgentLog implements AgentLog {
    private final boolean debug;
    private Logger logger;

    public Slf4jAgentLog(boolean debug) {
        this.debug = debug;
    }

    @Override
    public void log(Level level, String message) {
        if (level == Level.DEBUG && !debug) {
            return;
        }
        if (logger == null) {
            logger = LoggerFactory.getLogger("dspam");
        }
        switch (level) {
            case ERROR -> logger.error(message);
            case WARNING -> logger.warn(message);
            case INFO -> logger.info(message);
            case DEBUG -> logger.debug(message);
        }
    }
}
