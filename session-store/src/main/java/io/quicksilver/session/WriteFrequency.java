package io.quicksilver.session;

import java.util.Locale;

/** When a session's changes are written (Open Liberty's {@code writeFrequency}). */
public enum WriteFrequency {
    /**
     * When the request ends, or just before its response is committed when that is first (then
     * again at the end only what changed since); the default.
     */
    END_OF_REQUEST,
    /** At every setAttribute / removeAttribute / setMaxInactiveInterval, and at the end of the request. */
    ON_SET;

    /** Parses {@code end-of-request}, {@code ON_SET}, ... */
    public static WriteFrequency parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
