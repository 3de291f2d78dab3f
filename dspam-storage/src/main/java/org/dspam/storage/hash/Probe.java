package org.dspam.storage.hash;

/**
 * DSPAM's two lookup rules inside one extent, and the insertion rule that satisfies both.
 *
 * <p>The 3.10.2 release walks up to HashMaxSeek + 1 slots and wraps early (see
 * {@link CssFormat#nextReleaseSlot}); the last tree walks exactly HashMaxSeek slots and wraps at the end. Either
 * stops at an empty slot. A lookup here follows both walks, so it finds every record either build wrote. A new
 * record goes where both walks reach it, so files written here stay readable by both DSPAM builds.
 */
final class Probe {
    private Probe() {
    }

    /** The slot holding {@code key} in extent {@code e}, or -1. */
    static int find(Extent e, long key, int maxSeek, Slots slots) {
        int n = e.slots();
        int start = CssFormat.startSlot(key, n, e.pow2());
        if (e.pow2()) {
            return walkTree(e, key, start, maxSeek, slots, true);
        }
        int s = start;
        for (int i = 0; i <= maxSeek; i++) {
            int t = slots.test(e, s, key);
            if (t == Slots.MATCH) {
                return s;
            }
            if (t == Slots.EMPTY) {
                break;
            }
            s = CssFormat.nextReleaseSlot(s, n);
        }
        if (CssFormat.windowsAgree(start, n, maxSeek)) {
            return -1;
        }
        return walkTree(e, key, start, maxSeek, slots, true);
    }

    /** Which DSPAM build's lookup a new record must satisfy. */
    enum Rule {
        /** Both builds' lookups find it. */
        BOTH,
        /** The last tree's (the only rule for power-of-two extents). */
        TREE,
        /** The 3.10.2 release's. */
        RELEASE
    }

    /**
     * The slot where {@code key}, which is not in {@code e}, can be stored so that the given rule finds it, or -1
     * when there is none.
     *
     * <p>For {@link Rule#BOTH} that is the first empty slot of both walks. Where the walks part (within a window of
     * the extent's end, about two tokens in N) their first empty slots can differ; such a token then needs another
     * extent, or, if none has room for both rules, a place that one rule finds (see {@link CommitPlan}).
     */
    static int insertion(Extent e, long key, int maxSeek, Slots slots, Rule rule) {
        int n = e.slots();
        int start = CssFormat.startSlot(key, n, e.pow2());
        if (e.pow2() || CssFormat.windowsAgree(start, n, maxSeek) || rule == Rule.TREE) {
            // Where the windows agree, the tree's window is the start of the release's path.
            return walkTree(e, key, start, maxSeek, slots, false);
        }
        int release = -1;
        int s = start;
        for (int i = 0; i <= maxSeek; i++) {
            if (slots.test(e, s, key) == Slots.EMPTY) {
                release = s;
                break;
            }
            s = CssFormat.nextReleaseSlot(s, n);
        }
        if (release < 0 || rule == Rule.RELEASE) {
            return release;
        }
        int tree = walkTree(e, key, start, maxSeek, slots, false);
        return tree == release ? release : -1;
    }

    /** The last tree's walk: the matching slot ({@code wantMatch}) or the first empty one, else -1. */
    private static int walkTree(Extent e, long key, int start, int maxSeek, Slots slots, boolean wantMatch) {
        int n = e.slots();
        if (!wantMatch) {
            // The walk goes maxSeek slots from the start and wraps at the end (for a power-of-two extent too).
            int end = start + maxSeek;
            if (end <= n) {
                return slots.firstEmpty(e, start, end, key);
            }
            int s = slots.firstEmpty(e, start, n, key);
            return s >= 0 ? s : slots.firstEmpty(e, 0, Math.min(end - n, start), key);
        }
        int s = start;
        for (int i = 0; i < maxSeek; i++) {
            int t = slots.test(e, s, key);
            if (t == Slots.EMPTY) {
                return -1;
            }
            if (t == Slots.MATCH) {
                return s;
            }
            s = e.pow2() ? (s + 1) & (n - 1) : CssFormat.nextTreeSlot(s, n);
        }
        return -1;
    }
}
