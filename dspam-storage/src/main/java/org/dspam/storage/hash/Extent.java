package org.dspam.storage.hash;

/**
 * One extent of a {@code .css} file: an 80-byte header and {@code slots} 24-byte records.
 *
 * @param index position in the file, 0 for the first
 * @param offset where its header starts
 * @param slots records it holds ({@code hash_rec_max})
 * @param pow2 whether the header's flags select the last DSPAM tree's folding hash (slots is then a power of two)
 */
public record Extent(int index, long offset, int slots, boolean pow2) {
    /** Bytes from the header's start to the end of the last record. */
    public long bytes() {
        return CssFormat.HEADER_BYTES + (long) slots * CssFormat.RECORD_BYTES;
    }

    public long end() {
        return offset + bytes();
    }

    /** File offset of a slot's record. */
    public long recordOffset(int slot) {
        return offset + CssFormat.HEADER_BYTES + (long) slot * CssFormat.RECORD_BYTES;
    }
}
