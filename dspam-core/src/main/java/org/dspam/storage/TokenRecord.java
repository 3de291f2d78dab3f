package org.dspam.storage;

/**
 * One stored token, as the tools see it.
 *
 * @param key the token id (CRC-64)
 * @param spamHits spam occurrences
 * @param innocentHits innocent occurrences
 * @param lastHitEpochDay day of the last update, or -1 when the driver does not record it (hash files)
 */
public record TokenRecord(long key, long spamHits, long innocentHits, long lastHitEpochDay) {
}
