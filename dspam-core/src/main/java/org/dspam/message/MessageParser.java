package org.dspam.message;

import java.util.ArrayList;
import java.util.List;

import org.dspam.message.MessagePart.Disposition;
import org.dspam.message.MessagePart.Encoding;
import org.dspam.message.MessagePart.MediaSubtype;
import org.dspam.message.MessagePart.MediaType;
import org.dspam.util.ByteString;

/**
 * Splits a message into parts exactly where DSPAM does.
 *
 * <p>DSPAM's parser is line based and lenient rather than RFC-complete: any line that starts with
 * a known {@code --boundary} ends the current part (boundaries are never popped, and they are also
 * collected from {@code Content-Type} lines found inside bodies, e.g. of attached messages), the
 * text after the closing boundary becomes a part of its own, and encoded words in headers are
 * decoded without regard to their charset. Token ids, and with them every existing DSPAM database,
 * depend on these details, so this parser reproduces them instead of using an RFC parser.
 */
public final class MessageParser {
    private MessageParser() {
    }

    /** Parses a message held as a byte string (one char per byte). */
    public static Message parse(String text) {
        return new Run().parse(text);
    }

    private static final class Run {
        private final List<MessagePart> parts = new ArrayList<>();
        /** Known "--boundary" prefixes; DSPAM never forgets one. Kept by length so a line costs a bounded number of lookups. */
        private final java.util.Set<String> boundaries = new java.util.HashSet<>();
        private final java.util.BitSet boundaryLengths = new java.util.BitSet();
        private MessagePart current = new MessagePart();
        private HeaderField currentHeading;
        private boolean inBody;
        private boolean inContentType;

        Message parse(String text) {
            parts.add(current);
            int pos = 0;
            while (true) {
                int nl = text.indexOf('\n', pos);
                boolean last = nl < 0;
                String line = last ? text.substring(pos) : text.substring(pos, nl);
                if (inBody) {
                    bodyLine(line, last);
                } else {
                    headerLine(line);
                }
                if (last) {
                    break;
                }
                pos = nl + 1;
            }
            decodeHeaders(current);
            return Message.of(parts);
        }

        private void headerLine(String line) {
            if (matchesBoundary(line)) {
                startNextPart(line);
            } else if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                // A folded line continues the last header seen, even one of the previous part.
                if (currentHeading != null) {
                    currentHeading.appendContinuation(line);
                    analyze(current, currentHeading);
                }
            } else if (!line.isEmpty() && line.charAt(0) != '\r') {
                HeaderField header = HeaderField.parse(line);
                analyze(current, header);
                currentHeading = header;
                current.addHeader(header);
            } else {
                inBody = true;
            }
        }

        private void bodyLine(String line, boolean last) {
            if (ByteString.startsWithIgnoreCase(line, "Content-Type")
                    || (inContentType && !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t'))) {
                inContentType = true;
                learnBoundary(current, extractBoundary(line));
            } else {
                inContentType = false;
            }
            if (matchesBoundary(line)) {
                startNextPart(line);
            } else {
                StringBuilder body = current.bodyBuilder();
                body.append(line);
                if (!last) {
                    body.append('\n');
                }
            }
        }

        private void startNextPart(String boundaryLine) {
            current.setTerminatingBoundary(boundaryLine.substring(2));
            current.setOriginalEncoding(current.encoding());
            decodeHeaders(current);
            current = new MessagePart();
            parts.add(current);
            inBody = false;
        }

        private void learnBoundary(MessagePart part, String boundary) {
            if (boundary == null || matchesBoundary(boundary)) {
                return;
            }
            if (!boundary.isEmpty()) {
                String marker = "--" + boundary;
                boundaries.add(marker);
                boundaryLengths.set(marker.length());
            }
            part.setBoundary(boundary);
        }

        private boolean matchesBoundary(String line) {
            for (int len = boundaryLengths.nextSetBit(0); len >= 0 && len <= line.length(); len = boundaryLengths.nextSetBit(len + 1)) {
                if (boundaries.contains(line.substring(0, len))) {
                    return true;
                }
            }
            return false;
        }

        private void analyze(MessagePart part, HeaderField header) {
            String data = header.data();
            if (header.heading().equalsIgnoreCase("Content-Type")) {
                analyzeContentType(part, data);
            } else if (header.heading().equalsIgnoreCase("Content-Transfer-Encoding")) {
                part.setEncoding(encodingOf(data));
            }
            if (header.heading().equalsIgnoreCase("Content-Disposition")) {
                if (ByteString.startsWithIgnoreCase(data, "inline")) {
                    part.setDisposition(Disposition.INLINE);
                } else if (ByteString.startsWithIgnoreCase(data, "attachment")) {
                    part.setDisposition(Disposition.ATTACHMENT);
                } else {
                    part.setDisposition(Disposition.OTHER);
                }
            }
        }

        private void analyzeContentType(MessagePart part, String data) {
            if (ByteString.startsWithIgnoreCase(data, "text")) {
                part.setMediaType(MediaType.TEXT, subtype(data, 5,
                        new String[] {"plain", "html"}, new MediaSubtype[] {MediaSubtype.PLAIN, MediaSubtype.HTML}));
            } else if (ByteString.startsWithIgnoreCase(data, "application")) {
                part.setMediaType(MediaType.APPLICATION, subtype(data, 12,
                        new String[] {"dspam-signature"}, new MediaSubtype[] {MediaSubtype.DSPAM_SIGNATURE}));
            } else if (ByteString.startsWithIgnoreCase(data, "message")) {
                part.setMediaType(MediaType.MESSAGE, subtype(data, 8,
                        new String[] {"rfc822", "inoculation"}, new MediaSubtype[] {MediaSubtype.RFC822, MediaSubtype.INOCULATION}));
            } else if (ByteString.startsWithIgnoreCase(data, "multipart")) {
                part.setMediaType(MediaType.MULTIPART, subtype(data, 10,
                        new String[] {"mixed", "alternative", "signed", "encrypted"},
                        new MediaSubtype[] {MediaSubtype.MIXED, MediaSubtype.ALTERNATIVE, MediaSubtype.SIGNED, MediaSubtype.ENCRYPTED}));
                learnBoundary(part, extractBoundary(data));
            } else {
                part.setMediaType(MediaType.OTHER, MediaSubtype.OTHER);
            }
        }

        /** The subtype is read at a fixed offset after the type, whatever separates them. */
        private static MediaSubtype subtype(String data, int offset, String[] names, MediaSubtype[] values) {
            if (data.length() >= offset) {
                for (int i = 0; i < names.length; i++) {
                    if (ByteString.startsWithIgnoreCase(data, offset, names[i])) {
                        return values[i];
                    }
                }
            }
            return MediaSubtype.OTHER;
        }

        private static Encoding encodingOf(String data) {
            if (ByteString.startsWithIgnoreCase(data, "7bit")) {
                return Encoding.SEVEN_BIT;
            } else if (ByteString.startsWithIgnoreCase(data, "8bit")) {
                return Encoding.EIGHT_BIT;
            } else if (ByteString.startsWithIgnoreCase(data, "quoted-printable")) {
                return Encoding.QUOTED_PRINTABLE;
            } else if (ByteString.startsWithIgnoreCase(data, "base64")) {
                return Encoding.BASE64;
            } else if (ByteString.startsWithIgnoreCase(data, "binary")) {
                return Encoding.BINARY;
            }
            return Encoding.OTHER;
        }
    }

