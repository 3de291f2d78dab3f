package org.dspam.lmtp;

import java.util.List;

import org.dspam.agent.AgentOptions;

/**
 * Parses and checks the agent arguments a transaction runs with ({@code ServerParameters}, or a
 * DLMTP client's {@code DSPAMPROCESSMODE}) when the transaction begins, so a bad argument is
 * refused at {@code MAIL FROM}, not after the message was sent.
 */
@FunctionalInterface
public interface AgentArguments {
    /** @throws org.dspam.agent.AgentException with DSPAM's reason when the arguments are refused */
    AgentOptions parse(List<String> args);
}
