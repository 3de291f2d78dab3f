package org.dspam.storage;

import java.nio.file.Path;

import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;

/**
 * Where DSPAM keeps per-user files under {@code Home}, whichever driver holds the tokens: the
 * user folders (in the configured {@link UserLayout}), {@code system.log}, the default
 * preferences, and the opt-in/opt-out files. The one place that knows these paths.
 *
 * @param home {@code Home}
 * @param layout {@code UserDirectoryLayout}
 */
public record UserDirectories(Path home, UserLayout layout) {
    /** From {@code Home} and {@code UserDirectoryLayout} (profile-qualified keys first). */
    public static UserDirectories from(DspamConfig config, String profile) {
        String home = config.get("Home", profile);
        if (home == null || home.isBlank()) {
            throw new ConfigException("dspam.conf has no Home");
        }
        String layout = config.get("UserDirectoryLayout", profile);
        return new UserDirectories(Path.of(home), layout == null ? UserLayout.DEFAULT : UserLayout.parse(layout));
    }

    /** A user's folder and files; the name is checked first. */
    public UserFiles user(String user) {
        return UserFiles.of(home, layout, user);
    }

    public Path systemLog() {
        return UserFiles.systemLog(home);
    }

    public Path defaultPreferences() {
        return UserFiles.defaultPreferences(home);
    }

    /** {@code Home/opt-in/<user>.dspam}: the user is filtered in an opt-in setup. */
    public Path optIn(String user) {
        return optPath("opt-in", user, "dspam");
    }

    /** {@code Home/opt-out/<user>.nodspam}: the user is not filtered. */
    public Path optOut(String user) {
        return optPath("opt-out", user, "nodspam");
    }

    /** DSPAM puts opt files under the name it uses for the user's folder ({@code domain/local} in the domain-scale layout). */
    private Path optPath(String folder, String user, String extension) {
        UserFiles f = user(user);
        Path dir = home.resolve(folder);
        if (layout == UserLayout.DOMAINSCALE) {
            dir = dir.resolve(f.dir().getParent().getFileName().toString());
        }
        return dir.resolve(f.base() + "." + extension);
    }
}
