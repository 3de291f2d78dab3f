package org.dspam.cli;

/** A tool cannot go on: its message is printed as is and the tool exits with {@link #status()}. */
public final class ToolFailure extends RuntimeException {
    private final int status;

    public ToolFailure(String message) {
        this(message, 1);
    }

    public ToolFailure(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
