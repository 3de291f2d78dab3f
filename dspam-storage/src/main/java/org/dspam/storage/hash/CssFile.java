package org.dspam.storage.hash;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dspam.storage.StorageException;
import org.dspam.storage.Totals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open {@code .css} file. Records are read and written through memory mappings (only the pages touched are
 * ever read), or, for a file a process uses once ({@link #readDirectly}), with plain positional reads and writes of
 * the few records a lookup needs: that spares a process that handles one message the cost of setting up mappings
 * and keeps the file out of its resident memory. The file grows only by {@link #append}, which
 * writes real zeros so that the space is allocated before any record goes there (a full disk is an error here,
 * never a fault later).
 *
 * <p>Not thread safe: a file is used under its user's lock.
 */
public final class CssFile implements Closeable, Slots {
    /** Created on first use: a process that logs nothing never starts a logging system. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(CssFile.class);
    }
    private static final int ZERO_CHUNK = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final boolean writable;
    private final List<Extent> extents = new ArrayList<>();
    /** Per extent, a view of its bytes in the mapping of its region. */
    private ByteBuffer[] maps = new ByteBuffer[0];
    /**
     * Consecutive extents mapped together (up to 1 GiB each), so that a file is one or two mappings, not one per
     * extent: mappings are only released when the garbage collector finds them unused.
     */
    private final List<long[]> regions = new ArrayList<>();
    private final List<ByteBuffer> regionMaps = new ArrayList<>();
    private int[] regionOf = new int[0];
    private static final long REGION_BYTES = 1L << 30;
    private long length;
    private Probe.Rule ownRule;
    /** The file's inode, when it is certain that the channel has that file open; null otherwise. */
    private final Object fileKey;
    /** Whether records go through mappings; otherwise through {@link #window}. */
    private boolean mapped = true;
    private static final int WINDOW_SLOTS = 16;
    /** Without mappings: the last run of records read, which a probe walk mostly stays in. */
    private ByteBuffer window;
    private int windowExtent = -1;
    private int windowFirst;
    private int windowCount;
    private int journalId;

    private CssFile(Path path, FileChannel channel, boolean writable, List<Extent> extents, long length,
                    Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.writable = writable;
        this.length = length;
        this.fileKey = fileKey;
        addRegions(extents);
    }

    /** Adds extents (appended to the file) in new regions. */
    private void addRegions(List<Extent> added) {
        regionOf = java.util.Arrays.copyOf(regionOf, extents.size() + added.size());
        long[] current = null;
        for (Extent e : added) {
            if (current == null || e.end() - current[0] > REGION_BYTES) {
                current = new long[] {e.offset(), e.end()};
                regions.add(current);
                regionMaps.add(null);
            }
            current[1] = e.end();
            regionOf[e.index()] = regions.size() - 1;
            extents.add(e);
        }
    }

    /**
     * Opens an existing file, read-write when permitted. A tail left by a writer that died while appending an
     * extent is repaired (completed with zeros, or cut when it holds only zeros) when the file is writable.
     *
     * @return null when the file does not exist or is empty (a creation that never finished)
     * @throws StorageException when the file is not in DSPAM's format
     */
    public static CssFile open(Path path, boolean write) throws IOException {
        FileChannel ch;
        boolean writable = write;
        Object before = fileKey(path);
        try {
            ch = write ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            if (!write) {
                throw e;
            }
            ch = FileChannel.open(path, StandardOpenOption.READ);
            writable = false;
        }
        try {
            CssChain chain = CssChain.read(ch);
            if (!chain.usable()) {
                throw StorageException.permanentFailure(path + " is not a DSPAM hash file as this build reads it: "
                        + chain.problem() + ". cssstat shows its extents; cssconvert converts files of DSPAM 3.6.0"
                        + " and of 32-bit builds.");
            }
            long len = chain.length();
            if (chain.tail() != CssChain.Tail.CLEAN) {
                long repaired = chain.repairedLength();
                if (writable) {
                    Log.LOG.warn("{}: {} at the end of the file (a writer died while extending it); {} it to {} bytes",
                            path, chain.tail() == CssChain.Tail.SHORT_EXTENT ? "an incomplete extent" : "zero bytes",
                            repaired > len ? "completing" : "cutting", repaired);
                    if (repaired > len) {
                        writeZeros(ch, len, repaired - len);
                    } else {
                        ch.truncate(repaired);
                    }
                    ch.force(true);
                    len = repaired;
                } else if (repaired > len) {
                    throw StorageException.permanentFailure(path + " ends in an incomplete extent; open it once"
                            + " with write permission (or run csscompress) to complete it");
                }
            }
            if (chain.extents().isEmpty()) {
                ch.close();
                return null;
            }
            // Replaced between the two looks, the channel may hold either file: then share no mapping.
            Object after = fileKey(path);
            Object key = before != null && before.equals(after) ? before : null;
            return new CssFile(path, ch, writable, chain.extents(), len, key);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Creates a file with one empty extent (and no totals) next to {@code path} and moves it into place, so that
     * no reader ever sees a half-written file. The caller holds the user's lock.
     */
    public static CssFile create(Path path, int slots, boolean pow2) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + "-new");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(header(slots, pow2), 0);
            writeZeros(ch, CssFormat.HEADER_BYTES, (long) slots * CssFormat.RECORD_BYTES);
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(path.getParent());
        CssFile f = open(path, true);
        if (f == null) {
            throw new IOException(path + " vanished right after it was created");
        }
        return f;
    }

    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    static ByteBuffer header(int slots, boolean pow2) {
        ByteBuffer h = ByteBuffer.allocate(CssFormat.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(0, slots);
        h.putInt(CssFormat.FLAGS_OFFSET, pow2 ? CssFormat.HASH_POW2 : CssFormat.HASH_MODULO);
        return h;
    }

    static void writeZeros(FileChannel ch, long position, long count) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK, Math.max(count, 1)));
        long pos = position;
        long left = count;
        while (left > 0) {
            zeros.clear();
            zeros.limit((int) Math.min(zeros.capacity(), left));
            while (zeros.hasRemaining()) {
                pos += ch.write(zeros, pos);
            }
            left = count - (pos - position);
        }
    }

    /** Reads and writes records with positional I/O instead of mappings (a file used once). */
    void readDirectly() {
        mapped = false;
        window = ByteBuffer.allocateDirect(WINDOW_SLOTS * CssFormat.RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Goes through mappings from now on (a file used again). */
    void useMappings() {
        mapped = true;
        window = null;
        windowExtent = -1;
    }

    boolean mapped() {
        return mapped;
    }

    public Path path() {
        return path;
    }

    public boolean writable() {
        return writable;
    }

    public long length() {
        return length;
    }

    public List<Extent> extents() {
        return Collections.unmodifiableList(extents);
    }

    public int extentCount() {
        return extents.size();
    }

    public Extent extent(int i) {
        return extents.get(i);
    }

    /**
     * The lookup rule of the DSPAM build that most likely wrote this file: the 3.10.2 release if an appended extent
     * has a size only the release makes (not a prime: HashExtentSize plus truncated percentages), else the last
     * tree (whose sizes this project also uses).
     */
    Probe.Rule ownRule() {
        if (ownRule == null) {
            ownRule = Probe.Rule.TREE;
            for (int i = 1; i < extents.size(); i++) {
                Extent e = extents.get(i);
                if (!e.pow2() && !CssFormat.looksPrime(e.slots())) {
                    ownRule = Probe.Rule.RELEASE;
                }
            }
        }
        return ownRule;
    }

    public long slots() {
        long n = 0;
        for (Extent e : extents) {
            n += e.slots();
        }
        return n;
    }

    FileChannel channel() {
        return channel;
    }

    private ByteBuffer map(int i) {
        if (i < maps.length) {
            ByteBuffer m = maps[i];
            if (m != null) {
                return m;
            }
        }
        return mapExtent(i);
    }

    private ByteBuffer mapExtent(int i) {
        if (maps.length <= i) {
            maps = java.util.Arrays.copyOf(maps, Math.max(i + 1, extents.size()));
        }
        int r = regionOf[i];
        long[] region = regions.get(r);
        ByteBuffer whole = regionMaps.get(r);
        if (whole == null) {
            try {
                whole = Mappings.map(channel, fileKey, region[0], region[1], writable, length);
            } catch (IOException ex) {
                throw StorageException.transientFailure("Cannot map " + path + ": " + ex.getMessage(), ex);
            }
            regionMaps.set(r, whole);
        }
        Extent e = extents.get(i);
        ByteBuffer m = whole.slice((int) (e.offset() - region[0]), (int) e.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        maps[i] = m;
        return m;
    }

    private static int at(int slot) {
        return CssFormat.HEADER_BYTES + slot * CssFormat.RECORD_BYTES;
    }

    /** The offset of a slot's record in {@link #window}, reading the records from there on if needed. */
    private int windowAt(Extent e, int slot) {
        if (e.index() != windowExtent || slot < windowFirst || slot >= windowFirst + windowCount) {
            int count = Math.min(WINDOW_SLOTS, e.slots() - slot);
            window.clear();
            window.limit(count * CssFormat.RECORD_BYTES);
            try {
                CssChain.readFully(channel, window, e.recordOffset(slot));
            } catch (IOException ex) {
                windowExtent = -1;
                throw StorageException.transientFailure("Cannot read " + path + ": " + ex.getMessage(), ex);
            }
            windowExtent = e.index();
            windowFirst = slot;
            windowCount = count;
        }
        return (slot - windowFirst) * CssFormat.RECORD_BYTES;
    }

    public long key(Extent e, int slot) {
        return mapped ? map(e.index()).getLong(at(slot)) : window.getLong(windowAt(e, slot));
    }

    /** The key word of a slot of a mapped file's extent (for reading ahead: no check that the file is mapped). */
    long touchKey(int extent, int slot) {
        return map(extent).getLong(at(slot));
    }

    /** The stored innocent count word, age bits included. */
    public long rawInnocent(Extent e, int slot) {
        return mapped ? map(e.index()).getLong(at(slot) + 8) : window.getLong(windowAt(e, slot) + 8);
    }

    /** The stored spam count word, age bits included. */
    public long rawSpam(Extent e, int slot) {
        return mapped ? map(e.index()).getLong(at(slot) + 16) : window.getLong(windowAt(e, slot) + 16);
    }

    /** {@link Probe#find} reading the mapping, with the common case as a plain loop. */
    int find(Extent e, long key, int maxSeek) {
        int n = e.slots();
        int start = CssFormat.startSlot(key, n, e.pow2());
        if (e.pow2() || !CssFormat.windowsAgree(start, n, maxSeek) || !mapped) {
            return Probe.find(e, key, maxSeek, this);
        }
        ByteBuffer m = map(e.index());
        for (int s = start, end = start + maxSeek; s < end; s++) {
            long k = m.getLong(at(s));
            if (k == 0) {
                return -1;
            }
            if (k == key) {
                return s;
            }
        }
        int last = CssFormat.nextReleaseSlot(start + maxSeek - 1, n);
        return m.getLong(at(last)) == key ? last : -1;
    }

    @Override
    public int test(Extent e, int slot, long key) {
        long k = key(e, slot);
        return k == 0 ? EMPTY : k == key ? MATCH : OTHER;
    }

    public Totals totals() {
        ByteBuffer m = ByteBuffer.wrap(get(CssFormat.TOTALS_OFFSET, 64)).order(ByteOrder.LITTLE_ENDIAN);
        long[] t = new long[8];
        for (int i = 0; i < 8; i++) {
            t[i] = m.getLong(8 * i);
        }
        return Totals.of(t);
    }

    /** Bytes at a file offset inside an extent. */
    byte[] get(long offset, int count) {
        int i = extentAt(offset);
        byte[] out = new byte[count];
        if (mapped) {
            map(i).get((int) (offset - extents.get(i).offset()), out);
            return out;
        }
        try {
            CssChain.readFully(channel, ByteBuffer.wrap(out), offset);
        } catch (IOException ex) {
            throw StorageException.transientFailure("Cannot read " + path + ": " + ex.getMessage(), ex);
        }
        return out;
    }

    /** Writes bytes at a file offset inside an extent. */
    void put(long offset, byte[] data) throws IOException {
        put(offset, ByteBuffer.wrap(data), 0, data.length);
    }

    /** Writes {@code length} bytes of {@code src}, from index {@code at}, at a file offset inside an extent. */
    void put(long offset, ByteBuffer src, int at, int length) throws IOException {
        int i = extentAt(offset);
        if (mapped) {
            map(i).put((int) (offset - extents.get(i).offset()), src, at, length);
            return;
        }
        windowExtent = -1;
        ByteBuffer b = src.duplicate().limit(at + length).position(at);
        while (b.hasRemaining()) {
            channel.write(b, offset + b.position() - at);
        }
    }

    /** Writes a record: the token id and the innocent and spam count words, in a slot of an extent. */
    void putRecord(Extent e, int slot, long key, long innocent, long spam) throws IOException {
        if (mapped) {
            ByteBuffer m = map(e.index());
            int at = at(slot);
            m.putLong(at, key);
            m.putLong(at + 8, innocent);
            m.putLong(at + 16, spam);
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(CssFormat.RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, key).putLong(8, innocent).putLong(16, spam);
        put(e.recordOffset(slot), b, 0, CssFormat.RECORD_BYTES);
    }

    private int extentAt(long offset) {
        int lo = 0;
        int hi = extents.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (extents.get(mid).offset() <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Extent e = extents.get(lo);
        if (offset < e.offset() || offset >= e.end()) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + path);
        }
        return lo;
    }

    /**
     * Extends the file with empty extents (their headers and zeroed records written), as one piece of
     * {@code bytes} starting at the current end.
     */
    void append(List<Extent> added) throws IOException {
        long pos = length;
        for (Extent e : added) {
            if (e.offset() != pos || e.index() != extents.size()) {
                throw new IllegalArgumentException("extent " + e + " does not follow " + path);
            }
            writeZeros(channel, pos + CssFormat.HEADER_BYTES, (long) e.slots() * CssFormat.RECORD_BYTES);
            ByteBuffer h = header(e.slots(), e.pow2());
            while (h.hasRemaining()) {
                channel.write(h, pos + h.position());
            }
            addRegions(List.of(e));
            ownRule = null;
            pos = e.end();
            length = pos;
        }
    }

    /**
     * The file's id for the journal ({@link Journal#fileId}), looked up once per open: a file replaced at its path
     * is a new {@code CssFile}.
     */
    int journalId() {
        if (journalId == 0) {
            journalId = Journal.fileId(path);
        }
        return journalId;
    }

    void force(boolean metadata) throws IOException {
        channel.force(metadata);
    }

    /**
     * Forces extents just appended (their zeros, headers and the file's new length) to disk. Through the mappings
     * only their own range is written back: the file's other dirty pages stay dirty, so that the records written
     * next into them do not each take a page fault to be tracked as dirty again, which forcing the whole file (as
     * without mappings) costs on every extent appended to a big file.
     */
    void forceAppended(List<Extent> added) throws IOException {
        if (!mapped || added.isEmpty()) {
            channel.force(true);
            return;
        }
        for (Extent e : added) {
            map(e.index());
            long[] region = regions.get(regionOf[e.index()]);
            ((MappedByteBuffer) regionMaps.get(regionOf[e.index()])).force((int) (e.offset() - region[0]), (int) e.bytes());
        }
    }

    @Override
    public void close() throws IOException {
        maps = new ByteBuffer[0];
        regionMaps.clear();
        channel.close();
    }

    @Override
    public String toString() {
        return path + " (" + extents.size() + " extents, " + length + " bytes)";
    }
}