    /**
     * The boundary parameter of a Content-Type value: found after the first "boundary" (any case,
     * anywhere) and its '=', blanks and one opening quote skipped, cut at a blank, quote, ';' or
     * newline, at most 127 bytes. Null when there is no such parameter.
     */
    static String extractBoundary(String value) {
        int at = ByteString.indexOfIgnoreCase(value, "boundary", 0);
        if (at < 0) {
            return null;
        }
        int eq = value.indexOf('=', at);
        if (eq < 0) {
            return null;
        }
        int p = eq + 1;
        while (p < value.length() && ByteString.isSpace(value.charAt(p))) {
            p++;
        }
        if (p < value.length() && value.charAt(p) == '"') {
            p++;
        }
        // DSPAM cuts the value after the first token but copies from p itself, so delimiters
        // right at p stay part of the result.
        String delimiters = " \";\n\t";
        int tokenStart = p;
        while (tokenStart < value.length() && delimiters.indexOf(value.charAt(tokenStart)) >= 0) {
            tokenStart++;
        }
        if (tokenStart == value.length()) {
            return ByteString.truncate(value.substring(p), 127);
        }
        int end = tokenStart;
        while (end < value.length() && delimiters.indexOf(value.charAt(end)) < 0) {
            end++;
        }
        return ByteString.truncate(value.substring(p, end), 127);
    }

    /**
     * Decodes RFC 2047 encoded words in the headers of a finished part, as DSPAM does: the
     * charset is ignored, "B" words get base64's trailing newline, "Q" words are decoded as
     * quoted-printable (without turning '_' into a space), and, as in the last DSPAM tree, the
     * text after a decoded word is not kept. A header that had a word decoded takes the decoded,
     * unfolded value; its original text is kept for reassembly.
     */
    static void decodeHeaders(MessagePart part) {
        for (HeaderField header : part.headers()) {
            decodeHeader(header);
        }
    }

    private static void decodeHeader(HeaderField header) {
        String cd = header.concatenated();
        if (cd.indexOf("=?") < 0) {
            return;
        }
        for (int off = 0; off < cd.length(); off++) {
            if (!cd.startsWith("=?", off)) {
                continue;
            }
            boolean wasNull = false;
            if (header.originalData() == null) {
                header.setOriginalData(header.data());
                wasNull = true;
            }
            String[] words = strtok(cd.substring(off), '?', 4);
            String decoded = null;
            if (words[3] != null) {
                char kind = words[2].isEmpty() ? 0 : words[2].charAt(0);
                if (kind == 'b' || kind == 'B') {
                    decoded = TransferDecoding.base64(words[3]);
                } else if (kind == 'q' || kind == 'Q') {
                    decoded = TransferDecoding.quotedPrintable(words[3]);
                }
            }
            if (decoded == null) {
                // The tokenizing already cut the buffer after "=": nothing further is examined.
                cd = cd.substring(0, off + 1);
                if (wasNull) {
                    header.setOriginalData(null);
                }
                break;
            }
            cd = cd.substring(0, off) + decoded;
            off += decoded.length() - 1;
        }
        header.setConcatenated(cd);
        if (header.originalData() != null) {
            header.setData(cd);
        }
    }

    /** The first {@code count} tokens of {@code s} as C's strtok splits it at {@code delimiter}; missing ones are null. */
    private static String[] strtok(String s, char delimiter, int count) {
        String[] tokens = new String[count];
        int p = 0;
        for (int t = 0; t < count; t++) {
            while (p < s.length() && s.charAt(p) == delimiter) {
                p++;
            }
            if (p >= s.length()) {
                break;
            }
            int end = s.indexOf(delimiter, p);
            if (end < 0) {
                end = s.length();
            }
            tokens[t] = s.substring(p, end);
            p = end + 1;
        }
        return tokens;
    }
}
