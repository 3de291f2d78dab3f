package org.dspam.token;

/**
 * DSPAM's 64-bit token ids: a reflected CRC-64 with polynomial x^64 + x^4 + x^3 + x + 1
 * (reversed constant {@code 0xd800000000000000}), initial value 0 and no final XOR, over the
 * token's bytes. The ids are what every DSPAM database stores, so they must match bit for bit.
 */
public final class Crc64 {
    private static final long POLY64_REVERSED = 0xd800000000000000L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long v = i;
            for (int j = 0; j < 8; j++) {
                v = (v & 1) != 0 ? (v >>> 1) ^ POLY64_REVERSED : v >>> 1;
            }
            TABLE[i] = v;
        }
    }

    private Crc64() {
    }

    /** The id of a token given as a byte string (one char per byte). */
    public static long of(CharSequence token) {
        return update(0L, token);
    }

    public static long of(byte[] token) {
        long crc = 0L;
        for (byte b : token) {
            crc = (crc >>> 8) ^ TABLE[(int) ((crc ^ b) & 0xff)];
        }
        return crc;
    }

    /** Continues a CRC with more bytes, so a composite token's id can be built piece by piece. */
    public static long update(long crc, CharSequence bytes) {
        for (int i = 0, n = bytes.length(); i < n; i++) {
            crc = (crc >>> 8) ^ TABLE[(int) ((crc ^ bytes.charAt(i)) & 0xff)];
        }
        return crc;
    }

    public static long update(long crc, char b) {
        return (crc >>> 8) ^ TABLE[(int) ((crc ^ b) & 0xff)];
    }

    /** The unsigned decimal form DSPAM's tools print. */
    public static String toUnsignedString(long id) {
        return Long.toUnsignedString(id);
    }
}
