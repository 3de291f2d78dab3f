package org.dspam.message;

import static org.dspam.util.ByteString.isSpace;
import static org.dspam.util.ByteString.lowerAscii;
import static org.dspam.util.ByteString.startsWithIgnoreCase;

import java.util.ArrayList;
import java.util.List;
import org.dspam.util.ByteString;

/**
 * Turns the body of a text/html part into the plain text DSPAM 3.10 tokenizes.
 *
 * <p>This is deliberately not a general HTML-to-text converter: every byte it produces becomes
 * part of a token, so it has to give exactly what DSPAM's own stripper gives, quirks included,
 * or tokens (and with them existing DSPAM databases and our golden results) stop matching. The
 * rules, in DSPAM's terms:
 * <ul>
 *   <li>A tag runs from {@code <} to the first {@code >}, or up to (not including) the next
 *       {@code <}, or to the end of the text; quotes do not protect a {@code >}, and comments
 *       are ordinary tags (they end at their first {@code >}). Tags vanish without a trace,
 *       except as below.</li>
 *   <li>{@code <} followed by anything but an ASCII letter, {@code /} or {@code !} is text: it is
 *       copied verbatim together with everything up to the next {@code <}, which is swallowed.</li>
 *   <li>Tags that start a line ({@code <p>}, {@code <br}, {@code <div}, ...) give a newline
 *       unless the output already ends with one.</li>
 *   <li>The URL of a URL-carrying attribute ({@code <a href}, {@code <img src}, ...) is kept as
 *       {@code " url "} when it starts with http:, https: or ftp:.</li>
 *   <li>The content of applet, embed, frameset, frame, iframe, noembed, noscript, object, script
 *       and style elements is dropped up to the matching closing tag, except where the opening
 *       tag was taken as a URL tag (e.g. {@code <script type=...>}).</li>
 *   <li>{@code </td>} followed by {@code <td} leaves a single space between the cells.</li>
 *   <li>Named entities and two- or four-digit decimal references become single bytes (or
 *       nothing, outside 32..255); blanks right after them, or after joined cells, are dropped.</li>
 *   <li>The output is cut to the input's length, as DSPAM's buffer is that long.</li>
 * </ul>
 *
 * <p>Input and output are byte strings (one char per byte, see {@link ByteString}). Like DSPAM,
 * which works on C strings, the stripper ignores everything from the first NUL byte on.
 */
public final class HtmlStripper {
    /** How far into a URL-carrying tag DSPAM looks for the attribute before giving up. */
    private static final int URL_ATTRIBUTE_WINDOW = 50;

    private static final List<String> URL_SCHEMES = List.of("http:", "https:", "ftp:");

    /** The only lengths of a decimal reference DSPAM understands, counted after leading zeros. */
    private static final int[] REFERENCE_DIGIT_COUNTS = {2, 4};

    /**
     * Tags whose URL attribute is kept. A tag only counts when its name is followed by
     * whitespace, so {@code <a>} or {@code <script>} are not URL tags (and a {@code <script}
     * that is one is therefore never skipped, see {@link #SKIPPED_ELEMENTS}).
     */
    private static final List<UrlTag> URL_TAGS = List.of(
            new UrlTag("<a", "href"), new UrlTag("<img", "src"), new UrlTag("<input", "src"),
            new UrlTag("<iframe", "src"), new UrlTag("<frame", "src"), new UrlTag("<script", "src"),
            new UrlTag("<form", "action"), new UrlTag("<embed", "src"), new UrlTag("<area", "href"),
            new UrlTag("<base", "href"), new UrlTag("<link", "href"), new UrlTag("<source", "src"),
            new UrlTag("<body", "background"), new UrlTag("<blockquote", "cite"), new UrlTag("<q", "cite"),
            new UrlTag("<ins", "cite"), new UrlTag("<del", "cite"));

    /**
     * Tags that end a line, matched as plain case-insensitive prefixes, so {@code <track} counts
     * as {@code <tr} and {@code <link>} as {@code <li}.
     */
    private static final List<String> LINE_BREAK_TAGS = List.of(
            "<p>", "<p ", "<p\t", "<tr", "<option", "<br", "<li", "<div", "</select>", "</table>");

