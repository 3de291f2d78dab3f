package org.dspam.agent;

/**
 * A request the agent refuses before processing anything (bad arguments, misconfiguration). The
 * messages are what DSPAM logs; {@link #summary()} is the line DSPAM logs after them.
 */
public final class AgentException extends RuntimeException {
    /** DSPAM's closing line for argument errors. */
    public static final String INIT_FAILED = "Unable to initialize agent context";
    /** DSPAM's closing line for inconsistent requests. */
    public static final String MISCONFIGURED = "DSPAM agent misconfigured: aborting";

    private final String summary;

    public AgentException(String message, String summary) {
        super(message);
        this.summary = summary;
    }

    public String summary() {
        return summary;
    }
}
