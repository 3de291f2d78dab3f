package org.dspam.storage;

/**
 * A stored signature's id and when it was written.
 *
 * @param id the signature id as DSPAM prints it
 * @param createdEpochDay the day it was stored
 */
public record SignatureInfo(String id, long createdEpochDay) {
}
