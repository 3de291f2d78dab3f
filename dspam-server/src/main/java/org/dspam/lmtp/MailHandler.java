package org.dspam.lmtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dspam.agent.AgentException;
import org.dspam.agent.AgentOptions;

/**
 * {@code MAIL FROM:<sender>} starts a transaction. Over DLMTP the address is {@code <pass@ident>}
 * with the password of {@code ServerPass.<ident>}, and {@code DSPAMPROCESSMODE="..."} carries the
 * agent arguments (a quote inside written {@code \"}), which are checked here: DSPAM reported a
 * bad one only after the message.
 */
final class MailHandler implements CommandHandler {
    private static final String PROCESS_MODE = "DSPAMPROCESSMODE=\"";

    @Override
    public List<String> verbs() {
        return List.of("MAIL");
    }

    @Override
    public void handle(LmtpSession session, String line) {
        if (session.state() != LmtpSession.State.READY || !line.regionMatches(true, 0, "MAIL FROM", 0, 9)) {
            session.unexpected();
            return;
        }
        if (session.dlmtp()) {
            authenticated(session, line);
        } else {
            standard(session, line);
        }
    }

    private static void standard(LmtpSession session, String line) {
        if (session.settings().standardOptions() == null) {
            // ServerMode auto without usable ServerParameters: plain LMTP cannot be served.
            session.reply(Reply.INIT_FAILED);
            return;
        }
        String sender = LmtpSession.address(line);
        long size = declaredSize(line);
        if (size > session.settings().maxMessageSize()) {
            session.reply(Reply.SIZE_EXCEEDED);
            return;
        }
        session.startTransaction(sender == null ? "" : sender, session.settings().standardOptions());
        session.declaredSize(Math.max(size, 0));
        session.reply(Reply.OK_MAIL);
    }

    private static void authenticated(LmtpSession session, String line) {
        String id = LmtpSession.address(line);
        int at = id == null ? -1 : id.indexOf('@');
        if (at <= 0 || at == id.length() - 1) {
            session.authenticationFailed();
            return;
        }
        String pass = id.substring(0, at);
        String ident = id.substring(at + 1);
        int second = ident.indexOf('@');
        if (second >= 0) {
            ident = ident.substring(0, second);
        }
        String expected = session.settings().passwords().get(ident);
        if (expected == null || !expected.equals(pass)) {
            session.authenticationFailed();
            return;
        }
        AgentOptions options;
        try {
            options = session.settings().dlmtpArguments().parse(processMode(line));
        } catch (AgentException e) {
            session.reply(AgentException.MISCONFIGURED.equals(e.summary()) ? Reply.MISCONFIGURED : Reply.INIT_FAILED);
            return;
        }
        session.startTransaction("", options);
        session.reply(Reply.OK_MAIL);
    }

    /** The agent arguments in {@code DSPAMPROCESSMODE="..."}, split at spaces as DSPAM splits them. */
    static List<String> processMode(String line) {
        List<String> args = new ArrayList<>();
        int start = line.indexOf(PROCESS_MODE);
        if (start < 0) {
            return args;
        }
        StringBuilder mode = new StringBuilder();
        for (int i = start + PROCESS_MODE.length(); i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                mode.append('"');
                i++;
            } else if (c == '"') {
                break;
            } else {
                mode.append(c);
            }
        }
        for (String arg : mode.toString().split(" ")) {
            if (!arg.isEmpty()) {
                args.add(arg);
            }
        }
        return args;
    }

    /** The {@code SIZE=n} parameter after the address, or -1. */
    static long declaredSize(String line) {
        int close = line.indexOf('>');
        String params = (close < 0 ? line : line.substring(close + 1)).toUpperCase(Locale.ROOT);
        for (String p : params.trim().split(" +")) {
            if (p.startsWith("SIZE=")) {
                try {
                    return Long.parseLong(p.substring(5));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
