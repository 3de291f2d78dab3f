package org.dspam.token;

import org.dspam.util.ByteString;

/**
 * Turns the header and body texts into tokens, exactly as DSPAM does (see the project's
 * algorithms documentation): delimiters, header prefixes, {@code !} squeezing, {@code Url*}
 * tokens, the whitelist token, and the word/chain/sbph/osb shapes.
 */
public final class Tokenizer {
    private static final int MAX_TOKEN = 255;
    private static final int MAX_PIECE = 49;
    private static final int MAX_HEADING = 127;
    private static final int WINDOW = 5;

    private static final boolean[] WORD_BODY = delimiters(" .,;:\n\t\r@-+*");
    private static final boolean[] WORD_HEADER = delimiters(" ,;:\n\t\r@-+*");
    private static final boolean[] SPARSE_BODY = delimiters(" .,;:\"/\\[]}{=+_()<>|&\n\t\r@-*~`?#$%^");
    private static final boolean[] SPARSE_HEADER = delimiters(" ,;:\"/\\[]}{=+()<>|&\n\t\r@*~`?#$%^");
    private static final String[] URL_KEYS = {"http://", "www.", "href="};
    /** The joins between a sparse key's first word and the word 1 to 4 places after it. */
    static final String[] GAPS = {"+", "+#+", "+#+#+", "+#+#+#+"};

    private final TokenizerSettings settings;
    private final Diction diction;

    private Tokenizer(TokenizerSettings settings, Diction diction) {
        this.settings = settings;
        this.diction = diction;
    }

    private static boolean[] delimiters(String chars) {
        boolean[] table = new boolean[256];
        for (char c : chars.toCharArray()) {
            table[c] = true;
        }
        return table;
    }

    /**
     * Adds the tokens of a message's header and body texts to {@code diction}. With a text limit,
     * the headers are read up to the limit and the body up to what is left of it, so memory and
     * time stay bounded whatever arrives.
     */
    public static void tokenize(TokenizerSettings settings, String headers, String body, Diction diction) {
        int limit = settings.maxText();
        if (limit > 0 && headers.length() + body.length() > limit) {
            headers = headers.length() > limit ? headers.substring(0, limit) : headers;
            int rest = Math.max(1, limit - headers.length());
            body = body.length() > rest ? body.substring(0, rest) : body;
        }
        new Tokenizer(settings, diction).run(headers, body);
    }

    private void run(String headers, String body) {
        char[] bodyChars = body.toCharArray();
        if (settings.urlContext()) {
            for (String key : URL_KEYS) {
                urlTokens(bodyChars, key);
            }
        }
        boolean sparse = settings.kind().isSparse();
        headerTokens(headers, sparse ? SPARSE_HEADER : WORD_HEADER);
        if (sparse) {
            SparseWindow window = new SparseWindow(null);
            forEachPiece(bodyChars, 0, bodyChars.length, SPARSE_BODY, window::push);
            window.flush();
        } else {
            BodyNgrams ngrams = new BodyNgrams();
            forEachPiece(bodyChars, 0, bodyChars.length, WORD_BODY, ngrams::accept);
        }
    }

    // ---- URLs ----

    private void urlTokens(char[] body, String key) {
        int from = 0;
        while (true) {
            int at = ByteString.indexOfIgnoreCase(body, key, from);
            if (at < 0) {
                return;
            }
            int i = 0;
            while (at + i < body.length) {
                char c = body[at + i];
                // The C code compares signed chars: bytes of 128 and above end a URL.
                if (c <= 32 || c >= 128 || c == '>' || ((c == '"' || c == '\'') && i > key.length())) {
                    break;
                }
                i++;
            }
            forEachPiece(body, at, at + i, WORD_BODY, (b, s, e) -> {
                String name = ByteString.truncate("Url*" + new String(b, s, e - s), MAX_TOKEN);
                diction.touch(Crc64.of(name), name, 0);
            });
            java.util.Arrays.fill(body, at, at + i, ' ');
            from = at + i;
        }
    }

    // ---- headers ----

