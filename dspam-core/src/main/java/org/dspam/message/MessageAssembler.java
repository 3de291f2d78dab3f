package org.dspam.message;

/**
 * Writes a parsed (and possibly modified) message back out as text, the way DSPAM's agent does
 * before delivery: each part's headers as {@code Heading: value} (a heading that starts with
 * {@code From } or {@code --} gets no space after the colon, as it was a mistaken header), a blank
 * line, the body, and the boundary line that ended the part; parts are joined by the newline.
 * Headers whose encoded words were decoded are written as they came. When the message is
 * protected (multipart/signed, or signatures kept in the headers) the undecoded bodies are
 * written, so that nothing a signature covers changes.
 */
public final class MessageAssembler {
    private MessageAssembler() {
    }

    /**
     * @param newline {@code "\n"}, or {@code "\r\n"} for SMTP/LMTP delivery
     * @param protect write the original bodies of decoded parts
     */
    public static String assemble(Message message, String newline, boolean protect) {
        StringBuilder out = new StringBuilder(estimate(message));
        int count = message.parts().size();
        for (int i = 0; i < count; i++) {
            MessagePart part = message.parts().get(i);
            for (HeaderField h : part.headers()) {
                String heading = h.heading();
                out.append(heading);
                out.append(heading.startsWith("From ") || heading.startsWith("--") ? ":" : ": ");
                out.append(h.deliveredData()).append(newline);
            }
            out.append(newline);
            out.append(protect && part.originalSignedBody() != null ? part.originalSignedBody() : part.body());
            if (part.terminatingBoundary() != null) {
                out.append("--").append(part.terminatingBoundary());
            }
            if (i + 1 < count) {
                out.append(newline);
            }
        }
        return out.toString();
    }

    private static int estimate(Message message) {
        int n = 64;
        for (MessagePart p : message.parts()) {
            n += p.body().length() + 80 * p.headers().size();
        }
        return n;
    }
}
