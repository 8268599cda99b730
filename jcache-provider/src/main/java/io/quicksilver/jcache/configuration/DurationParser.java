package io.quicksilver.jcache.configuration;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;

/**
 * Parses configured durations: ISO-8601 ({@code PT5M}), a number with a unit ({@code 500ms},
 * {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}), {@code 0} (expire at once) or
 * {@code eternal}.
 */
public final class DurationParser {
    private DurationParser() {
    }

    /**
     * @throws IllegalArgumentException if {@code text} is none of the forms above
     */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("eternal") || s.equals("none")) {
            return Duration.ETERNAL;
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.startsWith("p") || s.startsWith("-p")) {
            java.time.Duration d;
            try {
                d = java.time.Duration.parse(text.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration: " + text, e);
            }
            return of(d.toMillis(), TimeUnit.MILLISECONDS, text);
        }
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long amount;
        try {
            amount = Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text, e);
        }
        String unit = s.substring(i).trim();
        switch (unit) {
            case "ms":
                return of(amount, TimeUnit.MILLISECONDS, text);
            case "s":
                return of(amount, TimeUnit.SECONDS, text);
            case "m":
                return of(amount, TimeUnit.MINUTES, text);
            case "h":
                return of(amount, TimeUnit.HOURS, text);
            case "d":
                return of(amount, TimeUnit.DAYS, text);
            default:
                throw new IllegalArgumentException("not a duration (unit ms, s, m, h or d): " + text);
        }
    }

    private static Duration of(long amount, TimeUnit unit, String text) {
        if (amount < 0) {
            throw new IllegalArgumentException("negative duration: " + text);
        }
        return amount == 0 ? Duration.ZERO : new Duration(unit, amount);
    }
}
