package io.quicksilver.core.command;

import java.nio.charset.StandardCharsets;

/** Parsing of command arguments with Redis's rules (string2ll and friends). */
public final class Args {
    private Args() {}

    /**
     * Redis's string2ll: optional '-', digits, no leading zeros (but "0"), no '+', no spaces,
     * within a signed 64-bit range. Throws {@link Errors#NOT_INTEGER} otherwise.
     */
    public static long parseLong(byte[] b) {
        long v = parseRaw(b);
        if (v == Long.MIN_VALUE && !isMinLong(b)) {
            throw Errors.notInteger();
        }
        return v;
    }

    /** As {@link #parseLong} but returns {@code fallback} instead of throwing. */
    public static long parseLongOr(byte[] b, long fallback) {
        long v = parseRaw(b);
        if (v == Long.MIN_VALUE && !isMinLong(b)) {
            return fallback;
        }
        return v;
    }

    /** True when the bytes are a canonical 64-bit integer (what Redis stores as "int"). */
    public static boolean isLong(byte[] b) {
        return b.length <= 20 && (parseRaw(b) != Long.MIN_VALUE || isMinLong(b));
    }

    private static final byte[] MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private static boolean isMinLong(byte[] b) {
        return java.util.Arrays.equals(b, MIN);
    }

    /** The value, or Long.MIN_VALUE when invalid (the caller tells the two apart). */
    private static long parseRaw(byte[] b) {
        final long fallback = Long.MIN_VALUE;
        int len = b.length;
        if (len == 0 || len > 20) {
            return fallback;
        }
        if (len == 1 && b[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (b[0] == '-') {
            negative = true;
            i = 1;
            if (len == 1) {
                return fallback;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return fallback;
        }
        long v = 0; // accumulate negatively to reach Long.MIN_VALUE
        for (; i < len; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return fallback;
            }
            if (v < (Long.MIN_VALUE + d) / 10) { // v * 10 - d would pass Long.MIN_VALUE
                return fallback;
            }
            v = v * 10 - d;
        }
        if (negative) {
            return v;
        }
        if (v == Long.MIN_VALUE) {
            return fallback;
        }
        return -v;
    }

    /** An int argument within [min, max], or the given error. */
    public static int parseInt(byte[] b, int min, int max, String error) {
        long v = parseLongOr(b, Long.MIN_VALUE);
        if ((v == Long.MIN_VALUE && !isMinLong(b)) || v < min || v > max) {
            throw new CommandException(error);
        }
        return (int) v;
    }

    /**
     * Redis's getPositiveLongFromObjectOrReply ({@code min} 0) and getRangeLongFromObjectOrReply
     * up to LONG_MAX ({@code min} 1) with a message: an integer argument of at least {@code min};
     * anything else, a non-integer included, throws the one {@code error}.
     *
     * @param arg   the argument
     * @param min   the least value accepted (above {@code Long.MIN_VALUE})
     * @param error the whole error line, e.g. "ERR count should be greater than 0"
     * @return the value
     */
    public static long longAtLeast(byte[] arg, long min, String error) {
        long v = parseLongOr(arg, Long.MIN_VALUE);
        if (v < min) {
            throw new CommandException(error);
        }
        return v;
    }

    /**
     * The first index of a {@code start..end} rank range over {@code size} elements, as Redis's
     * LRANGE, LTRIM, ZRANGE and ZREMRANGEBYRANK read it: negative counts from the end, then
     * clamped at 0. With {@link #rangeEnd}, the range is empty when {@code rangeStart > rangeEnd}
     * (which covers Redis's {@code start > end || start >= llen}).
     *
     * @param start the start argument
     * @param size  how many elements there are
     * @return the first index, {@code >= 0} (possibly {@code >= size})
     */
    public static long rangeStart(long start, long size) {
        if (start < 0) {
            start = size + start;
        }
        return start < 0 ? 0 : start;
    }

    /**
     * The last index of a {@code start..end} rank range over {@code size} elements: negative
     * counts from the end, then clamped at {@code size - 1}. See {@link #rangeStart}.
     *
     * @param end  the end argument (inclusive)
     * @param size how many elements there are
     * @return the last index, {@code < size} (possibly negative: then the range is empty)
     */
    public static long rangeEnd(long end, long size) {
        if (end < 0) {
            end = size + end;
        }
        return end >= size ? size - 1 : end;
    }

    public static boolean equalsIgnoreCase(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && lower(a[i]) != lower(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive comparison of an argument with an ASCII keyword. */
    public static boolean is(byte[] arg, String keyword) {
        if (arg.length != keyword.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            if (lower(arg[i]) != lower((byte) keyword.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    public static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Redis's OBJ_SHARED_INTEGERS: the values from 0 to 9999 are stored as shared arrays. */
    public static final int SHARED_INTEGERS = 10_000;
    private static final byte[][] SHARED = new byte[SHARED_INTEGERS][];

    static {
        for (int i = 0; i < SHARED_INTEGERS; i++) {
            SHARED[i] = bytes(i);
        }
    }

    /**
     * The decimal string of {@code v} to store as a value: for 0 to 9999 one shared array (as
     * Redis shares its integer objects), so a counter that INCR keeps small allocates nothing and
     * leaves the collector nothing to copy. Shared arrays are never written: no string value is
     * changed in place (APPEND and SETRANGE copy it into a {@code MutableString} first).
     */
    public static byte[] storedBytes(long v) {
        return v >= 0 && v < SHARED_INTEGERS ? SHARED[(int) v] : bytes(v);
    }

    public static byte[] bytes(long v) {
        // the digits straight into the array: one allocation (INCR's result is stored as it is)
        if (v == Long.MIN_VALUE) {
            return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        }
        long q = Math.abs(v);
        int len = v < 0 ? 2 : 1;
        for (long t = q; t >= 10; t /= 10) {
            len++;
        }
        byte[] out = new byte[len];
        int i = len;
        do {
            out[--i] = (byte) ('0' + q % 10);
            q /= 10;
        } while (q != 0);
        if (v < 0) {
            out[0] = '-';
        }
        return out;
    }
}
