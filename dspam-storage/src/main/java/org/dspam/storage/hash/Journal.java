package org.dspam.storage.hash;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal next to a {@code .css} file ({@code <user>.css-journal}). DSPAM's format has no room for one, so it
 * lives beside the file and DSPAM never sees it.
 *
 * <p>A commit is written here completely before the {@code .css} file is touched, and marked applied afterwards.
 * A writer that dies in between leaves a record that the next opener completes (or skips, if someone else has
 * changed those bytes since). With {@code HashSync on}, records are kept and forced to disk until a checkpoint
 * forces the {@code .css} file; after a restart of the machine they are replayed, so a commit that returned
 * survives a power loss.
 *
 * <p>Header (64 bytes): magic {@code DSPAMJNL}, version, flags, generation (commits so far), the end of the applied
 * records, the generation at the last checkpoint, the boot id of the last writer, the {@code .css} file's inode
 * (folded to 32 bits), CRC-32C.
 */
final class Journal implements Closeable {
    /** Created on first use: a process that logs nothing never starts a logging system. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    }
    static final int HEADER_BYTES = 64;
    private static final byte[] MAGIC = "DSPAMJNL".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int FLAG_HISTORY = 1;

    private final Path path;
    private FileChannel channel;
    private long generation;
    private long appliedEnd = HEADER_BYTES;
    private long checkpointGeneration;
    private boolean history;
    private byte[] bootId = new byte[16];
    /** Which {@code .css} file (inode) the records belong to; a file replaced since makes them void. */
    private int fileId;

    private Journal(Path path) {
        this.path = path;
    }

    /** The journal of a {@code .css} file. */
    static Path pathFor(Path css) {
        return css.resolveSibling(css.getFileName() + "-journal");
    }

    /** Reads the journal's header, if there is a journal. The caller holds the user's lock. */
    static Journal open(Path path) throws IOException {
        Journal j = new Journal(path);
        try {
            j.channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return j;
        }
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int n = j.channel.read(h, 0);
        if (n == HEADER_BYTES && validHeader(h)) {
            j.generation = h.getLong(16);
            j.appliedEnd = Math.max(HEADER_BYTES, h.getLong(24));
            j.checkpointGeneration = h.getLong(32);
            j.history = (h.getInt(12) & FLAG_HISTORY) != 0;
            h.get(40, j.bootId);
            j.fileId = h.getInt(56);
        } else if (n > 0) {
            Log.LOG.warn("{}: unreadable journal header; starting a new journal", path);
            // A fresh generation that cannot repeat one a cache may still remember.
            j.generation = System.currentTimeMillis() << 12;
            j.checkpointGeneration = j.generation;
        }
        return j;
    }

