package io.quicksilver.core.command;

import java.nio.charset.StandardCharsets;

/**
 * Where a command writes its reply. Shaped like RESP3; there is no network buffer in it. The
 * server adapts it to Netty buffers (and down-converts to RESP2 where the connection speaks
 * RESP2), tests and Lua adapt it to Java objects.
 *
 * <p>Aggregates are written as a header with their element count, then the elements. A writer is
 * used by one thread at a time.
 *
 * <p>Down-conversion rules for RESP2 (what Redis does): {@link #map} becomes an array of 2n
 * elements, {@link #set} an array, {@link #doubleValue} a bulk string, {@link #bool} the integer
 * 1 or 0, {@link #nullBulk} {@code $-1}, {@link #nullArray} {@code *-1}, {@link #verbatim} a bulk
 * string, {@link #bigNumber} a bulk string, {@link #push} an array.
 */
public interface Reply {

    /** {@code +OK}-style status line. The text must not hold CR or LF. */
    void simple(String status);

    /**
     * An error line. {@code message} starts with its code ({@code ERR ...}, {@code WRONGTYPE ...});
     * it must not hold CR or LF (callers sanitise user text).
     */
    void error(String message);

    void integer(long value);

    void bulk(byte[] value);

    void bulk(byte[] value, int offset, int length);

    /**
     * A bulk string of {@code value}'s remaining bytes, copied before this returns (the buffer
     * may be a view of memory that serves another value afterwards).
     */
    default void bulk(java.nio.ByteBuffer value) {
        byte[] b = new byte[value.remaining()];
        value.get(b);
        bulk(b);
    }

    /** RESP2 {@code $-1}, RESP3 {@code _}. */
    void nullBulk();

    /** RESP2 {@code *-1}, RESP3 {@code _}. */
    void nullArray();

    void array(int length);

    void map(int pairs);

    void set(int length);

    /** A push message header (RESP3 {@code >}; an array in RESP2). */
    void push(int length);

    /** A double, printed as Redis prints it (RESP3 {@code ,}; a bulk string in RESP2). */
    void doubleValue(double value);

    void bool(boolean value);

    /** RESP3 verbatim string of format {@code txt} or {@code mkd}; a bulk string in RESP2. */
    void verbatim(String format, byte[] value);

    void bigNumber(String digits);

    /** The protocol the client speaks: 2 or 3. Commands whose reply shape differs ask this. */
    int protocol();

    // ---------------------------------------------------------------- conveniences

    default void ok() {
        simple("OK");
    }

    default void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string or null bulk. */
    default void bulkOrNull(byte[] value) {
        if (value == null) {
            nullBulk();
        } else {
            bulk(value);
        }
    }

    /** An integer 1 or 0: what Redis answers for boolean results in both protocols. */
    default void integer(boolean value) {
        integer(value ? 1 : 0);
    }
}
