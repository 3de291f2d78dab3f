package org.dspam.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class CtimeTest {
    @Test
    void formatsAsCtimeDoes() {
        ZoneId utc = ZoneId.of("UTC");
        assertEquals("Sat Nov  1 19:48:31 2025", Ctime.format(1762026511L, utc));
        assertEquals("Thu Jan  1 00:00:00 1970", Ctime.format(0, utc));
        assertEquals("Sun Dec 31 23:59:59 2000", Ctime.format(978307199L, utc));
    }

    @Test
    void agreesWithTheJdksEnglishNamesInEveryZone() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);
        String[] zones = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"};
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long t = r.nextLong(0, 4_102_444_800L);
            ZoneId zone = ZoneId.of(zones[i % zones.length]);
            ZonedDateTime z = Instant.ofEpochSecond(t).atZone(zone);
            assertEquals(reference.format(z), Ctime.format(t, zone), () -> "at " + t + " in " + zone);
        }
    }
}
