package org.dspam.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dspam.config.DspamConfig;
import org.dspam.engine.Features;
import org.dspam.engine.OperatingMode;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;

/**
 * DSPAM's command line, with its rules: {@code --user} and {@code --rcpt-to} take every following
 * argument up to the next one that starts with {@code -} (or is empty, or is {@code --}, which is
 * then dropped); {@code --name=value} options; and every argument it does not know is kept, in
 * order, as an argument for the delivery agent (only for trusted callers; others' are dropped).
 * Errors throw {@link AgentException} with DSPAM's log text.
 */
public final class ArgumentParser {
    /** The one-line syntax {@code --help} prints. */
    public static final String SYNTAX = "Syntax: dspam [--help|--version|[--client|--daemon [--nofork]] [--debug] "
            + "--mode=[toe|tum|teft|notrain|unlearn] --user [user1 user2 ... userN] [--feature=[no,wh,tb=N]] "
            + "[--class=[spam|innocent]] [--source=[error|corpus|inoculation]] [--profile=[PROFILE]] "
            + "[--deliver=[spam,[innocent|nonspam],summary,stdout]] [--process|--classify] [--stdout] "
            + "[--mail-from=sender-address] [--rcpt-to recipient-address(es)] [--signature=DSPAM-Signature] "
            + "[passthru-arguments]]";

    /** DSPAM's limit on a user or recipient argument (longer ones are ignored). */
    static final int MAX_USERNAME_LENGTH = 1024;

    private final DspamConfig config;
    private final Caller caller;
    private final boolean trusted;

    public ArgumentParser(DspamConfig config, Caller caller) {
        this.config = config;
        this.caller = caller;
        this.trusted = caller.isTrusted(config);
    }

    public boolean trusted() {
        return trusted;
    }

    public AgentOptions parse(List<String> args) {
        List<String> users = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        if (!trusted) {
            // An untrusted caller is always processed as themselves.
            users.add(caller.name());
        }
        List<String> warnings = new ArrayList<>();
        StringBuilder passThrough = new StringBuilder();
        OperatingMode operatingMode = OperatingMode.PROCESS;
        TrainingMode mode = null;
        boolean unlearn = false;
        MessageClass classification = null;
        Source source = null;
        Features features = null;
        boolean deliverInnocent = false;
        boolean deliverSpam = false;
        boolean stdout = false;
        boolean summary = false;
        String mailFrom = "";
        String signature = null;
        String profile = null;
        boolean debug = false;
        boolean client = false;
        boolean daemon = false;
        boolean fork = true;
        boolean help = false;
        boolean version = false;
        boolean inUsers = false;
        boolean inRecipients = false;
        boolean lowercase = config.matches("Broken", "case");

        for (String arg : args) {
            if ((inUsers || inRecipients) && (arg.startsWith("-") || arg.isEmpty())) {
                inUsers = false;
                inRecipients = false;
                if (arg.equals("--")) {
                    continue;
                }
            }
            if (arg.equals("--user")) {
                inUsers = true;
                continue;
            }
            if (arg.equals("--rcpt-to")) {
                inRecipients = true;
                continue;
            }
            if (arg.equals("--debug")) {
                debug = true;
                continue;
            }
            if (arg.equals("--client")) {
                client = true;
                continue;
            }
            if (arg.equals("--daemon")) {
                if (trusted) {
                    daemon = true;
                    continue;
                }
            } else if (arg.equals("--nofork")) {
                fork = false;
                continue;
            } else if (arg.startsWith("--mode=")) {
                String value = value(arg);
                if (value.equals("unlearn")) {
                    mode = TrainingMode.TEFT;
                    unlearn = true;
                } else {
                    mode = parseMode(value);
                }
                continue;
            }
            if (inRecipients) {
                if (arg.length() < MAX_USERNAME_LENGTH) {
                    String rcpt = lowercase ? arg.toLowerCase(Locale.ROOT) : arg;
                    if (!trusted && !rcpt.equals(caller.name())) {
                        throw notTrusted("--user");
                    }
                    if (trusted) {
                        if (!validAddress(rcpt)) {
                            throw new AgentException("Invalid email address: " + rcpt, AgentException.INIT_FAILED);
                        }
                        recipients.add(rcpt);
                    }
                }
                continue;
            }
            if (inUsers) {
                if (arg.length() < MAX_USERNAME_LENGTH) {
                    if (arg.contains("../") || arg.contains("..\\")) {
                        throw new AgentException("Illegal username ('../' or '..\\' not allowed in username)",
                                AgentException.INIT_FAILED);
                    }
                    String user = lowercase ? arg.toLowerCase(Locale.ROOT) : arg;
                    if (!trusted && !user.equals(caller.name())) {
                        throw notTrusted("--user");
                    }
                    if (trusted) {
                        users.add(user);
                    }
                }
                continue;
            }
            if (arg.startsWith("--mail-from=")) {
                mailFrom = value(arg);
            } else if (arg.startsWith("--profile=")) {
                if (!trusted) {
                    throw notTrusted("--profile");
                }
                profile = value(arg);
                if (!config.matches("Profile", profile)) {
                    throw new AgentException("No such profile '" + profile + "'", AgentException.INIT_FAILED);
                }
            } else if (arg.startsWith("--signature=")) {
                signature = value(arg);
            } else if (arg.startsWith("--class=")) {
                try {
                    classification = MessageClass.parse(value(arg), config.get("ClassAliasSpam").orElse(null),
                            config.get("ClassAliasNonspam").orElse(null));
                } catch (IllegalArgumentException e) {
                    throw new AgentException(e.getMessage(), AgentException.INIT_FAILED);
                }
            } else if (arg.startsWith("--source=")) {
                try {
                    source = Source.parse(value(arg));
                } catch (IllegalArgumentException e) {
                    throw new AgentException(e.getMessage(), AgentException.INIT_FAILED);
                }
            } else if (arg.equals("--classify")) {
                operatingMode = OperatingMode.CLASSIFY;
            } else if (arg.equals("--process")) {
                operatingMode = OperatingMode.PROCESS;
            } else if (arg.startsWith("--deliver=")) {
                for (String item : value(arg).split(",")) {
                    switch (item) {
                        case "" -> { }
                        case "stdout" -> {
                            deliverSpam = true;
                            deliverInnocent = true;
                            stdout = true;
                        }
                        case "spam" -> deliverSpam = true;
                        case "innocent", "nonspam" -> deliverInnocent = true;
                        case "summary" -> summary = true;
                        default -> throw new AgentException("No such delivery option '" + item + "'",
                                AgentException.INIT_FAILED);
                    }
                }
            } else if (arg.startsWith("--feature=")) {
                features = (features == null ? Features.NONE : features).with(value(arg), warnings::add);
            } else if (arg.equals("--stdout")) {
                stdout = true;
            } else if (arg.equals("--help")) {
                help = true;
                break;
            } else if (arg.equals("--version")) {
                version = true;
                break;
            } else if (trusted) {
                // Everything else is for the delivery agent, as DSPAM keeps it (an empty one as "").
                passThrough.append(arg.isEmpty() ? "\"\"" : arg).append(' ');
            }
        }
        return new AgentOptions(users, recipients, operatingMode, mode, unlearn, classification, source, features,
                deliverInnocent, deliverSpam, stdout, summary, mailFrom, signature, profile, passThrough.toString(),
                debug, client, daemon, fork, help, version, warnings);
    }

