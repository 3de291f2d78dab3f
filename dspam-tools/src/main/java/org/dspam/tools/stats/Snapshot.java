package org.dspam.tools.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's statistics snapshot ({@code <user>.rstats}): one line {@code TP,TN,FP,FN,SC,NC} as
 * {@code dspam_stats -r} wrote it, which {@code dspam_stats -s} subtracts.
 */
record Snapshot(long tp, long tn, long fp, long fn, long sc, long nc) {
    /** Six comma-separated integers at the start of the file, as C's {@code fscanf("%ld,%ld,...")} accepts them. */
    private static final Pattern LINE = Pattern.compile(
            "\\s*([+-]?\\d{1,18}),\\s*([+-]?\\d{1,18}),\\s*([+-]?\\d{1,18}),\\s*([+-]?\\d{1,18}),\\s*([+-]?\\d{1,18}),\\s*([+-]?\\d{1,18})");

    /** The snapshot in {@code file}; empty if there is none or it is not readable as one (DSPAM then subtracts nothing). */
    static Optional<Snapshot> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(text);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        long[] v = new long[6];
        for (int i = 0; i < 6; i++) {
            v[i] = Long.parseLong(m.group(i + 1));
        }
        return Optional.of(new Snapshot(v[0], v[1], v[2], v[3], v[4], v[5]));
    }

    /** Replaces the snapshot in one step, so a reader never sees half a line. */
    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, tp + "," + tn + "," + fp + "," + fn + "," + sc + "," + nc + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