    private void headerTokens(String headers, boolean[] delimiters) {
        char[] h = headers.toCharArray();
        String heading = "";
        int n = h.length;
        int p = 0;
        while (p < n) {
            while (p < n && h[p] == '\n') {
                p++;
            }
            if (p >= n) {
                break;
            }
            int lineStart = p;
            int lineEnd = p;
            while (lineEnd < n && h[lineEnd] != '\n') {
                lineEnd++;
            }
            p = lineEnd + 1;

            int first = lineStart;
            while (first < lineEnd && h[first] == ':') {
                first++;
            }
            int colon = -1;
            for (int i = first; i < lineEnd; i++) {
                if (h[i] == ':') {
                    colon = i;
                    break;
                }
            }
            int segmentStart;
            int segmentEnd;
            boolean newHeading = false;
            if (first < lineEnd) {
                int tokenEnd = colon < 0 ? lineEnd : colon;
                newHeading = h[first] != ' ' && h[first] != '\t' && indexOf(h, first, tokenEnd, ' ') < 0;
                if (newHeading) {
                    heading = ByteString.truncate(new String(h, first, tokenEnd - first), MAX_HEADING);
                    segmentStart = colon < 0 ? lineEnd : colon + 1;
                    segmentEnd = lineEnd;
                } else {
                    segmentStart = lineStart;
                    segmentEnd = tokenEnd;
                }
            } else {
                segmentStart = lineStart;
                segmentEnd = lineEnd;
            }

            if (settings.whitelist() && heading.equals("From")) {
                whitelistToken(h, lineStart, lineEnd, colon);
            }

            boolean ignored = heading.startsWith("X-DSPAM-") || settings.ignoredHeaders().contains(heading);
            if (settings.kind().isSparse()) {
                if (!ignored) {
                    SparseWindow window = new SparseWindow(heading);
                    forEachPiece(h, segmentStart, segmentEnd, delimiters, window::push);
                    window.flush();
                }
            } else if (!ignored) {
                HeaderNgrams ngrams = new HeaderNgrams(heading);
                forEachPiece(h, segmentStart, segmentEnd, delimiters, ngrams::accept);
            }
        }
    }

    /**
     * The whitelist token is "From*" and the text five bytes into the line (one leading space
     * dropped), read as DSPAM reads it: up to the end of the line, or the line's first colon if
     * that comes later, or, for a line shorter than five bytes, on into the next line.
     */
    private void whitelistToken(char[] h, int lineStart, int lineEnd, int colon) {
        int start = lineStart + 5;
        int end = start;
        while (end < h.length) {
            char c = h[end];
            if (end == colon || end == lineEnd || (c == '\n' && end > 0 && h[end - 1] != '\n')) {
                break;
            }
            end++;
        }
        if (start > h.length) {
            start = h.length;
            end = h.length;
        }
        if (start < end && h[start] == ' ') {
            start++;
        }
        String name = ByteString.truncate("From*" + new String(h, start, Math.max(0, end - start)), MAX_TOKEN);
        long key = Crc64.of(name);
        diction.touch(key, name, 0);
        diction.setWhitelistToken(key);
    }

