package io.quicksilver.core.engine.type;

import io.quicksilver.core.engine.EncodingConfig;
import io.quicksilver.core.engine.Slabs;
import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.engine.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A hash value, in one of Redis 7.0's two encodings:
 * <ul>
 * <li><b>listpack</b>: one {@link Listpack} array holding field, value, field, value... in
 *     insertion order (lookups are linear, as in Redis; the size is bounded by
 *     hash-max-listpack-entries and hash-max-listpack-value);</li>
 * <li><b>hashtable</b>: a {@link BytesMap}, O(1) lookups, its values of 512 B to 32 KiB in
 *     chunks of the engine's {@link Slabs} (when given them) rather than on the heap.</li>
 * </ul>
 * A listpack hash converts when a field or value longer than hash-max-listpack-value is set, or
 * when it gets more than hash-max-listpack-entries fields (or would pass the listpack's 1 GiB
 * safety limit); it never converts back.
 *
 * <p>The object holds the array or the map, and the slabs, so a small hash costs this object
 * (16 bytes with compact object headers, 24 without) and its listpack.
 *
 * <p>Values hand out their contents through {@link Listpack.EntrySink}s (slices of the stored
 * arrays, or integers for listpack entries stored as integers), so replies need no copies.
 *
 * <p>Accessed only under the owning key's segment lock.
 */
public final class HashValue implements TypedValue {
    /** {@code byte[]} listpack or {@link BytesMap}. */
    private Object data;
    /** Where the hashtable encoding keeps its long values, or null: on the heap. */
    private final Slabs slabs;

    /** An empty hash in the listpack encoding, keeping no value outside the heap. */
    public HashValue() {
        this(null);
    }

    /** An empty hash in the listpack encoding; once a hashtable, its long values go to {@code slabs} (may be null). */
    public HashValue(Slabs slabs) {
        this(slabs, Listpack.create());
    }

