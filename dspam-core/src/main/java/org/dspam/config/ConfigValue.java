package org.dspam.config;

/**
 * One value of one directive, with where it was read. A line {@code Algorithm graham burton}
 * gives two values, as it does in DSPAM.
 *
 * @param key    the directive name as written on that line
 * @param value  the value, quotes removed
 * @param source the file (or source name) it was read from
 * @param line   the 1-based line number in {@code source}
 */
public record ConfigValue(String key, String value, String source, int line) {

    /** {@code source:line}, for messages. */
    public String location() {
        return source + ":" + line;
    }

    /** An exception naming this value's file and line, for callers that reject the value. */
    public ConfigException invalid(String message) {
        return ConfigException.at(source, line, key + ": " + message);
    }
}