    /**
     * Elements whose content is dropped, tried in this order by prefix ({@code <frameset} before
     * {@code <frame}). The content ends only at the exact closing tag (any case, no blanks
     * inside), without nesting; with no closing tag the rest of the text is dropped.
     */
    private static final List<SkippedElement> SKIPPED_ELEMENTS = List.of(
            new SkippedElement("<applet", "</applet>"), new SkippedElement("<embed", "</embed>"),
            new SkippedElement("<frameset", "</frameset>"), new SkippedElement("<frame", "</frame>"),
            new SkippedElement("<iframe", "</iframe>"), new SkippedElement("<noembed", "</noembed>"),
            new SkippedElement("<noscript", "</noscript>"), new SkippedElement("<object", "</object>"),
            new SkippedElement("<script", "</script>"), new SkippedElement("<style", "</style>"));

    /**
     * DSPAM's entity table, in DSPAM's order (by code). Names are matched case-insensitively
     * and the first match wins, which matters: {@code &nbsp;} is a plain space (32, not 160),
     * {@code &eacute;} gives the byte of {@code &Eacute;} (201), and {@code &yuml;} and
     * {@code &Yuml;} both give 255. {@code thetasym} lacks its {@code ;} in DSPAM, so the
     * {@code ;} after it stays in the text. Codes above 255 are consumed but write nothing.
     */
    private static final List<Entity> ENTITIES = List.of(
            e("nbsp;", 32), e("quot;", 34), e("amp;", 38), e("apos;", 39), e("lt;", 60), e("gt;", 62),
            e("nbsp;", 160), e("iexcl;", 161), e("cent;", 162), e("pound;", 163), e("curren;", 164), e("yen;", 165),
            e("brvbar;", 166), e("sect;", 167), e("uml;", 168), e("copy;", 169), e("ordf;", 170), e("laquo;", 171),
            e("not;", 172), e("shy;", 173), e("reg;", 174), e("macr;", 175), e("deg;", 176), e("plusmn;", 177),
            e("sup2;", 178), e("sup3;", 179), e("acute;", 180), e("micro;", 181), e("para;", 182), e("middot;", 183),
            e("cedil;", 184), e("sup1;", 185), e("ordm;", 186), e("raquo;", 187), e("frac14;", 188), e("frac12;", 189),
            e("frac34;", 190), e("iquest;", 191), e("Agrave;", 192), e("Aacute;", 193), e("Acirc;", 194), e("Atilde;", 195),
            e("Auml;", 196), e("Aring;", 197), e("AElig;", 198), e("Ccedil;", 199), e("Egrave;", 200), e("Eacute;", 201),
            e("Ecirc;", 202), e("Euml;", 203), e("Igrave;", 204), e("Iacute;", 205), e("Icirc;", 206), e("Iuml;", 207),
            e("ETH;", 208), e("Ntilde;", 209), e("Ograve;", 210), e("Oacute;", 211), e("Ocirc;", 212), e("Otilde;", 213),
            e("Ouml;", 214), e("times;", 215), e("Oslash;", 216), e("Ugrave;", 217), e("Uacute;", 218), e("Ucirc;", 219),
            e("Uuml;", 220), e("Yacute;", 221), e("THORN;", 222), e("szlig;", 223), e("agrave;", 224), e("aacute;", 225),
            e("acirc;", 226), e("atilde;", 227), e("auml;", 228), e("aring;", 229), e("aelig;", 230), e("ccedil;", 231),
            e("egrave;", 232), e("eacute;", 233), e("ecirc;", 234), e("euml;", 235), e("igrave;", 236), e("iacute;", 237),
            e("icirc;", 238), e("iuml;", 239), e("eth;", 240), e("ntilde;", 241), e("ograve;", 242), e("oacute;", 243),
            e("ocirc;", 244), e("otilde;", 245), e("ouml;", 246), e("divide;", 247), e("oslash;", 248), e("ugrave;", 249),
            e("uacute;", 250), e("ucirc;", 251), e("uuml;", 252), e("yacute;", 253), e("thorn;", 254), e("yuml;", 255),
            e("OElig;", 338), e("oelig;", 339), e("Scaron;", 352), e("scaron;", 353), e("Yuml;", 376), e("fnof;", 402),
            e("circ;", 710), e("tilde;", 732), e("Alpha;", 913), e("Beta;", 914), e("Gamma;", 915), e("Delta;", 916),
            e("Epsilon;", 917), e("Zeta;", 918), e("Eta;", 919), e("Theta;", 920), e("Iota;", 921), e("Kappa;", 922),
            e("Lambda;", 923), e("Mu;", 924), e("Nu;", 925), e("Xi;", 926), e("Omicron;", 927), e("Pi;", 928),
            e("Rho;", 929), e("Sigma;", 931), e("Tau;", 932), e("Upsilon;", 933), e("Phi;", 934), e("Chi;", 935),
            e("Psi;", 936), e("Omega;", 937), e("alpha;", 945), e("beta;", 946), e("gamma;", 947), e("delta;", 948),
            e("epsilon;", 949), e("zeta;", 950), e("eta;", 951), e("theta;", 952), e("iota;", 953), e("kappa;", 954),
            e("lambda;", 955), e("mu;", 956), e("nu;", 957), e("xi;", 958), e("omicron;", 959), e("pi;", 960),
            e("rho;", 961), e("sigmaf;", 962), e("sigma;", 963), e("tau;", 964), e("upsilon;", 965), e("phi;", 966),
            e("chi;", 967), e("psi;", 968), e("omega;", 969), e("thetasym", 977), e("upsih;", 978), e("piv;", 982),
            e("ensp;", 8194), e("emsp;", 8195), e("thinsp;", 8201), e("zwnj;", 8204), e("zwj;", 8205), e("lrm;", 8206),
            e("rlm;", 8207), e("ndash;", 8211), e("mdash;", 8212), e("lsquo;", 8216), e("rsquo;", 8217), e("sbquo;", 8218),
            e("ldquo;", 8220), e("rdquo;", 8221), e("bdquo;", 8222), e("dagger;", 8224), e("Dagger;", 8225), e("bull;", 8226),
            e("hellip;", 8230), e("permil;", 8240), e("prime;", 8242), e("Prime;", 8243), e("lsaquo;", 8249), e("rsaquo;", 8250),
            e("oline;", 8254), e("frasl;", 8260), e("euro;", 8364), e("image;", 8465), e("weierp;", 8472), e("real;", 8476),
            e("trade;", 8482), e("alefsym;", 8501), e("larr;", 8592), e("uarr;", 8593), e("rarr;", 8594), e("darr;", 8595),
            e("harr;", 8596), e("crarr;", 8629), e("lArr;", 8656), e("uArr;", 8657), e("rArr;", 8658), e("dArr;", 8659),
            e("hArr;", 8660), e("forall;", 8704), e("part;", 8706), e("exist;", 8707), e("empty;", 8709), e("nabla;", 8711),
            e("isin;", 8712), e("notin;", 8713), e("ni;", 8715), e("prod;", 8719), e("sum;", 8721), e("minus;", 8722),
            e("lowast;", 8727), e("radic;", 8730), e("prop;", 8733), e("infin;", 8734), e("ang;", 8736), e("and;", 8743),
            e("or;", 8744), e("cap;", 8745), e("cup;", 8746), e("int;", 8747), e("there4;", 8756), e("sim;", 8764),
            e("cong;", 8773), e("asymp;", 8776), e("ne;", 8800), e("equiv;", 8801), e("le;", 8804), e("ge;", 8805),
            e("sub;", 8834), e("sup;", 8835), e("nsub;", 8836), e("sube;", 8838), e("supe;", 8839), e("oplus;", 8853),
            e("otimes;", 8855), e("perp;", 8869), e("sdot;", 8901), e("lceil;", 8968), e("rceil;", 8969), e("lfloor;", 8970),
            e("rfloor;", 8971), e("lang;", 9001), e("rang;", 9002), e("loz;", 9674), e("spades;", 9824), e("clubs;", 9827),
            e("hearts;", 9829), e("diams;", 9830));

