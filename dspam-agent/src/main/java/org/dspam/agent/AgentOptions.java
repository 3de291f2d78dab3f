package org.dspam.agent;

import java.util.List;

import org.dspam.engine.Features;
import org.dspam.engine.OperatingMode;
import org.dspam.learn.MessageClass;
import org.dspam.learn.Source;
import org.dspam.learn.TrainingMode;

/**
 * What one {@code dspam} invocation (or one daemon transaction) asks for: DSPAM's agent context
 * after the command line. Built by {@link ArgumentParser}; the daemon fills in users, recipients
 * and sender from the LMTP envelope with the {@code with...} methods.
 *
 * @param users the users to process as, in order
 * @param recipients the {@code --rcpt-to} addresses, paired with users for delivery (empty if none)
 * @param operatingMode process or classify
 * @param trainingMode the {@code --mode} given (fixes the training mode), or null
 * @param unlearn {@code --mode=unlearn}
 * @param classification {@code --class}, or null
 * @param source {@code --source}, or null
 * @param features the {@code --feature} values, or null when none was given
 * @param deliverInnocent {@code --deliver=innocent}
 * @param deliverSpam {@code --deliver=spam}
 * @param stdout {@code --stdout} (or {@code --deliver=stdout})
 * @param summary {@code --deliver=summary}
 * @param mailFrom {@code --mail-from} (the sender), "" when not given
 * @param signature {@code --signature}, or null
 * @param profile {@code --profile}, or null
 * @param passThrough the delivery agent arguments, each followed by a space, as DSPAM collects them
 * @param debug {@code --debug}
 * @param client {@code --client}
 * @param daemon {@code --daemon}
 * @param fork false for {@code --nofork}
 * @param help {@code --help}
 * @param version {@code --version}
 * @param warnings problems that DSPAM logs and goes on with (bad {@code --feature} values)
 */
public record AgentOptions(List<String> users, List<String> recipients, OperatingMode operatingMode,
                           TrainingMode trainingMode, boolean unlearn, MessageClass classification, Source source,
                           Features features, boolean deliverInnocent, boolean deliverSpam, boolean stdout,
                           boolean summary, String mailFrom, String signature, String profile, String passThrough,
                           boolean debug, boolean client, boolean daemon, boolean fork, boolean help, boolean version,
                           List<String> warnings) {
    public AgentOptions {
        users = List.copyOf(users);
        recipients = List.copyOf(recipients);
        warnings = List.copyOf(warnings);
        mailFrom = mailFrom == null ? "" : mailFrom;
        passThrough = passThrough == null ? "" : passThrough;
    }

    public boolean classifyOnly() {
        return operatingMode == OperatingMode.CLASSIFY;
    }

    public AgentOptions withUsers(List<String> newUsers) {
        return new AgentOptions(newUsers, recipients, operatingMode, trainingMode, unlearn, classification, source,
                features, deliverInnocent, deliverSpam, stdout, summary, mailFrom, signature, profile, passThrough,
                debug, client, daemon, fork, help, version, warnings);
    }

    public AgentOptions withRecipients(List<String> newRecipients) {
        return new AgentOptions(users, newRecipients, operatingMode, trainingMode, unlearn, classification, source,
                features, deliverInnocent, deliverSpam, stdout, summary, mailFrom, signature, profile, passThrough,
                debug, client, daemon, fork, help, version, warnings);
    }

    public AgentOptions withMailFrom(String sender) {
        return new AgentOptions(users, recipients, operatingMode, trainingMode, unlearn, classification, source,
                features, deliverInnocent, deliverSpam, stdout, summary, sender, signature, profile, passThrough,
                debug, client, daemon, fork, help, version, warnings);
    }

    /** A correction or training instruction ({@code --class} with {@code --source}), as a parse of a To: header sets it. */
    public AgentOptions withTraining(MessageClass newClass, Source newSource) {
        return new AgentOptions(users, recipients, operatingMode, trainingMode, unlearn, newClass, newSource,
                features, deliverInnocent, deliverSpam, stdout, summary, mailFrom, signature, profile, passThrough,
                debug, client, daemon, fork, help, version, warnings);
    }

    /** The same request for relearning after a failed delivery: unlearn what was learned ({@code OnFail unlearn}). */
    AgentOptions forUnlearning(MessageClass learnedAs) {
        return new AgentOptions(users, recipients, OperatingMode.PROCESS, trainingMode, true, learnedAs, Source.ERROR,
                features, deliverInnocent, deliverSpam, stdout, summary, mailFrom, signature, profile, passThrough,
                debug, client, daemon, fork, help, version, warnings);
    }
}
