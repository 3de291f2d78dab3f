package org.dspam.storage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of an SQL file as the database's own client would send them: split at
 * semicolons that are not inside quotes, identifiers, dollar quotes or comments; comments and
 * blank statements are dropped.
 */
public final class SqlScript {
    private SqlScript() {
    }

    /** The statements of one of the SQL files shipped with the drivers ({@code mysql_objects.sql}, ...). */
    public static List<String> resource(String name) {
        try (InputStream in = SqlScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + SqlScript.class.getName());
            }
            return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-' || c == '#') {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                current.append(' ');
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(text, i, c);
                current.append(text, i, end);
                i = end;
            } else if (c == '$' && dollarTag(text, i) != null) {
                String tag = dollarTag(text, i);
                int close = text.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                current.append(text, i, end);
                i = end;
            } else if (c == ';') {
                add(out, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        statement.setLength(0);
    }

    /** The index just past the quote that closes the one at {@code start}; doubled quotes and backslash escapes stay inside. */
    private static int closingQuote(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return text.length();
    }

    /** PostgreSQL's {@code $tag$} opening a dollar-quoted string at {@code i}, or null. */
    private static String dollarTag(String text, int i) {
        int j = i + 1;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
            j++;
        }
        if (j < text.length() && text.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(text.charAt(i + 1)))) {
            return text.substring(i, j + 1);
        }
        return null;
    }
}
