package org.dspam.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One component of a message as DSPAM's parser splits it: the top-level headers and preamble,
 * then one part per boundary line. Bodies are byte strings.
 */
public final class MessagePart {
    public enum MediaType { TEXT, MULTIPART, MESSAGE, APPLICATION, UNKNOWN, OTHER }

    public enum MediaSubtype { PLAIN, HTML, MIXED, ALTERNATIVE, SIGNED, ENCRYPTED, RFC822, INOCULATION, DSPAM_SIGNATURE, OTHER }

    public enum Encoding { UNKNOWN, SEVEN_BIT, EIGHT_BIT, QUOTED_PRINTABLE, BASE64, BINARY, OTHER }

    public enum Disposition { UNKNOWN, INLINE, ATTACHMENT, OTHER }

    private final List<HeaderField> headers = new ArrayList<>();
    private StringBuilder body = new StringBuilder();
    private String originalSignedBody;
    private String boundary;
    private String terminatingBoundary;
    private MediaType mediaType = MediaType.TEXT;
    private MediaSubtype mediaSubtype = MediaSubtype.PLAIN;
    private Encoding encoding = Encoding.UNKNOWN;
    private Encoding originalEncoding = Encoding.UNKNOWN;
    private Disposition disposition = Disposition.UNKNOWN;

    public List<HeaderField> headers() {
        return Collections.unmodifiableList(headers);
    }

    public void addHeader(HeaderField header) {
        headers.add(header);
    }

    public boolean removeHeader(HeaderField header) {
        return headers.remove(header);
    }

    public HeaderField header(String name) {
        for (HeaderField h : headers) {
            if (h.is(name)) {
                return h;
            }
        }
        return null;
    }

    public String body() {
        return body.toString();
    }

    StringBuilder bodyBuilder() {
        return body;
    }

    public void setBody(String text) {
        body = new StringBuilder(text);
    }

    /** The undecoded body kept for reassembly when a part was decoded but must be delivered as it came. */
    public String originalSignedBody() {
        return originalSignedBody;
    }

    public void setOriginalSignedBody(String originalSignedBody) {
        this.originalSignedBody = originalSignedBody;
    }

    public String boundary() {
        return boundary;
    }

    void setBoundary(String boundary) {
        this.boundary = boundary;
    }

    /** The boundary line that ended this part, without its leading {@code --}; null for the last part. */
    public String terminatingBoundary() {
        return terminatingBoundary;
    }

    public void setTerminatingBoundary(String terminatingBoundary) {
        this.terminatingBoundary = terminatingBoundary;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    public MediaSubtype mediaSubtype() {
        return mediaSubtype;
    }

    public void setMediaType(MediaType type, MediaSubtype subtype) {
        this.mediaType = type;
        this.mediaSubtype = subtype;
    }

    public Encoding encoding() {
        return encoding;
    }

    public void setEncoding(Encoding encoding) {
        this.encoding = encoding;
    }

    public Encoding originalEncoding() {
        return originalEncoding;
    }

    void setOriginalEncoding(Encoding originalEncoding) {
        this.originalEncoding = originalEncoding;
    }

    public Disposition disposition() {
        return disposition;
    }

    void setDisposition(Disposition disposition) {
        this.disposition = disposition;
    }

    public boolean isAttachment() {
        return disposition == Disposition.ATTACHMENT;
    }

    /** Base64 or quoted-printable: a body DSPAM decodes before reading it. */
    public boolean isTransferEncoded() {
        return encoding == Encoding.BASE64 || encoding == Encoding.QUOTED_PRINTABLE;
    }

    /** The body decoded from its transfer encoding, as a C string (DSPAM stops at a NUL byte). */
    public String decodedBody() {
        return switch (encoding) {
            case BASE64 -> TransferDecoding.base64(body());
            case QUOTED_PRINTABLE -> TransferDecoding.quotedPrintable(body());
            default -> body();
        };
    }
}
