package org.dspam.storage.hash;

/**
 * DSPAM's two lookup rules inside one extent, and the insertion rule that satisfies both.
 *
 * <p>The 3.10.2 release walks up to HashMaxSeek + 1 slots and wraps early (see
 * {@link CssFormat#nextReleaseSlot}); the last tree walks exactly HashMaxSeek slots and wraps at the end. Either
 * stops at an empty slot. A lookup here follows both walks, so it finds every record either build wrote. A new
 * record goes only where both walks reach it: the first empty slot of both. Files written here therefore stay
 * readable by both DSPAM builds.
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

    /**
     * The slot where {@code key}, which is not in {@code e}, can be stored so that both DSPAM builds find it, or
     * -1 when there is none.
     */
    static int insertion(Extent e, long key, int maxSeek, Slots slots) {
        int n = e.slots();
        int start = CssFormat.startSlot(key, n, e.pow2());
        if (e.pow2() || CssFormat.windowsAgree(start, n, maxSeek)) {
            // The tree's window is the start of the release's path; its first empty slot is both rules' first.
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
        if (release < 0) {
            return -1;
        }
        int tree = walkTree(e, key, start, maxSeek, slots, false);
        return tree == release ? release : -1;
    }

    /** The last tree's walk: the matching slot ({@code wantMatch}) or the first empty one, else -1. */
    private static int walkTree(Extent e, long key, int start, int maxSeek, Slots slots, boolean wantMatch) {
        int n = e.slots();
        int s = start;
        for (int i = 0; i < maxSeek; i++) {
            int t = slots.test(e, s, key);
            if (t == Slots.EMPTY) {
                return wantMatch ? -1 : s;
            }
            if (t == Slots.MATCH && wantMatch) {
                return s;
            }
            s = e.pow2() ? (s + 1) & (n - 1) : CssFormat.nextTreeSlot(s, n);
        }
        return -1;
    }
}
