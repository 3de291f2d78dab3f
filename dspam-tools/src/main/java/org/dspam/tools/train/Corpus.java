package org.dspam.tools.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.dspam.learn.MessageClass;

/** The messages to train, in order, each with its true class. */
public final class Corpus {
    /** One message file and its label. */
    public record Entry(MessageClass label, Path file) {
        public String labelName() {
            return label == MessageClass.SPAM ? "spam" : "ham";
        }
    }

    private Corpus() {
    }

    /**
     * Reads an index of {@code spam PATH} / {@code ham PATH} lines (blank lines and {@code #}
     * comments ignored); relative paths are taken from {@code base}.
     */
    public static List<Entry> fromIndex(Path index, Path base) throws IOException {
        List<Entry> entries = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(index)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int space = l.indexOf(' ');
            if (space < 0) {
                throw new IOException(index + ":" + lineNo + ": expected 'spam PATH' or 'ham PATH'");
            }
            String label = l.substring(0, space);
            MessageClass cls = switch (label) {
                case "spam" -> MessageClass.SPAM;
                case "ham", "innocent", "nonspam" -> MessageClass.INNOCENT;
                default -> throw new IOException(index + ":" + lineNo + ": unknown label '" + label + "'");
            };
            entries.add(new Entry(cls, base.resolve(l.substring(space + 1).strip())));
        }
        return entries;
    }

    /**
     * DSPAM's dspam_train order for two directories: alternately one spam and one ham, files in
     * name order, the rest of the longer list at the end.
     */
    public static List<Entry> alternating(Path spamDir, Path hamDir) throws IOException {
        List<Path> spam = files(spamDir);
        List<Path> ham = files(hamDir);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < Math.max(spam.size(), ham.size()); i++) {
            if (i < spam.size()) {
                out.add(new Entry(MessageClass.SPAM, spam.get(i)));
            }
            if (i < ham.size()) {
                out.add(new Entry(MessageClass.INNOCENT, ham.get(i)));
            }
        }
        return out;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
