package io.quicksilver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class LoggingTest {
    /** The log's time stamp is what Redis's format was first written with: a DateTimeFormatter. */
    @Test
    void timeStampMatchesTheDateTimeFormatterPattern() {
        SplittableRandom random = new SplittableRandom(42);
        for (String id : new String[] {"UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata",
                "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"}) {
            TimeZone zone = TimeZone.getTimeZone(id);
            DateTimeFormatter want = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH)
                    .withZone(ZoneId.of(id));
            long[] fixed = {0, 1, 999, 86_399_999, 1_763_901_299_001L, 1_711_846_799_999L, 1_711_846_800_000L,
                1_729_990_799_999L, 1_729_990_800_000L, 946_684_800_000L - 1, 4_102_444_800_000L};
            for (long millis : fixed) {
                check(want, zone, millis);
            }
            for (int i = 0; i < 2000; i++) {
                check(want, zone, random.nextLong(0, 4_102_444_800_000L)); // 1970..2100
            }
        }
    }

    private static void check(DateTimeFormatter want, TimeZone zone, long millis) {
        StringBuilder got = new StringBuilder();
        Logging.RedisFormatter.appendTime(got, millis, zone);
        assertEquals(want.format(Instant.ofEpochMilli(millis)), got.toString(), zone.getID() + " " + millis);
    }
}
