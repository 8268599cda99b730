package io.quicksilver.core.engine.type;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The packed codec of the compact encodings: a sequence of strings and integers in one
 * {@code byte[]}, in exactly the layout of Redis 7's listpack (listpack.c), so a value could be
 * dumped or restored byte for byte.
 *
 * <pre>
 * [total-bytes u32 LE][count u16 LE] entry entry ... [0xFF]
 * entry = encoding+data, then back-length (the size of encoding+data, 1-5 bytes, read backwards)
 * </pre>
 *
 * Encodings: {@code 0xxxxxxx} 7-bit unsigned int; {@code 10xxxxxx} string up to 63 bytes;
 * {@code 110xxxxx yyyyyyyy} 13-bit signed int; {@code 1110xxxx yyyyyyyy} string up to 4095
 * bytes; {@code 0xF0} + u32 length: longer string; {@code 0xF1}..{@code 0xF4}: 16, 24, 32, 64
 * bit signed int, little endian. A string that is a canonical 64-bit integer ("12", "-7", not
 * "012" or "+1") is always stored as an integer, as Redis does: that is never larger, and it
 * makes equality a plain comparison of encodings. The count saturates at 65535 ("unknown"):
 * {@link #count} then walks the entries.
 *
 * <p>Capacity: the array may be longer than the listpack ({@link #bytes} tells the used part);
 * writes grow it geometrically above {@value #EXACT_LIMIT} bytes so that appending is amortised
 * O(1) even in the large nodes of a quicklist, and to the next multiple of 8 below that (the
 * JVM pads arrays to 8 bytes anyway), so that small values waste nothing. {@link #trim} drops
 * spare capacity.
 *
 * <p>Positions: an entry is addressed by the offset of its first byte ({@link #first},
 * {@link #next}, {@link #prev}, {@link #last}, {@link #seek}); -1 means "no entry". Writes
 * return the array to use from then on (the same one when it had room), and keep every offset
 * before the write position valid. After {@link #delete} at {@code p}, the entry that followed
 * is at {@code p} (see {@link #at}).
 *
 * <p>Stateless static functions over arrays the caller owns; not thread-safe by themselves
 * (values are only touched under their key's segment lock).
 */
public final class Listpack {
    /** Size of the header: total bytes (4) and count (2). */
    public static final int HEADER = 6;
    /** The size of an empty listpack: header and end byte. */
    public static final int EMPTY_BYTES = HEADER + 1;
    /** Arrays up to this size grow exactly (to a multiple of 8); larger ones by a quarter. */
    static final int EXACT_LIMIT = 256;
    /** Redis's lpSafeToAdd limit: a listpack never grows past 1 GiB. */
    public static final long MAX_SAFE_BYTES = 1L << 30;

    private static final int END = 0xFF;
    private static final int COUNT_UNKNOWN = 65535;

    private static final int ENC_7BIT_UINT = 0x00;
    private static final int ENC_6BIT_STR = 0x80;
    private static final int ENC_13BIT_INT = 0xC0;
    private static final int ENC_12BIT_STR = 0xE0;
    private static final int ENC_32BIT_STR = 0xF0;
    private static final int ENC_16BIT_INT = 0xF1;
    private static final int ENC_24BIT_INT = 0xF2;
    private static final int ENC_32BIT_INT = 0xF3;
    private static final int ENC_64BIT_INT = 0xF4;

    private Listpack() {}

    // ------------------------------------------------------------------ whole listpack

    /** A new empty listpack. */
    public static byte[] create() {
        return create(EMPTY_BYTES);
    }

    /** A new empty listpack in an array of at least {@code capacity} bytes. */
    public static byte[] create(int capacity) {
        byte[] lp = new byte[Math.max(EMPTY_BYTES, capacity)];
        setTotal(lp, EMPTY_BYTES);
        lp[HEADER] = (byte) END;
        return lp;
    }

    /**
     * Empties the listpack in {@code lp} in place and returns it: an array no node holds any more,
     * taken for a new one (whatever it held past the new end byte is never read).
     */
    public static byte[] clear(byte[] lp) {
        setTotal(lp, EMPTY_BYTES);
        lp[4] = 0;
        lp[5] = 0;
        lp[HEADER] = (byte) END;
        return lp;
    }

    /** The bytes the listpack uses (header and end byte included); the array may be longer. */
    public static int bytes(byte[] lp) {
        return (lp[0] & 0xFF) | (lp[1] & 0xFF) << 8 | (lp[2] & 0xFF) << 16 | (lp[3] & 0xFF) << 24;
    }

    /** Number of entries: O(1) below 65535, a walk above. */
    public static int count(byte[] lp) {
        int n = (lp[4] & 0xFF) | (lp[5] & 0xFF) << 8;
        if (n != COUNT_UNKNOWN) {
            return n;
        }
        n = 0;
        for (int p = first(lp); p >= 0; p = next(lp, p)) {
            n++;
        }
        return n;
    }

    public static boolean isEmpty(byte[] lp) {
        return (lp[HEADER] & 0xFF) == END;
    }

    /** True when {@code add} more bytes keep the listpack within Redis's 1 GiB safety limit. */
    public static boolean safeToAdd(byte[] lp, long add) {
        long len = lp == null ? 0 : bytes(lp);
        return len + add <= MAX_SAFE_BYTES;
    }

    /** The listpack in an array of exactly its size (or the same array when it already is). */
    public static byte[] trim(byte[] lp) {
        int used = bytes(lp);
        return lp.length == used ? lp : Arrays.copyOf(lp, used);
    }

    /** A copy, without spare capacity. */
    public static byte[] copy(byte[] lp) {
        return Arrays.copyOf(lp, bytes(lp));
    }

    // ------------------------------------------------------------------ navigation

    /** Offset of the first entry, or -1 when empty. */
    public static int first(byte[] lp) {
        return (lp[HEADER] & 0xFF) == END ? -1 : HEADER;
    }

    /** Offset of the last entry, or -1 when empty. */
    public static int last(byte[] lp) {
        int end = bytes(lp) - 1;
        return end == HEADER ? -1 : prevFrom(lp, end);
    }

    /** Offset of the entry after the one at {@code p}, or -1 at the end. */
    public static int next(byte[] lp, int p) {
        int q = p + entrySize(lp, p);
        return (lp[q] & 0xFF) == END ? -1 : q;
    }

    /** Offset of the entry before the one at {@code p}, or -1 at the start. */
    public static int prev(byte[] lp, int p) {
        return p == HEADER ? -1 : prevFrom(lp, p);
    }

    /** {@code p} if an entry starts there, -1 if it is the end byte (after a delete). */
    public static int at(byte[] lp, int p) {
        return (lp[p] & 0xFF) == END ? -1 : p;
    }

    /** The offset of the end byte: where {@link #insert} appends. */
    public static int end(byte[] lp) {
        return bytes(lp) - 1;
    }

    /** The entry before the end-of-entry position {@code q} (an entry's start or the end byte). */
    private static int prevFrom(byte[] lp, int q) {
        // back-length: read backwards; the last byte holds the low 7 bits, bit 7 = more before
        int i = q - 1;
        int len = 0;
        int shift = 0;
        while (true) {
            int b = lp[i] & 0xFF;
            len |= (b & 127) << shift;
            if ((b & 128) == 0) {
                break;
            }
            shift += 7;
            i--;
        }
        return q - len - backlenSize(len);
    }

    /**
     * The entry at {@code index} (0-based; negative counts from the end, -1 = last), or -1 when
     * out of range. Walks from the nearer end.
     */
    public static int seek(byte[] lp, long index) {
        int n = count(lp);
        if (index < 0) {
            index += n;
        }
        if (index < 0 || index >= n) {
            return -1;
        }
        if (index <= n / 2) {
            int p = HEADER;
            for (long i = 0; i < index; i++) {
                p += entrySize(lp, p);
            }
            return p;
        }
        int p = last(lp);
        for (long i = n - 1; i > index; i--) {
            p = prevFrom(lp, p);
        }
        return p;
    }

    // ------------------------------------------------------------------ reading an entry

    /** The size of the entry at {@code p}: encoding, data and back-length. */
    public static int entrySize(byte[] lp, int p) {
        int len = encodedSize(lp, p);
        return len + backlenSize(len);
    }

    /** Size of encoding + data of the entry at {@code p}, without its back-length. */
    private static int encodedSize(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0x80) == 0) {
            return 1;
        }
        if ((b & 0xC0) == ENC_6BIT_STR) {
            return 1 + (b & 0x3F);
        }
        if ((b & 0xE0) == ENC_13BIT_INT) {
            return 2;
        }
        if ((b & 0xF0) == ENC_12BIT_STR) {
            return 2 + ((b & 0x0F) << 8 | (lp[p + 1] & 0xFF));
        }
        switch (b) {
            case ENC_32BIT_STR:
                return 5 + u32(lp, p + 1);
            case ENC_16BIT_INT:
                return 3;
            case ENC_24BIT_INT:
                return 4;
            case ENC_32BIT_INT:
                return 5;
            case ENC_64BIT_INT:
                return 9;
            default:
                throw new IllegalStateException("bad listpack encoding " + b + " at " + p);
        }
    }

    /** True when the entry at {@code p} is stored as an integer. */
    public static boolean isInt(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        return (b & 0x80) == 0 || (b & 0xE0) == ENC_13BIT_INT || (b >= ENC_16BIT_INT && b <= ENC_64BIT_INT);
    }

    /** The value of an integer entry ({@link #isInt}). */
    public static long intValue(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0x80) == 0) {
            return b;
        }
        if ((b & 0xE0) == ENC_13BIT_INT) {
            int u = (b & 0x1F) << 8 | (lp[p + 1] & 0xFF);
            return u >= 1 << 12 ? u - (1 << 13) : u;
        }
        switch (b) {
            case ENC_16BIT_INT:
                return (short) ((lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8);
            case ENC_24BIT_INT:
                return ((lp[p + 1] & 0xFF) | (lp[p + 2] & 0xFF) << 8 | (lp[p + 3] & 0xFF) << 16) << 8 >> 8;
            case ENC_32BIT_INT:
                return u32(lp, p + 1);
            case ENC_64BIT_INT:
                return (u32(lp, p + 1) & 0xFFFFFFFFL) | ((long) u32(lp, p + 5)) << 32;
            default:
                throw new IllegalStateException("not an integer entry at " + p);
        }
    }

    /** Offset of the bytes of a string entry (not {@link #isInt}). */
    public static int strOffset(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0xC0) == ENC_6BIT_STR) {
            return p + 1;
        }
        if ((b & 0xF0) == ENC_12BIT_STR) {
            return p + 2;
        }
        return p + 5;
    }

    /** Length of the bytes of a string entry (not {@link #isInt}). */
    public static int strLength(byte[] lp, int p) {
        int b = lp[p] & 0xFF;
        if ((b & 0xC0) == ENC_6BIT_STR) {
            return b & 0x3F;
        }
        if ((b & 0xF0) == ENC_12BIT_STR) {
            return (b & 0x0F) << 8 | (lp[p + 1] & 0xFF);
        }
        return u32(lp, p + 1);
    }

    /** The length of the entry's string form (an integer counts its decimal digits and sign). */
    public static int length(byte[] lp, int p) {
        return isInt(lp, p) ? digits(intValue(lp, p)) : strLength(lp, p);
    }

    /** The entry as bytes (a new array; an integer in decimal). */
    public static byte[] get(byte[] lp, int p) {
        if (isInt(lp, p)) {
            return Long.toString(intValue(lp, p)).getBytes(StandardCharsets.US_ASCII);
        }
        int off = strOffset(lp, p);
        return Arrays.copyOfRange(lp, off, off + strLength(lp, p));
    }

    /** The entry as a string, for tests and debugging. */
    public static String toString(byte[] lp, int p) {
        return new String(get(lp, p), StandardCharsets.UTF_8);
    }

    /** Receives one entry without a copy: either a slice of bytes or an integer. */
    public interface EntrySink {
        void bytes(byte[] buf, int off, int len);

        void integer(long value);

        /**
         * An entry kept outside the heap: {@code buf}'s remaining bytes, to be copied before this
         * returns (the memory may serve another value once the owner's lock is released). By
         * default through a new array to {@link #bytes}.
         */
        default void view(java.nio.ByteBuffer buf) {
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            bytes(b, 0, b.length);
        }
    }

    /** Hands the entry at {@code p} to {@code sink} (a slice for strings, a long for integers). */
    public static void read(byte[] lp, int p, EntrySink sink) {
        if (isInt(lp, p)) {
            sink.integer(intValue(lp, p));
        } else {
            sink.bytes(lp, strOffset(lp, p), strLength(lp, p));
        }
    }

    // ------------------------------------------------------------------ comparing

    /**
     * True when the entry at {@code p} equals {@code s[off, off+len)} as a string (an integer
     * entry equals exactly its canonical decimal form).
     */
    public static boolean equals(byte[] lp, int p, byte[] s, int off, int len) {
        if (isInt(lp, p)) {
            return isCanonicalLong(s, off, len) && parseCanonical(s, off, len) == intValue(lp, p);
        }
        int n = strLength(lp, p);
        if (n != len) {
            return false;
        }
        int o = strOffset(lp, p);
        return Arrays.equals(lp, o, o + n, s, off, off + len);
    }

    public static boolean equals(byte[] lp, int p, byte[] s) {
        return equals(lp, p, s, 0, s.length);
    }

    /**
     * Compares the entry at {@code p} with {@code s} as byte strings (unsigned, as memcmp then
     * length): negative when the entry sorts first. Integers compare by their decimal form.
     */
    public static int compare(byte[] lp, int p, byte[] s) {
        if (isInt(lp, p)) {
            byte[] d = Long.toString(intValue(lp, p)).getBytes(StandardCharsets.US_ASCII);
            return Arrays.compareUnsigned(d, s);
        }
        int o = strOffset(lp, p);
        return Arrays.compareUnsigned(lp, o, o + strLength(lp, p), s, 0, s.length);
    }

    /**
     * Redis's lpFind: the first entry equal to {@code s}, checking the entry at {@code p} and
     * then every {@code skip + 1}-th one after it (skip = 1 visits the fields of a field/value
     * listpack). Returns its offset, or -1.
     *
     * @param lp   the listpack
     * @param p    the first entry to compare (e.g. {@link #first}), or -1
     * @param s    the string looked for
     * @param skip entries to step over after each compared one
     */
    public static int find(byte[] lp, int p, byte[] s, int skip) {
        if (p < 0) {
            return -1;
        }
        boolean isLong = isCanonicalLong(s, 0, s.length);
        long v = isLong ? parseCanonical(s, 0, s.length) : 0;
        int skipped = 0;
        while ((lp[p] & 0xFF) != END) {
            if (skipped == 0) {
                int b = lp[p] & 0xFF;
                boolean entryInt = (b & 0x80) == 0 || (b & 0xE0) == ENC_13BIT_INT
                        || (b >= ENC_16BIT_INT && b <= ENC_64BIT_INT);
                if (entryInt) {
                    if (isLong && intValue(lp, p) == v) {
                        return p;
                    }
                } else if (!isLong) {
                    int n = strLength(lp, p);
                    if (n == s.length) {
                        int o = strOffset(lp, p);
                        if (Arrays.equals(lp, o, o + n, s, 0, n)) {
                            return p;
                        }
                    }
                }
                skipped = skip;
            } else {
                skipped--;
            }
            p += entrySize(lp, p);
        }
        return -1;
    }

    // ------------------------------------------------------------------ writing

    /** Appends a string (stored as an integer when it is a canonical one). */
    public static byte[] append(byte[] lp, byte[] s) {
        return insert(lp, end(lp), s, 0, s.length);
    }

    public static byte[] append(byte[] lp, byte[] s, int off, int len) {
        return insert(lp, end(lp), s, off, len);
    }

    /** Appends an integer. */
    public static byte[] append(byte[] lp, long v) {
        return insert(lp, end(lp), v);
    }

    /** Inserts a string as the first entry. */
    public static byte[] prepend(byte[] lp, byte[] s) {
        return insert(lp, HEADER, s, 0, s.length);
    }

    /** Inserts {@code s} before the entry at {@code p} ({@link #end} appends). */
    public static byte[] insert(byte[] lp, int p, byte[] s) {
        return insert(lp, p, s, 0, s.length);
    }

    /**
     * Inserts the string {@code s[off, off+len)} before the entry at {@code p}, or at the end
     * when {@code p} is {@link #end}. Canonical integers are stored as integers.
     *
     * @return the listpack (a larger array if it had to grow); the new entry starts at {@code p}
     */
    public static byte[] insert(byte[] lp, int p, byte[] s, int off, int len) {
        if (isCanonicalLong(s, off, len)) {
            return insert(lp, p, parseCanonical(s, off, len));
        }
        int hdr = stringHeaderSize(len);
        int enc = hdr + len;
        int size = enc + backlenSize(enc);
        lp = openGap(lp, p, size);
        writeStringHeader(lp, p, len);
        System.arraycopy(s, off, lp, p + hdr, len);
        writeBacklen(lp, p + enc, enc);
        addCount(lp, 1);
        return lp;
    }

    /** Inserts the integer {@code v} before the entry at {@code p} ({@link #end} appends). */
    public static byte[] insert(byte[] lp, int p, long v) {
        int enc = intSize(v);
        int size = enc + backlenSize(enc);
        lp = openGap(lp, p, size);
        writeInt(lp, p, v, enc);
        writeBacklen(lp, p + enc, enc);
        addCount(lp, 1);
        return lp;
    }

    /** Replaces the entry at {@code p} with the string {@code s}; the entry stays at {@code p}. */
    public static byte[] replace(byte[] lp, int p, byte[] s) {
        return replace(lp, p, s, 0, s.length);
    }

    public static byte[] replace(byte[] lp, int p, byte[] s, int off, int len) {
        if (isCanonicalLong(s, off, len)) {
            return replace(lp, p, parseCanonical(s, off, len));
        }
        int hdr = stringHeaderSize(len);
        int enc = hdr + len;
        lp = resizeEntry(lp, p, enc + backlenSize(enc));
        writeStringHeader(lp, p, len);
        System.arraycopy(s, off, lp, p + hdr, len);
        writeBacklen(lp, p + enc, enc);
        return lp;
    }

    /** Replaces the entry at {@code p} with the integer {@code v}. */
    public static byte[] replace(byte[] lp, int p, long v) {
        int enc = intSize(v);
        lp = resizeEntry(lp, p, enc + backlenSize(enc));
        writeInt(lp, p, v, enc);
        writeBacklen(lp, p + enc, enc);
        return lp;
    }

    /**
     * Deletes up to {@code n} entries starting with the one at {@code p} (fewer if the end comes
     * first). The array is kept (see {@link #trim}); what followed is now at {@code p}.
     *
     * @return the listpack (the same array)
     */
    public static byte[] delete(byte[] lp, int p, int n) {
        int q = p;
        int deleted = 0;
        while (deleted < n && (lp[q] & 0xFF) != END) {
            q += entrySize(lp, q);
            deleted++;
        }
        int used = bytes(lp);
        System.arraycopy(lp, q, lp, p, used - q);
        setTotal(lp, used - (q - p));
        addCount(lp, -deleted);
        return lp;
    }

    /**
     * Deletes {@code n} entries from {@code index} on (negative index counts from the end), as
     * lpDeleteRange; out-of-range indexes delete nothing.
     */
    public static byte[] deleteRange(byte[] lp, long index, int n) {
        int p = seek(lp, index);
        return p < 0 ? lp : delete(lp, p, n);
    }

    // ------------------------------------------------------------------ internals

    /** Makes the entry at {@code p} occupy {@code newSize} bytes, moving what follows. */
    private static byte[] resizeEntry(byte[] lp, int p, int newSize) {
        int old = entrySize(lp, p);
        int used = bytes(lp);
        int diff = newSize - old;
        if (diff > 0) {
            lp = ensureCapacity(lp, (long) used + diff);
        }
        if (diff != 0) {
            System.arraycopy(lp, p + old, lp, p + newSize, used - (p + old));
            setTotal(lp, used + diff);
        }
        return lp;
    }

    /** Makes room for {@code size} bytes at {@code p}, shifting the rest of the listpack. */
    private static byte[] openGap(byte[] lp, int p, int size) {
        int used = bytes(lp);
        lp = ensureCapacity(lp, (long) used + size);
        System.arraycopy(lp, p, lp, p + size, used - p);
        setTotal(lp, used + size);
        return lp;
    }

    private static byte[] ensureCapacity(byte[] lp, long needed) {
        if (needed <= lp.length) {
            return lp;
        }
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("listpack too large: " + needed + " bytes");
        }
        return Arrays.copyOf(lp, grownCapacity((int) needed));
    }

    /** The capacity to allocate for {@code needed} bytes: see the class comment. */
    static int grownCapacity(int needed) {
        long cap = needed <= EXACT_LIMIT ? needed : needed + (needed >> 2);
        cap = (cap + 7) & ~7L;
        return (int) Math.min(cap, Integer.MAX_VALUE - 16);
    }

    private static void setTotal(byte[] lp, int total) {
        lp[0] = (byte) total;
        lp[1] = (byte) (total >>> 8);
        lp[2] = (byte) (total >>> 16);
        lp[3] = (byte) (total >>> 24);
    }

    private static void addCount(byte[] lp, int delta) {
        int n = (lp[4] & 0xFF) | (lp[5] & 0xFF) << 8;
        if (n == COUNT_UNKNOWN) {
            if (delta >= 0) {
                return;
            }
            n = count(lp); // the walk sees the entries as they are now
        } else {
            n += delta;
        }
        if (n >= COUNT_UNKNOWN) {
            n = COUNT_UNKNOWN;
        }
        lp[4] = (byte) n;
        lp[5] = (byte) (n >>> 8);
    }

    private static int u32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static int stringHeaderSize(int len) {
        return len < 64 ? 1 : len < 4096 ? 2 : 5;
    }

    private static void writeStringHeader(byte[] lp, int p, int len) {
        if (len < 64) {
            lp[p] = (byte) (ENC_6BIT_STR | len);
        } else if (len < 4096) {
            lp[p] = (byte) (ENC_12BIT_STR | len >>> 8);
            lp[p + 1] = (byte) len;
        } else {
            lp[p] = (byte) ENC_32BIT_STR;
            lp[p + 1] = (byte) len;
            lp[p + 2] = (byte) (len >>> 8);
            lp[p + 3] = (byte) (len >>> 16);
            lp[p + 4] = (byte) (len >>> 24);
        }
    }

    /** Size of encoding + data of the integer {@code v} (lpEncodeIntegerGetType). */
    private static int intSize(long v) {
        if (v >= 0 && v <= 127) {
            return 1;
        }
        if (v >= -4096 && v <= 4095) {
            return 2;
        }
        if (v >= -32768 && v <= 32767) {
            return 3;
        }
        if (v >= -8388608 && v <= 8388607) {
            return 4;
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 5;
        }
        return 9;
    }

    private static void writeInt(byte[] lp, int p, long v, int size) {
        switch (size) {
            case 1 -> lp[p] = (byte) v;
            case 2 -> {
                int u = (int) v & 0x1FFF;
                lp[p] = (byte) (ENC_13BIT_INT | u >>> 8);
                lp[p + 1] = (byte) u;
            }
            default -> {
                lp[p] = (byte) (size == 3 ? ENC_16BIT_INT : size == 4 ? ENC_24BIT_INT
                        : size == 5 ? ENC_32BIT_INT : ENC_64BIT_INT);
                for (int i = 1; i < size; i++) {
                    lp[p + i] = (byte) (v >>> (8 * (i - 1)));
                }
            }
        }
    }

    /** Bytes the back-length of an entry of {@code len} bytes takes (lpEncodeBacklen). */
    static int backlenSize(int len) {
        if (len <= 127) {
            return 1;
        }
        if (len < 16383) {
            return 2;
        }
        if (len < 2097151) {
            return 3;
        }
        if (len < 268435455) {
            return 4;
        }
        return 5;
    }

    /** Writes the back-length of {@code len}: high groups first, continuation bits after. */
    private static void writeBacklen(byte[] lp, int at, int len) {
        int n = backlenSize(len);
        for (int i = n - 1; i >= 0; i--) {
            int group = (len >>> (7 * (n - 1 - i))) & 127;
            lp[at + i] = (byte) (i == 0 ? group : group | 128);
        }
    }

    /** The decimal length of {@code v}, sign included (sdigits10). */
    public static int digits(long v) {
        if (v < 0) {
            return v == Long.MIN_VALUE ? 20 : 1 + digits(-v);
        }
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /**
     * True when {@code s[off, off+len)} is a canonical signed 64-bit decimal integer (Redis's
     * string2ll / lpStringToInt64): optional '-', no leading zeros (except "0"), no '+', no
     * spaces, no "-0", in range.
     */
    public static boolean isCanonicalLong(byte[] s, int off, int len) {
        if (len == 0 || len > 20) {
            return false;
        }
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (s[i] == '-') {
            neg = true;
            i++;
            if (i == end) {
                return false;
            }
        }
        if (s[i] == '0') {
            return len == 1; // "0" only; "-0" and "01" are strings
        }
        if (s[i] < '1' || s[i] > '9') {
            return false;
        }
        long v = 0; // accumulated negatively to reach Long.MIN_VALUE
        for (; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (v < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            v = v * 10 - d;
        }
        return neg || v != Long.MIN_VALUE;
    }

    /** The value of a string {@link #isCanonicalLong} said yes to. */
    private static long parseCanonical(byte[] s, int off, int len) {
        int i = off;
        int end = off + len;
        boolean neg = s[i] == '-';
        if (neg) {
            i++;
        }
        long v = 0;
        for (; i < end; i++) {
            v = v * 10 - (s[i] - '0');
        }
        return neg ? v : -v;
    }
}
