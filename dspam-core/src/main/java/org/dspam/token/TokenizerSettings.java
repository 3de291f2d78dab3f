package org.dspam.token;

import java.util.Set;

/**
 * What the tokenizer needs to know: which tokenizer, whether URLs get {@code Url*} context
 * tokens ({@code ProcessorURLContext}), whether to build the whitelist token from the
 * {@code From} header, which headers to ignore ({@code IgnoreHeader}), and how much text to read
 * at most ({@code ProcessorMaxText}, bytes of header and body text; 0 reads everything).
 */
public record TokenizerSettings(TokenizerKind kind, boolean urlContext, boolean whitelist, Set<String> ignoredHeaders,
                                int maxText) {
    /** The default of {@code ProcessorMaxText}: more text than any mail in the corpora we know. */
    public static final int DEFAULT_MAX_TEXT = 512 * 1024;

    public TokenizerSettings {
        ignoredHeaders = Set.copyOf(ignoredHeaders);
        if (maxText < 0) {
            throw new IllegalArgumentException("ProcessorMaxText must not be negative");
        }
    }
}
