package org.dspam.storage.hash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dspam.storage.StorageException;

/**
 * DSPAM's flat-file preferences, which its hash driver uses: {@code Home/default.prefs} for everyone and
 * {@code <user>.prefs} in the user's folder, one {@code name=value} line each; lines starting with {@code #} and
 * empty lines are skipped. Setting a preference rewrites the file without the lines starting with {@code name=}
 * and appends {@code name=value}; deleting the last one removes the file. The new file is written beside the old
 * one and renamed over it, so a reader never sees half a file.
 */
final class FlatPreferences {
    private FlatPreferences() {
    }

    static Map<String, String> read(Path file) {
        // Most users have no preferences file, and the daemon reads it for every message: looking first costs
        // one access() call, where a failed open builds an exception.
        if (!Files.exists(file)) {
            return Map.of();
        }
        List<String> lines;
        try {
            lines = lines(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> prefs = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // strtok(line, "="): leading '=' are skipped; the name ends at the next '=', the value is the rest.
            int start = 0;
            while (start < line.length() && line.charAt(start) == '=') {
                start++;
            }
            if (start == line.length()) {
                continue;
            }
            int eq = line.indexOf('=', start);
            String name = eq < 0 ? line.substring(start) : line.substring(start, eq);
            String value = eq < 0 ? "" : line.substring(eq + 1);
            prefs.putIfAbsent(name, value);
        }
        return prefs;
    }

    static void set(Path file, String name, String value) {
        check(name, value);
        List<String> kept = without(file, name);
        kept.add(name + "=" + value);
        write(file, kept);
    }

    static void delete(Path file, String name) {
        check(name, "");
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = without(file, name);
        try {
            if (kept.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                write(file, kept);
            }
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's lines, read as UTF-8 like dspam.conf (bytes that are not UTF-8 do not make it unreadable). */
    private static List<String> lines(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(text.lines().toList());
        return out;
    }

    private static void check(String name, String value) {
        if (name == null || name.isEmpty() || name.contains("=") || name.startsWith("#")
                || hasLineBreak(name) || hasLineBreak(value)) {
            throw StorageException.permanentFailure("Illegal preference '" + name + "'");
        }
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\0') >= 0;
    }

    private static List<String> without(Path file, String name) {
        List<String> kept = new ArrayList<>();
        String prefix = name + "=";
        try {
            for (String line : lines(file)) {
                if (!line.startsWith(prefix)) {
                    kept.add(line);
                }
            }
        } catch (NoSuchFileException e) {
            // a new file
        } catch (IOException e) {
            throw StorageException.transientFailure("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return kept;
    }

    private static void write(Path file, List<String> lines) {
        Path tmp = file.resolveSibling(file.getFileName() + ".bak");
        try {
            Files.createDirectories(file.getParent());
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the error below is what matters
            }
            throw StorageException.transientFailure("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
