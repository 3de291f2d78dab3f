package org.dspam.tools.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.dspam.cli.ProfileOption;
import org.dspam.cli.ToolCommand;
import org.dspam.cli.ToolContext;
import org.dspam.config.DspamConfig;
import org.dspam.engine.Preferences;
import org.dspam.engine.SettingsResolver;
import org.dspam.storage.StorageDriver;
import org.dspam.storage.StorageException;
import org.dspam.storage.UserNames;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code dspam_admin add|change|delete|list|aggregate preference [user] [attrib] [value]}: the
 * stored preferences of a user, or of the default user ({@code default} or an empty name), in
 * whatever the storage driver keeps them (preference files, {@code dspam_preferences}).
 */
@Command(name = "dspam_admin")
public final class AdminCommand extends ToolCommand {
    static final String USAGE = """
            syntax: dspam_admin [function] [arguments] [--profile=PROFILE]
            \tadd preference [user] [attrib] [value]
            \tchange preference [user] [attrib] [value]
            \tdelete preference [user] [attrib] [value]
            \tlist preference [user] [attrib] [value]
            \taggregate preference [user]
            """;

    @Mixin
    private ProfileOption profile;

    @Parameters(arity = "0..*")
    private List<String> arguments = new ArrayList<>();

    public AdminCommand(ToolContext context) {
        super(context);
    }

    public static void main(String[] args) {
        System.exit(run(args, ToolContext.system()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, ToolContext.of(out, err, env));
    }

    public static int run(String[] args, ToolContext context) {
        return ToolCommand.run(new AdminCommand(context), args);
    }

    @Override
    protected String name() {
        return "dspam_admin";
    }

    @Override
    protected void printUsage() {
        err.print(USAGE);
    }

    private enum Function { SET, DELETE, LIST, AGGREGATE }

    /** DSPAM matches the function by its first letters: d(elete), ad(d), ch(ange), l(ist), ag(gregate). */
    private static Function function(String word) {
        if (word.startsWith("d")) {
            return Function.DELETE;
        }
        if (word.startsWith("ch") || word.startsWith("ad")) {
            return Function.SET;
        }
        if (word.startsWith("l")) {
            return Function.LIST;
        }
        if (word.startsWith("ag")) {
            return Function.AGGREGATE;
        }
        return null;
    }

    @Override
    protected int execute() {
        if (arguments.size() < 2 || arguments.get(0).equals("help") || !arguments.get(1).startsWith("pref")) {
            printUsage();
            return 1;
        }
        Function f = function(arguments.get(0));
        if (f == null) {
            printUsage();
            return 1;
        }
        int needed = switch (f) {
            case SET -> 5;
            case DELETE -> 4;
            case LIST, AGGREGATE -> 3;
        };
        if (arguments.size() < needed) {
            err.println("invalid command syntax.");
            printUsage();
            return 1;
        }
        String user = user(arguments.get(2));
        DspamConfig config = loadConfig();
        String storageProfile = profile.resolve(config);
        try (StorageDriver driver = openDriver(config, storageProfile)) {
            return switch (f) {
                case SET -> change(driver, user, arguments.get(3), arguments.get(4), true);
                case DELETE -> change(driver, user, arguments.get(3), null, false);
                case LIST -> list(driver.preferences(user));
                case AGGREGATE -> aggregate(config, driver, user);
            };
        }
    }

    /** The user a command names: null for the default preferences. */
    private static String user(String name) {
        if (name.isEmpty() || name.equals("default")) {
            return null;
        }
        return UserNames.validate(name);
    }

    private int change(StorageDriver driver, String user, String attribute, String value, boolean set) {
        String problem = problem(attribute, value);
        if (problem != null) {
            err.println("dspam_admin: " + problem);
            out.println("operation failed with error 1.");
            return 1;
        }
        try {
            if (set) {
                driver.setPreference(user, attribute, value);
            } else {
                driver.deletePreference(user, attribute);
            }
        } catch (StorageException e) {
            err.println("dspam_admin: " + describe(e));
            out.println("operation failed with error 1.");
            return 1;
        }
        out.println("operation successful.");
        return 0;
    }

    /** Names and values must survive every store: a preference file line, an SQL column. */
    private static String problem(String attribute, String value) {
        if (attribute.isEmpty() || attribute.indexOf('=') >= 0 || hasControlOrSpace(attribute)) {
            return "invalid preference name '" + printable(attribute) + "'";
        }
        if (value != null && value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "invalid value for preference '" + attribute + "': control characters are not allowed";
        }
        return null;
    }

    private static boolean hasControlOrSpace(String s) {
        return s.chars().anyMatch(c -> c <= 0x20 || c == 0x7f);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return sb.toString();
    }

    /** {@code name=value} lines, by name (drivers do not promise an order). */
    private int list(Map<String, String> stored) {
        new TreeMap<>(stored).forEach((k, v) -> out.println(k + "=" + v));
        return 0;
    }

    /**
     * The effective preferences: the stored defaults (else dspam.conf's {@code Preference} lines)
     * with the user's values where {@code AllowOverride} permits them, in the defaults' order
     * followed by the user's additions.
     */
    private int aggregate(DspamConfig config, StorageDriver driver, String user) {
        Map<String, String> defaults = driver.preferences(null);
        Map<String, String> own = user == null ? Map.of() : driver.preferences(user);
        Map<String, String> system = defaults.isEmpty() ? config.preferences() : new TreeMap<>(defaults);
        Preferences effective = new SettingsResolver(config).preferences(defaults, own,
                name -> err.println("Ignoring disallowed preference '" + name + "'"));
        Map<String, String> names = new LinkedHashMap<>();
        system.keySet().forEach(k -> names.putIfAbsent(k.toLowerCase(Locale.ROOT), k));
        new TreeMap<>(own).keySet().forEach(k -> {
            if (config.allowsOverride(k)) {
                names.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
            }
        });
        names.values().forEach(k -> out.println(k + "=" + effective.value(k)));
        return 0;
    }
}