    /** {@link #ENTITIES} grouped by lower-case initial, in table order, so a lookup tries a handful of names. */
    private static final List<List<Entity>> ENTITIES_BY_INITIAL = groupByInitial(ENTITIES);

    private HtmlStripper() {
    }

    /**
     * Strips tags like DSPAM; input and output are "byte strings": java Strings in ISO-8859-1
     * where each char is one byte 0..255. Never fails; {@code null} gives {@code null}, as in DSPAM.
     */
    public static String strip(String html) {
        if (html == null) {
            return null;
        }
        return new Scan(ByteString.cString(html)).run();
    }

    private record UrlTag(String open, String attribute) {
    }

    private record SkippedElement(String open, String close) {
    }

    /** An entity name without its {@code &}, with the {@code ;} where DSPAM has one. */
    private record Entity(String name, int code) {
    }

    private static Entity e(String name, int code) {
        return new Entity(name, code);
    }

    private static List<List<Entity>> groupByInitial(List<Entity> entities) {
        List<List<Entity>> byInitial = new ArrayList<>(128);
        for (int i = 0; i < 128; i++) {
            byInitial.add(new ArrayList<>());
        }
        for (Entity entity : entities) {
            byInitial.get(lowerAscii(entity.name().charAt(0))).add(entity);
        }
        return byInitial.stream().map(List::copyOf).toList();
    }

