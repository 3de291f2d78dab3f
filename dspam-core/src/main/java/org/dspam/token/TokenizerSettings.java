package org.dspam.token;

import java.util.Set;

/**
 * What the tokenizer needs to know: which tokenizer, whether URLs get {@code Url*} context
 * tokens ({@code ProcessorURLContext}), whether to build the whitelist token from the
 * {@code From} header, and which headers to ignore ({@code IgnoreHeader}).
 */
public record TokenizerSettings(TokenizerKind kind, boolean urlContext, boolean whitelist, Set<String> ignoredHeaders) {
    public TokenizerSettings {
        ignoredHeaders = Set.copyOf(ignoredHeaders);
    }
}
