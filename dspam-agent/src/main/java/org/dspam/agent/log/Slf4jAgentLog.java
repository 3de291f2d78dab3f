package org.dspam.agent.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SyslogAppender;

/**
 * Sends agent log lines to the SLF4J logger {@code dspam}; the logging system starts on the first
 * line, so a run that logs nothing pays nothing for it. Unless the admin gives a logback
 * configuration of their own ({@code -Dlogback.configurationFile}, e.g. through
 * {@code DSPAM_JAVA_OPTS}; the distribution's default, named by {@code dspam.logback.default},
 * does not count), lines go where DSPAM's go: to syslog, facility mail, as
 * {@code dspam[pid]: text} (over UDP to the local syslog daemon), and never to standard output,
 * which may carry the message. The connection pool's own lines go there only from warnings up.
 */
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
            logger = start(debug);
        }
        switch (level) {
            case ERROR -> logger.error(message);
            case WARNING -> logger.warn(message);
            case INFO -> logger.info(message);
            case DEBUG -> logger.debug(message);
        }
    }

    private static Logger start(boolean debug) {
        Logger l = LoggerFactory.getLogger("dspam");
        String given = System.getProperty("logback.configurationFile");
        boolean own = given != null && !given.equals(System.getProperty("dspam.logback.default"));
        if (!own && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            SyslogAppender syslog = new SyslogAppender();
            syslog.setContext(context);
            syslog.setName("syslog");
            syslog.setSyslogHost("localhost");
            syslog.setFacility("MAIL");
            syslog.setSuffixPattern("dspam[" + ProcessHandle.current().pid() + "]: %msg");
            syslog.start();
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(syslog);
            root.setLevel(debug ? ch.qos.logback.classic.Level.DEBUG : ch.qos.logback.classic.Level.INFO);
            context.getLogger("com.zaxxer.hikari").setLevel(ch.qos.logback.classic.Level.WARN);
        }
        return l;
    }
}
