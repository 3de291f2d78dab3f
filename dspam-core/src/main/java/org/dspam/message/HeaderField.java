package org.dspam.message;

/**
 * One header of a message part, as DSPAM keeps it.
 *
 * <p>{@code data} is the value with leading blanks removed; folded continuation lines are kept
 * as {@code "\n" + raw line}. {@code concatenated} is the unfolded value (continuation lines
 * without their leading whitespace), which is what RFC 2047 decoding works on. When an encoded
 * word was decoded, {@code data} becomes the decoded, unfolded value and {@code originalData} keeps
 * what the message really said (used when the message is reassembled for delivery).
 */
public final class HeaderField {
    private final String heading;
    private String data;
    private String originalData;
    private String concatenated;

    HeaderField(String heading, String data) {
        this.heading = heading;
        this.data = data;
        this.concatenated = data;
    }

    /**
     * Parses a header line the way DSPAM does: the heading is everything before the first colon,
     * the value everything after it with leading spaces and tabs removed; a line without a colon
     * becomes a heading with an empty value.
     */
    public static HeaderField parse(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return new HeaderField(line, "");
        }
        int start = colon + 1;
        while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        return new HeaderField(line.substring(0, colon), line.substring(start));
    }

    public String heading() {
        return heading;
    }

    public String data() {
        return data;
    }

    public String originalData() {
        return originalData;
    }

    /** The value as it should be written back into the message. */
    public String deliveredData() {
        return originalData != null ? originalData : data;
    }

    public void setData(String data) {
        this.data = data;
    }

    public void setOriginalData(String originalData) {
        this.originalData = originalData;
    }

    public boolean is(String name) {
        return heading.equalsIgnoreCase(name);
    }

    void appendContinuation(String line) {
        data = data + "\n" + line;
        int i = 0;
        while (i < line.length() && org.dspam.util.ByteString.isSpace(line.charAt(i))) {
            i++;
        }
        concatenated = concatenated + line.substring(i);
        if (originalData != null) {
            originalData = originalData + "\n" + line;
        }
    }

    String concatenated() {
        return concatenated;
    }

    void setConcatenated(String concatenated) {
        this.concatenated = concatenated;
    }
}
