package org.dspam.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dspam.classify.Factor;
import org.dspam.message.HeaderField;
import org.dspam.message.Message;
import org.dspam.message.MessagePart;
import org.dspam.message.MessagePart.MediaSubtype;
import org.dspam.message.MessagePart.MediaType;
import org.dspam.util.ByteString;
import org.dspam.util.CFormat;

/**
 * What the agent writes into a message: the {@code X-DSPAM-*} headers after the last top-level
 * header, the subject tag, the {@code msgtag} templates and the {@code !DSPAM:id!} body tag, in
 * DSPAM's formats and places.
 */
final class MessageMarks {
    static final String TAG_BEGIN = "!DSPAM:";
    static final String TAG_END = "!";
    /** DSPAM builds the factor header in a 10 KB buffer. */
    private static final int MAX_HEADER = 10239;

    private MessageMarks() {
    }

    /** The values the headers report. */
    record Report(String className, boolean spam, float probability, float confidence, List<Factor> factors,
                  String signature, String processedTime, boolean reclassified, boolean newMail,
                  boolean improbability, boolean showSignature, String user, boolean showFactors) {
    }

    static void addHeaders(Message message, Report r) {
        MessagePart top = message.top();
        add(top, (r.reclassified() ? "X-DSPAM-Reclassified: " : "X-DSPAM-Result: ") + r.className());
        if (r.newMail()) {
            add(top, "X-DSPAM-Processed: " + r.processedTime());
        }
        if (r.reclassified()) {
            return;
        }
        add(top, "X-DSPAM-Confidence: " + CFormat.fixed(r.confidence(), 4));
        if (r.improbability()) {
            float p = r.confidence();
            if (p > 0.999999f) {
                p = 0.999999f;
            }
            float odds = 100 * (p / (1 - p));
            add(top, "X-DSPAM-Improbability: 1 in " + CFormat.fixed(1.0 + odds, 0) + " chance of being "
                    + (r.spam() ? "ham" : "spam"));
        }
        add(top, "X-DSPAM-Probability: " + CFormat.fixed(r.probability(), 4));
        if (r.showSignature() && r.signature() != null && !r.signature().isEmpty()) {
            add(top, "X-DSPAM-Signature: " + r.signature());
        }
        if (r.spam() && r.user() != null) {
            add(top, "X-DSPAM-User: " + r.user());
        }
        if (r.showFactors() && r.factors() != null) {
            add(top, factors(r.factors()));
        }
    }

    static String factors(List<Factor> factors) {
        StringBuilder data = new StringBuilder("X-DSPAM-Factors: ").append(factors.size());
        for (Factor f : factors) {
            data.append(",\n\t");
            StringBuilder name = new StringBuilder();
            String token = f.name();
            for (int i = 0; i < token.length() && name.length() < 128 - 16; i++) {
                char c = token.charAt(i);
                if (c >= ' ' && c < 0x7f && c != '%') {
                    name.append(c);
                } else {
                    name.append(String.format(Locale.ROOT, "%%%02x", c & 0xff));
                }
            }
            data.append(name).append(", ").append(CFormat.fixed(f.value(), 5));
        }
        return data.length() > MAX_HEADER ? data.substring(0, MAX_HEADER) : data.toString();
    }

    private static void add(MessagePart part, String line) {
        part.addHeader(HeaderField.parse(line));
    }

    /** {@code spamAction=tag}: prefix the top-level subject(s) with the tag, or add a subject. */
    static void tagSubject(Message message, String spamSubject) {
        String tag = "[SPAM]";
        if (!spamSubject.isEmpty() && spamSubject.charAt(0) != '\n') {
            tag = ByteString.truncate(spamSubject, 15);
        }
        boolean tagged = false;
        for (HeaderField h : message.top().headers()) {
            if (h.is("Subject")) {
                if (!h.data().startsWith(tag)) {
                    h.setData(tag + " " + h.data());
                }
                if (h.originalData() != null && !h.originalData().startsWith(tag)) {
                    h.setOriginalData(tag + " " + h.originalData());
                }
                tagged = true;
            }
        }
        if (!tagged) {
            add(message.top(), ByteString.truncate("Subject: " + tag, 79));
        }
    }

