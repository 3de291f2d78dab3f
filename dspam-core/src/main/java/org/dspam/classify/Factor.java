package org.dspam.classify;

/**
 * A token that took part in the deciding calculation, with the value it contributed
 * ({@code X-DSPAM-Factors}).
 *
 * @param name the token text (a byte string)
 * @param value its probability, in DSPAM's single precision
 */
public record Factor(String name, float value) {
}
