package org.dspam.signature;

import java.util.Random;
import java.util.function.Predicate;

/**
 * Signature ids in DSPAM's shape: the current time as lowercase hex, the process id in decimal,
 * then two random numbers (at most five digits each), regenerated while the id is taken.
 */
public final class SignatureIds {
    private final long pid;
    private final Random random;

    public SignatureIds(long pid, Random random) {
        this.pid = pid;
        this.random = random;
    }

    public static SignatureIds forThisProcess() {
        return new SignatureIds(ProcessHandle.current().pid(), new Random());
    }

    public String next(long epochSeconds, Predicate<String> taken) {
        String id;
        do {
            StringBuilder sb = new StringBuilder(32)
                    .append(String.format("%8x", epochSeconds))
                    .append(pid);
            for (int i = 0; i < 2; i++) {
                String digits = Integer.toString(random.nextInt(Integer.MAX_VALUE));
                sb.append(digits, 0, Math.min(5, digits.length()));
            }
            id = sb.toString();
        } while (taken.test(id));
        return id;
    }
}
