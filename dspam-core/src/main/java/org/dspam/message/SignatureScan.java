package org.dspam.message;

import org.dspam.message.MessagePart.Encoding;
import org.dspam.message.MessagePart.MediaSubtype;
import org.dspam.message.MessagePart.MediaType;
import org.dspam.util.ByteString;

/**
 * What DSPAM's agent does to a parsed message before the engine reads it: decode the readable
 * parts and look for a DSPAM signature tag.
 *
 * <p>Every base64 or quoted-printable part that is text (or a message, or the top-level
 * multipart body) and not an attachment is decoded in place. Unless the message is
 * {@code multipart/signed} or signatures live in the headers, the part is marked 8bit and its
 * {@code Content-Transfer-Encoding} becomes {@code 8bit}, so the delivered message carries the
 * decoded text (the signed case keeps the original bytes for reassembly). A {@code !DSPAM:id!} tag
 * (or a loose {@code X-DSPAM-Signature: id} in a body) gives the signature; for new mail the tag
 * is cut out of the text.
 */
public final class SignatureScan {
    public static final String TAG_BEGIN = "!DSPAM:";
    public static final String TAG_END = "!";
    static final String LOOSE_TAG_BEGIN = "X-DSPAM-Signature:";
    static final String LOOSE_TAG_DELIMITER = ": ";

    /** How the scan should treat the message. */
    public record Options(boolean signatureInHeaders, boolean trainPristine, boolean newMail) {
    }

    private SignatureScan() {
    }

    /**
     * Decodes the message in place and returns the signature id found (the last one found in a
     * part wins, as in DSPAM), or null.
     */
    public static String scan(Message message, Options options) {
        String signature = null;
        boolean signed = false;
        int index = 0;
        for (MessagePart part : message.parts()) {
            if (part.mediaType() == MediaType.MULTIPART && part.mediaSubtype() == MediaSubtype.SIGNED) {
                signed = true;
            }
            boolean keepOriginal = signed || options.signatureInHeaders();
            if (isReadable(part, index)) {
                String body = part.body();
                if (part.isTransferEncoded() && !part.isAttachment()) {
                    String decoded = part.decodedBody();
                    if (keepOriginal) {
                        part.setOriginalSignedBody(body);
                    } else {
                        part.setEncoding(Encoding.EIGHT_BIT);
                        for (HeaderField h : part.headers()) {
                            if (h.is("Content-Transfer-Encoding")) {
                                h.setData("8bit");
                            }
                        }
                    }
                    part.setBody(decoded);
                    body = decoded;
                }
                boolean bodyIsHeader = false;
                if (options.signatureInHeaders() && signature == null) {
                    HeaderField h = part.header("X-DSPAM-Signature");
                    if (h != null) {
                        if (h.data().startsWith(TAG_BEGIN)) {
                            body = h.data();
                            bodyIsHeader = true;
                        } else {
                            signature = h.data();
                        }
                    }
                }
                if (!options.trainPristine() && (signature == null || !options.signatureInHeaders())) {
                    String found = findTag(part, body, !bodyIsHeader && !options.signatureInHeaders() && !keepOriginal && options.newMail());
                    if (found != null) {
                        signature = found;
                    }
                }
            }
            index++;
        }
        return signature;
    }

    /** Text, message, unknown parts, and the body of a top-level multipart. */
    static boolean isReadable(MessagePart part, int index) {
        MediaType t = part.mediaType();
        return t == MediaType.TEXT || t == MediaType.MESSAGE || t == MediaType.UNKNOWN || (index == 0 && t == MediaType.MULTIPART);
    }

    private static String findTag(MessagePart part, String body, boolean erase) {
        boolean tight = true;
        int begin = body.indexOf(TAG_BEGIN);
        if (begin < 0) {
            begin = body.indexOf(LOOSE_TAG_BEGIN);
            tight = false;
        }
        if (begin < 0) {
            return null;
        }
        int start;
        if (tight) {
            start = begin + TAG_BEGIN.length();
        } else {
            int delimiter = body.indexOf(LOOSE_TAG_DELIMITER, begin);
            if (delimiter < 0) {
                return null;
            }
            start = delimiter + LOOSE_TAG_DELIMITER.length();
        }
        int end = start;
        while (end < body.length() && isSignatureChar(body.charAt(end))) {
            end++;
        }
        if (end - start >= 128) {
            return null;
        }
        String id = body.substring(start, end);
        int lead = 0;
        while (lead < id.length() && ByteString.isSpace(id.charAt(lead))) {
            lead++;
        }
        if (erase) {
            // The character after the id (the closing '!') goes too.
            part.setBody(body.substring(0, begin) + (end + 1 < body.length() ? body.substring(end + 1) : ""));
        }
        return id.substring(lead);
    }

    private static boolean isSignatureChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == ',';
    }
}
