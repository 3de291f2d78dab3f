package org.dspam.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A parsed dspam.conf: immutable, read once; a reload builds a new one.
 *
 * <p>It reads files as DSPAM 3.10 does. Every value on a line is a value of that line's
 * directive ({@code Algorithm graham burton} is two values), and values accumulate in reading
 * order. Directive names are looked up ignoring ASCII case, as DSPAM's {@code strcasecmp} lookup
 * does; the spelling kept is the first one read. Where DSPAM reads a single value it takes the
 * first one, so {@link #get(String)} does too. Unknown names are kept; {@link #unknownKeys()}
 * lists them so that a caller can warn.
 */
public final class DspamConfig {

    /** Where the installed configuration lives when neither --config nor DSPAM_CONF names one. */
    public static final Path DEFAULT_PATH = Path.of("/etc/dspam/dspam.conf");

    /** The environment variable naming the configuration file, as DSPAM's agent honours it. */
    public static final String ENV_VAR = "DSPAM_CONF";

    private static final String SERVER_PASS_PREFIX = "ServerPass.";
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private final List<ConfigValue> entries;
    /** Folded name to the values of that directive, in reading order. */
    private final Map<String, List<ConfigValue>> byName;
    private final List<String> sources;
    private final Map<String, String> preferences;
    private final Set<String> allowOverride;
    private final SortedMap<String, String> serverPasswords;

    private DspamConfig(List<ConfigValue> entries, List<String> sources) {
        this.entries = List.copyOf(entries);
        this.sources = List.copyOf(sources);
        Map<String, List<ConfigValue>> grouped = new LinkedHashMap<>();
        for (ConfigValue entry : entries) {
            grouped.computeIfAbsent(Names.fold(entry.key()), k -> new ArrayList<>()).add(entry);
        }
        Map<String, List<ConfigValue>> frozen = new LinkedHashMap<>();
        grouped.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
        this.byName = Collections.unmodifiableMap(frozen);
        this.preferences = readPreferences();
        this.allowOverride = readAllowOverride();
        this.serverPasswords = readServerPasswords();
    }

    /** Reads a configuration file and everything it includes. */
    public static DspamConfig load(Path file) {
        ConfigReader reader = new ConfigReader();
        reader.readFile(file);
        return new DspamConfig(reader.values(), reader.sources());
    }

    /**
     * Parses configuration text; {@code sourceName} appears in messages, and relative
     * {@code Include} paths are resolved against its directory.
     */
    public static DspamConfig parse(String text, String sourceName) {
        ConfigReader reader = new ConfigReader();
        reader.readText(text, sourceName, baseDirectory(sourceName));
        return new DspamConfig(reader.values(), reader.sources());
    }

    /**
     * The configuration file a command uses: {@code --config FILE} if given, else the file
     * named by {@code DSPAM_CONF}, else {@link #DEFAULT_PATH}.
     *
     * @param cliConfig the --config argument, or null when there was none
     * @param env       the process environment
     */
    public static Path locate(String cliConfig, Map<String, String> env) {
        if (cliConfig != null && !cliConfig.isEmpty()) {
            return Path.of(cliConfig);
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Path.of(fromEnv);
        }
        return DEFAULT_PATH;
    }

    /** Every value read, in reading order (includes expanded). */
    public List<ConfigValue> entries() {
        return entries;
    }

    /** The files (or source names) read, in the order they were opened. */
    public List<String> sources() {
        return sources;
    }

    /** The distinct directive names, in their first spelling, in order of first appearance. */
    public List<String> names() {
        return byName.values().stream().map(values -> values.get(0).key()).toList();
    }

    /** Names that are not DSPAM directives (see {@link KnownDirectives}); they are kept anyway. */
    public List<String> unknownKeys() {
        return names().stream().filter(name -> !KnownDirectives.isKnown(name)).toList();
    }

    public boolean contains(String key) {
        return byName.containsKey(Names.fold(key));
    }

    /** Every value of a directive with where it was read; empty if absent. */
    public List<ConfigValue> values(String key) {
        return byName.getOrDefault(Names.fold(key), List.of());
    }

    /** Every value of a directive, in reading order; empty if absent. */
    public List<String> getAll(String key) {
        return values(key).stream().map(ConfigValue::value).toList();
    }

    /** The value DSPAM uses for a single-valued directive: the first one read. */
    public Optional<ConfigValue> first(String key) {
        List<ConfigValue> values = values(key);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The value DSPAM uses for a single-valued directive: the first one read. */
    public Optional<String> get(String key) {
        return first(key).map(ConfigValue::value);
    }

    /**
     * A value for a storage profile: {@code key.profile} if set, else {@code key}.
     *
     * @param profile the profile name, or null for none
     * @return the value, or null if neither is set
     */
    public String get(String key, String profile) {
        Optional<String> qualified = profile == null || profile.isEmpty()
                ? Optional.empty()
                : get(key + "." + profile);
        return qualified.or(() -> get(key)).orElse(null);
    }

    /** Whether any value of the directive equals {@code value} ignoring ASCII case, as DSPAM matches. */
    public boolean matches(String key, String value) {
        return values(key).stream().anyMatch(v -> Names.same(v.value(), value));
    }

    /** DSPAM's test for a switch: some value of the directive is {@code on}, in any case. */
    public boolean isOn(String key) {
        return matches(key, "on");
    }

    /** The first value as a decimal int, or {@code dflt} if the directive is absent. */
    public int getInt(String key, int dflt) {
        return first(key).map(v -> (int) parseInteger(v, Integer.MIN_VALUE, Integer.MAX_VALUE))
                .orElse(dflt);
    }

    /** {@link #getInt(String, int)} for a value that must be at least {@code min}; the error names file and line. */
    public int getInt(String key, int dflt, int min) {
        return first(key).map(v -> (int) parseInteger(v, min, Integer.MAX_VALUE)).orElse(dflt);
    }

    /** The first value as a decimal long, or {@code dflt} if the directive is absent. */
    public long getLong(String key, long dflt) {
        return first(key).map(v -> parseInteger(v, Long.MIN_VALUE, Long.MAX_VALUE)).orElse(dflt);
    }

    /**
     * The system-wide default preferences from {@code Preference "name=value"} lines, in file
     * order. For a name given twice the first line wins, as DSPAM's preference lookup returns the
     * first match; names compare ignoring ASCII case.
     */
    public Map<String, String> preferences() {
        return preferences;
    }

    /** The preference names from {@code AllowOverride}, in file order. */
    public Set<String> allowOverride() {
        return allowOverride;
    }

    /** Whether a user's preference may override the system default (name ignoring ASCII case). */
    public boolean allowsOverride(String preference) {
        return allowOverride.stream().anyMatch(name -> Names.same(name, preference));
    }

    /** DLMTP client passwords by ident, from {@code ServerPass.<ident>}; idents ignore ASCII case. */
    public Map<String, String> serverPasswords() {
        return serverPasswords;
    }

    private long parseInteger(ConfigValue v, long min, long max) {
        String text = v.value();
        if (INTEGER.matcher(text).matches()) {
            try {
                long parsed = Long.parseLong(text);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // out of range for a long: reported below like any other bad number
            }
        }
        throw v.invalid("not a number in range: \"" + text + "\"");
    }

    private Map<String, String> readPreferences() {
        Map<String, String> prefs = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String raw : getAll("Preference")) {
            // DSPAM splits with strtok, which skips leading '=' and cuts at the first '=' after.
            String setting = raw.replaceFirst("^=+", "");
            if (setting.isEmpty()) {
                continue;
            }
            int eq = setting.indexOf('=');
            String name = eq < 0 ? setting : setting.substring(0, eq);
            String value = eq < 0 ? "" : setting.substring(eq + 1);
            if (seen.add(Names.fold(name))) {
                prefs.put(name, value);
            }
        }
        return Collections.unmodifiableMap(prefs);
    }

    private Set<String> readAllowOverride() {
        Set<String> names = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        for (String name : getAll("AllowOverride")) {
            if (seen.add(Names.fold(name))) {
                names.add(name);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    private SortedMap<String, String> readServerPasswords() {
        SortedMap<String, String> passwords = new TreeMap<>(Comparator.comparing(Names::fold));
        for (List<ConfigValue> values : byName.values()) {
            String key = values.get(0).key();
            if (key.length() > SERVER_PASS_PREFIX.length()
                    && Names.same(key.substring(0, SERVER_PASS_PREFIX.length()), SERVER_PASS_PREFIX)) {
                passwords.put(key.substring(SERVER_PASS_PREFIX.length()), values.get(0).value());
            }
        }
        return Collections.unmodifiableSortedMap(passwords);
    }

    private static Path baseDirectory(String sourceName) {
        Path here = Path.of("").toAbsolutePath();
        try {
            Path parent = Path.of(Objects.requireNonNull(sourceName)).toAbsolutePath().getParent();
            return parent == null ? here : parent;
        } catch (InvalidPathException e) {
            return here;
        }
    }
}
