package org.dspam.storage;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.dspam.config.ConfigException;

/**
 * Where a user's folder is under {@code Home/data}. DSPAM chose this when it was compiled
 * ({@code --enable-large-scale}, {@code --enable-domain-scale}); here the {@code UserDirectoryLayout}
 * directive does, so that one build reads any DSPAM home.
 */
public enum UserLayout {
    /** {@code data/<user>/} (DSPAM's default build). */
    DEFAULT("default"),
    /** {@code data/<u>/<s>/<user>/}: the first two characters of the name as folders ({@code data/<u>/<u>/} for one). */
    LARGESCALE("largescale"),
    /** {@code data/<domain>/<local>/} for {@code local@domain}; names without a domain go under {@code local}. */
    DOMAINSCALE("domainscale");

    private final String configName;

    UserLayout(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static UserLayout parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (UserLayout l : values()) {
            if (l.configName.equals(v)) {
                return l;
            }
        }
        throw new ConfigException("UserDirectoryLayout must be default, largescale or domainscale, not \"" + value + "\"");
    }

    /**
     * The folder holding a user's files, and the base name of those files ({@code <base>.css},
     * {@code <base>.lock}, ...). The name must already have passed {@link org.dspam.storage.UserNames}.
     */
    UserPlace place(Path data, String user) {
        return switch (this) {
            case DEFAULT -> new UserPlace(data.resolve(user), user);
            case LARGESCALE -> {
                // DSPAM takes the first two bytes of the name; whole characters keep names valid file names.
                int first = user.offsetByCodePoints(0, 1);
                Path dir = data.resolve(user.substring(0, first));
                if (first < user.length()) {
                    int second = user.offsetByCodePoints(first, 1);
                    dir = dir.resolve(user.substring(first, second));
                }
                yield new UserPlace(dir.resolve(user), user);
            }
            case DOMAINSCALE -> {
                // strtok(name, "@"): empty pieces are skipped; the first piece is the user, the second the domain.
                String[] parts = Arrays.stream(user.split("@")).filter(s -> !s.isEmpty()).toArray(String[]::new);
                if (parts.length == 0) {
                    throw StorageException.permanentFailure("Illegal username '" + user
                            + "': no local part for the domain-scale layout");
                }
                String local = parts[0];
                String domain = parts.length > 1 ? parts[1] : "local";
                if (domain.equals(".") || domain.equals("..") || local.equals(".") || local.equals("..")) {
                    throw StorageException.permanentFailure("Illegal username '" + user + "'");
                }
                yield new UserPlace(data.resolve(domain).resolve(local), local);
            }
        };
    }

    /** A user's folder and the base name of the files in it. */
    record UserPlace(Path dir, String base) {
    }
}
