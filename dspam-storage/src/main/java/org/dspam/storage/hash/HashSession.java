package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.dspam.storage.SignatureInfo;
import org.dspam.storage.StorageException;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.TokenRecord;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.dspam.storage.UserFiles;

/**
 * One user open on the hash driver: the user's lock is held from construction to {@link #close()}.
 *
 * <p>A commit is planned in memory, written to the journal, then applied to the {@code .css} file and marked done
 * (see {@link Journal}); new extents are written (and, without HashSync, forced to disk) before any record goes into
 * them. Any failure before the commit is marked done puts back what was changed.
 */
final class HashSession implements UserStorage {
    /** Created on first use: a process that logs nothing never starts a logging system. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(HashSession.class);
    }
    /** With HashSync, the journal keeps this much history before the {@code .css} file is forced to disk. */
    static final long CHECKPOINT_BYTES = 8L << 20;

    /** Called at each step of a commit; fault-injection tests stop the process there. */
    static volatile Consumer<String> stepHook;

    private final HashStorageDriver driver;
    private final HashSettings settings;
    private final UserFiles files;
    private final UserLock lock;
    private final OpenFile open;
    private Journal journal;
    private Totals totals = Totals.ZERO;
    private boolean closed;
    /** Per new record of the commit under way, in the plan's order: the lookup that found its token absent, or -1. */
    private int[] newLookups = new int[0];