    private AgentException notTrusted(String option) {
        String text = option.equals("--user")
                ? "Option --user requires special privileges when user does not match current user, e.g.. root or "
                  + "Trusted User [uid=" + caller.uid() + "(" + caller.name() + ")]"
                : "Option " + option + " requires special privileges; e.g.. root or Trusted User [uid="
                  + caller.uid() + "(" + caller.name() + ")]";
        return new AgentException(text, AgentException.INIT_FAILED);
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    static TrainingMode parseMode(String value) {
        for (TrainingMode m : TrainingMode.values()) {
            if (m.spelling().equals(value)) {
                return m;
            }
        }
        throw new AgentException("Invalid training mode '" + value + "' specified", AgentException.INIT_FAILED);
    }

    /** DSPAM's address check for {@code --rcpt-to}: no characters that could break out of a delivery command line. */
    static boolean validAddress(String address) {
        if (address.isEmpty()) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x21 || c > 0x7e || "\"'`\\;|&$<>()[]{}*?!".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * DSPAM's {@code check_configuration}: a class needs a source (except when unlearning), a source
     * needs a class, classify takes no class, and there must be a user unless the To: header may
     * name one ({@code ParseToHeaders}).
     */
    public void check(AgentOptions o) {
        if (o.classification() != null && o.classifyOnly()) {
            throw new AgentException("Classify mode may not specify a class", AgentException.MISCONFIGURED);
        }
        if (o.classification() != null && o.source() == null && !o.unlearn()) {
            throw new AgentException("No source was specified for this class", AgentException.MISCONFIGURED);
        }
        if (o.source() != null && o.classification() == null) {
            throw new AgentException("No class was specified for this source", AgentException.MISCONFIGURED);
        }
        if (!config.isOn("ParseToHeaders") && o.users().isEmpty()) {
            throw new AgentException("Unable to determine the destination user", AgentException.MISCONFIGURED);
        }
    }
}
