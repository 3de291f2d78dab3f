package org.dspam.engine;

import java.util.EnumSet;
import java.util.Set;

import org.dspam.classify.Algorithm;
import org.dspam.classify.PValue;
import org.dspam.learn.TrainingMode;
import org.dspam.token.TokenizerKind;
import org.dspam.token.TokenizerSettings;

/**
 * Everything the engine needs to know about a user's filter, resolved from {@code dspam.conf},
 * preferences and the command line.
 *
 * @param tokenizer the tokenizer
 * @param urlContext whether URLs give {@code Url*} tokens ({@code ProcessorURLContext})
 * @param ignoredHeaders headers not tokenized ({@code IgnoreHeader})
 * @param algorithms the combining algorithms
 * @param pvalue the per-token probability method
 * @param noiseReduction Bayesian Noise Reduction
 * @param whitelist automatic whitelisting
 * @param processorBias double weight of innocent hits
 * @param trainingBuffer statistical sedation, 0..10
 * @param whitelistThreshold innocent hits a sender needs to be whitelisted
 * @param trainingMode the training mode
 * @param countOccurrences learn a token once per occurrence instead of once per message
 * @param maxText bytes of header and body text read at most ({@code ProcessorMaxText}; 0 = all)
 */
public record EngineSettings(TokenizerKind tokenizer, boolean urlContext, Set<String> ignoredHeaders,
                             Set<Algorithm> algorithms, PValue pvalue, boolean noiseReduction, boolean whitelist,
                             boolean processorBias, int trainingBuffer, int whitelistThreshold,
                             TrainingMode trainingMode, boolean countOccurrences, int maxText) {
    public EngineSettings {
        ignoredHeaders = Set.copyOf(ignoredHeaders);
        algorithms = algorithms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(algorithms));
        if (trainingBuffer < 0 || trainingBuffer > 10) {
            throw new IllegalArgumentException("training buffer must be between 0 and 10, not " + trainingBuffer);
        }
    }

    public TokenizerSettings tokenizerSettings() {
        return new TokenizerSettings(tokenizer, urlContext, whitelist, ignoredHeaders, maxText);
    }
}
