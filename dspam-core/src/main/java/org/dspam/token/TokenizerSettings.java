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

    // equals and hashCode written out: the generated ones link an invokedynamic bootstrap on first use, about 15 ms
    // of a one-message agent process, which keys its tokenized message by these settings.
    @Override
    public boolean equals(Object o) {
        return o instanceof TokenizerSettings t && kind == t.kind && urlContext == t.urlContext
                && whitelist == t.whitelist && maxText == t.maxText && ignoredHeaders.equals(t.ignoredHeaders);
    }

    @Override
    public int hashCode() {
        int h = kind.hashCode();
        h = 31 * h + Boolean.hashCode(urlContext);
        h = 31 * h + Boolean.hashCode(whitelist);
        h = 31 * h + ignoredHeaders.hashCode();
        return 31 * h + maxText;
    }
}
