package io.quicksilver.server.resp;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Arrays of long command arguments handed back once their command copied them
 * ({@code Client.Connection.reuse}), kept per event loop for {@link RespDecoder} to read a
 * later argument of the same length into: a client writing 1 KiB values again and again (SET,
 * MSET, LPUSH) then costs the heap no new array per value. Without it each such value is a
 * young 1 KiB array the collector must clear away, a young collection every few hundred
 * thousand values, each in heap regions the process may never have touched (page faults).
 *
 * <p>Only lengths from {@value #MIN} bytes (shorter arrays are cheap, and what the engine most
 * often keeps as they are) to {@value #MAX} (longer ones are read incrementally, see
 * {@link RespDecoder#BIG_ARG}). At most {@value #LENGTHS} lengths at once, {@value #DEPTH}
 * arrays of each and {@value #MAX_BYTES} bytes in all per event loop: a loop decodes one
 * connection's batch (at most a prefetch batch of commands) and runs it before the next, so a
 * few dozen arrays cover a pipeline; a length not seen for a while gives its place to a new one.
 *
 * <p>An array is taken out when handed to the decoder, so no two arguments ever share one; one
 * handed back twice is kept once. Not thread-safe: each event loop has its own
 * ({@link #current()}), and the connection hands back only on its loop.
 */
public final class SpareArguments {
    /** The shortest argument whose array is reused. */
    public static final int MIN = 512;
    /** The longest argument whose array is reused. */
    public static final int MAX = RespDecoder.BIG_ARG;
    static final int LENGTHS = 8;
    static final int DEPTH = 64;
    static final int MAX_BYTES = 1 << 20;

    private static final FastThreadLocal<SpareArguments> LOOP = new FastThreadLocal<>() {
        @Override
        protected SpareArguments initialValue() {
            return new SpareArguments();
        }
    };

    /** Per length slot: the length (0: free), its arrays, how many. */
    private final int[] lengths = new int[LENGTHS];
    private final byte[][][] arrays = new byte[LENGTHS][][];
    private final int[] counts = new int[LENGTHS];
    /** The slot the next new length takes when none is free (round robin). */
    private int victim;
    private long bytes;

    /** The current event loop's (thread's) spares. */
    public static SpareArguments current() {
        return LOOP.get();
    }

    /** A new array of {@code length} bytes, or a spare one of that length (any content). */
    public byte[] take(int length) {
        if (length >= MIN && length <= MAX) {
            for (int s = 0; s < LENGTHS; s++) {
                if (lengths[s] == length) {
                    int n = counts[s];
                    if (n == 0) {
                        break;
                    }
                    byte[][] a = arrays[s];
                    byte[] spare = a[--n];
                    a[n] = null;
                    counts[s] = n;
                    bytes -= length;
                    return spare;
                }
            }
        }
        return new byte[length];
    }

    /** Keeps {@code array} for a later {@link #take} of its length, if it is one kept here and there is room. */
    public void give(byte[] array) {
        int length = array.length;
        if (length < MIN || length > MAX) {
            return;
        }
        int slot = -1;
        for (int s = 0; s < LENGTHS; s++) {
            if (lengths[s] == length) {
                slot = s;
                break;
            }
        }
        if (slot >= 0) {
            byte[][] a = arrays[slot];
            int n = counts[slot];
            if (n == DEPTH) {
                return;
            }
            for (int i = 0; i < n; i++) {
                if (a[i] == array) {
                    return; // handed back twice: once is enough, twice would give it to two arguments
                }
            }
        }
        for (int tries = 0; bytes + length > MAX_BYTES && tries < LENGTHS; tries++) {
            int s = nextVictim();
            if (s != slot) {
                empty(s); // other lengths make room, oldest slot first
            }
        }
        if (bytes + length > MAX_BYTES) {
            return;
        }
        if (slot < 0) {
            for (int s = 0; s < LENGTHS && slot < 0; s++) {
                if (counts[s] == 0) {
                    slot = s;
                }
            }
            if (slot < 0) {
                slot = nextVictim();
                empty(slot);
            }
            lengths[slot] = length;
            if (arrays[slot] == null) {
                arrays[slot] = new byte[DEPTH][];
            }
        }
        arrays[slot][counts[slot]++] = array;
        bytes += length;
    }

    private int nextVictim() {
        int s = victim;
        victim = (victim + 1) % LENGTHS;
        return s;
    }

    /** Drops a slot's arrays (to the collector) and frees it for another length. */
    private void empty(int s) {
        byte[][] a = arrays[s];
        for (int i = 0; i < counts[s]; i++) {
            a[i] = null;
        }
        bytes -= (long) counts[s] * lengths[s];
        counts[s] = 0;
        lengths[s] = 0;
    }

    /** Arrays kept. */
    public int count() {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

    /** Bytes kept. */
    public long bytes() {
        return bytes;
    }
}
