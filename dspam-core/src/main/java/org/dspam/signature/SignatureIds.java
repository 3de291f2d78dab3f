package org.dspam.signature;

import java.util.Random;
import java.util.function.Predicate;

/**
 * Signature ids in DSPAM's shape: the current time as lowercase hex, the process id in decimal,
 * then two random numbers (at most five digits each), regenerated while the id is taken.
 */
public final class SignatureIds {
    /** The process id, or -1 for this process's, looked up on the first id (a classifying process never asks). */
    private final long pid;
    private final Random random;

    private static final class ThisProcess {
        static final long PID = ProcessHandle.current().pid();
    }

    public SignatureIds(long pid, Random random) {
        this.pid = pid;
        this.random = random;
    }

    public static SignatureIds forThisProcess() {
        return new SignatureIds(-1, new Random());
    }

    public String next(long epochSeconds, Predicate<String> taken) {
        long process = pid < 0 ? ThisProcess.PID : pid;
        String hex = Long.toHexString(epochSeconds);
        String id;
        do {
            // C's %8x: lowercase hex, padded with spaces to eight characters
            StringBuilder sb = new StringBuilder(32).repeat(' ', Math.max(0, 8 - hex.length())).append(hex).append(process);
            for (int i = 0; i < 2; i++) {
                String digits = Integer.toString(random.nextInt(Integer.MAX_VALUE));
                sb.append(digits, 0, Math.min(5, digits.length()));
            }
            id = sb.toString();
        } while (taken.test(id));
        return id;
    }
}
