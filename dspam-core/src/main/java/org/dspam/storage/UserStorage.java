package org.dspam.storage;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One user's data, open for the duration of one message (or one tool run). Drivers guarantee
 * that between {@link StorageDriver#open} and {@link #close()} no other writer changes this user
 * in a way that loses an update: the hash driver holds the user's lock, the SQL drivers apply
 * relative updates.
 *
 * <p>A user that does not exist reads as empty (zero totals, 0/0 for every token) and is
 * created by the first {@link #commit} or {@link #storeSignature}, never by reading.
 */
public interface UserStorage extends AutoCloseable {
    String user();

    /** Whether anything is stored for this user yet. */
    boolean exists();

    /** The totals as stored when this session began, plus this session's commits. */
    Totals totals();

    /**
     * Looks up a batch of tokens: fills {@code spam[i]} and {@code innocent[i]} with the stored
     * counts of {@code keys[i]}, 0/0 for unknown tokens.
     */
    void fetch(long[] keys, int count, long[] spam, long[] innocent);

    /**
     * Applies one message's learning as a unit: token deltas and a totals delta (totals are
     * stored as {@link Totals#storable()}).
     */
    void commit(TokenChanges changes, Totals totalsDelta);

    Optional<byte[]> signature(String id);

    void storeSignature(String id, byte[] data);

    boolean hasSignature(String id);

    /**
     * Stores a signature under an id not yet taken: false, and nothing stored, when it is taken. This default
     * looks, then stores; a driver that can do both in one step overrides it.
     */
    default boolean storeNewSignature(String id, byte[] data) {
        if (hasSignature(id)) {
            return false;
        }
        storeSignature(id, data);
        return true;
    }

    List<SignatureInfo> signatures();

    void deleteSignature(String id);

    /** Every stored token, in the driver's natural order. */
    void forEachToken(Consumer<TokenRecord> visitor);

    /** Removes tokens (used by the cleaning tools). */
    void deleteTokens(long[] keys, int count);

    @Override
    void close();
}
