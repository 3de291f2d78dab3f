package org.dspam.storage.hash;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;

import org.dspam.storage.Totals;

/**
 * Writes a new {@code .css} file record by record beside the one it will replace, then moves it into place in one
 * step: token deletion, cssclean, csscompress and cssconvert all rebuild this way, so a crash leaves the old file
 * untouched. Records are placed by the same rule as new tokens (findable by both DSPAM builds); when the planned
 * extents fill up, more are appended whatever HashAutoExtend says, because a rebuild must not drop records.
 */
final class CssBuilder implements Closeable {
    private final Path target;
    private final Path tmp;
    private final CssFile file;
    private final TokenIndex index;
    private final HashSettings growth;
    private long records;
    private long duplicates;
    private boolean done;

    private CssBuilder(Path target, Path tmp, CssFile file, HashSettings growth) {
        this.target = target;
        this.tmp = tmp;
        this.file = file;
        this.growth = growth;
        this.index = TokenIndex.build(file);
    }

    /**
     * Starts a file that will replace {@code target}, with empty extents of the given sizes.
     *
     * @param growth the sizing and probing rules (HashMaxSeek, HashPctIncrease, HashExtentSize)
     */
    static CssBuilder start(Path target, List<Integer> extentSlots, boolean pow2, HashSettings growth)
            throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + "-rebuild");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long pos = 0;
            for (int slots : extentSlots) {
                CssFile.writeZeros(ch, pos + CssFormat.HEADER_BYTES, (long) slots * CssFormat.RECORD_BYTES);
                ch.write(CssFile.header(slots, pow2), pos);
                pos += CssFormat.HEADER_BYTES + (long) slots * CssFormat.RECORD_BYTES;
            }
        }
        CssFile f = CssFile.open(tmp, true);
        return new CssBuilder(target, tmp, f, growth);
    }

    /** The shape of an existing file (for a rebuild that keeps it). */
    static List<Integer> shapeOf(CssFile f) {
        List<Integer> sizes = new ArrayList<>();
        for (Extent e : f.extents()) {
            sizes.add(e.slots());
        }
        return sizes;
    }

    /**
     * Adds a record with its stored count words (cssclean's age bits included), appending extents as needed.
     *
     * @return false when the token was already added (a duplicate in the source; the first one is kept)
     */
    boolean add(long key, long rawInnocent, long rawSpam) throws IOException {
        while (true) {
            Added a = tryAdd(key, rawInnocent, rawSpam);
            if (a != Added.NO_ROOM) {
                return a == Added.PLACED;
            }
            Extent last = file.extent(file.extentCount() - 1);
            appendExtent((int) ExtentSizes.next(growth, last.slots(), last.pow2()));
        }
    }

    /** What {@link #tryAdd} did. */
    enum Added { PLACED, DUPLICATE, NO_ROOM }

    /** Adds a record if the extents so far have a slot for it. */
    Added tryAdd(long key, long rawInnocent, long rawSpam) throws IOException {
        if (key == 0) {
            return Added.DUPLICATE;
        }
        if (index.candidates(key) != 0) {
            for (Extent e : file.extents()) {
                if (Probe.find(e, key, growth.maxSeek(), index) >= 0) {
                    duplicates++;
                    return Added.DUPLICATE;
                }
            }
        }
        for (Probe.Rule rule : new Probe.Rule[] {Probe.Rule.BOTH, file.ownRule()}) {
            for (Extent e : file.extents()) {
                int s = Probe.insertion(e, key, growth.maxSeek(), index, rule);
                if (s >= 0) {
                    byte[] rec = new byte[CssFormat.RECORD_BYTES];
                    ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN).putLong(key).putLong(rawInnocent)
                            .putLong(rawSpam);
                    file.put(e.recordOffset(s), rec);
                    index.inserted(e, s, key);
                    records++;
                    return Added.PLACED;
                }
            }
        }
        return Added.NO_ROOM;
    }

    /** Appends an empty extent of the given size (rounded as the file's extents are). */
    void appendExtent(int slots) throws IOException {
        Extent last = file.extent(file.extentCount() - 1);
        Extent e = new Extent(file.extentCount(), last.end(), (int) ExtentSizes.round(slots, last.pow2()), last.pow2());
        file.append(List.of(e));
        index.extentsAppended();
    }

    long records() {
        return records;
    }

    long duplicates() {
        return duplicates;
    }

    int extents() {
        return file.extentCount();
    }

    void totals(Totals t) throws IOException {
        byte[] b = new byte[64];
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : t.toArray()) {
            buf.putLong(v);
        }
        file.put(CssFormat.TOTALS_OFFSET, b);
    }

    /**
     * Makes the new file durable, gives it the old file's permissions and owner, and moves it over {@code target}.
     */
    void replace() throws IOException {
        file.force(true);
        file.close();
        if (Files.exists(target)) {
            copyOwnership(target, tmp);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(target.getParent());
        done = true;
    }

    private static void copyOwnership(Path from, Path to) throws IOException {
        PosixFileAttributeView toView = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (toView == null) {
            return;
        }
        PosixFileAttributes a = Files.readAttributes(from, PosixFileAttributes.class);
        PosixFileAttributes b = toView.readAttributes();
        toView.setPermissions(a.permissions());
        if (!a.group().equals(b.group())) {
            toView.setGroup(a.group());
        }
        if (!a.owner().equals(b.owner())) {
            try {
                toView.setOwner(a.owner());
            } catch (IOException e) {
                throw new IOException("cannot give the rebuilt file the owner of " + from + " (" + a.owner().getName()
                        + "); run this as that user or as root", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!done) {
            file.close();
            Files.deleteIfExists(tmp);
        }
    }
}
