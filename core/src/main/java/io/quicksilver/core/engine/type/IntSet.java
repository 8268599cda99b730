package io.quicksilver.core.engine.type;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * A sorted set of 64-bit integers packed in one {@code byte[]}, as Redis's intset: every value is
 * stored with the same width, 2, 4 or 8 bytes (little-endian), the smallest that holds them all;
 * adding a value that needs a wider type upgrades the whole array, and nothing ever downgrades.
 * Lookups are binary searches; adds and removes move the tail (O(N), as Redis: the set stays
 * small, {@code set-max-intset-entries}).
 *
 * <p>Not thread-safe: used under the owning key's segment lock.
 */
final class IntSet {
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    /** Values in ascending order, {@code width} bytes each; may have spare room at the end. */
    private byte[] data = EMPTY;
    /** Bytes per value: 2, 4 or 8. */
    private int width = 2;
    private int size;

    IntSet() {}

    private IntSet(IntSet other) {
        data = Arrays.copyOf(other.data, other.size * other.width);
        width = other.width;
        size = other.size;
    }

    IntSet copy() {
        return new IntSet(this);
    }

    int size() {
        return size;
    }

    /** Bytes per stored value (2, 4 or 8), Redis's intset encoding. */
    int width() {
        return width;
    }

    /** An estimate of the heap bytes: this object and its array. */
    long memoryUsage() {
        return 32 + OpenBytesTable.arrayBytes(data.length);
    }

    /** The value at {@code index} (0 = smallest). */
    long get(int index) {
        return read(data, width, index);
    }

    private static long read(byte[] d, int w, int i) {
        return switch (w) {
            case 2 -> (short) SHORTS.get(d, i * 2);
            case 4 -> (int) INTS.get(d, i * 4);
            default -> (long) LONGS.get(d, i * 8);
        };
    }

    private static void write(byte[] d, int w, int i, long v) {
        switch (w) {
            case 2 -> SHORTS.set(d, i * 2, (short) v);
            case 4 -> INTS.set(d, i * 4, (int) v);
            default -> LONGS.set(d, i * 8, v);
        }
    }

    /** The width a value needs: 2, 4 or 8 bytes. */
    private static int widthOf(long v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 2;
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 4;
        }
        return 8;
    }

    /** The index of {@code v}, or {@code -(insertion point) - 1}. */
    int indexOf(long v) {
        if (widthOf(v) > width) {
            return v < 0 ? -1 : -(size + 1); // outside the range of every stored value
        }
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = read(data, width, mid);
            if (m < v) {
                lo = mid + 1;
            } else if (m > v) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    boolean contains(long v) {
        return indexOf(v) >= 0;
    }

    /** Adds {@code v}; false when it was already there. */
    boolean add(long v) {
        int w = widthOf(v);
        if (w > width) {
            upgradeAndAdd(v, w);
            return true;
        }
        int i = indexOf(v);
        if (i >= 0) {
            return false;
        }
        int at = -i - 1;
        ensureRoom(size + 1);
        System.arraycopy(data, at * width, data, (at + 1) * width, (size - at) * width);
        write(data, width, at, v);
        size++;
        return true;
    }

    /** {@code v} does not fit the current width, so it is smaller or larger than every value. */
    private void upgradeAndAdd(long v, int newWidth) {
        byte[] d = new byte[capacityFor(size + 1) * newWidth];
        int offset = v < 0 ? 1 : 0;
        for (int i = 0; i < size; i++) {
            write(d, newWidth, i + offset, read(data, width, i));
        }
        write(d, newWidth, v < 0 ? 0 : size, v);
        data = d;
        width = newWidth;
        size++;
    }

    private static int capacityFor(int n) {
        return n < 8 ? n : n + (n >> 3); // a little headroom: adds stay amortised, memory tight
    }

    private void ensureRoom(int n) {
        if (n * width > data.length) {
            data = Arrays.copyOf(data, capacityFor(n) * width);
        }
    }

    /** Removes {@code v}; false when it was not there. */
    boolean remove(long v) {
        int i = indexOf(v);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    void removeAt(int i) {
        System.arraycopy(data, (i + 1) * width, data, i * width, (size - i - 1) * width);
        size--;
        if (data.length > 64 && size * width < data.length / 2) {
            data = Arrays.copyOf(data, capacityFor(size) * width);
        }
    }

    long random(Random rnd) {
        return get(rnd.nextInt(size));
    }

    // ---------------------------------------------------------------- integers as strings

    /**
     * Whether {@code b} is the canonical decimal form of a 64-bit integer (Redis's
     * isSdsRepresentableAsLongLong / string2ll): optional '-', no leading zero, no '+', no space.
     */
    static boolean isCanonical(byte[] b) {
        long v = parseOrMin(b);
        return v != Long.MIN_VALUE || Arrays.equals(b, MIN_LONG);
    }

    /** The value of a string {@link #isCanonical} accepted. */
    static long parse(byte[] b) {
        return parseOrMin(b);
    }

    /** The value, or Long.MIN_VALUE when {@code b} is not canonical (callers tell the two apart). */
    private static long parseOrMin(byte[] b) {
        int len = b.length;
        if (len == 0 || len > 20) {
            return Long.MIN_VALUE;
        }
        if (len == 1 && b[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean negative = b[0] == '-';
        if (negative) {
            i = 1;
            if (len == 1) {
                return Long.MIN_VALUE;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return Long.MIN_VALUE;
        }
        long v = 0; // accumulated negatively to reach Long.MIN_VALUE
        for (; i < len; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
                return Long.MIN_VALUE;
            }
            v = v * 10 - d;
        }
        if (negative) {
            return v;
        }
        return v == Long.MIN_VALUE ? Long.MIN_VALUE : -v;
    }

    static byte[] bytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