    /** One pass over one text; positions are indexes into {@link #in}. */
    private static final class Scan {
        private final String in;
        /**
         * DSPAM's output buffer is as large as its input. Copying text and URLs stops there and
         * any ordinary character at the limit ends the whole pass, cutting the output to this
         * size; the few writes DSPAM makes without checking can go past it, and are kept.
         */
        private final int limit;
        private final StringBuilder out;
        /** Closing tag that ends the element being skipped, or null. */
        private String skipUntil;
        /** The last tag-like {@code <} was {@code </td>}; text in between does not reset it. */
        private boolean afterCellEnd;
        /**
         * Whether whitespace from the input is copied. Entities, references and the join of two
         * cells turn it off, so blanks right after them disappear; the next non-blank character
         * or ordinary {@code <} turns it back on.
         */
        private boolean copyWhitespace = true;

        Scan(String in) {
            this.in = in;
            this.limit = in.length();
            this.out = new StringBuilder(limit);
        }

        String run() {
            int pos = 0;
            while (pos < limit) {
                pos = step(pos);
            }
            return out.toString();
        }

        /** Handles the construct starting at {@code pos} and returns where to continue. */
        private int step(int pos) {
            char c = in.charAt(pos);
            if (c == '<') {
                return openAngle(pos);
            }
            if (skipUntil != null) {
                return pos + 1;
            }
            if (!isSpace(c)) {
                copyWhitespace = true;
            }
            if (c == '&' && at(pos + 1) == '#') {
                return numericReference(pos);
            }
            if (c == '&') {
                Entity entity = entityAt(pos);
                if (entity != null) {
                    return namedEntity(pos, entity);
                }
            }
            return ordinary(pos, c);
        }

        private int openAngle(int pos) {
            if (skipUntil != null) {
                return skippedContent(pos);
            }
            if (startsWithIgnoreCase(in, pos, "</td>")) {
                afterCellEnd = true;
                return pos + "</td>".length();
            }
            if (afterCellEnd && startsWithIgnoreCase(in, pos, "<td")) {
                joinCells();
            } else {
                afterCellEnd = false;
                copyWhitespace = true;
            }
            if (pos + 1 == limit) {
                return ordinary(pos, '<');
            }
            if (!opensTag(in.charAt(pos + 1))) {
                return literalRun(pos);
            }
            return tag(pos);
        }

        private int skippedContent(int pos) {
            if (startsWithIgnoreCase(in, pos, skipUntil)) {
                int next = pos + skipUntil.length();
                skipUntil = null;
                return next;
            }
            return pos + 1;
        }

        private void joinCells() {
            if (!out.isEmpty() && !isSpace(out.charAt(out.length() - 1))) {
                out.append(' ');
            }
            copyWhitespace = false;
        }

        private static boolean opensTag(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '/' || c == '!';
        }

        /**
         * A {@code <} that opens no tag, copied with the text after it up to the next {@code <}
         * (entities in it are not decoded). DSPAM resumes one past the end of the run, so the
         * {@code <} that ends it is dropped and the tag it opened reads as text.
         */
        private int literalRun(int pos) {
            copyWhitespace = true;
            out.append('<');
            int p = pos + 1;
            while (out.length() < limit && p < limit && in.charAt(p) != '<') {
                out.append(in.charAt(p));
                p++;
            }
            return p + 1;
        }

        private int tag(int pos) {
            int end = pos + 1;
            while (end < limit && in.charAt(end) != '<' && in.charAt(end) != '>') {
                end++;
            }
            UrlTag urlTag = urlTagAt(pos);
            if (urlTag != null) {
                keepUrl(pos + urlTag.open().length() + 1, end, urlTag.attribute());
            } else if (LINE_BREAK_TAGS.stream().anyMatch(t -> startsWithIgnoreCase(in, pos, t))) {
                breakLine();
            } else {
                skipUntil = closingTagOfSkippedElement(pos);
            }
            // A tag cut short by another '<' leaves that '<' to be read as the next tag.
            return at(end) == '>' ? end + 1 : end;
        }

        private UrlTag urlTagAt(int pos) {
            for (UrlTag urlTag : URL_TAGS) {
                if (startsWithIgnoreCase(in, pos, urlTag.open()) && isSpace(at(pos + urlTag.open().length()))) {
                    return urlTag;
                }
            }
            return null;
        }

