package io.quicksilver.core.command.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * INFO errorstats: how many error replies of each kind (the first word of the message: ERR,
 * WRONGTYPE, NOAUTH...) were sent. As Redis, at most {@value #LIMIT} distinct kinds are tracked;
 * later new kinds are not counted (their errors still count in total_error_replies).
 * Thread-safe.
 */
public final class ErrorStats {
    /** Redis's ERRORSTATS_LIMIT. */
    public static final int LIMIT = 128;

    private final Map<String, Long> counts = new TreeMap<>();

    /**
     * Counts one error reply.
     *
     * @param message the error as written, starting with its code ("ERR syntax error"); as
     *                Redis, the code is what precedes the first space when that space is
     *                within the first 32 bytes of the protocol line, or "ERR" otherwise
     */
    public void count(String message) {
        String code = code(message);
        synchronized (this) {
            Long n = counts.get(code);
            if (n == null && counts.size() >= LIMIT) {
                return;
            }
            counts.put(code, n == null ? 1 : n + 1);
        }
    }

    /** The error code of a message, as Redis's afterErrorReply finds it. */
    static String code(String message) {
        // Redis searches the first 32 bytes of "-CODE message", that is 31 of ours
        int space = message.indexOf(' ');
        if (space <= 0 || space >= 31) {
            return "ERR";
        }
        return message.substring(0, space);
    }

    /** The counts by code, sorted as Redis's radix tree prints them. */
    public synchronized Map<String, Long> snapshot() {
        return new TreeMap<>(counts);
    }

    public synchronized void reset() {
        counts.clear();
    }
}