    private HashValue(Slabs slabs, Object data) {
        this.slabs = slabs;
        this.data = data;
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public String encoding() {
        return data instanceof byte[] ? "listpack" : "hashtable";
    }

    @Override
    public long memoryUsage() {
        Object d = data;
        return 16 + (d instanceof byte[] lp ? OpenBytesTable.arrayBytes(lp.length) : ((BytesMap) d).memoryUsage());
    }

    @Override
    public int touch(byte[] field) {
        return data instanceof BytesMap m ? m.touch(field) : 0;
    }

    @Override
    public HashValue copy() {
        Object d = data;
        return new HashValue(slabs, d instanceof byte[] lp ? Listpack.copy(lp) : ((BytesMap) d).copy());
    }

    /** Frees the chunks of the hashtable's long values. */
    @Override
    public void release() {
        if (data instanceof BytesMap m) {
            m.release();
        }
    }

    public boolean isListpack() {
        return data instanceof byte[];
    }

    /** Number of fields. */
    public int size() {
        Object d = data;
        return d instanceof byte[] lp ? Listpack.count(lp) / 2 : ((BytesMap) d).size();
    }

    // ------------------------------------------------------------------ reading

    /** The listpack offset of {@code field}'s value, or -1 (listpack encoding only). */
    private static int valuePos(byte[] lp, byte[] field) {
        int fp = Listpack.find(lp, Listpack.first(lp), field, 1);
        return fp < 0 ? -1 : Listpack.next(lp, fp);
    }

    public boolean exists(byte[] field) {
        Object d = data;
        if (d instanceof byte[] lp) {
            return Listpack.find(lp, Listpack.first(lp), field, 1) >= 0;
        }
        return ((BytesMap) d).find(field) >= 0;
    }

    /**
     * Hands the value of {@code field} to {@code sink} without a copy.
     *
     * @return false (and nothing handed) when the field is absent
     */
    public boolean get(byte[] field, Listpack.EntrySink sink) {
        Object d = data;
        if (d instanceof byte[] lp) {
            int vp = valuePos(lp, field);
            if (vp < 0) {
                return false;
            }
            Listpack.read(lp, vp, sink);
            return true;
        }
        BytesMap m = (BytesMap) d;
        int slot = m.find(field);
        if (slot < 0) {
            return false;
        }
        m.value(m.record(slot), sink);
        return true;
    }

    /** The value of {@code field} as a new array, or null. */
    public byte[] get(byte[] field) {
        Object d = data;
        if (d instanceof byte[] lp) {
            int vp = valuePos(lp, field);
            return vp < 0 ? null : Listpack.get(lp, vp);
        }
        return ((BytesMap) d).get(field);
    }

    /** The length of {@code field}'s value (HSTRLEN), or -1 when absent. */
    public int valueLength(byte[] field) {
        Object d = data;
        if (d instanceof byte[] lp) {
            int vp = valuePos(lp, field);
            return vp < 0 ? -1 : Listpack.length(lp, vp);
        }
        BytesMap m = (BytesMap) d;
        int slot = m.find(field);
        return slot < 0 ? -1 : BytesMap.valueLen(m.record(slot));
    }

    /**
     * Visits every field and value in the encoding's order. Either sink may be null to skip
     * that half (HKEYS, HVALS); with both, each field is followed by its value.
     */
    public void forEach(Listpack.EntrySink fields, Listpack.EntrySink values) {
        Object d = data;
        if (d instanceof byte[] lp) {
            for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, Listpack.next(lp, p))) {
                if (fields != null) {
                    Listpack.read(lp, p, fields);
                }
                if (values != null) {
                    Listpack.read(lp, Listpack.next(lp, p), values);
                }
            }
            return;
        }
        BytesMap m = (BytesMap) d;
        for (int s = m.nextSlot(0); s >= 0; s = m.nextSlot(s + 1)) {
            emit(m, m.record(s), fields, values);
        }
    }

    private static void emit(BytesMap m, byte[] rec, Listpack.EntrySink fields, Listpack.EntrySink values) {
        if (fields != null) {
            fields.bytes(rec, BytesMap.keyStart(rec), BytesMap.keyLen(rec));
        }
        if (values != null) {
            m.value(rec, values);
        }
    }

    private static void emit(byte[] lp, int fieldPos, Listpack.EntrySink fields, Listpack.EntrySink values) {
        if (fields != null) {
            Listpack.read(lp, fieldPos, fields);
        }
        if (values != null) {
            Listpack.read(lp, Listpack.next(lp, fieldPos), values);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Sets {@code field} to {@code value} (Redis's hashTypeSet), converting to the hashtable
     * encoding first when either is longer than {@code maxValue} bytes or the listpack would
     * pass its safety limit, and after adding when there are more than {@code maxEntries}
     * fields.
     *
     * @param field      the field (copied)
     * @param value      the value (copied)
     * @param maxEntries hash-max-listpack-entries
     * @param maxValue   hash-max-listpack-value
     * @return true when the field is new, false when its value was replaced
     */
    public boolean set(byte[] field, byte[] value, long maxEntries, long maxValue) {
        if (data instanceof byte[] lp
                && (field.length > maxValue || value.length > maxValue
                        || !Listpack.safeToAdd(lp, (long) field.length + value.length))) {
            convert();
        }
        Object d = data;
        if (d instanceof byte[] lp) {
            int vp = valuePos(lp, field);
            boolean added = vp < 0;
            if (added) {
                lp = Listpack.append(lp, field);
                lp = Listpack.append(lp, value);
            } else {
                lp = Listpack.replace(lp, vp, value);
            }
            data = lp;
            // as Redis's hashTypeSet, after an update too: a hash left over the limit by a
            // lowered hash-max-listpack-entries converts on its next write
            if (Listpack.count(lp) / 2 > maxEntries) {
                convert();
            }
            return added;
        }
        return ((BytesMap) d).put(field, value);
    }

    /** {@link #set} with the thresholds of {@code config}. */
    public boolean set(byte[] field, byte[] value, EncodingConfig config) {
        return set(field, value, config.hashMaxListpackEntries, config.hashMaxListpackValue);
    }

    /** Removes {@code field}; true when it was there. */
    public boolean delete(byte[] field) {
        Object d = data;
        if (d instanceof byte[] lp) {
            int fp = Listpack.find(lp, Listpack.first(lp), field, 1);
            if (fp < 0) {
                return false;
            }
            lp = Listpack.delete(lp, fp, 2);
            if (lp.length > 64 && lp.length > 2 * Listpack.bytes(lp)) {
                lp = Listpack.trim(lp); // give back what many deletes freed
            }
            data = lp;
            return true;
        }
        return ((BytesMap) d).remove(field);
    }

    /** Converts to the hashtable encoding (no-op when already there). */
    public void convert() {
        if (!(data instanceof byte[] lp)) {
            return;
        }
        BytesMap m = new BytesMap(Listpack.count(lp) / 2, slabs);
        for (int p = Listpack.first(lp); p >= 0; ) {
            int vp = Listpack.next(lp, p);
            byte[] f = Listpack.isInt(lp, p) ? Listpack.get(lp, p) : null;
            byte[] v = Listpack.isInt(lp, vp) ? Listpack.get(lp, vp) : null;
            int fo = f != null ? 0 : Listpack.strOffset(lp, p);
            int fl = f != null ? f.length : Listpack.strLength(lp, p);
            int vo = v != null ? 0 : Listpack.strOffset(lp, vp);
            int vl = v != null ? v.length : Listpack.strLength(lp, vp);
            m.put(f != null ? f : lp, fo, fl, v != null ? v : lp, vo, vl);
            p = Listpack.next(lp, vp);
        }
        data = m;
    }

    // ------------------------------------------------------------------ random and scan

    /**
     * Emits {@code count} random pairs, each drawn independently (repeats possible), in random
     * order: HRANDFIELD with a negative count.
     *
     * @param count  how many pairs; the hash must not be empty
     * @param rnd    the random source
     * @param fields receives each field, or null
     * @param values receives each value after its field, or null
     */
    public void randomPairs(long count, Random rnd, Listpack.EntrySink fields, Listpack.EntrySink values) {
        Object d = data;
        if (d instanceof byte[] lp) {
            int[] pos = fieldPositions(lp);
            for (long i = 0; i < count; i++) {
                emit(lp, pos[rnd.nextInt(pos.length)], fields, values);
            }
            return;
        }
        BytesMap m = (BytesMap) d;
        for (long i = 0; i < count; i++) {
            emit(m, m.record(m.randomSlot(rnd)), fields, values);
        }
    }

    /**
     * Emits {@code count} distinct random pairs, {@code 0 < count < size()}: HRANDFIELD with a
     * positive count smaller than the hash. A listpack is sampled in its order (Redis's
     * lpRandomPairsUnique); a table picks from a shuffle of its slots when the count is more
     * than a third of the hash, else draws random slots until enough are distinct (Redis's
     * cases 3 and 4).
     */
    public void uniqueRandomPairs(int count, Random rnd, Listpack.EntrySink fields, Listpack.EntrySink values) {
        Object d = data;
        if (d instanceof byte[] lp) {
            int total = Listpack.count(lp) / 2;
            int remaining = count;
            int index = 0;
            for (int p = Listpack.first(lp); p >= 0 && remaining > 0; p = Listpack.next(lp, Listpack.next(lp, p))) {
                if (rnd.nextInt(total - index) < remaining) {
                    emit(lp, p, fields, values);
                    remaining--;
                }
                index++;
            }
            return;
        }
        BytesMap m = (BytesMap) d;
        if ((long) count * 3 > m.size()) {
            int[] slots = m.slots();
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(slots.length - i);
                int t = slots[i];
                slots[i] = slots[j];
                slots[j] = t;
                emit(m, m.record(slots[i]), fields, values);
            }
            return;
        }
        Set<Integer> seen = new HashSet<>();
        while (seen.size() < count) {
            int s = m.randomSlot(rnd);
            if (seen.add(s)) {
                emit(m, m.record(s), fields, values);
            }
        }
    }

    private static int[] fieldPositions(byte[] lp) {
        int[] pos = new int[Listpack.count(lp) / 2];
        int i = 0;
        for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, Listpack.next(lp, p))) {
            pos[i++] = p;
        }
        return pos;
    }

    /**
     * One HSCAN step: a listpack hands out everything and answers cursor 0, as Redis does; a
     * table scans from {@code cursor} ({@link OpenBytesTable#scan}).
     *
     * @param cursor the cursor (ignored for a listpack)
     * @param count  the COUNT hint, at least 1
     * @param pair   receives each field and value (new arrays)
     * @return the next cursor, 0 when done
     */
    public long scan(long cursor, long count, BiConsumer<byte[], byte[]> pair) {
        Object d = data;
        if (d instanceof byte[] lp) {
            for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, Listpack.next(lp, p))) {
                pair.accept(Listpack.get(lp, p), Listpack.get(lp, Listpack.next(lp, p)));
            }
            return 0;
        }
        BytesMap m = (BytesMap) d;
        return m.scan(cursor, count, rec -> {
            int ks = BytesMap.keyStart(rec);
            pair.accept(Arrays.copyOfRange(rec, ks, ks + BytesMap.keyLen(rec)), m.valueBytes(rec));
        });
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HashValue[").append(encoding()).append(']').append('{');
        scan(0, Integer.MAX_VALUE, (f, v) -> sb.append(new String(f, StandardCharsets.UTF_8)).append('=')
                .append(new String(v, StandardCharsets.UTF_8)).append(", "));
        return sb.append('}').toString();
    }
}
