package org.dspam.cli;

import java.time.ZonedDateTime;
import java.util.Locale;

import org.dspam.util.CFormat;

/** The few pieces of C's printf and ctime output the tools reproduce. */
public final class CText {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private CText() {
    }

    /** {@code ctime()} without its trailing newline: {@code Sat Nov 21 19:25:10 2026}. */
    public static String ctime(ZonedDateTime t) {
        return String.format(Locale.ROOT, "%s %s%3d %02d:%02d:%02d %d", DAYS[t.getDayOfWeek().getValue() - 1],
                MONTHS[t.getMonthValue() - 1], t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getYear());
    }

    /** {@code printf("% W.Df")}: a space for the sign of non-negative numbers, right-aligned in {@code width}. */
    public static String signSpaceFixed(double value, int width, int decimals) {
        String s = CFormat.fixed(value, decimals);
        if (!s.startsWith("-")) {
            s = " " + s;
        }
        return pad(s, width);
    }

    /** {@code printf("%Wld")}. */
    public static String right(long value, int width) {
        return pad(Long.toString(value), width);
    }

    /** {@code printf("%-Ws")}. */
    public static String left(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** {@code printf("%0Wld")} as glibc prints it, also for negative numbers. */
    public static String zeroPadded(long value, int width) {
        String digits = Long.toString(Math.abs(value));
        String sign = value < 0 ? "-" : "";
        int zeros = width - sign.length() - digits.length();
        return sign + (zeros > 0 ? "0".repeat(zeros) : "") + digits;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