    /** The parts that receive a body tag or template: text parts and a simple body, not attachments. */
    private static List<MessagePart> taggable(Message message) {
        List<MessagePart> out = new ArrayList<>();
        MessagePart top = message.top();
        boolean multipartTop = top.mediaType() == MediaType.MULTIPART && top.terminatingBoundary() != null;
        int i = 0;
        for (MessagePart part : message.parts()) {
            boolean text = part.mediaType() == MediaType.TEXT
                    || (part.boundary() == null && i == 0 && part.mediaType() != MediaType.MULTIPART);
            if (text && (!multipartTop || !part.body().isEmpty()) && !part.isAttachment()) {
                out.add(part);
            }
            i++;
        }
        return out;
    }

    /** Inserts {@code text} at the end of a part, or before the closing tags of an HTML part. */
    private static void insert(MessagePart part, String text, String afterClose) {
        String body = part.body();
        int close = -1;
        if (part.mediaSubtype() == MediaSubtype.HTML) {
            close = ByteString.indexOfIgnoreCase(body, "</body", 0);
            if (close < 0) {
                close = ByteString.indexOfIgnoreCase(body, "</html", 0);
            }
        }
        if (close < 0) {
            part.setBody(body + text);
        } else {
            part.setBody(body.substring(0, close) + text + body.substring(close) + afterClose);
        }
    }

    /** {@code tagSpam} / {@code tagNonspam}: the template text into each text part. */
    static void embedTemplate(Message message, String template) {
        for (MessagePart part : taggable(message)) {
            insert(part, "\n" + template, "");
        }
    }

    /** The {@code !DSPAM:id!} tag into each text part; a signed message gets it in a part of its own. */
    static void embedSignature(Message message, String signature, long pid) {
        if (message.top().mediaSubtype() == MediaSubtype.SIGNED) {
            embedSigned(message, signature, pid);
            return;
        }
        for (MessagePart part : taggable(message)) {
            insert(part, "\n" + TAG_BEGIN + signature + TAG_END + "\n\n", "\n\n");
        }
    }

    /**
     * DSPAM's handling of multipart/signed: the signed content becomes the first part of a new
     * multipart/mixed message whose last part carries the tag, so the signature stays valid.
     */
    private static void embedSigned(Message message, String signature, long pid) {
        MessagePart top = message.top();
        String boundary = "DSPAM_MULTIPART_EX-" + pid;
        MessagePart signed = new MessagePart();
        signed.setTerminatingBoundary(top.terminatingBoundary());
        signed.setEncoding(top.encoding());
        signed.setMediaType(top.mediaType(), top.mediaSubtype());
        for (HeaderField h : new ArrayList<>(top.headers())) {
            if (h.is("Content-Type") || h.is("Content-Disposition")) {
                top.removeHeader(h);
                signed.addHeader(h);
            }
        }
        top.setTerminatingBoundary(boundary);
        top.setMediaType(MediaType.MULTIPART, MediaSubtype.MIXED);
        top.addHeader(HeaderField.parse("Content-Type: multipart/mixed; boundary=" + boundary));
        message.insertPart(1, signed);
        if (message.parts().size() > 1) {
            message.removePart(message.parts().size() - 1);
        }
        MessagePart delimiter = new MessagePart();
        delimiter.setTerminatingBoundary(boundary);
        message.insertPart(message.parts().size(), delimiter);
        MessagePart tag = new MessagePart();
        tag.addHeader(HeaderField.parse("Content-Type: text/plain"));
        tag.addHeader(HeaderField.parse("X-DSPAM-Signature: " + signature));
        tag.setBody(TAG_BEGIN + signature + TAG_END + "\n");
        tag.setTerminatingBoundary(boundary + "--\n\n");
        message.insertPart(message.parts().size(), tag);
    }
}
