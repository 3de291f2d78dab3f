package org.dspam.storage.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dspam.storage.StorageException;
import org.dspam.storage.UserStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dspam.storage.UserLayout;

/**
 * The user's lock is DSPAM's: an {@code fcntl} write lock on {@code <user>.lock}, which a DSPAM binary respects and
 * which dies with its process. A Python one-liner using the same {@code fcntl} call stands in for a DSPAM binary.
 */
class UserLockTest {
    @TempDir
    Path home;

    private HashStorageDriver driver(Duration timeout) {
        return new HashStorageDriver(ChildTrainer.settings(home).withLockTimeout(timeout));
    }

    @Test
    void aWriterKilledWhileHoldingTheLockDoesNotBlockTheNext() throws Exception {
        Children.Child holder = Children.start(home, "u", 1, 0, 1, 50, "hold");
        assertEquals("locked", holder.next(120), "printed " + holder.all);
        try (HashStorageDriver d = driver(Duration.ofMillis(500))) {
            StorageException busy = assertThrows(StorageException.class, () -> d.open("u").close());
            assertTrue(busy.isTransient(), busy.toString());
            assertTrue(busy.getMessage().contains("another process"), busy.getMessage());
        }
        holder.kill();
        long start = System.nanoTime();
        try (HashStorageDriver d = driver(Duration.ofSeconds(5))) {
            Expected.holds(d, "u", new long[] {1}, 1, 50);
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the dead writer's lock went with it");
        assertTrue(Files.exists(home.resolve("data/u/u.lock")), "the lock file stays, as with DSPAM");
    }

    /** A process taking the lock with fcntl(F_SETLK, F_WRLCK) on the whole file, as DSPAM's agent does. */
    private static Process fcntlLocker(Path lockFile, boolean wait) throws IOException {
        String script = String.join("\n",
                "import fcntl, sys, time",
                "f = open(sys.argv[1], 'a')",
                "try:",
                "    fcntl.lockf(f, fcntl.LOCK_EX | (0 if sys.argv[2] == 'wait' else fcntl.LOCK_NB))",
                "except OSError:",
                "    print('busy', flush=True)",
                "    sys.exit(0)",
                "print('locked', flush=True)",
                "time.sleep(float(sys.argv[3]))");
        try {
            return new ProcessBuilder("python3", "-c", script, lockFile.toString(), wait ? "wait" : "try", "60")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("python3 is needed to stand in for a DSPAM binary taking an fcntl lock", e);
        }
    }

    private static String firstLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return r.readLine();
    }

    @Test
    void aDspamBinaryAndThisDriverExcludeEachOther() throws Exception {
        try (HashStorageDriver d = driver(Duration.ofMillis(500))) {
            try (UserStorage s = d.open("u")) {
                s.commit(ChildTrainer.Messages.changes(1, 0, 10), ChildTrainer.Messages.totals(0));
                Process dspam = fcntlLocker(d.files("u").lock(), false);
                assertEquals("busy", firstLine(dspam), "DSPAM cannot lock the user while it is open here");
                dspam.waitFor(30, TimeUnit.SECONDS);
            }
            Process dspam = fcntlLocker(d.files("u").lock(), false);
            try {
                assertEquals("locked", firstLine(dspam), "DSPAM locks the user once it is closed here");
                StorageException busy = assertThrows(StorageException.class, () -> d.open("u").close());
                assertTrue(busy.isTransient());
            } finally {
                dspam.destroyForcibly();
                dspam.waitFor(30, TimeUnit.SECONDS);
            }
            try (UserStorage s = d.open("u")) {
                assertEquals(1, s.totals().spamLearned());
            }
        }
    }

    @Test
    void readingAUserThatDoesNotExistCreatesNothing() throws IOException {
        try (HashStorageDriver d = driver(Duration.ofSeconds(5)); UserStorage s = d.open("ghost")) {
            Expected.fetch(s, new long[] {1, 2, 3});
            assertFalse(s.exists());
            assertTrue(s.signatures().isEmpty());
            assertFalse(s.signature("6b01f58f33811345520487").isPresent());
            s.forEachToken(r -> {
                throw new AssertionError("no tokens");
            });
        }
        Path data = home.resolve("data");
        assertTrue(!Files.exists(data) || Files.list(data).toList().isEmpty(), "nothing under " + data);
    }

    @Test
    void userNamesThatCouldEscapeAreRejectedInEveryLayout() {
        for (UserLayout layout : UserLayout.values()) {
            try (HashStorageDriver d = new HashStorageDriver(ChildTrainer.settings(home).withLayout(layout))) {
                for (String bad : List.of("../etc", "a/b", "..", ".", "-x", "nul\0byte", "bell\u0007", "tab\tx",
                        "x".repeat(256), "back\\slash", "")) {
                    StorageException e = assertThrows(StorageException.class, () -> d.open(bad).close(), bad);
                    assertFalse(e.isTransient());
                    assertTrue(e.getMessage().startsWith("Illegal username"), e.getMessage());
                }
            }
        }
        try (HashStorageDriver d = new HashStorageDriver(ChildTrainer.settings(home).withLayout(UserLayout.DOMAINSCALE))) {
            for (String bad : List.of("..@example.org", "bob@..", "@")) {
                StorageException e = assertThrows(StorageException.class, () -> d.open(bad).close(), bad);
                assertTrue(e.getMessage().startsWith("Illegal username"), e.getMessage());
            }
        }
        assertFalse(Files.exists(home.getParent().resolve("etc")));
    }
}
