package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

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
     * Where tokens are (token to location, or {@link Locations#NONE} for one known to be absent): the session's
     * lookups and new records, and, when the last session kept an index, earlier sessions' too. Records never move
     * inside a file (only a rebuilt file, another inode, moves them), and every change by someone else is seen
     * before the file is used again ({@link #stillValid}), which drops all of this. Without an index a change by a
     * DSPAM binary that keeps the size and journal could go unseen, so then it holds one session's only.
     */
    final LongLongMap seen = new LongLongMap(1 << 11);
    /**
     * Earlier sessions' locations are dropped once this many are kept: about the last two or three sessions'
     * lookups, which is what a training session after a classification of the same message needs, in a map small
     * enough (about 512 KB with ordinary messages) to stay in the processor's cache; a daemon's next message finds
     * few of its tokens in a bigger map anyway.
     */
    static final int SEEN_LIMIT = 1 << 13;
    private boolean seenKept;
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

    /** At the start of a session, under the lock and after {@link #stillValid}: what {@link #seen} may keep. */
    void startSession() {
        if (!seenKept || seen.size() >= SEEN_LIMIT) {
            seen.clear();
        }
        seenKept = false;
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
            seenKept = index != null;
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
        seenKept = false;
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
