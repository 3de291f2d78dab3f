package org.dspam.agent;

import java.util.List;

import org.dspam.config.DspamConfig;
import org.dspam.engine.OperatingMode;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.message.RawMessage;

/**
 * DSPAM's {@code read_stdin}: the message as the agent reads it, and what its headers change.
 * With {@code ParseToHeaders on}, a {@code To:} header naming {@code spam-<user>@...} or
 * {@code notspam-<user>@...} turns the run into a correction ({@code ChangeModeOnParse}) for that
 * user ({@code ChangeUserOnParse on|user|full}); an {@code X-DSPAM-User:} header names the user for
 * a false positive. Only the header block is read for these, and only trusted callers may change
 * the user this way.
 */
public final class MessageInput {
    /**
     * @param options the request, adjusted by the message's headers
     * @param message the message text (a byte string), or null when it was empty
     */
    public record Read(AgentOptions options, String message) {
    }

    private MessageInput() {
    }

    public static Read read(byte[] input, AgentOptions o, DspamConfig config, boolean trusted) {
        StringBuilder msg = new StringBuilder();
        if (config.matches("DataSource", "document")) {
            msg.append(": \n\n");
        }
        if (o.signature() == null || o.signature().isEmpty()) {
            msg.append(RawMessage.read(input, config.matches("Broken", "lineStripping")));
        }
        if (msg.isEmpty()) {
            if (o.signature() != null && !o.signature().isEmpty()) {
                msg.append("\n\n");
            } else {
                return new Read(o, null);
            }
        }
        String text = msg.toString();
        AgentOptions adjusted = o;
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            String line = nl < 0 ? text.substring(pos) : text.substring(pos, nl);
            if (line.isEmpty() || line.equals("\r")) {
                break;
            }
            if (config.isOn("ParseToHeaders") && line.regionMatches(true, 0, "To: ", 0, 4)) {
                adjusted = parseTo(line.substring(3), adjusted, config, trusted);
            }
            if (trusted && line.regionMatches(true, 0, "X-DSPAM-User: ", 0, 14)
                    && adjusted.operatingMode() == OperatingMode.PROCESS
                    && adjusted.classification() == MessageClass.INNOCENT && adjusted.source() == Source.ERROR) {
                adjusted = adjusted.withUsers(List.of(line.substring(14).strip()));
            }
            pos = nl < 0 ? text.length() : nl + 1;
        }
        return new Read(adjusted, text);
    }

    private static AgentOptions parseTo(String value, AgentOptions o, DspamConfig config, boolean trusted) {
        String rest = null;
        MessageClass found = null;
        int x = indexOfAlias(value, "spam-");
        if (x >= 0) {
            rest = value.substring(x + 6);
            found = MessageClass.SPAM;
        } else {
            x = indexOfAlias(value, "notspam-");
            if (x >= 0) {
                rest = value.substring(x + 9);
                found = MessageClass.INNOCENT;
            }
        }
        if (rest == null) {
            return o;
        }
        AgentOptions out = o;
        if (config.isOn("ChangeModeOnParse")) {
            out = out.withTraining(found, Source.ERROR);
        }
        boolean full = config.matches("ChangeUserOnParse", "full");
        if (trusted && (config.isOn("ChangeUserOnParse") || full || config.matches("ChangeUserOnParse", "user"))) {
            String user = null;
            if (full) {
                user = firstToken(rest, ">, \t\r\n");
            } else if (value.substring(x).contains("@")) {
                user = firstToken(rest, "@");
            }
            if (user != null) {
                out = out.withUsers(List.of(user));
            }
        }
        return out;
    }

    /** The position of {@code <alias}, {@code  alias}, tab, comma or colon before it, as DSPAM looks for them. */
    private static int indexOfAlias(String value, String alias) {
        for (char lead : new char[] {'<', ' ', '\t', ',', ':'}) {
            int i = value.indexOf(lead + alias);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String firstToken(String s, String delimiters) {
        int start = 0;
        while (start < s.length() && delimiters.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        int end = start;
        while (end < s.length() && delimiters.indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return end > start ? s.substring(start, end) : null;
    }
}
