package org.dspam.storage;

import java.nio.file.Path;


/**
 * Where DSPAM keeps a user's files under {@code Home}, for the layout the configuration selects. The agent writes
 * the quarantine, statistics and logs at these places too, whichever storage driver holds the tokens.
 *
 * @param user the user name
 * @param dir the user's folder
 * @param base the name the files start with (the user name; the local part in the domain-scale layout)
 */
public record UserFiles(String user, Path dir, String base) {
    /** A user's files; the name is checked first ({@link UserNames#validate}). */
    public static UserFiles of(Path home, UserLayout layout, String user) {
        UserNames.validate(user);
        UserLayout.UserPlace p = layout.place(home.resolve("data"), user);
        return new UserFiles(user, p.dir(), p.base());
    }

    /** {@code <user>.<extension>} in the user's folder, as DSPAM's {@code _ds_userdir_path} names it. */
    public Path file(String extension) {
        return dir.resolve(base + "." + extension);
    }

    /** The token statistics. */
    public Path css() {
        return file("css");
    }

    /** The file DSPAM and this project lock while a user is open. */
    public Path lock() {
        return file("lock");
    }

    /** The folder of stored signatures, {@code <id>.sig} each. */
    public Path signatures() {
        return file("sig");
    }

    /** Preferences, {@code name=value} lines. */
    public Path preferences() {
        return file("prefs");
    }

    /** The quarantine mailbox. */
    public Path quarantine() {
        return file("mbox");
    }

    /** WebStats' {@code TP,TN,FP,FN,SC,NC} line. */
    public Path webStats() {
        return file("stats");
    }

    /** dspam_stats' snapshot for {@code -s}. */
    public Path statsSnapshot() {
        return file("rstats");
    }

    /** UserLog's history. */
    public Path log() {
        return file("log");
    }

    /** {@code Home/system.log} (SystemLog). */
    public static Path systemLog(Path home) {
        return home.resolve("system.log");
    }

    /** {@code Home/default.prefs}: preferences for every user (DSPAM's flat-file default preferences). */
    public static Path defaultPreferences(Path home) {
        return home.resolve("default.prefs");
    }
}
