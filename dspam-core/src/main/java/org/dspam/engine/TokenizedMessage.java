package org.dspam.engine;

import java.util.concurrent.atomic.AtomicBoolean;

import org.dspam.message.MessageText;
import org.dspam.token.Diction;
import org.dspam.token.TokenizerSettings;

/**
 * A message's tokens, computed once and shared by the engine runs that need them (several users
 * with the same tokenizer settings, or classification followed by training). A run borrows the
 * tokens and resets them to the tokenized state; a run that overlaps another gets a copy.
 */
public final class TokenizedMessage {
    private final MessageText text;
    private final TokenizerSettings tokenizer;
    private final Diction tokens;
    private final AtomicBoolean borrowed = new AtomicBoolean();

    TokenizedMessage(MessageText text, TokenizerSettings tokenizer, Diction tokens) {
        this.text = text;
        this.tokenizer = tokenizer;
        this.tokens = tokens;
        tokens.freeze();
    }

    public MessageText text() {
        return text;
    }

    public TokenizerSettings tokenizer() {
        return tokenizer;
    }

    /** The number of distinct tokens. */
    public int size() {
        return tokens.size();
    }

    Diction borrow() {
        if (borrowed.compareAndSet(false, true)) {
            tokens.reset();
            return tokens;
        }
        return tokens.copy();
    }

    void giveBack(Diction d) {
        if (d == tokens) {
            borrowed.set(false);
        }
    }
}
