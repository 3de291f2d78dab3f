package org.dspam.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads dspam.conf text and the files it includes into a flat list of values in reading order.
 * An {@code Include} line is replaced by the values of what it names, where it stands.
 */
final class ConfigReader {

    /** Spelled exactly so: DSPAM compares this one name case-sensitively. */
    static final String INCLUDE = "Include";

    /** Only these names are taken from an included directory, as DSPAM does; backups drop out. */
    private static final String INCLUDED_SUFFIX = ".conf";

    private final List<ConfigValue> values = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    /** Real paths of the files being read, outermost first, to catch include cycles. */
    private final Deque<Path> reading = new ArrayDeque<>();

    List<ConfigValue> values() {
        return values;
    }

    List<String> sources() {
        return sources;
    }

    void readFile(Path file) {
        readFile(file, null);
    }

    void readText(String text, String sourceName, Path baseDir) {
        sources.add(sourceName);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            readLine(stripCarriageReturn(lines[i]), sourceName, i + 1, baseDir);
        }
    }

    /** {@code includedAt} is the Include value naming this file, or null for the top file. */
    private void readFile(Path file, ConfigValue includedAt) {
        Path real;
        byte[] bytes;
        try {
            real = file.toRealPath();
            if (reading.contains(real)) {
                throw includedAt.invalid("include cycle: " + cycle(real));
            }
            bytes = Files.readAllBytes(real);
        } catch (IOException e) {
            String message = "cannot read " + file + ": " + reason(e);
            throw includedAt == null ? new ConfigException(message, e) : includedAt.invalid(message);
        }
        reading.addLast(real);
        readText(new String(bytes, StandardCharsets.UTF_8), file.toString(), file.toAbsolutePath().getParent());
        reading.removeLast();
    }

    private String cycle(Path again) {
        return Stream.concat(reading.stream(), Stream.of(again))
                .map(Path::toString)
                .collect(Collectors.joining(" -> "));
    }

    private void readLine(String line, String source, int number, Path baseDir) {
        List<String> tokens = ConfigLine.tokens(line);
        if (tokens.isEmpty()) {
            return;
        }
        String key = tokens.get(0);
        // A name with no value adds nothing, as in DSPAM.
        for (String value : tokens.subList(1, tokens.size())) {
            ConfigValue entry = new ConfigValue(key, value, source, number);
            if (key.equals(INCLUDE)) {
                include(baseDir.resolve(value), entry);
            } else {
                values.add(entry);
            }
        }
    }

    private void include(Path target, ConfigValue includedAt) {
        if (!Files.isDirectory(target)) {
            readFile(target, includedAt);
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(target)) {
            files = listing.filter(ConfigReader::isIncludedFromDirectory)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw includedAt.invalid("cannot list " + target + ": " + reason(e));
        }
        for (Path file : files) {
            readFile(file, includedAt);
        }
    }

    private static boolean isIncludedFromDirectory(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && name.endsWith(INCLUDED_SUFFIX) && Files.isRegularFile(file);
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