        /**
         * Looks for the attribute name anywhere in the tag (even inside another attribute's
         * value), starting within {@link #URL_ATTRIBUTE_WINDOW} bytes of the tag name; only its
         * first occurrence counts.
         */
        private void keepUrl(int from, int tagEnd, String attribute) {
            for (int p = from; p <= tagEnd; p++) {
                if (startsWithIgnoreCase(in, p, attribute)) {
                    copyUrlValue(p + attribute.length());
                    return;
                }
                if (p - from >= URL_ATTRIBUTE_WINDOW) {
                    return;
                }
            }
        }

        /**
         * Copies the value up to its closing quote, or up to {@code >} when unquoted (blanks and
         * further attributes included). The copy ignores where the tag ends: a missing closing
         * quote copies on through the following text, which then also appears a second time.
         */
        private void copyUrlValue(int afterName) {
            int p = skipBlanks(afterName);
            if (at(p) != '=') {
                return;
            }
            p = skipBlanks(p + 1);
            char delimiter = '>';
            if (at(p) == '"' || at(p) == '\'') {
                delimiter = at(p);
                p++;
            }
            if (!hasUrlScheme(p)) {
                return;
            }
            out.append(' ');
            while (out.length() < limit && p < limit && in.charAt(p) != delimiter) {
                out.append(in.charAt(p));
                p++;
            }
            out.append(' ');
        }

        private boolean hasUrlScheme(int p) {
            for (String scheme : URL_SCHEMES) {
                if (startsWithIgnoreCase(in, p, scheme)) {
                    return true;
                }
            }
            return false;
        }

        private int skipBlanks(int p) {
            while (p < limit && isSpace(in.charAt(p))) {
                p++;
            }
            return p;
        }

        private void breakLine() {
            if (!out.isEmpty()) {
                char last = out.charAt(out.length() - 1);
                if (last != '\n' && last != '\r') {
                    out.append('\n');
                }
            }
        }

        private String closingTagOfSkippedElement(int pos) {
            for (SkippedElement element : SKIPPED_ELEMENTS) {
                if (startsWithIgnoreCase(in, pos, element.open())) {
                    return element.close();
                }
            }
            return null;
        }

        /**
         * {@code &#N;}: DSPAM ignores leading zeros and then understands exactly two or four
         * digits followed by {@code ;}. Anything else (one or three digits, hexadecimal
         * {@code &#x..;}, no {@code ;}) is dropped up to and including the next {@code ;},
         * space or tab.
         */
        private int numericReference(int pos) {
            copyWhitespace = false;
            int digits = pos + 2;
            while (at(digits) == '0') {
                digits++;
            }
            for (int width : REFERENCE_DIGIT_COUNTS) {
                if (isDigitRun(digits, width) && at(digits + width) == ';') {
                    appendReferencedByte(Integer.parseInt(in, digits, digits + width, 10));
                    return digits + width + 1;
                }
            }
            int stop = digits;
            while (stop < limit && in.charAt(stop) != ';' && in.charAt(stop) != ' ' && in.charAt(stop) != '\t') {
                stop++;
            }
            return stop + 1;
        }

        private boolean isDigitRun(int from, int width) {
            for (int p = from; p < from + width; p++) {
                char c = at(p);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        /**
         * DSPAM writes a referenced code as one byte only when it is 32..255; control codes and
         * everything beyond Latin-1 (e.g. {@code &#8364;}) write nothing, so no code is ever
         * truncated to a byte. With leading zeros ignored this leaves only 32..99 producing text.
         */
        private void appendReferencedByte(int code) {
            if (code >= 32 && code <= 255) {
                out.append((char) code);
            }
        }

        private Entity entityAt(int pos) {
            char initial = lowerAscii(at(pos + 1));
            if (initial >= ENTITIES_BY_INITIAL.size()) {
                return null;
            }
            for (Entity entity : ENTITIES_BY_INITIAL.get(initial)) {
                if (startsWithIgnoreCase(in, pos + 1, entity.name())) {
                    return entity;
                }
            }
            return null;
        }

        private int namedEntity(int pos, Entity entity) {
            if (entity.code() <= 0xFF) {
                out.append((char) entity.code());
            }
            copyWhitespace = false;
            return stopIfFull(pos + 1 + entity.name().length());
        }

        /** An ordinary character: always copied unless it is whitespace that is currently dropped. */
        private int ordinary(int pos, char c) {
            if (copyWhitespace && out.length() < limit) {
                out.append(c);
            }
            return stopIfFull(pos + 1);
        }

        /** Reaching the output limit on an ordinary step ends the pass with the output cut to the limit. */
        private int stopIfFull(int next) {
            if (out.length() >= limit) {
                out.setLength(limit);
                return limit;
            }
            return next;
        }

        private char at(int p) {
            return p < limit ? in.charAt(p) : '\0';
        }
    }
}
