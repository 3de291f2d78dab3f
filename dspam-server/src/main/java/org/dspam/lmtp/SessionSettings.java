package org.dspam.lmtp;

import java.util.Map;

import org.dspam.agent.AgentOptions;

/**
 * What a session needs to know of the configuration; a reload makes new settings for new
 * connections.
 *
 * @param mode {@code ServerMode}
 * @param ident {@code ServerIdent}, the first line of the LHLO reply
 * @param version the version in the greeting
 * @param passwords {@code ServerPass.<ident>} by ident (ignoring case)
 * @param standardOptions the parsed {@code ServerParameters}
 * @param standardNamesUsers whether {@code ServerParameters} has {@code --user}: then recipients
 *        are only delivery addresses
 * @param dlmtpArguments how DLMTP process modes are parsed and checked
 * @param advertiseXforward whether LMTP sessions offer XFORWARD (when reinjecting over SMTP/LMTP)
 * @param maxRecipients recipients accepted per transaction
 * @param maxMessageSize bytes accepted per message
 * @param stripRcptDomain {@code StripRcptDomain on}: the user is the local part
 * @param lowercaseUsers {@code Broken case}
 */
public record SessionSettings(ServerMode mode, String ident, String version, Map<String, String> passwords,
                              AgentOptions standardOptions, boolean standardNamesUsers,
                              AgentArguments dlmtpArguments, boolean advertiseXforward, int maxRecipients,
                              long maxMessageSize, boolean stripRcptDomain, boolean lowercaseUsers) {
}
