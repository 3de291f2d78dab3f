package org.dspam.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of dspam.conf into tokens with DSPAM's rules, quirks included, so that a file
 * means the same to us as to the C agent:
 * <ul>
 *   <li>the comment starts at the first {@code #} anywhere on the line, quotes or not; only when
 *       the line has no {@code #} does the first {@code ;} start it;</li>
 *   <li>tokens are separated by spaces and tabs only;</li>
 *   <li>a token that starts with {@code "} runs to the next {@code "} (or the end of the line) and
 *       the next token may start right after it; a {@code "} inside an unquoted token is an
 *       ordinary character.</li>
 * </ul>
 */
final class ConfigLine {

    private ConfigLine() {
    }

    static List<String> tokens(String line) {
        String text = withoutComment(line);
        List<String> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (isSeparator(c)) {
                i++;
            } else if (c == '"') {
                int close = text.indexOf('"', i + 1);
                int end = close < 0 ? n : close;
                tokens.add(text.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < n && !isSeparator(text.charAt(end))) {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end + 1;
            }
        }
        return tokens;
    }

    static String withoutComment(String line) {
        int cut = line.indexOf('#');
        if (cut < 0) {
            cut = line.indexOf(';');
        }
        return cut < 0 ? line : line.substring(0, cut);
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t';
    }
}
