package io.quicksilver.core.engine.type;

/**
 * A map from byte strings to byte strings without an object per entry (see {@link
 * OpenBytesTable} for the table): each entry is one immutable {@code byte[]} record
 *
 * <pre>[key length, varint: 7 bits a byte, low groups first, bit 7 = more][key][value]</pre>
 *
 * so an entry costs its bytes, one array header and two table slots. A new value of the same
 * length as the old is written into the record in place (a hash whose fields are rewritten with
 * values of one size, as a session's or a cached object's, then gives the collector no new
 * record to copy per write); any other is a new record. So a record is read only under the
 * owning key's lock, and copied on its way out. A map {@link #copy copied} (COPY) shares its
 * records with the copy, and from then on neither rewrites one in place.
 *
 * <p>The large encoding of hashes ("hashtable"); reusable by any type that maps byte strings to
 * byte strings. Not thread-safe: used under the owning key's segment lock.
 */
public final class BytesMap extends OpenBytesTable {

    /** Whether the records may be shared with another map ({@link #copy}): none is rewritten then. */
    private boolean shared;

    public BytesMap() {
        super(0);
    }

    /** A map sized for {@code expected} entries without growing. */
    public BytesMap(int expected) {
        super(expected);
    }

    private BytesMap(BytesMap other) {
        super(other);
        shared = true;
    }

    /** A copy, sharing the records: neither map rewrites a record in place from then on. */
    public BytesMap copy() {
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
        int vs = varintSize(klen);
        byte[] rec = new byte[vs + klen + vlen];
        int v = klen;
        int i = 0;
        while (v >= 0x80) {
            rec[i++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        rec[i] = (byte) v;
        System.arraycopy(key, koff, rec, vs, klen);
        System.arraycopy(value, voff, rec, vs + klen, vlen);
        return rec;
    }

    @Override
    int keyOffset(byte[] rec) {
        return keyStart(rec);
    }

    @Override
    int keyLength(byte[] rec) {
        return keyLen(rec);
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
                return v;
            }
        }
    }

    /** Where the value starts in a record. */
    public static int valueStart(byte[] rec) {
        return keyStart(rec) + keyLen(rec);
    }

    /** The value's length in a record. */
    public static int valueLen(byte[] rec) {
        return rec.length - valueStart(rec);
    }

    // ------------------------------------------------------------------ map operations

    public boolean containsKey(byte[] key) {
        return find(key) >= 0;
    }

    /** The value of {@code key} as a new array, or null. */
    public byte[] get(byte[] key) {
        int slot = find(key);
        if (slot < 0) {
            return null;
        }
        byte[] rec = records[slot];
        int vs = valueStart(rec);
        return java.util.Arrays.copyOfRange(rec, vs, rec.length);
    }

    /** Sets {@code key} to {@code value}; true when the key is new. */
    public boolean put(byte[] key, byte[] value) {
        return put(key, 0, key.length, value, 0, value.length);
    }

    /** Sets a key to a value, both given as slices (copied); true when the key is new. */
    public boolean put(byte[] key, int koff, int klen, byte[] value, int voff, int vlen) {
        int h = hash(key, koff, klen);
        int slot = find(key, koff, klen, h);
        if (slot >= 0) {
            replaceValue(slot, value, voff, vlen);
            return false;
        }
        insertNew(record(key, koff, klen, value, voff, vlen), h);
        return true;
    }

    /** Replaces the value of the record in an occupied slot: in place when it has the same length. */
    private void replaceValue(int slot, byte[] value, int voff, int vlen) {
        byte[] old = records[slot];
        int vs = valueStart(old);
        if (!shared && old.length - vs == vlen) {
            System.arraycopy(value, voff, old, vs, vlen);
        } else {
            replaceAt(slot, record(old, keyStart(old), keyLen(old), value, voff, vlen));
        }
    }

    /** Sets {@code key} only if absent; true when it was added. */
    public boolean putIfAbsent(byte[] key, byte[] value) {
        int h = hash(key, 0, key.length);
        if (find(key, 0, key.length, h) >= 0) {
            return false;
        }
        insertNew(record(key, 0, key.length, value, 0, value.length), h);
        return true;
    }

    /** Replaces the value in an occupied slot. */
    public void setValueAt(int slot, byte[] value) {
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
}
