package org.dspam.config;

/**
 * A configuration that cannot be read or holds a value that cannot be used. When the problem
 * comes from a file the message starts with {@code file:line: }, like a compiler's.
 */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem on one line of a configuration file. */
    public static ConfigException at(String source, int line, String message) {
        return new ConfigException(source + ":" + line + ": " + message);
    }
}
