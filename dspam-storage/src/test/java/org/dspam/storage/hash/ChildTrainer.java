package org.dspam.storage.hash;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import org.dspam.storage.StorageException;
import org.dspam.storage.TokenChanges;
import org.dspam.storage.Totals;
import org.dspam.storage.UserStorage;

/**
 * A separate process that trains synthetic messages into one user, for the tests that run many writers at once
 * or kill writers: {@code ChildTrainer HOME USER SEED FIRST COUNT TOKENS [halt-at=STEP@N] [slow] [hold]}.
 * Prints {@code ok N} once message N is committed and its session closed; {@code halt-at} stops the process
 * dead at a step of a commit, {@code slow} makes each step take 3 ms, and with {@code hold} it opens the user,
 * prints {@code locked} and waits to be killed.
 */
public final class ChildTrainer {
    private ChildTrainer() {
    }

    /** The small extents the tests use, so that files grow often. */
    static HashSettings settings(Path home) {
        return HashSettings.shipped(home).withSizes(1021, 509, 10, 10).withCache(0, null)
                .withLockTimeout(Duration.ofSeconds(120));
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        String user = args[1];
        long seed = Long.parseLong(args[2]);
        int first = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        int tokens = Integer.parseInt(args[5]);
        String haltStep = null;
        int haltAt = -1;
        boolean hold = false;
        boolean slow = false;
        for (int i = 6; i < args.length; i++) {
            if (args[i].startsWith("halt-at=")) {
                String[] p = args[i].substring(8).split("@");
                haltStep = p[0];
                haltAt = Integer.parseInt(p[1]);
            } else if (args[i].equals("hold")) {
                hold = true;
            } else if (args[i].equals("slow")) {
                slow = true;
            }
        }
        PrintStream out = System.out;
        try (HashStorageDriver driver = new HashStorageDriver(settings(home))) {
            if (hold) {
                try (UserStorage s = driver.open(user)) {
                    s.commit(Messages.changes(seed, first, tokens), Messages.totals(first));
                    out.println("locked");
                    out.flush();
                    Thread.sleep(120_000);
                }
                return;
            }
            int[] current = {-1};
            if (slow) {
                // A slow disk: each step of a commit takes a while, so that a kill often lands inside one.
                HashSession.stepHook = s -> {
                    if (!s.equals("marked")) {
                        try {
                            Thread.sleep(3);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
            }
            if (haltStep != null) {
                String step = haltStep;
                int at = haltAt;
                HashSession.stepHook = s -> {
                    if (current[0] == at && s.equals(step)) {
                        out.println("halting " + s);
                        out.flush();
                        Runtime.getRuntime().halt(137);
                    }
                };
            }
            for (int i = first; i < first + count; i++) {
                current[0] = i;
                try (UserStorage s = driver.open(user)) {
                    TokenChanges c = Messages.changes(seed, i, tokens);
                    s.commit(c, Messages.totals(i));
                } catch (StorageException e) {
                    out.println("error " + e.kind() + " " + e.getMessage());
                    e.printStackTrace();
                    out.flush();
                    System.exit(3);
                }
                out.println("ok " + i);
                out.flush();
            }
        }
    }

    /** The synthetic messages: deterministic, so a parent can compute what any number of them add up to. */
    static final class Messages {
        static final int SHARED = 20;
        /** Tokens that message {@code i} of every seed has, so that processes insert the same new tokens. */
        static final int ROUND = 10;
        static final long ROUND_SEED = -1;

        private Messages() {
        }

        static boolean spam(int i) {
            return i % 3 == 0;
        }

        static final long SHARED_SEED = -2;

        /** Token ids every message has (the same in every process). */
        static long shared(int j) {
            return unique(SHARED_SEED, 0, j);
        }

        /** A token id only message {@code i} of {@code seed} has. */
        static long unique(long seed, int i, int j) {
            long h = (seed * 1_000_003L + i) * 100_003L + j + 1;
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
            return h == 0 ? 7919 : h;
        }

        static TokenChanges changes(long seed, int i, int tokens) {
            TokenChanges c = new TokenChanges(SHARED + ROUND + tokens);
            boolean spam = spam(i);
            for (int j = 0; j < SHARED; j++) {
                c.add(shared(j), spam ? 1 : 0, spam ? 0 : 1);
            }
            for (int j = 0; j < ROUND; j++) {
                c.add(unique(ROUND_SEED, i, j), spam ? 1 : 0, spam ? 0 : 1);
            }
            for (int j = 0; j < tokens; j++) {
                c.add(unique(seed, i, j), spam ? 1 : 0, spam ? 0 : 1);
            }
            return c;
        }

        static Totals totals(int i) {
            return spam(i) ? new Totals(1, 0, 0, 0, 1, 0, 0, 0) : new Totals(0, 1, 0, 0, 0, 1, 0, 0);
        }

        /** Spam and innocent messages among {@code first} .. {@code first + n - 1}. */
        static long[] classes(int first, int n) {
            long s = 0;
            for (int i = first; i < first + n; i++) {
                if (spam(i)) {
                    s++;
                }
            }
            return new long[] {s, n - s};
        }
    }
}
