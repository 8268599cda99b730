package io.quicksilver.core.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Memory outside the Java heap for the long strings commands store ({@link MutableString} in
 * its slab mode), list nodes away from the ends and long hash values, as a size-class allocator:
 * direct buffers of about {@value #SLAB_BYTES} bytes (more for the largest classes), each cut
 * into chunks of one size class, and a stack of freed chunks per class. Classes run from
 * {@value #MIN} to {@value #MAX} bytes, eight per power of two (512, 576, 640... 1024, 1152,
 * 1280...), so a chunk wastes under an eighth of its value. jemalloc has four per power of two
 * (under a fifth): with them a full 8 KiB list node of seven 1 KiB elements (7210 bytes) took
 * an 8192-byte chunk, 140 bytes wasted per element, as redis-server's own allocator wastes them;
 * with eight it takes 7680. A slab is a whole number of chunks, so none of it is zeroed in vain.
 *
 * <p>Why: a value on the heap is a young object that G1 must copy out of the young generation and
 * then keep (a card to scan when an old entry points at it, old-generation garbage when it is
 * replaced by a value of another size, the heap's growth placing every young generation in
 * freshly committed memory). A value here is copied once, from the command's argument, and freed
 * the moment it is replaced or deleted: the collector sees a holder that does not change.
 *
 * <p>A chunk is named by a handle ({@code slab << 32 | offset << 8 | class}). Owned by exactly
 * one holder, which frees it when it drops or replaces it ({@link MutableString#release()}); the
 * holder forgets the handle at once, so a stale holder cannot reach a chunk that has been given
 * to another. Slabs are never returned (as an allocator's arenas mostly are not): freed chunks
 * serve the next values of their class. Allocation and freeing take this object's lock; reads
 * and writes of a chunk need none (the owning holder is accessed under its segment's lock, and
 * the slab array only grows, published through a volatile field). Absolute, bounds-checked
 * {@link ByteBuffer} access only: a bug here can give a wrong value, never touch memory outside
 * a slab.
 *
 * <p>When direct memory runs short ({@code -XX:MaxDirectMemorySize}, by default the maximum heap,
 * less {@value #HEADROOM_BYTES} bytes left to other users) {@link #allocate} answers
 * {@link #NONE} and values stay on the heap. The limit is checked before asking for a slab, since
 * the JDK answers a request over it only after a {@code System.gc()} and up to a second of retries,
 * which would stall the event loop; should it still refuse, no slab is asked for during a second.
 */
public final class Slabs {
    /** The shortest value kept here: shorter ones cost more in a holder than they save. */
    public static final int MIN = 512;
    /** The longest value kept here: longer ones are rare and G1 allocates them in place. */
    public static final int MAX = 32 * 1024;
    /**
     * Bytes of a slab (a larger class gets {@value #CHUNKS_MIN} chunks). {@code allocateDirect}
     * zeroes a new slab at once, so the command that needs one pays the first touch of all its
     * pages: 64 KiB keeps that to 16 pages, where a machine that backs memory lazily (a VM) can
     * take 20 us each. With 256 KiB slabs, MSET of ten new 1 KiB values at pipeline 1 had a p99
     * of 2.3-5.0 ms against 1.5-2.9 with 32 or 64 KiB (three fresh servers, alternating rounds).
     */
    static final int SLAB_BYTES = 64 * 1024;
    private static final int CHUNKS_MIN = 8;
    /** No chunk. */
    public static final long NONE = -1;
    private static final int CLASSES = classOf(MAX) + 1;
    private static final long RETRY_NANOS = 1_000_000_000L;
    /** Direct memory left to others (Netty's buffers when it counts them, NIO) when slabs stop. */
    static final long HEADROOM_BYTES = 64L << 20;
    private static final java.lang.management.BufferPoolMXBean DIRECT = directPool();
    private static final long DIRECT_LIMIT = maxDirectMemory();

    private volatile ByteBuffer[] slabs = new ByteBuffer[16];
    private int slabCount;
    /** Per class: the slab being cut (-1: none), the next offset in it, and the freed chunks. */
    private final int[] cutting = new int[CLASSES];
    private final int[] cutAt = new int[CLASSES];
    private final long[][] free = new long[CLASSES][];
    private final int[] freeCount = new int[CLASSES];
    private long slabBytes;
    private long chunkBytes;
    private long failedAt;
    private boolean failed;
    /** At most this many bytes of slabs (tests); direct memory's own limit applies too. */
    private final long maxSlabBytes;

    public Slabs() {
        this(Long.MAX_VALUE);
    }

    /** Slabs of at most {@code maxSlabBytes} bytes in all, below direct memory's own limit. */
    public Slabs(long maxSlabBytes) {
        this.maxSlabBytes = maxSlabBytes;
        Arrays.fill(cutting, -1);
        for (int c = 0; c < CLASSES; c++) {
            free[c] = new long[16];
        }
    }

    /** Whether a value of {@code length} bytes is kept in a slab. */
    public static boolean holds(int length) {
        return length >= MIN && length <= MAX;
    }

    /** The class of a length in {@code [MIN, MAX]}: 0 for 512, 1 for 513..576, and so on. */
    static int classOf(int length) {
        if (length <= MIN) {
            return 0;
        }
        int b = 31 - Integer.numberOfLeadingZeros(length - 1); // 2^b <= length-1 < 2^(b+1)
        int eighth = (length - 1 - (1 << b)) >> (b - 3);
        return (b - 9) * 8 + eighth + 1;
    }

    /** The chunk size of class {@code c}. */
    static int sizeOf(int c) {
        if (c == 0) {
            return MIN;
        }
        int b = (c - 1) / 8 + 9;
        int eighth = (c - 1) % 8;
        return (1 << b) + ((eighth + 1) << (b - 3));
    }

    /** Whether a value of {@code length} bytes belongs in the chunk {@code handle} names (its size class). */
    public static boolean fits(long handle, int length) {
        return holds(length) && (int) (handle & 0xFF) == classOf(length);
    }

    /** The chunk size a handle names. */
    public static int capacity(long handle) {
        return sizeOf((int) (handle & 0xFF));
    }

    /**
     * A free chunk of at least {@code length} bytes ({@link #holds}), or {@link #NONE} when no
     * direct memory could be had.
     */
    public synchronized long allocate(int length) {
        int c = classOf(length);
        int n = freeCount[c];
        if (n > 0) {
            freeCount[c] = n - 1;
            chunkBytes += sizeOf(c);
            return free[c][n - 1];
        }
        int size = sizeOf(c);
        int slab = cutting[c];
        int at = cutAt[c];
        if (slab < 0 || at + size > slabs[slab].capacity()) {
            slab = newSlab(Math.max(SLAB_BYTES / size * size, size * CHUNKS_MIN));
            if (slab < 0) {
                return NONE;
            }
            cutting[c] = slab;
            at = 0;
        }
        cutAt[c] = at + size;
        chunkBytes += size;
        return (long) slab << 32 | (long) at << 8 | c;
    }

    private int newSlab(int bytes) {
        if (failed && System.nanoTime() - failedAt < RETRY_NANOS) {
            return -1;
        }
        if (slabBytes + bytes > maxSlabBytes || directUsed() + bytes > DIRECT_LIMIT - HEADROOM_BYTES) {
            return -1;
        }
        ByteBuffer b;
        try {
            b = ByteBuffer.allocateDirect(bytes);
        } catch (OutOfMemoryError e) {
            failed = true;
            failedAt = System.nanoTime();
            return -1;
        }
        failed = false;
        ByteBuffer[] s = slabs;
        if (slabCount == s.length) {
            s = Arrays.copyOf(s, s.length * 2);
        }
        s[slabCount] = b;
        slabs = s; // publishes the slab before any handle naming it
        slabBytes += bytes;
        return slabCount++;
    }

    private static long directUsed() {
        return DIRECT == null ? 0 : DIRECT.getTotalCapacity();
    }

    private static java.lang.management.BufferPoolMXBean directPool() {
        for (java.lang.management.BufferPoolMXBean b
                : java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b;
            }
        }
        return null;
    }

    /** {@code -XX:MaxDirectMemorySize} as the JVM was started with it, else the maximum heap (its default). */
    static long maxDirectMemory() {
        long limit = Runtime.getRuntime().maxMemory();
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:MaxDirectMemorySize=")) {
                long parsed = parseSize(arg.substring(arg.indexOf('=') + 1));
                if (parsed > 0) {
                    limit = parsed;
                }
            }
        }
        return limit;
    }

    /** A JVM size option's value ({@code 512m}, {@code 2G}, {@code 1048576}); -1 if unreadable. */
    static long parseSize(String v) {
        if (v.isEmpty()) {
            return -1;
        }
        char unit = Character.toLowerCase(v.charAt(v.length() - 1));
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
            return n << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Frees what a value its key dropped keeps in slabs: a long string's chunk
     * ({@link MutableString#release()}), a collection's chunks ({@link TypedValue#release}).
     * Called once, after anyone who reads the value (listeners) has.
     */
    static void release(Object value) {
        if (value instanceof MutableString m) {
            m.release();
        } else if (value instanceof TypedValue t) {
            t.release();
        }
    }

    /**
     * Whether a value the segment counts for {@code counted} bytes may own a chunk (it counts at
     * least the chunk): below that, a dropped value is not even read.
     */
    static boolean mayOwnChunk(long counted) {
        return counted >= MIN;
    }

    /** Gives a chunk back; its owner must forget the handle. */
    public synchronized void free(long handle) {
        int c = (int) (handle & 0xFF);
        int n = freeCount[c];
        long[] f = free[c];
        if (n == f.length) {
            f = free[c] = Arrays.copyOf(f, n * 2);
        }
        f[n] = handle;
        freeCount[c] = n + 1;
        chunkBytes -= sizeOf(c);
    }

    private ByteBuffer slab(long handle) {
        return slabs[(int) (handle >>> 32)];
    }

    private static int offset(long handle) {
        return (int) (handle >>> 8) & 0xFFFFFF;
    }

    /** Writes {@code length} bytes of {@code src} from {@code from} into the chunk at {@code at}. */
    public void write(long handle, int at, byte[] src, int from, int length) {
        check(handle, at, length);
        slab(handle).put(offset(handle) + at, src, from, length);
    }

    /** Reads {@code length} bytes of the chunk from {@code at} into {@code dst} at {@code to}. */
    public void read(long handle, int at, byte[] dst, int to, int length) {
        check(handle, at, length);
        slab(handle).get(offset(handle) + at, dst, to, length);
    }

    /**
     * A view of {@code length} bytes of the chunk from {@code at}, for a reply to copy from at
     * once (it must not be kept: the chunk may serve another value after its owner's lock is
     * released).
     */
    public ByteBuffer view(long handle, int at, int length) {
        check(handle, at, length);
        return slab(handle).slice(offset(handle) + at, length);
    }

    /** Copies {@code length} bytes from one chunk to another (both from their start). */
    public void copy(long from, long to, int length) {
        check(from, 0, length);
        check(to, 0, length);
        slab(to).put(offset(to), slab(from), offset(from), length);
    }

    private static void check(long handle, int at, int length) {
        if (handle < 0 || at < 0 || length < 0 || at + length > capacity(handle)) {
            throw new IllegalStateException("no such chunk range: handle " + handle + " at " + at + " length " + length);
        }
    }

    /** Bytes of direct memory the slabs take. */
    public synchronized long slabBytes() {
        return slabBytes;
    }

    /** Bytes of the chunks in use. */
    public synchronized long chunkBytes() {
        return chunkBytes;
    }
}
