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
                        break;
                    }
                }
            }
        }
        if (evicted != null) {
            evicted.forget();
        }
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
