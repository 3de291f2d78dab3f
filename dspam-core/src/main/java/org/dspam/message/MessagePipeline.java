package org.dspam.message;

/**
 * From the bytes an agent receives to the texts the engine tokenizes, as DSPAM's agent does it:
 * read, parse, decode and look for a signature, extract the texts.
 */
public final class MessagePipeline {
    private MessagePipeline() {
    }

    /**
     * A message ready for the engine.
     *
     * @param message the parsed (and decoded) message, for delivery
     * @param text the texts to tokenize
     * @param signature the DSPAM signature id found in it, or null
     */
    public record Prepared(Message message, MessageText text, String signature) {
    }

    /** Returns null for empty input, which DSPAM refuses ("empty message (no data received)"). */
    public static Prepared prepare(byte[] input, SignatureScan.Options options, boolean stripCarriageReturns) {
        String raw = RawMessage.read(input, stripCarriageReturns);
        if (raw.isEmpty()) {
            return null;
        }
        Message message = MessageParser.parse(raw);
        String signature = SignatureScan.scan(message, options);
        MessageText text = MessageText.of(message);
        return new Prepared(message, text, signature);
    }
}
