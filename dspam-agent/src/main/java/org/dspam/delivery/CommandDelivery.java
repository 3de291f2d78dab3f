package org.dspam.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.util.Locale;

import org.dspam.agent.log.AgentLog;

/**
 * Delivery through a local delivery agent (DSPAM's {@code TrustedDeliveryAgent},
 * {@code UntrustedDeliveryAgent}, {@code QuarantineAgent}): the command line is run by
 * {@code /bin/sh -c}, as DSPAM's {@code popen} does, with the message on its standard input; its
 * output goes where the agent's goes. Exit 0 is success; any other exit code is a temporary
 * failure (the MTA retries), or a permanent one with {@code LMTPLDAErrorsPermanent on}.
 */
public final class CommandDelivery {
    private final AgentLog log;
    private final boolean errorsPermanent;

    public CommandDelivery(AgentLog log, boolean errorsPermanent) {
        this.log = log;
        this.errorsPermanent = errorsPermanent;
    }

    /**
     * Builds the command line from DSPAM's space-separated argument template: {@code %u} (or
     * {@code $u}) becomes the user, {@code %r} the recipient (the user when there is none),
     * {@code %s} the sender (each also with a leading backslash); then every character other than
     * letters, digits and {@code +_-./@} is escaped with a backslash, except in an argument that
     * is exactly {@code ""}.
     */
    public static String commandLine(String template, String user, String recipient, String sender) {
        StringBuilder out = new StringBuilder();
        String[] args = template.split(" ", -1);
        for (int i = 0; i < args.length; i++) {
            String a = switch (args[i]) {
                case "$u", "\\$u", "%u", "\\%u" -> user;
                case "%r", "\\%r" -> recipient == null ? user : recipient;
                case "%s", "\\%s" -> sender;
                default -> args[i];
            };
            out.append(a.equals("\"\"") ? a : escape(a));
            if (i + 1 < args.length) {
                out.append(' ');
            }
        }
        return out.toString();
    }

    private static String escape(String a) {
        StringBuilder sb = new StringBuilder(a.length() + 8);
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "+_-./@".indexOf(c) >= 0;
            if (!plain) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Runs the command with the message (a byte string) on its input. */
    public DeliveryResult deliver(String commandLine, String message) {
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", commandLine)
                    .redirectOutput(Redirect.INHERIT)
                    .redirectError(Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            log.error("Error opening pipe to delivery agent: " + commandLine + ": " + e.getMessage());
            return DeliveryResult.temporary("Error opening pipe to delivery agent");
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(org.dspam.util.ByteString.bytes(message));
        } catch (IOException e) {
            // The agent stopped reading; its exit status tells what happened.
        }
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            return DeliveryResult.temporary("Interrupted while waiting for the delivery agent");
        }
        if (code == 0) {
            return DeliveryResult.OK;
        }
        String text = String.format(Locale.ROOT, "Delivery agent returned exit code %d: %s", code, commandLine);
        log.error(text);
        return errorsPermanent ? DeliveryResult.permanent(text) : DeliveryResult.temporary(text);
    }
}