    private static int indexOf(char[] a, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (a[i] == c) {
                return i;
            }
        }
        return -1;
    }

    // ---- splitting ----

    @FunctionalInterface
    private interface PieceSink {
        void accept(char[] text, int start, int end);
    }

    /** Calls {@code sink} for each maximal run of non-delimiters of 1 to 49 bytes. */
    private static void forEachPiece(char[] text, int from, int to, boolean[] delimiters, PieceSink sink) {
        int i = from;
        while (i < to) {
            while (i < to && isDelimiter(text[i], delimiters)) {
                i++;
            }
            int start = i;
            while (i < to && !isDelimiter(text[i], delimiters)) {
                i++;
            }
            int len = i - start;
            if (len >= 1 && len <= MAX_PIECE) {
                sink.accept(text, start, i);
            }
        }
    }

    private static boolean isDelimiter(char c, boolean[] delimiters) {
        return c < 256 && delimiters[c];
    }

    /** word/chain squeeze a run of '!' (and anything after a '!') down to one '!'. */
    static String squeezeBangs(String token) {
        int len = token.length();
        while (len > 1 && token.charAt(len - 2) == '!') {
            len--;
        }
        return len == token.length() ? token : token.substring(0, len);
    }

    // ---- word and chain ----

    private final class HeaderNgrams {
        private final String prefix;
        private String previous;

        HeaderNgrams(String heading) {
            this.prefix = heading + "*";
        }

        void accept(char[] text, int start, int end) {
            String token = squeezeBangs(new String(text, start, end - start));
            String name = ByteString.truncate(prefix + token, MAX_TOKEN);
            diction.touch(Crc64.of(name), name, 0);
            if (settings.kind() == TokenizerKind.CHAIN) {
                if (previous != null) {
                    String pair = ByteString.truncate(prefix + previous + "+" + token, MAX_TOKEN);
                    diction.touch(Crc64.of(pair), pair, Diction.CHAINED);
                }
                previous = token;
            }
        }
    }

    private final class BodyNgrams {
        private String previous;

        void accept(char[] text, int start, int end) {
            String token = squeezeBangs(new String(text, start, end - start));
            diction.touch(Crc64.of(token), token, Diction.CONTEXT);
            if (settings.kind() == TokenizerKind.CHAIN) {
                if (previous != null) {
                    String pair = ByteString.truncate(previous + "+" + token, MAX_TOKEN);
                    diction.touch(Crc64.of(pair), pair, Diction.CHAINED | Diction.CONTEXT);
                }
                previous = token;
            }
        }
    }

    // ---- sbph and osb ----

    /**
     * The five-word window. After each shift, the oldest word is combined with the following
     * ones: with each single one (osb: {@code a+b}, {@code a+#+c}, ...) or with every subset
     * (sbph), gaps written as {@code #} and trailing gaps dropped. No key starts with a gap, so a
     * word is keyed only once it is the oldest in the window; the flush at the end of each header
     * line and of the body lets the last words be keyed too.
     */
    private final class SparseWindow {
        private final String prefix;
        private final String[] words = new String[WINDOW];

        SparseWindow(String heading) {
            this.prefix = heading == null ? null : heading + "*";
        }

        void push(char[] text, int start, int end) {
            shift(new String(text, start, end - start));
        }

        void flush() {
            for (int i = 0; i < WINDOW; i++) {
                shift(null);
            }
        }

        private void shift(String word) {
            System.arraycopy(words, 1, words, 0, WINDOW - 1);
            words[WINDOW - 1] = word;
            if (words[0] == null) {
                return;
            }
            if (settings.kind() == TokenizerKind.OSB) {
                // The id is computed piece by piece; the text is only built if someone asks for it.
                String first = prefix == null ? words[0] : prefix + words[0];
                // Each gap is the one before it plus "#+", so the CRC up to the gap grows step by step.
                long gapCrc = Crc64.update(Crc64.of(first), '+');
                for (int j = 1; j < WINDOW; j++) {
                    if (j > 1) {
                        gapCrc = Crc64.update(Crc64.update(gapCrc, '#'), '+');
                    }
                    String second = words[j];
                    if (second == null) {
                        continue;
                    }
                    String gap = GAPS[j - 1];
                    if (first.length() + gap.length() + second.length() > MAX_TOKEN) {
                        touch(first + gap + second);
                    } else {
                        diction.touchSparse(Crc64.update(gapCrc, second), first, j - 1, second, Diction.CONTEXT);
                    }
                }
            } else {
                int present = 0;
                for (int j = 1; j < WINDOW; j++) {
                    if (words[j] != null) {
                        present |= 1 << j;
                    }
                }
                // Subsets in ascending bit order, as DSPAM enumerates its masks.
                for (int mask = 1; mask < (1 << WINDOW); mask += 2) {
                    if ((mask & ~1 & ~present) == 0) {
                        emit(mask);
                    }
                }
            }
        }

        private void touch(String name) {
            String key = name.length() > MAX_TOKEN ? name.substring(0, MAX_TOKEN) : name;
            diction.touch(Crc64.of(key), key, Diction.CONTEXT);
        }

        private void emit(int mask) {
            int last = 0;
            for (int j = 0; j < WINDOW; j++) {
                if ((mask & (1 << j)) != 0) {
                    last = j;
                }
            }
            StringBuilder key = new StringBuilder(64);
            if (prefix != null) {
                key.append(prefix);
            }
            for (int j = 0; j <= last; j++) {
                if (j > 0) {
                    key.append('+');
                }
                key.append((mask & (1 << j)) != 0 ? words[j] : "#");
            }
            touch(key.toString());
        }
    }
}
