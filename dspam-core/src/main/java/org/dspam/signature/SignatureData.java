package org.dspam.signature;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * DSPAM's binary signature: for each token of the message, in the message's token order, a
 * 16-byte entry of the token id (little-endian), its frequency as one byte, and seven zero bytes.
 * The same bytes go to {@code <user>.sig/<id>.sig} files and to SQL signature rows.
 */
public final class SignatureData {
    public static final int ENTRY_SIZE = 16;

    private final ByteBuffer buffer;

    private SignatureData(ByteBuffer buffer) {
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    public static SignatureData allocate(int entries) {
        return new SignatureData(ByteBuffer.allocate(entries * ENTRY_SIZE));
    }

    /** Reads stored bytes; a trailing partial entry is ignored, as DSPAM ignores it. */
    public static SignatureData wrap(byte[] data) {
        return new SignatureData(ByteBuffer.wrap(data));
    }

    public int entries() {
        return buffer.capacity() / ENTRY_SIZE;
    }

    public void put(int index, long key, int frequency) {
        int at = index * ENTRY_SIZE;
        buffer.putLong(at, key);
        buffer.put(at + 8, (byte) frequency);
    }

    public long key(int index) {
        return buffer.getLong(index * ENTRY_SIZE);
    }

    /** The frequency byte, unsigned. */
    public int frequency(int index) {
        return buffer.get(index * ENTRY_SIZE + 8) & 0xff;
    }

    public byte[] toByteArray() {
        return buffer.array().clone();
    }
}
