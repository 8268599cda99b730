package io.quicksilver.core.engine.type;

import io.quicksilver.core.engine.Slabs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A map from byte strings to byte strings without an object per entry (see {@link
 * OpenBytesTable} for the table): each entry is one {@code byte[]} record, in one of two forms
 *
 * <pre>
 * [header][key][value]                    the value in the record
 * [header][key][chunk: 8 bytes][length: 4] the value in a chunk of {@link Slabs}
 * </pre>
 *
 * where the header is a varint (7 bits a byte, low groups first, bit 7 = more) of the key's
 * length times two, plus one for the second form. An entry thus costs its bytes, one array
 * header and two table slots.
 *
 * <p>A map given {@link Slabs} keeps there each value whose length they {@link Slabs#holds hold}
 * (512 B to 32 KiB), when they have room: a large hash (a session's serialized attributes, a
 * benchmark's 1 KiB values) then gives the collector a 40-byte record to copy out of the young
 * generation and to keep, not the value itself. The map owns its chunks: it frees one when its
 * entry is removed or gets a value of another size class, all of them when {@link #release
 * released}; a {@link #copy} copies them.
 *
 * <p>A new value of the same length as the old (or, in a chunk, of the same size class) is
 * written in place (a hash whose fields are rewritten with values of one size, as a session's or
 * a cached object's, then gives the collector no new record to copy per write); any other is a
 * new record. So a record is read only under the owning key's lock, and copied on its way out. A
 * map {@link #copy copied} (COPY) shares its in-record values with the copy, and from then on
 * neither rewrites one in place.
 *
 * <p>The large encoding of hashes ("hashtable"); reusable by any type that maps byte strings to
 * byte strings. Not thread-safe: used under the owning key's segment lock.
 */
public final class BytesMap extends OpenBytesTable {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The bytes after the key in a record whose value is in a chunk: the handle and the length. */
    private static final int CHUNK_TAIL = 12;

    /** Where values of {@link Slabs#holds} lengths go, or null: in the records. */
    private final Slabs slabs;
    /** Whether the in-record values may be shared with another map ({@link #copy}): none is rewritten then. */
    private boolean shared;
    /** Set by {@link #release}: the chunks are freed, and reading a value is a bug. */
    private boolean released;

    public BytesMap() {
        this(0, null);
    }

    /** A map sized for {@code expected} entries without growing. */
    public BytesMap(int expected) {
        this(expected, null);
    }

    /** A map sized for {@code expected} entries, keeping values of slab lengths in {@code slabs} (may be null). */
    public BytesMap(int expected, Slabs slabs) {
        super(expected);
        this.slabs = slabs;
    }

    private BytesMap(BytesMap other) {
        super(other);
        slabs = other.slabs;
        shared = true;
        recordBytes = 0;
        for (int s = 0; s < records.length; s++) {
            byte[] r = records[s];
            if (r != null) {
                if (inChunk(r)) { // a chunk has one owner: the copy gets its own
                    byte[] v = valueBytes(r);
                    records[s] = r = newRecord(r, keyStart(r), keyLen(r), v, 0, v.length);
                }
                recordBytes += footprint(r);
            }
        }
    }

    /**
     * A copy: its values in chunks are copied into chunks of its own, the others shared, and
     * neither map rewrites a shared value in place from then on.
     */
    public BytesMap copy() {
        alive();
        shared = true;
        return new BytesMap(this);
    }

    // ------------------------------------------------------------------ records

    private static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** A record holding {@code key[koff, koff+klen)} and {@code value[voff, voff+vlen)}. */
    public static byte[] record(byte[] key, int koff, int klen, byte[] value, int voff, int vlen) {
        byte[] rec = header(key, koff, klen, vlen, false);
        System.arraycopy(value, voff, rec, rec.length - vlen, vlen);
        return rec;
    }

    /**
     * A record with room for {@code tail} bytes after the key: the value, or a chunk's handle and
     * the value's length when {@code chunked}. The header's varint counts in unsigned 32 bits
     * (a key is under 2^31 bytes).
     */
    private static byte[] header(byte[] key, int koff, int klen, int tail, boolean chunked) {
        int h = klen << 1 | (chunked ? 1 : 0);
        int vs = varintSize(h);
        byte[] rec = new byte[vs + klen + tail];
        int i = 0;
        while ((h & ~0x7F) != 0) {
            rec[i++] = (byte) (h | 0x80);
            h >>>= 7;
        }
        rec[i] = (byte) h;
        System.arraycopy(key, koff, rec, vs, klen);
        return rec;
    }

    /**
     * A record for this map: the value in a chunk when its length is one the slabs hold and they
     * have room, else in the record.
     */
    private byte[] newRecord(byte[] key, int koff, int klen, byte[] value, int voff, int vlen) {
        if (slabs != null && Slabs.holds(vlen)) {
            long c = slabs.allocate(vlen);
            if (c != Slabs.NONE) {
                slabs.write(c, 0, value, voff, vlen);
                byte[] rec = header(key, koff, klen, CHUNK_TAIL, true);
                LONG.set(rec, rec.length - CHUNK_TAIL, c);
                INT.set(rec, rec.length - 4, vlen);
                return rec;
            }
        }
        return record(key, koff, klen, value, voff, vlen);
    }

    @Override
    int keyOffset(byte[] rec) {
        return keyStart(rec);
    }

    @Override
    int keyLength(byte[] rec) {
        return keyLen(rec);
    }

    @Override
    long footprint(byte[] rec) {
        return arrayBytes(rec.length) + (inChunk(rec) ? Slabs.capacity(chunk(rec)) : 0);
    }

    @Override
    void dropped(byte[] rec) {
        if (inChunk(rec)) {
            slabs.free(chunk(rec));
        }
    }

    /** Where the key starts in a record. */
    public static int keyStart(byte[] rec) {
        int i = 0;
        while ((rec[i] & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    /** The key's length in a record. */
    public static int keyLen(byte[] rec) {
        int v = 0;
        int shift = 0;
        for (int i = 0; ; i++, shift += 7) {
            int b = rec[i];
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v >>> 1;
            }
        }
    }

    /** Whether a record's value is in a chunk (the header's low bit, in its first byte). */
    static boolean inChunk(byte[] rec) {
        return (rec[0] & 1) != 0;
    }

    private static long chunk(byte[] rec) {
        return (long) LONG.get(rec, rec.length - CHUNK_TAIL);
    }

    /** The value's length in a record. */
    public static int valueLen(byte[] rec) {
        return inChunk(rec) ? (int) INT.get(rec, rec.length - 4) : rec.length - keyStart(rec) - keyLen(rec);
    }

    /** Hands a record's value to {@code sink}: a slice of the record, or a view of its chunk. */
    public void value(byte[] rec, Listpack.EntrySink sink) {
        if (inChunk(rec)) {
            alive();
            sink.view(slabs.view(chunk(rec), 0, valueLen(rec)));
        } else {
            int vs = keyStart(rec) + keyLen(rec);
            sink.bytes(rec, vs, rec.length - vs);
        }
    }

    /** A record's value as a new array. */
    public byte[] valueBytes(byte[] rec) {
        if (inChunk(rec)) {
            alive();
            int vl = valueLen(rec);
            byte[] v = new byte[vl];
            slabs.read(chunk(rec), 0, v, 0, vl);
            return v;
        }
        return Arrays.copyOfRange(rec, keyStart(rec) + keyLen(rec), rec.length);
    }

    private void alive() {
        if (released) {
            throw new IllegalStateException("hash value used after its key dropped it");
        }
    }

    // ------------------------------------------------------------------ map operations

    public boolean containsKey(byte[] key) {
        return find(key) >= 0;
    }

    /** The value of {@code key} as a new array, or null. */
    public byte[] get(byte[] key) {
        int slot = find(key);
        return slot < 0 ? null : valueBytes(records[slot]);
    }

    /** Sets {@code key} to {@code value}; true when the key is new. */
    public boolean put(byte[] key, byte[] value) {
        return put(key, 0, key.length, value, 0, value.length);
    }

    /** Sets a key to a value, both given as slices (copied); true when the key is new. */
    public boolean put(byte[] key, int koff, int klen, byte[] value, int voff, int vlen) {
        alive();
        int h = hash(key, koff, klen);
        int slot = find(key, koff, klen, h);
        if (slot >= 0) {
            replaceValue(slot, value, voff, vlen);
            return false;
        }
        insertNew(newRecord(key, koff, klen, value, voff, vlen), h);
        return true;
    }

    /**
     * Replaces the value of the record in an occupied slot: in place when it has the same length,
     * or in a chunk when its length is of the chunk's size class.
     */
    private void replaceValue(int slot, byte[] value, int voff, int vlen) {
        byte[] old = records[slot];
        if (inChunk(old)) {
            long c = chunk(old);
            if (Slabs.fits(c, vlen)) { // a chunk's record is never shared
                slabs.write(c, 0, value, voff, vlen);
                INT.set(old, old.length - 4, vlen);
                return;
            }
        } else {
            int vs = keyStart(old) + keyLen(old);
            if (!shared && old.length - vs == vlen && (slabs == null || !Slabs.holds(vlen))) {
                System.arraycopy(value, voff, old, vs, vlen);
                return;
            }
        }
        byte[] rec = newRecord(old, keyStart(old), keyLen(old), value, voff, vlen);
        dropped(old); // after the new record is made: should that fail, the old one still owns its chunk
        replaceAt(slot, rec);
    }

    /** Sets {@code key} only if absent; true when it was added. */
    public boolean putIfAbsent(byte[] key, byte[] value) {
        alive();
        int h = hash(key, 0, key.length);
        if (find(key, 0, key.length, h) >= 0) {
            return false;
        }
        insertNew(newRecord(key, 0, key.length, value, 0, value.length), h);
        return true;
    }

    /** Replaces the value in an occupied slot. */
    public void setValueAt(int slot, byte[] value) {
        alive();
        replaceValue(slot, value, 0, value.length);
    }

    /** Removes {@code key}; true when it was there. */
    public boolean remove(byte[] key) {
        int slot = find(key);
        if (slot < 0) {
            return false;
        }
        removeAt(slot);
        return true;
    }

    /**
     * Frees the chunks of the values (the key dropped the map: {@link
     * io.quicksilver.core.engine.TypedValue#release}); reading a value afterwards throws.
     */
    public void release() {
        if (released) {
            return;
        }
        released = true;
        if (slabs == null) {
            return;
        }
        for (byte[] r : records) {
            if (r != null && inChunk(r)) {
                slabs.free(chunk(r));
            }
        }
    }
}
