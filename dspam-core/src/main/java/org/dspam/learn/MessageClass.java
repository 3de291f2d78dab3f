package org.dspam.learn;

/** The class a message is trained as ({@code --class=}). */
public enum MessageClass {
    SPAM("spam"),
    INNOCENT("innocent");

    private final String spelling;

    MessageClass(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public boolean isSpam() {
        return this == SPAM;
    }

    /** Parses a class: {@code spam}, {@code innocent} or {@code nonspam}, plus configured aliases. */
    public static MessageClass parse(String value, String spamAlias, String nonspamAlias) {
        if (value.equals("spam") || value.equals(spamAlias)) {
            return SPAM;
        }
        if (value.equals("innocent") || value.equals("nonspam") || value.equals(nonspamAlias)) {
            return INNOCENT;
        }
        throw new IllegalArgumentException("No such class '" + value + "'");
    }
}
