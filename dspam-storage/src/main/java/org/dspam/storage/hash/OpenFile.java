package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's {@code .css} file as one process keeps it between sessions: the open file, and possibly its
 * {@link TokenIndex}. Used only under the user's lock.
 *
 * <p>Before it is used again, {@link #stillValid} checks that nobody else changed the file: same inode and size,
 * and the same journal generation (every commit of this project counts one). DSPAM binaries keep no journal, so
 * while an index is kept the file's modification time is also set, at the end of each session, to one nanosecond
 * before what it was: any later write by anyone moves it to the present, which never equals that mark, even within
 * the same clock tick.
 */
final class OpenFile {
    /** Created on first use: a process that logs nothing never starts a logging system. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(OpenFile.class);
    }

    final Path css;
    CssFile file;
    TokenIndex index;
    /**
     * Where tokens are (token to location, or {@link Locations#NONE} for one known to be absent): the records this
     * session's commits stored, and the session's lookups once a commit has needed them by token ({@link #known}).
     */
    final LongLongMap seen = new LongLongMap(1 << 11);
    /**
     * The session's lookups in the order made: token and location side by side, {@link #lookupCount} of them; and
     * the last session's, {@link #lastCount} of them, when it kept an index. Lookups that repeat earlier ones in the
     * same order (a training right after the classification of the same message, as {@code dspam_train} does, in
     * the next session or, from {@link #repeatFrom}, in the same one) find each location at the same position, by
     * a comparison in a sequential walk; a daemon's next message, another message, misses there at no cost, where
     * a map of earlier locations would cost a cache miss per token for about one hit in eight. Records never move
     * inside a file (only a rebuilt file, another inode, moves them), and every change by someone else is seen
     * before the file is used again ({@link #stillValid}), which drops all of this. Without an index a change by a
     * DSPAM binary that keeps the size and journal could go unseen, so then nothing is kept between sessions.
     */
    private long[] lookups = new long[0];
    private long[] lastLookups = new long[0];
    private int lookupCount;
    private int lastCount;
    /**
     * Where this session's lookups began again with its first token, so that they and the ones after them are
     * compared with the session's own from its start instead of the last session's; -1 before that.
     */
    private int repeatFrom;
    /** See {@link #knownAt()}. */
    private int knownAt = -1;
    /** How many of the session's lookups are in {@link #seen}. */
    private int lookupsKept;
    /** Where each of the session's fetches starts in {@link #lookups}, {@link #fetchCount} of them. */
    private int[] fetchStarts = new int[4];
    private int fetchCount;
    /** Per fetch, the lookup the next change of a commit is expected at (see {@link #known}). */
    private int[] cursors = new int[4];
    /** How far past a fetch's cursor {@link #known} looks for a change's token (tokens left unchanged). */
    private static final int SKIP = 8;
    /** How many changes of a commit found near no cursor {@link #known} looks for through all the lookups. */
    private static final int SCANS = 4;
    private int scans;
    /** {@link #candidatesAhead}'s arrays, kept for the next fetch. */
    private long[] ahead = new long[0];
    private long[] mixed = new long[0];
    private int[] pending = new int[0];
    private int[] firstExtent = new int[0];
    private int[] startSlot = new int[0];
    /** Keeps the loads of {@link #candidatesAhead} from being optimised away. */
    private long touched;
    /** Whether a commit of this session stored new records (locations once absent). */
    private boolean inserted;
    /**
     * The tokens a commit of this session stored: a token found absent and not among them is still absent without a
     * look in {@link #seen} (for each of the hundreds of absent tokens a message has, once a classification has
     * stored its few).
     */
    private final TokenFilter stored = new TokenFilter();
    /** The last commit's plan, emptied for the next (see {@link CommitPlan#start}). */
    private CommitPlan plan;
    /** Lookups done without an index, in token-extent probes: when they add up to a scan, the index pays off. */
    long probes;
    /** Whether this process may set the file's time (needs ownership); without it no index is kept. */
    boolean stampable = true;
    boolean pinned;
    private Object fileKey;
    private long size = -1;
    private long generation = Long.MIN_VALUE;
    private FileTime mark;

    OpenFile(Path css) {
        this.css = css;
    }

    /** Whether the open file (and index) still describe the file on disk. */
    boolean stillValid(BasicFileAttributes attrs, long journalGeneration) {
        if (file == null || attrs == null) {
            return false;
        }
        if (!attrs.fileKey().equals(fileKey) || attrs.size() != size || journalGeneration != generation) {
            return false;
        }
        return index == null || attrs.lastModifiedTime().equals(mark);
    }

    /** At the start of a session, under the lock and after {@link #stillValid}. */
    void startSession() {
        seen.clear();
        lookupCount = 0;
        lookupsKept = 0;
        fetchCount = 0;
        stored.clear();
        inserted = false;
        repeatFrom = -1;
    }

    /** A fetch of the session begins: its lookups follow, the first of the token {@code first}. */
    void fetchStarted(long first) {
        if (lookupCount > 0 && lookups[0] == first) {
            repeatFrom = lookupCount;
        }
        if (fetchCount == fetchStarts.length) {
            fetchStarts = Arrays.copyOf(fetchStarts, 2 * fetchCount);
            cursors = Arrays.copyOf(cursors, 2 * fetchCount);
        }
        fetchStarts[fetchCount++] = lookupCount;
    }

    /** A commit begins: its changes are looked for from the start of each fetch again. */
    void commitStarted() {
        System.arraycopy(fetchStarts, 0, cursors, 0, fetchCount);
        scans = 0;
    }

    /**
     * Where a commit's change finds its token: {@link LongLongMap#MISSING} when the session has not looked it up.
     * An engine changes the tokens it fetched in the order fetched, each fetch's tokens in order but the fetches
     * merged, and leaves some out; so each fetch has a cursor, and a change is first looked for at or a little past
     * each, by comparisons in a sequential walk. A change found there by no fetch (such as the whitelist token, that
     * a classification in train-on-error mode changes with the BNR patterns) is looked for in all the lookups, and
     * once a commit has had a few of those, in {@link #seen}, into which the session's lookups are put then. A
     * lookup that found the token absent is out of date once a commit of this session stored it: {@link #seen} has
     * the new record then.
     */
    long known(long key) {
        knownAt = -1;
        int n = fetchCount;
        for (int j = 0; j < n; j++) {
            int c = cursors[j];
            if (c < fetchEnd(j) && lookups[2 * c] == key) {
                cursors[j] = c + 1;
                knownAt = c;
                return current(key, lookups[2 * c + 1]);
            }
        }
        for (int j = 0; j < n; j++) {
            int c = cursors[j];
            for (int s = c + 1, stop = Math.min(fetchEnd(j), c + 1 + SKIP); s < stop; s++) {
                if (lookups[2 * s] == key) {
                    cursors[j] = s + 1;
                    knownAt = s;
                    return current(key, lookups[2 * s + 1]);
                }
            }
        }
        if (scans < SCANS && lookupsKept < lookupCount) {
            scans++;
            for (int s = 0; s < lookupCount; s++) {
                if (lookups[2 * s] == key) {
                    knownAt = s;
                    return current(key, lookups[2 * s + 1]);
                }
            }
            return seen.get(key);
        }
        keepLookups();
        return seen.get(key);
    }

    /** Which of the session's lookups the last {@link #known} found its token at; -1 when none. */
    int knownAt() {
        return knownAt;
    }

    private int fetchEnd(int j) {
        return j + 1 < fetchCount ? fetchStarts[j + 1] : lookupCount;
    }

    private long current(long key, long looked) {
        if (looked == Locations.NONE && inserted && stored.mayHold(key)) {
            long now = seen.get(key);
            if (now != LongLongMap.MISSING) {
                return now;
            }
        }
        return looked;
    }

    /**
     * Where the lookup at the position the session's next one has was found, in this session's lookups since its
     * start once they began again ({@link #repeatFrom}), else in the last session's, if that lookup was of this
     * token; else {@link LongLongMap#MISSING}. A token found absent there and stored since by this session is where
     * the commit put it.
     */
    long lastLocation(long key) {
        return lastLocation(0, key);
    }

    /** {@link #lastLocation} for the lookup {@code later} positions after this session's next. */
    long lastLocation(int later, long key) {
        int at = lookupCount + later;
        long[] earlier = lastLookups;
        int count = lastCount;
        if (repeatFrom >= 0) {
            at -= repeatFrom;
            earlier = lookups;
            count = repeatFrom;
        }
        return at < count && earlier[2 * at] == key ? current(key, earlier[2 * at + 1]) : LongLongMap.MISSING;
    }

    /**
     * The candidate extents of every token the last session's lookups do not give, worked out before any is looked
     * up, in passes: every such token's line of the table is read; then each token's candidates are taken from its
     * line, with the slot where its walk starts in the first; then the fingerprints of those slots are read; then
     * their records. The reads of a pass do not depend on each other, and each pass is a short loop, so the
     * processor has many cache misses under way at once, where a lookup at a time waits for its line, then its
     * fingerprint, then its record. Entries for tokens not to look up are 0. Needs the index.
     */
    long[] candidatesAhead(long[] keys, int count) {
        CssFile f = file;
        TokenIndex ix = index;
        if (ahead.length < count) {
            int c = Math.max(count, 2 * ahead.length);
            ahead = new long[c];
            mixed = new long[c];
            pending = new int[c];
            firstExtent = new int[c];
            startSlot = new int[c];
        }
        long[] in = ahead;
        int[] todo = pending;
        long sink = 0;
        int m = 0;
        for (int i = 0; i < count; i++) {
            long key = keys[i];
            in[i] = 0;
            if (key != 0 && lastLocation(i, key) == LongLongMap.MISSING) {
                todo[m++] = i;
                long h = TokenIndex.mix(key);
                mixed[i] = h;
                sink += ix.touchLineOfMixed(h);
            }
        }
        int n = f.extentCount();
        int[] ext = firstExtent;
        int[] start = startSlot;
        int k = 0;
        for (int j = 0; j < m; j++) {
            int i = todo[j];
            long c = ix.candidatesOfMixed(mixed[i]);
            in[i] = c;
            if (c != 0 && c != ExtentTable.ALL) {
                int first = Long.numberOfTrailingZeros(c);
                if (first < n) {
                    Extent e = f.extent(first);
                    ext[k] = first;
                    start[k++] = CssFormat.startSlot(keys[i], e.slots(), e.pow2());
                }
            }
        }
        for (int j = 0; j < k; j++) {
            sink += ix.touchFingerprint(ext[j], start[j]);
        }
        if (f.mapped()) {
            for (int j = 0; j < k; j++) {
                sink += f.touchKey(ext[j], start[j]);
            }
        }
        touched = sink;
        return in;
    }

    /** The fingerprint of the token at {@code i} of the last {@link #candidatesAhead}, where its entry is not 0. */
    byte fingerprintAhead(int i) {
        return TokenIndex.fingerprintOfMixed(mixed[i]);
    }

    /** Records the session's next lookup. */
    void looked(long key, long location) {
        int at = lookupCount;
        if (2 * at + 2 > lookups.length) {
            lookups = Arrays.copyOf(lookups, Math.max(2 * 2048, 2 * lookups.length));
        }
        lookups[2 * at] = key;
        lookups[2 * at + 1] = location;
        lookupCount = at + 1;
    }

    /**
     * Puts the session's lookups not yet there into {@link #seen}. A token already there keeps its entry: a record
     * stored by a commit since, or an earlier lookup, which found what a later one would (a location never changes;
     * only a token once absent may have been stored since, and then {@link #seen} has its record).
     */
    private void keepLookups() {
        for (int i = lookupsKept; i < lookupCount; i++) {
            if (lookups[2 * i] != 0) {
                seen.putIfAbsent(lookups[2 * i], lookups[2 * i + 1]);
            }
        }
        lookupsKept = lookupCount;
    }

    /**
     * A commit stored the token, which was absent, at {@code location}; the session's lookup at {@code lookup} (-1:
     * none), which found it absent, says so from now on, so that lookups that repeat it find it there.
     */
    void inserted(long key, long location, int lookup) {
        if (lookup >= 0 && lookup < lookupCount && lookups[2 * lookup] == key) {
            lookups[2 * lookup + 1] = location;
        }
        seen.put(key, location);
        stored.add(key);
        inserted = true;
    }

    /** Records the file's state after a session; with an index, marks the modification time (see above). */
    void remember(long journalGeneration) {
        try {
            if (index != null && stampable) {
                FileTime now = Files.getLastModifiedTime(css);
                Instant marked = now.toInstant().minusNanos(1);
                try {
                    Files.setLastModifiedTime(css, FileTime.from(marked));
                } catch (IOException e) {
                    Log.LOG.debug("{}: cannot set the modification time ({}); not keeping an index", css, e.toString());
                    stampable = false;
                    index = null;
                }
            }
            keepForNextSession();
            BasicFileAttributes a = Files.readAttributes(css, BasicFileAttributes.class);
            fileKey = a.fileKey();
            size = a.size();
            mark = a.lastModifiedTime();
            generation = journalGeneration;
        } catch (NoSuchFileException e) {
            forget();
        } catch (IOException e) {
            Log.LOG.debug("{}: {}", css, e.toString());
            forget();
        }
    }

    /**
     * Keeps the session's lookups for the next session when an index is kept, with the locations of tokens stored
     * since they were looked up (in {@link #seen} after the commit that stored them).
     */
    private void keepForNextSession() {
        if (index == null) {
            lastCount = 0;
            return;
        }
        if (inserted) {
            for (int i = 0; i < lookupCount; i++) {
                if (lookups[2 * i] != 0) {
                    lookups[2 * i + 1] = current(lookups[2 * i], lookups[2 * i + 1]);
                }
            }
        }
        long[] t = lastLookups;
        lastLookups = lookups;
        lookups = t;
        lastCount = lookupCount;
        lookupCount = 0;
    }

    /** An empty plan for a commit of {@code changes} token changes to the open file. */
    CommitPlan plan(Slots stored, HashSettings settings, int changes) {
        if (plan == null) {
            plan = new CommitPlan(file, stored, settings, changes);
            return plan;
        }
        return plan.start(file, stored);
    }

    /** Drops the open file and index (the next session opens the file again). */
    void forget() {
        closeFile();
        index = null;
        plan = null;
        seen.clear();
        lookupCount = 0;
        lastCount = 0;
        lookupsKept = 0;
        fetchCount = 0;
        probes = 0;
        fileKey = null;
        size = -1;
        generation = Long.MIN_VALUE;
        mark = null;
    }

    void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                Log.LOG.debug("{}: close: {}", css, e.toString());
            }
            file = null;
        }
    }
}
