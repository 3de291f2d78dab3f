package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.dspam.storage.StorageException;
import org.dspam.storage.Totals;

/**
 * What the css tools do to one {@code .css} file, under the user's lock ({@code <name>.lock} beside it) so that
 * neither this project nor a DSPAM binary writes the user meanwhile. Rebuilding tools write a new file and move it
 * over the old one (see {@link CssBuilder}).
 */
public final class HashAdmin {
    private HashAdmin() {
    }

    /** One extent as cssstat reports it. */
    public record ExtentStats(int index, long slots, long used, boolean broken) {
    }

    /** A file's extents, as found without repairing or locking anything. */
    public record FileStats(Path file, long length, List<ExtentStats> extents, String problem) {
        public long used() {
            return extents.stream().mapToLong(ExtentStats::used).sum();
        }

        public long free() {
            return extents.stream().mapToLong(e -> e.slots() - e.used()).sum();
        }
    }

    /** Counts used and free slots per extent (cssstat). Reads only; takes no lock, like DSPAM's cssstat. */
    public static FileStats stat(Path css) throws IOException {
        try (FileChannel ch = FileChannel.open(css, StandardOpenOption.READ)) {
            CssChain chain = CssChain.read(ch);
            List<ExtentStats> out = new ArrayList<>();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(CssFormat.RECORD_BYTES * 4096)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (Extent e : chain.extents()) {
                long used = 0;
                long pos = e.offset() + CssFormat.HEADER_BYTES;
                long end = Math.min(e.end(), chain.length());
                while (pos < end) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), end - pos));
                    CssChain.readFully(ch, buf, pos);
                    for (int i = 0; i + CssFormat.RECORD_BYTES <= buf.limit(); i += CssFormat.RECORD_BYTES) {
                        if (buf.getLong(i) != 0) {
                            used++;
                        }
                    }
                    pos += buf.limit();
                }
                out.add(new ExtentStats(e.index(), e.slots(), used, e.end() > chain.length()));
            }
            String problem = switch (chain.tail()) {
                case CLEAN -> null;
                case SHORT_EXTENT -> "the last extent is incomplete (a writer died while adding it)";
                case ZERO_BYTES -> "zero bytes follow the last extent";
                case CORRUPT -> chain.problem();
            };
            return new FileStats(css, chain.length(), out, problem);
        }
    }

    /**
     * What DSPAM's two builds find in a file.
     *
     * @param records non-empty slots
     * @param foundByRelease records the 3.10.2 release finds where they are
     * @param foundByTree records the last tree finds where they are
     * @param lost records neither build finds
     * @param duplicates records of a token stored earlier in the file
     */
    public record Check(long records, long foundByRelease, long foundByTree, long lost, long duplicates) {
        public boolean consistent() {
            return lost == 0 && duplicates == 0;
        }
    }

    /** Checks every record against both DSPAM builds' lookups, under the user's lock. */
    public static Check check(Path css, HashSettings settings) throws IOException {
        try (Locked l = Locked.open(css, settings, false)) {
            CssFile f = l.file;
            TokenIndex index = TokenIndex.build(f);
            long records = 0;
            long release = 0;
            long tree = 0;
            long lost = 0;
            long dup = 0;
            int seek = settings.maxSeek();
            Slots file = f;
            for (Extent e : f.extents()) {
                for (int s = 0; s < e.slots(); s++) {
                    long key = f.key(e, s);
                    if (key == 0) {
                        continue;
                    }
                    records++;
                    long first = firstLocation(f, key, seek, index);
                    if (first != Locations.of(e.index(), s) && first != Locations.NONE) {
                        dup++;
                        continue;
                    }
                    boolean r = !e.pow2() && findsAt(e, s, key, seek, file, true);
                    boolean t = findsAt(e, s, key, seek, file, false);
                    release += r ? 1 : 0;
                    tree += t ? 1 : 0;
                    lost += r || t ? 0 : 1;
                }
            }
            return new Check(records, release, tree, lost, dup);
        }
    }

    private static long firstLocation(CssFile f, long key, int seek, Slots slots) {
        for (Extent e : f.extents()) {
            int s = Probe.find(e, key, seek, slots);
            if (s >= 0) {
                return Locations.of(e.index(), s);
            }
        }
        return Locations.NONE;
    }

    /** Whether one build's walk in extent {@code e} reaches {@code slot} for {@code key}. */
    private static boolean findsAt(Extent e, int slot, long key, int seek, Slots f, boolean release) {
        int n = e.slots();
        int s = CssFormat.startSlot(key, n, e.pow2());
        int steps = release ? seek + 1 : seek;
        for (int i = 0; i < steps; i++) {
            int t = f.test(e, s, key);
            if (t == Slots.MATCH) {
                return s == slot;
            }
            if (t == Slots.EMPTY) {
                return false;
            }
            s = release ? CssFormat.nextReleaseSlot(s, n) : e.pow2() ? (s + 1) & (n - 1) : CssFormat.nextTreeSlot(s, n);
        }
        return false;
    }

    /** What a rebuild did. */
    public record Rebuilt(long recordsBefore, long recordsAfter, long duplicates, int extentsBefore, int extentsAfter) {
    }

    /**
     * DSPAM's cssclean: each run ages every record by one (an 8-bit counter DSPAM keeps in the top four bits of the
     * two counts, which every update resets), and drops records that have aged without being useful: with
     * {@code heavy}, every hapax and every record whose spam and innocent counts are within 10 % of each other;
     * otherwise hapaxes unused for 15 runs, near-neutral records (within 20 %) unused for 15 runs, rare ones
     * (2 * innocent + spam below 5) unused for 60, and anything unused for 120. Run nightly, the counter is days.
     */
    public static Rebuilt clean(Path css, HashSettings settings, boolean heavy) throws IOException {
        try (Locked l = Locked.open(css, settings, true)) {
            CssFile f = l.file;
            List<Integer> shape = List.of((int) ExtentSizes.first(settings));
            long before = 0;
            try (CssBuilder b = CssBuilder.start(css, shape, f.extent(0).pow2(), settings)) {
                for (Extent e : f.extents()) {
                    for (int s = 0; s < e.slots(); s++) {
                        long key = f.key(e, s);
                        if (key == 0) {
                            continue;
                        }
                        before++;
                        long rawInnocent = f.rawInnocent(e, s);
                        long rawSpam = f.rawSpam(e, s);
                        int age = Math.min(255, CssFormat.age(rawInnocent, rawSpam) + 1);
                        long innocent = rawInnocent & CssFormat.COUNT_MASK;
                        long spam = rawSpam & CssFormat.COUNT_MASK;
                        if (!drops(innocent, spam, age, heavy)) {
                            b.add(key, CssFormat.withAge(innocent, age, false), CssFormat.withAge(spam, age, true));
                        }
                    }
                }
                b.totals(f.totals());
                Rebuilt r = new Rebuilt(before, b.records(), b.duplicates(), f.extentCount(), b.extents());
                b.replace();
                l.replaced();
                return r;
            }
        }
    }

    /** cssclean's rules; counts are compared as DSPAM does, in thousandths. */
    static boolean drops(long innocent, long spam, int age, boolean heavy) {
        long total = innocent + spam;
        long prb = total > 0 ? Math.abs(innocent - spam) * 1000 / total : 1000;
        if (heavy) {
            return total <= 1 || prb < 100;
        }
        return (innocent * 2 + spam < 5 && age > 60) || (total <= 1 && age > 15) || (prb < 200 && age > 15)
                || age > 120;
    }

    /**
     * DSPAM's csscompress: rewrites the file into one extent. DSPAM made it as big as all old extents together;
     * here it is sized for the records (a third more slots than records), so that a file that lost records to
     * cssclean shrinks. With linear probing limited to HashMaxSeek slots, a few records find no slot in any
     * extent of that size; they go to a second, small extent.
     */
    public static Rebuilt compress(Path css, HashSettings settings, Consumer<String> progress) throws IOException {
        try (Locked l = Locked.open(css, settings, true)) {
            CssFile f = l.file;
            long records = 0;
            for (Extent e : f.extents()) {
                progress.accept("compressing " + e.slots() + " records in extent " + e.index());
                for (int s = 0; s < e.slots(); s++) {
                    if (f.key(e, s) != 0) {
                        records++;
                    }
                }
            }
            boolean pow2 = f.extent(0).pow2();
            long size = ExtentSizes.round(Math.max(records + records / 3, 1), pow2);
            try (CssBuilder b = CssBuilder.start(css, List.of((int) size), pow2, settings)) {
                List<long[]> overflow = new ArrayList<>();
                for (Extent e : f.extents()) {
                    for (int s = 0; s < e.slots(); s++) {
                        long key = f.key(e, s);
                        if (key != 0 && b.tryAdd(key, f.rawInnocent(e, s), f.rawSpam(e, s)) == CssBuilder.Added.NO_ROOM) {
                            overflow.add(new long[] {key, f.rawInnocent(e, s), f.rawSpam(e, s)});
                        }
                    }
                }
                if (!overflow.isEmpty()) {
                    b.appendExtent(Math.max(overflow.size() * 3, 101));
                    for (long[] r : overflow) {
                        b.add(r[0], r[1], r[2]);
                    }
                }
                b.totals(f.totals());
                Rebuilt r = new Rebuilt(records, b.records(), b.duplicates(), f.extentCount(), b.extents());
                b.replace();
                l.replaced();
                return r;
            }
        }
    }

    /** What cssconvert found and did. */
    public record Converted(String from, long records, long duplicates) {
    }

    /**
     * DSPAM's cssconvert: rewrites a file of DSPAM 3.6.0 (72-byte headers) or of a 32-bit build into this format,
     * keeping the totals (DSPAM's cssconvert dropped them). A file already in this format is left alone.
     *
     * @return null when the file is already in this format
     */
    public static Converted convert(Path css, HashSettings settings) throws IOException {
        UserLock lock = UserLock.acquire(lockFor(css), settings.lockTimeout());
        try (FileChannel ch = FileChannel.open(css, StandardOpenOption.READ)) {
            List<LegacyLayout> fits = new ArrayList<>();
            List<List<long[]>> chains = new ArrayList<>();
            for (LegacyLayout layout : LegacyLayout.values()) {
                List<long[]> chain = layout.chain(ch);
                if (chain != null) {
                    fits.add(layout);
                    chains.add(chain);
                }
            }
            if (fits.isEmpty()) {
                throw StorageException.permanentFailure(css + " is in no DSPAM hash layout this build knows");
            }
            if (fits.get(0) == LegacyLayout.CURRENT) {
                return null;
            }
            if (fits.size() > 1) {
                throw StorageException.permanentFailure(css + " fits more than one old layout ("
                        + fits.get(0).description + ", " + fits.get(1).description + "); not converting");
            }
            LegacyLayout from = fits.get(0);
            try (CssBuilder b = CssBuilder.start(css, List.of((int) ExtentSizes.first(settings)), settings.pow2(),
                    settings)) {
                from.records(ch, chains.get(0), b::add);
                b.totals(Totals.of(from.totals(ch)));
                Converted c = new Converted(from.description, b.records(), b.duplicates());
                b.replace();
                try (Journal j = Journal.open(Journal.pathFor(css))) {
                    j.replaced(Journal.fileId(css));
                }
                return c;
            }
        } finally {
            lock.close();
        }
    }

    /** The lock file DSPAM's tools use for a {@code .css} file: the same name ending in {@code .lock}. */
    static Path lockFor(Path css) {
        String name = css.getFileName().toString();
        if (!name.endsWith(".css") || name.length() == 4) {
            throw StorageException.permanentFailure(css + ": not a .css file");
        }
        return css.resolveSibling(name.substring(0, name.length() - 4) + ".lock");
    }

    /** A file opened by a tool under its lock, with any interrupted commit completed first. */
    private static final class Locked implements AutoCloseable {
        final UserLock lock;
        final Journal journal;
        final CssFile file;
        final Path css;

        private Locked(Path css, UserLock lock, Journal journal, CssFile file) {
            this.css = css;
            this.lock = lock;
            this.journal = journal;
            this.file = file;
        }

        static Locked open(Path css, HashSettings settings, boolean write) throws IOException {
            if (!Files.exists(css)) {
                throw new NoSuchFileException(css.toString());
            }
            UserLock lock = UserLock.acquire(lockFor(css), settings.lockTimeout());
            Journal journal = null;
            try {
                lock.lockFile();
                journal = Journal.open(Journal.pathFor(css));
                journal.recover(css);
                CssFile f = CssFile.open(css, write);
                if (f == null) {
                    throw StorageException.permanentFailure(css + " is empty");
                }
                return new Locked(css, lock, journal, f);
            } catch (IOException | RuntimeException e) {
                if (journal != null) {
                    journal.close();
                }
                lock.close();
                throw e;
            }
        }

        /** The file was rebuilt: nothing in the journal applies to the new one. */
        void replaced() throws IOException {
            journal.replaced(Journal.fileId(css));
        }

        @Override
        public void close() throws IOException {
            try {
                file.close();
                journal.close();
            } finally {
                lock.close();
            }
        }
    }
}
