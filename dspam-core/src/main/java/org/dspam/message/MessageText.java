package org.dspam.message;

import org.dspam.message.MessagePart.Encoding;
import org.dspam.message.MessagePart.MediaSubtype;
import org.dspam.util.ByteString;

/**
 * The two texts DSPAM tokenizes: every header of every part ({@code Heading: value\n}, each line
 * cut at 1023 bytes), and the readable bodies (decoded, {@code %XX} escapes resolved in 8bit
 * parts, HTML turned into text). Either becomes a single space when empty.
 */
public record MessageText(String headers, String body) {
    /** DSPAM renders each header into a 1024-byte buffer. */
    private static final int MAX_HEADER_LINE = 1023;

    /**
     * Extracts the texts. Parts decoded here are replaced by their decoded text (the encoded text
     * is kept as the part's original), as DSPAM does.
     */
    public static MessageText of(Message message) {
        StringBuilder headers = new StringBuilder();
        StringBuilder body = new StringBuilder();
        int index = 0;
        for (MessagePart part : message.parts()) {
            if (!part.headers().isEmpty()) {
                for (HeaderField h : part.headers()) {
                    headers.append(ByteString.truncate(h.heading() + ": " + h.data() + "\n", MAX_HEADER_LINE));
                }
                if (SignatureScan.isReadable(part, index)) {
                    body.append(readableText(part));
                }
            }
            index++;
        }
        return new MessageText(headers.isEmpty() ? " " : headers.toString(), body.isEmpty() ? " " : body.toString());
    }

    private static String readableText(MessagePart part) {
        String text = part.body();
        boolean decoded = false;
        if (part.isTransferEncoded() && part.originalSignedBody() == null && !part.isAttachment()) {
            text = part.decodedBody();
            decoded = true;
        }
        String filtered = part.encoding() == Encoding.EIGHT_BIT ? TransferDecoding.percentHex(text) : ByteString.cString(text);
        if (part.mediaSubtype() == MediaSubtype.HTML) {
            filtered = HtmlStripper.strip(filtered);
        }
        if (decoded) {
            part.setOriginalSignedBody(part.body());
            part.setBody(text);
        }
        return filtered;
    }
}