    HashSession(HashStorageDriver driver, UserFiles files) {
        this.driver = driver;
        this.settings = driver.settings();
        this.files = files;
        this.lock = UserLock.acquire(files.lock(), settings.lockTimeout());
        this.open = driver.cache().take(files.css());
        try {
            if (lock.holdsFileLock()) {
                prepare();
            } else {
                open.forget();
            }
            open.startSession();
        } catch (IOException e) {
            release();
            throw StorageException.transientFailure("Cannot open " + files.css() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    private void release() {
        open.forget();
        closeJournal();
        lock.close();
    }

    /** Under the file lock: finish an interrupted commit, then (re)open the file unless the kept one is current. */
    private void prepare() throws IOException {
        journal = Journal.open(Journal.pathFor(files.css()));
        boolean changed = journal.recover(files.css());
        BasicFileAttributes attrs = attributes(files.css());
        if (changed || !open.stillValid(attrs, journal.generation())) {
            open.forget();
            if (attrs != null) {
                open.file = opened(CssFile.open(files.css(), true));
            }
        } else if (!open.file.mapped()) {
            // Used again: worth mapping now.
            open.file.useMappings();
        }
        totals = open.file == null ? Totals.ZERO : open.file.totals();
        if (open.pinned && open.index == null && open.file != null) {
            open.index = TokenIndex.build(open.file);
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Whether records are read and written through mappings (false: positional reads and writes). */
    boolean mapped() {
        return open.file != null && open.file.mapped();
    }

    /** Whether lookups use a kept {@link TokenIndex}. */
    boolean indexed() {
        return open.index != null;
    }

    @Override
    public String user() {
        return files.user();
    }

    @Override
    public boolean exists() {
        return open.file != null || Files.isDirectory(files.signatures());
    }

    @Override
    public Totals totals() {
        return totals;
    }

    @Override
    public void fetch(long[] keys, int count, long[] spam, long[] innocent) {
        checkOpen();
        CssFile f = open.file;
        if (f == null) {
            java.util.Arrays.fill(spam, 0, count, 0);
            java.util.Arrays.fill(innocent, 0, count, 0);
            return;
        }
        maybeIndex(count);
        open.fetchStarted(count > 0 ? keys[0] : 0);
        if (open.index == null && f.mapped()) {
            touchStartSlots(f, keys, count);
        }
        long[] in = open.index != null ? open.candidatesAhead(keys, count) : null;
        for (int i = 0; i < count; i++) {
            long key = keys[i];
            long loc = key == 0 ? Locations.NONE : open.lastLocation(key);
            if (loc == LongLongMap.MISSING) {
                loc = in == null ? locate(f, key) : in[i] == 0 ? Locations.NONE
                        : locate(f, key, in[i], open.fingerprintAhead(i));
            }
            open.looked(key, loc);
            if (loc == Locations.NONE) {
                spam[i] = 0;
                innocent[i] = 0;
            } else {
                Extent e = f.extent(Locations.extent(loc));
                int s = Locations.slot(loc);
                spam[i] = f.rawSpam(e, s) & CssFormat.COUNT_MASK;
                innocent[i] = f.rawInnocent(e, s) & CssFormat.COUNT_MASK;
            }
        }
    }

    /** Keeps the loads of {@link #touchStartSlots} from being optimised away. */
    private long touched;

    /**
     * Reads the record where each token's walk starts in each extent, before the lookups look at any. A file without
     * an index (a small user's, opened again for one message) is seldom in the processor's cache; its lookups, one
     * after the other, would each wait for their first record, mostly an empty slot that ends the walk. These reads
     * do not depend on each other, so the processor has many under way at once, and the lookups then find their
     * records in the cache.
     */
    private void touchStartSlots(CssFile f, long[] keys, int count) {
        long sink = 0;
        for (int x = 0, n = f.extentCount(); x < n; x++) {
            Extent e = f.extent(x);
            for (int i = 0; i < count; i++) {
                sink += f.key(e, CssFormat.startSlot(keys[i], e.slots(), e.pow2()));
            }
        }
        touched = sink;
    }

    /** Builds the index once the lookups done without it add up to about a sixteenth of a full scan. */
    private void maybeIndex(int tokens) {
        if (open.index != null || !open.stampable) {
            return;
        }
        CssFile f = open.file;
        open.probes += (long) tokens * f.extentCount();
        if (open.probes * 16 >= f.slots()) {
            open.index = TokenIndex.build(f);
        }
    }

    private long locate(CssFile f, long key) {
        TokenIndex ix = open.index;
        return ix != null ? locate(f, key, ix.candidates(key), TokenIndex.fingerprint(key))
                : locate(f, key, 0, (byte) 0);
    }

    /**
     * {@link #locate} given the extents the index names ({@code in}) and the token's fingerprint there ({@code fp});
     * both unused without an index.
     */
    private long locate(CssFile f, long key, long in, byte fp) {
        int seek = settings.maxSeek();
        TokenIndex ix = open.index;
        if (ix != null) {
            if (in == 0) {
                return Locations.NONE;
            }
            int n = f.extentCount();
            // Every extent that holds the token is named, so the first that has it is where a walk over all
            // extents would find it.
            for (int i = 0; i < n; i++) {
                if (i <= ExtentTable.LAST_BIT) {
                    long rest = in >>> i;
                    if (rest == 0) {
                        break;
                    }
                    i += Long.numberOfTrailingZeros(rest);
                    if (i >= n) {
                        break;
                    }
                }
                int s = ix.find(f.extent(i), key, fp, seek);
                if (s >= 0) {
                    return Locations.of(i, s);
                }
            }
            return Locations.NONE;
        }
        for (int i = 0, n = f.extentCount(); i < n; i++) {
            int s = f.find(f.extent(i), key, seek);
            if (s >= 0) {
                return Locations.of(i, s);
            }
        }
        return Locations.NONE;
    }

    @Override
    public void commit(TokenChanges changes, Totals totalsDelta) {
        checkOpen();
        if (changes.isEmpty() && totalsDelta.isZero()) {
            return;
        }
        open.commitStarted();
        try {
            CssFile f = writableFile();
            CommitPlan plan = open.plan(open.index != null ? open.index : f, settings, changes.size());
            for (int i = 0; i < changes.size(); i++) {
                long key = changes.key(i);
                if (key == 0) {
                    // Slot value 0 means "empty" in DSPAM's format: a token id of 0 cannot be stored.
                    continue;
                }
                int planned = plan.newRecordCount();
                plan.change(key, changes.spamDelta(i), changes.innocentDelta(i), open.known(key));
                if (plan.newRecordCount() > planned) {
                    if (planned == newLookups.length) {
                        newLookups = java.util.Arrays.copyOf(newLookups, Math.max(256, 2 * planned));
                    }
                    newLookups[planned] = open.knownAt();
                }
            }
            plan.totals(f.totals(), totalsDelta);
            apply(f, plan);
            totals = plan.totalsAfter();
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot write " + files.css() + ": " + e.getMessage(), e);
        }
    }

    private void apply(CssFile f, CommitPlan plan) throws IOException {
        if (journal.hasHistory() && !settings.sync()) {
            f.force(true);
            journal.checkpointed();
        }
        journal.target(f.journalId());
        JournalRecord rec = plan.record(journal.generation() + 1);
        try {
            journal.begin(rec, settings.sync());
        } catch (IOException e) {
            // Nothing was applied; the record (if it got written) must not be completed by a later open.
            try {
                journal.abort(rec, settings.sync());
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        step("journal-written");
        try {
            if (!plan.addedExtents().isEmpty()) {
                f.append(plan.addedExtents());
                if (!settings.sync()) {
                    // New extents are structure: on disk before anything refers to them, HashSync or not.
                    f.forceAppended(plan.addedExtents());
                }
                step("extended");
            }
            // The journal record's order: new extents' headers, the records, the totals.
            int headers = plan.addedExtents().size();
            for (int i = 0; i < headers; i++) {
                f.put(rec.offset(i), rec.bytes(), rec.afterAt(i), rec.length(i));
            }
            int records = plan.recordCount();
            plan.writeRecords(0, records / 2);
            step("half-applied");
            plan.writeRecords(records / 2, records);
            int totals = rec.count() - 1;
            f.put(rec.offset(totals), rec.bytes(), rec.afterAt(totals), rec.length(totals));
            step("applied");
        } catch (IOException | RuntimeException | Error e) {
            undo(f, rec, e);
            if (e instanceof InternalError) {
                throw StorageException.transientFailure("Cannot write " + f.path()
                        + " (the file system refused a write to the mapped file: is it full?)", e);
            }
            throw e;
        }
        boolean keep = settings.sync() && BootId.known();
        if (settings.sync() && !keep) {
            f.force(true);
        }
        journal.end(rec, keep);
        step("marked");
        if (keep && journal.historyBytes() > CHECKPOINT_BYTES) {
            f.force(true);
            journal.checkpointed();
        }
        if (open.index != null) {
            if (!plan.addedExtents().isEmpty()) {
                open.index.extentsAppended();
            }
            open.index.insertionsAhead(plan);
        }
        for (int i = 0; i < plan.newRecordCount(); i++) {
            long loc = plan.newRecordLocation(i);
            long key = plan.newRecordKey(i);
            open.inserted(key, loc, newLookups[i]);
            if (open.index != null) {
                open.index.inserted(f.extent(Locations.extent(loc)), Locations.slot(loc), key);
            }
        }
    }

    /** Puts back the before-images and the old length, and voids the journal record; the error is then reported. */
    private void undo(CssFile f, JournalRecord rec, Throwable cause) {
        try {
            FileChannel ch = f.channel();
            for (int i = rec.count() - 1; i >= 0; i--) {
                long offset = rec.offset(i);
                if (offset < rec.lengthBefore) {
                    ByteBuffer b = ByteBuffer.wrap(rec.before(i));
                    while (b.hasRemaining()) {
                        ch.write(b, offset + b.position());
                    }
                }
            }
            if (ch.size() > rec.lengthBefore) {
                ch.truncate(rec.lengthBefore);
            }
            journal.abort(rec, settings.sync());
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            Log.LOG.error("{}: could not undo a failed commit; the next open completes or skips it", f.path(), e);
        }
        open.forget();
    }

    private static void step(String name) {
        Consumer<String> hook = stepHook;
        if (hook != null) {
            hook.accept(name);
        }
    }

    /** The user's file, created (with its folder and lock) if needed. */
    private CssFile writableFile() throws IOException {
        ensureLocked();
        if (open.file == null) {
            open.forget();
            // Under the lock: an existing file is opened, never replaced.
            open.file = opened(CssFile.open(files.css(), true));
            if (open.file == null) {
                open.file = opened(CssFile.create(files.css(), (int) ExtentSizes.first(settings), settings.pow2()));
                totals = Totals.ZERO;
            }
        }
        if (!open.file.writable()) {
            throw StorageException.permanentFailure("No permission to write " + files.css());
        }
        return open.file;
    }

    /** Creates the user's folder if needed and takes the file lock, then looks again at what is stored. */
    private void ensureLocked() throws IOException {
        if (lock.holdsFileLock()) {
            return;
        }
        createDirectories(files.dir());
        lock.lockFile();
        prepare();
    }

    private static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            // DSPAM creates its folders with mode 0770.
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwx---")));
        } catch (FileAlreadyExistsException e) {
            // made by another process meanwhile
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    @Override
    public Optional<byte[]> signature(String id) {
        checkOpen();
        if (!isSignatureId(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(signaturePath(id)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot read signature " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Signature ids as DSPAM makes them (hex time, pid, digits), with some room: letters, digits, '.', '_', '-',
     * at most 128, not starting with '.' or '-'. They come from messages, so they must never name a path.
     */
    static boolean isSignatureId(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private Path signaturePath(String id) {
        return files.signatures().resolve(id + ".sig");
    }

    @Override
    public void storeSignature(String id, byte[] data) {
        checkOpen();
        if (!isSignatureId(id)) {
            throw StorageException.permanentFailure("Illegal signature id '" + id + "'");
        }
        try {
            ensureLocked();
            createDirectories(files.signatures());
            Path target = signaturePath(id);
            Path tmp = files.signatures().resolve("." + id + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeSignature(ch, data);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (settings.sync()) {
                Fsync.directory(files.signatures());
            }
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot store signature " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the signature's file under its own name, in one step that fails when the id is taken. A process
     * that stops half-way leaves a short file under an id no delivered message carries (the message goes out only
     * after this returns); a write that fails removes its file.
     */
    @Override
    public boolean storeNewSignature(String id, byte[] data) {
        checkOpen();
        if (!isSignatureId(id)) {
            throw StorageException.permanentFailure("Illegal signature id '" + id + "'");
        }
        Path target = signaturePath(id);
        try {
            ensureLocked();
            FileChannel created = createNew(target);
            // Only a file made here is removed on failure; one that existed fails createNew and is left alone.
            try (FileChannel ch = created) {
                writeSignature(ch, data);
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            if (settings.sync()) {
                Fsync.directory(files.signatures());
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot store signature " + id + ": " + e.getMessage(), e);
        }
    }

    /** The signature folder is made the first time (a missing folder is the only reason for NoSuchFile here). */
    private FileChannel createNew(Path target) throws IOException {
        try {
            return FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            createDirectories(files.signatures());
            return FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    private void writeSignature(FileChannel ch, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        if (settings.sync()) {
            ch.force(true);
        }
    }

    @Override
    public boolean hasSignature(String id) {
        checkOpen();
        return isSignatureId(id) && Files.isRegularFile(signaturePath(id));
    }

    @Override
    public List<SignatureInfo> signatures() {
        checkOpen();
        List<SignatureInfo> out = new ArrayList<>();
        if (!Files.isDirectory(files.signatures())) {
            return out;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(files.signatures(), "*.sig")) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - 4);
                if (!isSignatureId(id)) {
                    continue;
                }
                try {
                    long day = Files.getLastModifiedTime(p).toInstant().atZone(ZoneId.systemDefault()).toLocalDate()
                            .toEpochDay();
                    out.add(new SignatureInfo(id, day));
                } catch (NoSuchFileException e) {
                    // deleted meanwhile
                }
            }
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot list " + files.signatures() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(SignatureInfo::id));
        return out;
    }

    @Override
    public void deleteSignature(String id) {
        checkOpen();
        if (!isSignatureId(id)) {
            return;
        }
        try {
            Files.deleteIfExists(signaturePath(id));
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot delete signature " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachToken(Consumer<TokenRecord> visitor) {
        checkOpen();
        CssFile f = open.file;
        if (f == null) {
            return;
        }
        for (Extent e : f.extents()) {
            for (int s = 0; s < e.slots(); s++) {
                long key = f.key(e, s);
                if (key != 0) {
                    visitor.accept(new TokenRecord(key, f.rawSpam(e, s) & CssFormat.COUNT_MASK,
                            f.rawInnocent(e, s) & CssFormat.COUNT_MASK, -1));
                }
            }
        }
    }

    /** Rebuilds the file without the given tokens (DSPAM's format cannot empty a slot in place). */
    @Override
    public void deleteTokens(long[] keys, int count) {
        checkOpen();
        CssFile f = open.file;
        if (f == null || count == 0) {
            return;
        }
        LongLongMap doomed = new LongLongMap(count);
        for (int i = 0; i < count; i++) {
            if (keys[i] != 0 && locate(f, keys[i]) != Locations.NONE) {
                doomed.put(keys[i], 1);
            }
        }
        if (doomed.size() == 0) {
            return;
        }
        try {
            writableFile();
            rebuild(f, CssBuilder.shapeOf(f), key -> doomed.get(key) == LongLongMap.MISSING);
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot rebuild " + files.css() + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file by a copy holding the records {@code keep} accepts, in the given extents. */
    void rebuild(CssFile f, List<Integer> shape, java.util.function.LongPredicate keep) throws IOException {
        try (CssBuilder b = CssBuilder.start(f.path(), shape, f.extent(0).pow2(), settings)) {
            for (Extent e : f.extents()) {
                for (int s = 0; s < e.slots(); s++) {
                    long key = f.key(e, s);
                    if (key != 0 && keep.test(key)) {
                        b.add(key, f.rawInnocent(e, s), f.rawSpam(e, s));
                    }
                }
            }
            b.totals(f.totals());
            b.replace();
        }
        journal.replaced(Journal.fileId(f.path()));
        open.forget();
        open.file = opened(CssFile.open(files.css(), true));
    }

    /**
     * A file is read and written without mappings the first time this process uses it, and through mappings
     * once it is used again (see {@link CssFile}): a process that handles one message never maps anything. A
     * process that has already closed kept files to make room for others (a daemon serving more users than
     * HashConnectionCache) opens files again and again, and maps them from their first use: a lookup then costs
     * memory reads, not a read call per token.
     */
    private CssFile opened(CssFile f) {
        if (f != null && !driver.cache().hasEvicted()) {
            f.readDirectly();
        }
        return f;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This session of " + files.user() + " is closed");
        }
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                Log.LOG.debug("{}: {}", files.css(), e.toString());
            }
            journal = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (open.file != null) {
                open.remember(journal == null ? -1 : journal.generation());
            }
            driver.cache().give(open);
        } finally {
            closeJournal();
            lock.close();
        }
    }
}
