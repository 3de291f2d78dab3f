package org.dspam.tools;

import java.nio.file.Path;

import org.dspam.storage.UserNames;

/**
 * Where DSPAM keeps a user's own files next to the data: {@code Home/data/<user>/<user>.<ext>}
 * (the snapshot {@code .rstats}, the log {@code .log}, ...). This is the default user-directory
 * layout of DSPAM and of the hash driver; a layout option of the hash driver has to be applied
 * here too.
 */
public final class UserFiles {
    private UserFiles() {
    }

    /** {@code Home/data/<user>}. */
    public static Path directory(Path home, String user) {
        return home.resolve("data").resolve(UserNames.validate(user));
    }

    /** {@code Home/data/<user>/<user>.<extension>}. */
    public static Path file(Path home, String user, String extension) {
        return directory(home, user).resolve(user + "." + extension);
    }
}
