package io.quicksilver.core.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A string value held in a buffer of its own, which writes change in place. Two uses:
 * <ul>
 * <li><b>Growable</b>, as Redis's "raw" sds after APPEND or SETRANGE: a heap buffer with spare
 *     capacity, so appending is amortised O(1) instead of copying the whole value each time.</li>
 * <li><b>A long value written by a command</b> (SET's family, MSET, GETSET: see
 *     {@link Segment#setString}): kept in a chunk of {@link Slabs} outside the heap when its
 *     length is in {@link Slabs#holds}, else in the command's own argument array. A later write
 *     of the key copies into the same chunk, or into a chunk of the new size (the old one freed
 *     at once), so the collector sees one holder that never changes.</li>
 * </ul>
 * OBJECT ENCODING reports it as {@code raw}. Accessed only under the owning segment's lock.
 *
 * <p><b>Ownership.</b> A chunk belongs to its holder alone, which frees it when its segment drops
 * the value ({@link #release}: a delete, an overwrite, a flush) or moves it to a chunk of another
 * size, and forgets the handle at once: a released holder answers an {@link IllegalStateException}
 * rather than another value's bytes. So a holder must be read before its entry lets it go, and a
 * value that moves to another key (RENAME, MOVE) must leave its entry by
 * {@link Database#detach}, which does not release it.
 */
public final class MutableString {
    /** The heap buffer, or null while the content is in {@link #chunk}. */
    private byte[] buf;
    /** The slab chunk holding the content ({@link Slabs#NONE} in heap mode). */
    private long chunk = Slabs.NONE;
    /** The allocator of {@link #chunk}; null for a holder that never uses one. */
    private final Slabs slabs;
    private int length;
    private boolean raw = true;
    private boolean released;

    public MutableString(byte[] initial, int extraCapacity) {
        this.buf = Arrays.copyOf(initial, initial.length + extraCapacity);
        this.length = initial.length;
        this.slabs = null;
    }

    private MutableString(Slabs slabs, byte[] adopted) {
        this.slabs = slabs;
        this.buf = adopted;
        this.length = adopted.length;
    }

    /** A string of {@code length} bytes in {@code chunk} of {@code slabs}. */
    private MutableString(Slabs slabs, long chunk, int length) {
        this.slabs = slabs;
        this.chunk = chunk;
        this.length = length;
    }

    /**
     * A long string written by a command: in a chunk of {@code slabs} when its length is held
     * there and a chunk can be had, else {@code value} itself when {@code adopt} (the caller gives
     * the array up, see {@link Segment#setString}), else a copy of it.
     */
    static MutableString of(Slabs slabs, byte[] value, boolean adopt) {
        if (slabs != null && Slabs.holds(value.length)) {
            long c = slabs.allocate(value.length);
            if (c != Slabs.NONE) {
                slabs.write(c, 0, value, 0, value.length);
                return new MutableString(slabs, c, value.length);
            }
        }
        return new MutableString(slabs, adopt ? value : value.clone());
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
     * Replaces the whole content with {@code value} (a long string, see {@link Segment#setString})
     * in this holder: into its chunk when the new length is of the same class, else into a new
     * chunk of the right class (the old one freed), or for a heap buffer in that buffer when it
     * holds the value with at most a quarter of it to spare. A string rewritten again and again
     * then keeps its holder, so the rewrite leaves the collector no new object to copy and no old
     * one to free. False, unchanged, when it cannot (the caller makes a new holder).
     */
    boolean overwrite(byte[] value) {
        alive();
        int n = value.length;
        if (buf == null) {
            if (!Slabs.holds(n)) {
                return false;
            }
            if (!Slabs.fits(chunk, n)) {
                long c = slabs.allocate(n);
                if (c == Slabs.NONE) {
                    return false;
                }
                slabs.free(chunk);
                chunk = c;
            }
            slabs.write(chunk, 0, value, 0, n);
        } else {
            if (!fits(buf.length, n)) {
                return false;
            }
            System.arraycopy(value, 0, buf, 0, n);
        }
        length = n;
        raw = true;
        return true;
    }

    private static boolean fits(long capacity, int n) {
        return n <= capacity && capacity - n <= n >> 2;
    }

    /**
     * Whether a value counted for {@code counted} bytes ({@link #memoryUsage}, as its entry
     * kept it) may be a long string's holder, which {@link #overwrite} would reuse: false means it
     * is not, so a SET need not read the old value (a cache miss) to know.
     */
    static boolean mayBeLong(long counted) {
        return counted >= HOLDER_BYTES + Segment.OWN_BUFFER_MIN;
    }

    /**
     * Frees this string's chunk, if it has one, and makes it unusable: its segment dropped it
     * (deleted, overwritten, flushed). A heap string is left to the collector.
     */
    void release() {
        if (buf == null && !released) {
            slabs.free(chunk);
            chunk = Slabs.NONE;
            released = true;
        }
    }


    private void alive() {
        if (released) {
            throw new IllegalStateException("string value used after its key dropped it");
        }
    }

    /** A copy with the same encoding (COPY): in a chunk of its own when this one has one. */
    public MutableString copy() {
        alive();
        if (buf == null) {
            long c = slabs.allocate(length);
            if (c != Slabs.NONE) {
                slabs.copy(chunk, c, length);
                MutableString m = new MutableString(slabs, c, length);
                m.raw = raw;
                return m;
            }
        }
        MutableString m = new MutableString(toBytes(), 0);
        m.raw = raw;
        return m;
    }

    public int length() {
        alive();
        return length;
    }

    /**
     * The heap buffer holding the content from index 0 (it may be longer), or null when the
     * content is in a slab chunk: read it with {@link #view} then.
     */
    public byte[] buffer() {
        alive();
        return buf;
    }

    /**
     * A view of {@code len} bytes of the content from {@code from}, for a reply to copy at once
     * under the lock; null for a heap string ({@link #buffer}).
     */
    public ByteBuffer view(int from, int len) {
        alive();
        return buf == null ? slabs.view(chunk, from, len) : null;
    }

    public byte[] toBytes() {
        alive();
        if (buf == null) {
            byte[] b = new byte[length];
            slabs.read(chunk, 0, b, 0, length);
            return b;
        }
        return Arrays.copyOf(buf, length);
    }

    /** Moves a slab string's content to a heap buffer of at least {@code capacity} bytes. */
    private void toHeap(int capacity) {
        byte[] b = new byte[Math.max(capacity, length)];
        slabs.read(chunk, 0, b, 0, length);
        slabs.free(chunk);
        chunk = Slabs.NONE;
        buf = b;
    }

    public void append(byte[] data) {
        alive();
        raw = true;
        ensureCapacity(length + data.length);
        System.arraycopy(data, 0, buf, length, data.length);
        length += data.length;
    }

    /** Writes {@code data} at {@code offset}, zero-padding the gap if the string is shorter. */
    public void setRange(int offset, byte[] data) {
        alive();
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

    /**
     * Makes the heap buffer hold {@code needed} bytes. A slab string moves to the heap first:
     * APPEND and SETRANGE grow a string as sds does, which a fixed chunk cannot.
     */
    private void ensureCapacity(int needed) {
        int cap = buf == null ? 0 : buf.length;
        if (needed > cap) {
            // as sds: double below 1 MiB, then grow by 1 MiB
            int grown = needed < (1 << 20) ? needed * 2 : needed + (1 << 20);
            if (buf == null) {
                toHeap(Math.max(grown, needed));
            } else {
                buf = Arrays.copyOf(buf, Math.max(grown, needed));
            }
        }
    }

    /** What {@link #memoryUsage} counts beyond the buffer's capacity: this object and the array's header. */
    private static final int HOLDER_BYTES = 16 + 16;

    public long memoryUsage() {
        return HOLDER_BYTES + (buf == null ? (released ? 0 : Slabs.capacity(chunk)) : buf.length);
    }

    /** The bytes of a string value, whichever class holds them. */
    public static byte[] bytesOf(Object value) {
        return value instanceof MutableString m ? m.toBytes() : (byte[]) value;
    }

    public static int lengthOf(Object value) {
        return value instanceof MutableString m ? m.length() : ((byte[]) value).length;
    }
}
