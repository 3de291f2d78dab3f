package org.dspam.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A user's effective preferences: the system defaults, overridden by the user's own values for
 * the names {@code AllowOverride} lists. Names match case-insensitively; an absent preference
 * reads as the empty string, which DSPAM treats as "not set".
 */
public final class Preferences {
    private final Map<String, String> values;

    private Preferences(Map<String, String> values) {
        this.values = values;
    }

    public static final Preferences NONE = new Preferences(Map.of());

    /**
     * Aggregates. {@code rejected} is told about each user preference that is not allowed to
     * override (DSPAM logs and ignores it).
     */
    public static Preferences aggregate(Map<String, String> system, Map<String, String> user, Set<String> allowOverride,
                                        Consumer<String> rejected) {
        Map<String, String> out = new LinkedHashMap<>();
        system.forEach((k, v) -> out.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        Set<String> allowed = new java.util.HashSet<>();
        allowOverride.forEach(a -> allowed.add(a.toLowerCase(Locale.ROOT)));
        user.forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            if (allowed.contains(key)) {
                out.put(key, v);
            } else {
                rejected.accept(k);
            }
        });
        return new Preferences(out);
    }

    public static Preferences of(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        return new Preferences(out);
    }

    /** The value, or "" when not set. */
    public String value(String name) {
        return values.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    public boolean isSet(String name) {
        return !value(name).isEmpty();
    }

    /** Whether the preference is set to "on" (exact, as DSPAM compares it). */
    public boolean isOn(String name) {
        return value(name).equals("on");
    }
}
