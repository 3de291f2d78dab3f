package org.dspam.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A message split into DSPAM's components: the first holds the top-level headers and the body
 * up to the first boundary, each further one a part that began at a boundary line.
 */
public final class Message {
    private final List<MessagePart> parts;

    Message(List<MessagePart> parts) {
        this.parts = parts;
    }

    public List<MessagePart> parts() {
        return Collections.unmodifiableList(parts);
    }

    public MessagePart top() {
        return parts.get(0);
    }

    /** First value of a top-level header (case-insensitive name), or null. */
    public String header(String name) {
        HeaderField h = top().header(name);
        return h == null ? null : h.data();
    }

    public void insertPart(int index, MessagePart part) {
        parts.add(index, part);
    }

    public void removePart(int index) {
        parts.remove(index);
    }

    static Message of(List<MessagePart> parts) {
        return new Message(new ArrayList<>(parts));
    }
}
