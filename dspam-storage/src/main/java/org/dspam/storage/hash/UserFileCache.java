package org.dspam.storage.hash;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Users' files kept open between sessions ({@code HashConnectionCache} of them, at least one, least recently used
 * first out), plus the {@code HashConcurrentUser}'s, which is never closed. A session takes its user's entry out while it runs,
 * so an entry in the cache is never in use.
 */
final class UserFileCache {
    private final int capacity;
    private final Path pinned;
    private final LinkedHashMap<Path, OpenFile> idle = new LinkedHashMap<>(16, 0.75f, true);
    /** Whether a kept file was ever closed to make room: this process serves more users than it keeps. */
    private volatile boolean everEvicted;

    UserFileCache(int capacity, Path pinned) {
        this.capacity = Math.max(1, capacity);
        this.pinned = pinned;
    }

    synchronized OpenFile take(Path css) {
        OpenFile f = idle.remove(css);
        if (f == null) {
            f = new OpenFile(css);
            f.pinned = css.equals(pinned);
        }
        return f;
    }

    void give(OpenFile f) {
        if (f.file == null) {
            f.forget();
            return;
        }
        OpenFile evicted = null;
        synchronized (this) {
            idle.put(f.css, f);
            if (idle.size() > capacity + (pinned != null ? 1 : 0)) {
                for (Map.Entry<Path, OpenFile> e : idle.entrySet()) {
                    if (!e.getValue().pinned) {
                        evicted = e.getValue();
                        idle.remove(e.getKey());
                        everEvicted = true;
                        break;
                    }
                }
            }
        }
        if (evicted != null) {
            evicted.forget();
        }
    }

    /**
     * Whether this process has closed a kept file to make room for another (it serves more users than
     * HashConnectionCache): a long-running process whose files are opened again and again, which should map them
     * from their first use rather than read them record by record.
     */
    boolean hasEvicted() {
        return everEvicted;
    }

    /** Heap held by the indexes of the files kept here. */
    synchronized long indexBytes() {
        long n = 0;
        for (OpenFile f : idle.values()) {
            n += f.index == null ? 0 : f.index.bytes();
        }
        return n;
    }

    synchronized void clear() {
        for (OpenFile f : idle.values()) {
            f.forget();
        }
        idle.clear();
    }
}
