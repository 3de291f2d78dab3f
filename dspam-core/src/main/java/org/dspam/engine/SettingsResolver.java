package org.dspam.engine;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

import org.dspam.classify.Algorithm;
import org.dspam.classify.PValue;
import org.dspam.config.ConfigException;
import org.dspam.config.ConfigValue;
import org.dspam.config.DspamConfig;
import org.dspam.learn.TrainingMode;
import org.dspam.token.TokenizerKind;

/**
 * Resolves a user's {@link EngineSettings} the way DSPAM's agent does: a preference wins over the
 * command line, which wins over {@code dspam.conf}'s {@code Feature} lines; a {@code --mode} fixes
 * the training mode whatever the preferences say.
 */
public final class SettingsResolver {
    private final DspamConfig config;
    private final TokenizerKind tokenizer;
    private final Set<Algorithm> algorithms;
    private final PValue pvalue;
    private final TrainingMode configuredMode;
    private final int maxText;

    /** Reads the directives that do not depend on the user; bad values are errors naming file and line. */
    public SettingsResolver(DspamConfig config) {
        this.config = config;
        this.tokenizer = config.first("Tokenizer").map(v -> parse(v, TokenizerKind::parse)).orElse(TokenizerKind.WORD);
        Set<Algorithm> algs = EnumSet.noneOf(Algorithm.class);
        for (ConfigValue v : config.values("Algorithm")) {
            algs.add(parse(v, Algorithm::parse));
        }
        this.algorithms = algs;
        this.pvalue = config.first("PValue").map(v -> parse(v, PValue::parse)).orElse(PValue.BCR);
        this.configuredMode = config.first("TrainingMode").map(v -> parse(v, TrainingMode::parse)).orElse(null);
        this.maxText = config.first("ProcessorMaxText").map(v -> parse(v, SettingsResolver::byteCount))
                .orElse(org.dspam.token.TokenizerSettings.DEFAULT_MAX_TEXT);
    }

    private static int byteCount(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new IllegalArgumentException("must be 0 (no limit) or a number of bytes");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be 0 (no limit) or a number of bytes, not '" + value + "'");
        }
    }

    private static <T> T parse(ConfigValue v, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(v.value());
        } catch (IllegalArgumentException e) {
            throw v.invalid(e.getMessage());
        }
    }

    /** The {@code Feature} lines of dspam.conf (used when no {@code --feature} was given). */
    public Features configuredFeatures(Consumer<String> errors) {
        Features f = Features.NONE;
        for (String value : config.getAll("Feature")) {
            f = f.with(value, errors);
        }
        return f;
    }

    /**
     * @param preferences the user's aggregated preferences
     * @param features the features in force ({@code --feature}, else {@code Feature} lines)
     * @param fixedMode a {@code --mode} given on the command line, or null
     */
    public EngineSettings resolve(Preferences preferences, Features features, TrainingMode fixedMode) {
        boolean noise = preferences.isSet("enableBNR") ? preferences.isOn("enableBNR") : features.noise();
        boolean whitelist = preferences.isSet("enableWhitelist") ? preferences.isOn("enableWhitelist") : features.whitelist();
        boolean bias = preferences.isSet("processorBias") ? preferences.isOn("processorBias") : config.isOn("ProcessorBias");
        int buffer = preferences.isSet("statisticalSedation")
                ? Features.atoi(preferences.value("statisticalSedation")) : features.trainingBuffer();
        buffer = Math.max(0, Math.min(10, buffer));
        int threshold = preferences.isSet("whitelistThreshold") ? Features.atoi(preferences.value("whitelistThreshold")) : 10;
        TrainingMode mode = fixedMode;
        if (mode == null) {
            mode = configuredMode;
            if (preferences.isSet("trainingMode")) {
                try {
                    mode = TrainingMode.parse(preferences.value("trainingMode"));
                } catch (IllegalArgumentException e) {
                    // DSPAM falls back to the configured mode for an unknown preference value.
                }
            }
        }
        if (mode == null) {
            throw new ConfigException("No training mode was specified (set TrainingMode in dspam.conf or use --mode)");
        }
        Set<String> ignored = new LinkedHashSet<>(config.getAll("IgnoreHeader"));
        return new EngineSettings(tokenizer, config.isOn("ProcessorURLContext"), ignored, algorithms, pvalue, noise,
                whitelist, bias, buffer, threshold, mode, config.matches("ProcessorWordFrequency", "occurrence"), maxText);
    }

    /** The user's preferences from the system defaults and their own, with {@code AllowOverride}. */
    public Preferences preferences(java.util.Map<String, String> storedDefaults, java.util.Map<String, String> user,
                                   Consumer<String> rejected) {
        java.util.Map<String, String> system = storedDefaults.isEmpty() ? config.preferences() : storedDefaults;
        return Preferences.aggregate(system, user, config.allowOverride(), rejected);
    }
}
