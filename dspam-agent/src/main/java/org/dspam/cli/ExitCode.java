package org.dspam.cli;

/** The agent's exit statuses apart from DSPAM's per-recipient failure count (see {@code AgentResult#exitCode}). */
public enum ExitCode {
    SUCCESS(0),
    /** Bad arguments, configuration errors, empty input: as DSPAM, with the reason in the log. */
    FAILURE(1),
    /** Storage or another resource is unavailable for now (sysexits' EX_TEMPFAIL): the MTA retries. */
    TEMPORARY_FAILURE(75);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
