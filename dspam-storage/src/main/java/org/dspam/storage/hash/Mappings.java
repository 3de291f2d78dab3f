package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Memory mappings of {@code .css} files shared by every open of the same file in this process. Java releases a
 * mapping only when the garbage collector finds it unused, so a process that opened a file for every message would
 * pile up mappings of the same pages; here a file (identified by its inode) is mapped once and reused while it stays
 * in this pool (the most recently used {@value #LIMIT}). A mapping is reused only within the file's current length,
 * where every page exists, so a file that was cut short or replaced meanwhile is never read through a stale mapping.
 */
final class Mappings {
    static final int LIMIT = 1024;

    private record Key(Object file, long start, long end, boolean writable) {
    }

    private static final Map<Key, ByteBuffer> POOL = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ByteBuffer> eldest) {
            return size() > LIMIT;
        }
    };

    private Mappings() {
    }

    /**
     * A mapping of {@code [start, end)} of the file open on {@code channel}.
     *
     * @param file the file's key (inode), or null when it could not be told for sure (then nothing is shared)
     * @param length the file's current length, which the range must not exceed
     */
    static ByteBuffer map(FileChannel channel, Object file, long start, long end, boolean writable, long length)
            throws IOException {
        if (end > length) {
            throw new IOException("range " + start + "-" + end + " is past the end of the file (" + length + ")");
        }
        Key key = file == null ? null : new Key(file, start, end, writable);
        if (key != null) {
            synchronized (POOL) {
                ByteBuffer b = POOL.get(key);
                if (b != null) {
                    return b;
                }
            }
        }
        ByteBuffer b = channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                start, end - start);
        if (key != null) {
            synchronized (POOL) {
                POOL.putIfAbsent(key, b);
            }
        }
        return b;
    }
}
