package org.dspam.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The few dspam.conf directives the client reads ({@code ClientHost}, {@code ClientPort},
 * {@code ClientIdent}, {@code ServerDomainSocketPath}, {@code Trust}, {@code Broken}), read with
 * the same rules as {@link org.dspam.config.DspamConfig} (comments, quotes, {@code Include},
 * names ignoring ASCII case) but with plain code: a client call must not pay for the full reader's
 * start-up (its regular expressions and lambdas cost more than the rest of the call). A test holds
 * the two readers to the same results.
 */
public final class ClientConfig {
    private static final String INCLUDE = "Include";

    private final Map<String, List<String>> values = new HashMap<>();
    private final List<Path> reading = new ArrayList<>();

    private ClientConfig() {
    }

    /** Reads a configuration file and what it includes; IOException when a file cannot be read. */
    public static ClientConfig load(Path file) throws IOException {
        ClientConfig c = new ClientConfig();
        c.read(file);
        return c;
    }

    /** The first value of a directive, or null. */
    public String get(String key) {
        List<String> v = values.get(fold(key));
        return v == null ? null : v.get(0);
    }

    /** Whether one of the directive's values is {@code value} (ignoring ASCII case). */
    public boolean matches(String key, String value) {
        List<String> v = values.get(fold(key));
        if (v != null) {
            String wanted = fold(value);
            for (String s : v) {
                if (fold(s).equals(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first value as a decimal number, {@code dflt} when absent; IllegalArgumentException when it is not one. */
    public int getInt(String key, int dflt) {
        String v = get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number in range: \"" + v + "\"");
        }
    }

    private void read(Path file) throws IOException {
        Path real = file.toRealPath();
        if (reading.contains(real)) {
            throw new IOException("include cycle at " + file);
        }
        reading.add(real);
        String text;
        // FileInputStream rather than Files.readAllBytes: NIO's file channel costs the client its set-up (about 2 ms).
        try (java.io.FileInputStream in = new java.io.FileInputStream(real.toFile())) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path base = file.toAbsolutePath().getParent();
        int pos = 0;
        int n = text.length();
        while (pos <= n) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? n : nl;
            if (end > pos && text.charAt(end - 1) == '\r') {
                line(text.substring(pos, end - 1), base);
            } else {
                line(text.substring(pos, end), base);
            }
            if (nl < 0) {
                break;
            }
            pos = nl + 1;
        }
        reading.remove(reading.size() - 1);
    }

    private void line(String raw, Path base) throws IOException {
        int cut = raw.indexOf('#');
        if (cut < 0) {
            cut = raw.indexOf(';');
        }
        String text = cut < 0 ? raw : raw.substring(0, cut);
        String key = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            String token;
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            } else if (c == '"') {
                int close = text.indexOf('"', i + 1);
                int end = close < 0 ? n : close;
                token = text.substring(i + 1, end);
                i = end + 1;
            } else {
                int end = i;
                while (end < n && text.charAt(end) != ' ' && text.charAt(end) != '\t') {
                    end++;
                }
                token = text.substring(i, end);
                i = end + 1;
            }
            if (key == null) {
                key = token;
            } else if (key.equals(INCLUDE)) {
                include(base.resolve(token));
            } else {
                String folded = fold(key);
                List<String> list = values.get(folded);
                if (list == null) {
                    list = new ArrayList<>(1);
                    values.put(folded, list);
                }
                list.add(token);
            }
        }
    }

    private void include(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            read(target);
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(target)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && name.endsWith(".conf") && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        for (Path p : files) {
            read(p);
        }
    }

    private static String fold(String name) {
        char[] chars = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = name.toCharArray();
                }
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return chars == null ? name : new String(chars);
    }
}
