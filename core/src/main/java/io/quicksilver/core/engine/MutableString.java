package io.quicksilver.core.engine;

import java.util.Arrays;

/**
 * A string value with spare capacity, as Redis's "raw" sds after APPEND or SETRANGE: appending is
 * amortised O(1) instead of copying the whole value each time. OBJECT ENCODING reports it as
 * {@code raw}. Accessed only under the owning segment's lock.
 */
public final class MutableString {
    private byte[] buf;
    private int length;
    private boolean raw = true;

    public MutableString(byte[] initial, int extraCapacity) {
        this.buf = Arrays.copyOf(initial, initial.length + extraCapacity);
        this.length = initial.length;
    }

    private MutableString(byte[] adopted) {
        this.buf = adopted;
        this.length = adopted.length;
    }

    /** A string whose buffer is {@code value} itself, not a copy: see {@link Segment#setString}. */
    static MutableString adopt(byte[] value) {
        return new MutableString(value);
    }

    /**
     * A string Redis keeps as a plain (embstr) string object although it looks like an integer:
     * INCRBYFLOAT's result, which Redis never tries to encode as "int". It becomes raw on the first
     * APPEND or SETRANGE.
     */
    public static MutableString embedded(byte[] value) {
        MutableString m = new MutableString(value, 0);
        m.raw = false;
        return m;
    }

    /** False only for {@link #embedded} strings not changed since. */
    public boolean isRaw() {
        return raw;
    }

    /**
     * Replaces the whole content with {@code value}, copied into this string's own buffer, when
     * that buffer holds it with at most a quarter of it to spare: a string rewritten with values
     * of about the same size (a counter, a cached page, a session) then keeps its buffer, so the
     * rewrite allocates nothing and leaves the collector no new object to copy and no old one to
     * free (see {@link Segment#setString}). False, unchanged, when the buffer does not fit.
     */
    boolean overwrite(byte[] value) {
        int n = value.length;
        if (!fits(buf.length, n)) {
            return false;
        }
        System.arraycopy(value, 0, buf, 0, n);
        length = n;
        raw = true;
        return true;
    }

    private static boolean fits(long capacity, int n) {
        return n <= capacity && capacity - n <= n >> 2;
    }

    /**
     * Whether a value counted for {@code counted} bytes ({@link #memoryUsage}, as its entry
     * kept it) may be a string whose buffer {@link #overwrite} would reuse for {@code n} bytes:
     * false means it is not, so a SET need not read the old value (a cache miss) to know.
     */
    static boolean mayFit(long counted, int n) {
        return fits(counted - HOLDER_BYTES, n);
    }

    /** A copy with the same encoding (COPY). */
    public MutableString copy() {
        MutableString m = new MutableString(toBytes(), 0);
        m.raw = raw;
        return m;
    }

    public int length() {
        return length;
    }

    public byte[] buffer() {
        return buf;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buf, length);
    }

    public void append(byte[] data) {
        raw = true;
        ensureCapacity(length + data.length);
        System.arraycopy(data, 0, buf, length, data.length);
        length += data.length;
    }

    /** Writes {@code data} at {@code offset}, zero-padding the gap if the string is shorter. */
    public void setRange(int offset, byte[] data) {
        raw = true;
        int end = offset + data.length;
        ensureCapacity(end);
        if (end > length) {
            if (offset > length) {
                Arrays.fill(buf, length, offset, (byte) 0);
            }
            length = end;
        }
        System.arraycopy(data, 0, buf, offset, data.length);
    }

    private void ensureCapacity(int needed) {
        if (needed > buf.length) {
            // as sds: double below 1 MiB, then grow by 1 MiB
            int grown = needed < (1 << 20) ? needed * 2 : needed + (1 << 20);
            buf = Arrays.copyOf(buf, Math.max(grown, needed));
        }
    }

    /** What {@link #memoryUsage} counts beyond the buffer's capacity: this object and the array's header. */
    private static final int HOLDER_BYTES = 16 + 16;

    public long memoryUsage() {
        return HOLDER_BYTES + buf.length;
    }

    /** The bytes of a string value, whichever class holds them. */
    public static byte[] bytesOf(Object value) {
        return value instanceof MutableString m ? m.toBytes() : (byte[]) value;
    }

    public static int lengthOf(Object value) {
        return value instanceof MutableString m ? m.length : ((byte[]) value).length;
    }
}
