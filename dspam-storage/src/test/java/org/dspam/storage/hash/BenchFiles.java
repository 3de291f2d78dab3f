package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;

/**
 * A user file the size of the corpus run's (about 3.15 million records in 16 extents, 85 MB, with the shipped hash
 * settings) for the benchmarks, made once under {@code target/bench}.
 */
public final class BenchFiles {
    public static final String USER = "big";
    public static final long RECORDS = 3_157_507;
    private static final long SEED = 20_020_806;

    private BenchFiles() {
    }

    public static HashSettings settings(Path home, int cache) {
        return HashSettings.shipped(home).withCache(cache, null);
    }

    /** The home holding user {@value #USER}; made if missing. */
    public static synchronized Path home() throws IOException {
        Path home = Path.of(System.getProperty("dspam.bench.dir", "target/bench")).toAbsolutePath();
        Path done = home.resolve("made");
        if (Files.exists(done)) {
            return home;
        }
        Files.createDirectories(home);
        try (HashStorageDriver d = new HashStorageDriver(settings(home, 0))) {
            Random r = new Random(SEED);
            long made = 0;
            while (made < RECORDS) {
                int n = (int) Math.min(50_000, RECORDS - made);
                TokenChanges c = new TokenChanges(n);
                for (int i = 0; i < n; i++) {
                    c.add(storedKey(r), 1 + r.nextInt(3), r.nextInt(5));
                }
                try (UserStorage s = d.open(USER)) {
                    s.commit(c, new Totals(n / 100, n / 50, 0, 0, 0, 0, 0, 0));
                }
                made += n;
            }
        }
        Files.writeString(done, "");
        return home;
    }

    private static long storedKey(Random r) {
        long k = r.nextLong();
        return k == 0 ? 1 : k;
    }

    /** {@code messages} token lists of {@code size} ids, {@code knownShare} of them stored in the file. */
    public static long[][] messages(int messages, int size, double knownShare) {
        Random stored = new Random(SEED);
        long[] pool = new long[1_000_000];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = storedKey(stored);
            // the generator also drew two counts per token
            stored.nextInt(3);
            stored.nextInt(5);
        }
        Random r = new Random(7);
        long[][] out = new long[messages][size];
        for (long[] m : out) {
            for (int i = 0; i < size; i++) {
                m[i] = r.nextDouble() < knownShare ? pool[r.nextInt(pool.length)] : r.nextLong() | 1;
            }
        }
        return out;
    }
}