    private static boolean validHeader(ByteBuffer h) {
        byte[] magic = new byte[MAGIC.length];
        h.get(0, magic);
        if (!Arrays.equals(magic, MAGIC) || h.getInt(8) != VERSION) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, 60);
        return (int) crc.getValue() == h.getInt(60);
    }

    long generation() {
        return generation;
    }

    boolean hasHistory() {
        return history && appliedEnd > HEADER_BYTES;
    }

    /**
     * Brings the {@code .css} file up to date with the journal: replays the kept records if the machine restarted
     * since they were written, and completes a commit whose writer died. The caller holds the user's lock and has
     * not opened the {@code .css} file yet.
     *
     * @return whether the {@code .css} file was changed
     */
    boolean recover(Path css) throws IOException {
        if (channel == null) {
            return false;
        }
        // Only records to replay need the file's identity (a stat): most opens find none.
        if (!hasHistory() && !pendingAt(appliedEnd)) {
            return false;
        }
        int id = fileId(css);
        if (id != fileId) {
            Log.LOG.warn("{}: the file was replaced since the journal was written; discarding the journal", css);
            fileId = id;
            checkpointed();
            return false;
        }
        boolean restarted = !BootId.known() || !Arrays.equals(bootId, BootId.current());
        List<JournalRecord> history = new ArrayList<>();
        List<JournalRecord> pending = new ArrayList<>();
        if (restarted && hasHistory()) {
            long pos = HEADER_BYTES;
            long expect = checkpointGeneration + 1;
            for (JournalRecord r; (r = readAt(pos, expect)) != null; expect++) {
                (pos < appliedEnd ? history : pending).add(r);
                pos += r.size();
            }
        } else {
            long pos = appliedEnd;
            long expect = generation + 1;
            for (JournalRecord r; (r = readAt(pos, expect)) != null; expect++) {
                pending.add(r);
                pos += r.size();
            }
        }
        if (history.isEmpty() && pending.isEmpty()) {
            if (hasHistory() && restarted) {
                checkpointed();
            }
            return false;
        }
        long last = generation;
        try (FileChannel ch = FileChannel.open(css, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (JournalRecord r : history) {
                write(ch, r);
                last = r.generation;
            }
            for (JournalRecord r : pending) {
                if (unchangedSince(ch, r)) {
                    Log.LOG.warn("{}: completing commit {} of a writer that stopped half way", css, r.generation);
                    write(ch, r);
                } else {
                    Log.LOG.warn("{}: a writer stopped half way through commit {}, and the file has been changed"
                            + " since; leaving it as it is", css, r.generation);
                }
                last = r.generation;
            }
            ch.force(true);
        } catch (NoSuchFileException e) {
            Log.LOG.warn("{}: the journal has commits but the file is gone; discarding them", css);
        }
        generation = last;
        checkpointed();
        return true;
    }

    private boolean pendingAt(long pos) throws IOException {
        return readAt(pos, generation + 1) != null;
    }

    /** The inode of a file folded to 32 bits, 0 when it does not exist. */
    static int fileId(Path css) {
        try {
            Object ino = java.nio.file.Files.getAttribute(css, "unix:ino");
            long v = ((Number) ino).longValue();
            return (int) (v ^ (v >>> 32));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** Which {@code .css} file the next records belong to. */
    void target(int id) {
        fileId = id;
    }

    /** The record at {@code pos} if it is whole and has the given generation, else null. */
    private JournalRecord readAt(long pos, long generation) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        if (channel.read(head, pos) != 16 || head.getInt(0) != JournalRecord.MAGIC || head.getLong(8) != generation) {
            return null;
        }
        int size = head.getInt(4);
        if (size < 40 || size > (1 << 30) || pos + size > channel.size()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        CssChain.readFully(channel, b, pos);
        b.flip();
        return JournalRecord.decode(b);
    }

    /** Whether every range the record changes still holds its before- or after-image, and the length fits. */
    private static boolean unchangedSince(FileChannel ch, JournalRecord r) throws IOException {
        long len = ch.size();
        if (len < r.lengthBefore || len > Math.max(r.lengthAfter, r.lengthBefore)) {
            return false;
        }
        for (int i = 0; i < r.count(); i++) {
            long offset = r.offset(i);
            byte[] now = new byte[r.length(i)];
            if (offset < len) {
                ByteBuffer b = ByteBuffer.wrap(now, 0, (int) Math.min(now.length, len - offset));
                CssChain.readFully(ch, b, offset);
            }
            if (!Arrays.equals(now, r.before(i)) && !Arrays.equals(now, r.after(i))) {
                return false;
            }
        }
        return true;
    }

    private static void write(FileChannel ch, JournalRecord r) throws IOException {
        long len = ch.size();
        if (r.lengthAfter > len) {
            CssFile.writeZeros(ch, len, r.lengthAfter - len);
        }
        for (int i = 0; i < r.count(); i++) {
            ByteBuffer b = ByteBuffer.wrap(r.after(i));
            while (b.hasRemaining()) {
                ch.write(b, r.offset(i) + b.position());
            }
        }
    }

    /** Writes a commit's record before the {@code .css} file is touched; forced to disk when {@code sync}. */
    void begin(JournalRecord r, boolean sync) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            appliedEnd = HEADER_BYTES;
            writeHeader(false);
        }
        ByteBuffer b = r.encode();
        long pos = appliedEnd;
        while (b.hasRemaining()) {
            channel.write(b, pos + b.position());
        }
        if (sync) {
            channel.force(false);
        }
    }

    /** Voids a record whose commit failed and was undone, so that no later open completes it. */
    void abort(JournalRecord r, boolean sync) throws IOException {
        ByteBuffer zero = ByteBuffer.allocate(4);
        while (zero.hasRemaining()) {
            channel.write(zero, appliedEnd + zero.position());
        }
        if (sync) {
            channel.force(false);
        }
    }

    /**
     * Marks a commit applied. With {@code keep} (HashSync) the record stays as part of the history a restart
     * replays; otherwise the next record overwrites it.
     */
    void end(JournalRecord r, boolean keep) throws IOException {
        generation = r.generation;
        if (keep) {
            appliedEnd += r.size();
            history = true;
        } else {
            appliedEnd = HEADER_BYTES;
            checkpointGeneration = generation;
            history = false;
        }
        bootId = BootId.current();
        writeHeader(false);
    }

    /** Bytes of history kept since the last checkpoint. */
    long historyBytes() {
        return appliedEnd - HEADER_BYTES;
    }

    /** The {@code .css} file was replaced by a rebuilt one: nothing recorded so far applies to it. */
    void replaced(int id) throws IOException {
        generation++;
        fileId = id;
        checkpointed();
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            writeHeader(true);
        }
    }

    /** The {@code .css} file has been forced to disk: the history is no longer needed. */
    void checkpointed() throws IOException {
        appliedEnd = HEADER_BYTES;
        checkpointGeneration = generation;
        history = false;
        bootId = BootId.current();
        if (channel != null) {
            writeHeader(true);
        }
    }

    private void writeHeader(boolean force) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put(0, MAGIC);
        h.putInt(8, VERSION);
        h.putInt(12, history ? FLAG_HISTORY : 0);
        h.putLong(16, generation);
        h.putLong(24, appliedEnd);
        h.putLong(32, checkpointGeneration);
        h.put(40, bootId);
        h.putInt(56, fileId);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, 60);
        h.putInt(60, (int) crc.getValue());
        while (h.hasRemaining()) {
            channel.write(h, h.position());
        }
        if (force) {
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
