package org.dspam.agent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** C's {@code ctime()} without the newline: {@code Sat Nov  1 19:48:31 2026}, local time. */
final class Ctime {
    private Ctime() {
    }

    static String format(long epochSeconds, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(zone);
        return String.format(Locale.ROOT, "%s %s %2d %02d:%02d:%02d %d",
                t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT),
                t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getYear());
    }
}
