package org.dspam.agent;

import java.nio.file.Path;

/**
 * Where DSPAM keeps a user's files under {@code Home}, whatever the storage driver: the
 * quarantine ({@code Home/data/<u>/<u>.mbox}), logs, web statistics, notification markers and
 * block list beside the user's data, the opt files in {@code Home/opt-in/<u>.dspam} and
 * {@code Home/opt-out/<u>.nodspam}, and {@code Home/system.log}.
 */
public final class UserFiles {
    private final Path home;

    public UserFiles(Path home) {
        this.home = home;
    }

    public Path home() {
        return home;
    }

    /** {@code Home/data/<user>/<user>.<extension>}. */
    public Path file(String user, String extension) {
        return home.resolve("data").resolve(user).resolve(user + "." + extension);
    }

    public Path mailbox(String user) {
        return file(user, "mbox");
    }

    public Path optIn(String user) {
        return home.resolve("opt-in").resolve(user + ".dspam");
    }

    public Path optOut(String user) {
        return home.resolve("opt-out").resolve(user + ".nodspam");
    }

    public Path systemLog() {
        return home.resolve("system.log");
    }
}
