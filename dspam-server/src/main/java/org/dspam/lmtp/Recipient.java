package org.dspam.lmtp;

/**
 * One accepted {@code RCPT TO}.
 *
 * @param address the address as given (the reply names it)
 * @param user the user it is processed as ({@code StripRcptDomain} drops the domain,
 *        {@code Broken case} lowercases it)
 */
public record Recipient(String address, String user) {
}
