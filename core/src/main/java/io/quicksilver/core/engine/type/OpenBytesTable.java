package io.quicksilver.core.engine.type;

import io.quicksilver.core.util.Hashing;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

/**
 * An open-addressing hash table of byte-string records, the core of {@link BytesMap} and {@link
 * BytesSet}: no entry object per element, only one {@code byte[]} record per element (the key,
 * or the key and its value) in a {@code byte[][]} slot array, with each slot's hash cached in an
 * {@code int[]} beside it.
 *
 * <p>Layout: linear probing in a power-of-two table, kept at most 3/4 full (grows by doubling)
 * and at least 1/8 full above the minimum size (shrinks to about half full). Deletion shifts
 * the following records of the cluster back (no tombstones), so every record sits in the run of
 * occupied slots that starts at its <em>home</em> slot ({@code hash & mask}).
 *
 * <p>SCAN: the cursor walks home slots in Redis's reverse-binary order, and visiting a home slot
 * emits every record whose home it is (they are all in the run that starts there). A record's
 * home only depends on its hash and the table size, exactly like a bucket of Redis's chained
 * dict, so Redis's guarantee carries over: a record present for the whole scan is returned at
 * least once, whatever the resizes in between.
 *
 * <p>Hashes are seeded per process, so a client cannot choose members that collide.
 *
 * <p>Not thread-safe: used under the owning key's segment lock.
 */
abstract class OpenBytesTable {
    static final int MIN_CAPACITY = 8;
    private static final long SEED = new SecureRandom().nextLong();

    /** Records by slot, null for a free slot. */
    byte[][] records;
    /** The cached hash of each occupied slot's key. */
    int[] hashes;
    int size;
    /** Sum of the {@link #footprint}s of the records (for {@link #memoryUsage}). */
    long recordBytes;

    OpenBytesTable(int expected) {
        int cap = MIN_CAPACITY;
        while (cap * 3L / 4 < expected) {
            cap <<= 1;
        }
        records = new byte[cap][];
        hashes = new int[cap];
    }

    /** Deep copy of the table structure (records are immutable and shared). */
    OpenBytesTable(OpenBytesTable other) {
        records = other.records.clone();
        hashes = other.hashes.clone();
        size = other.size;
        recordBytes = other.recordBytes;
    }

    /** Offset of the key within a record. */
    abstract int keyOffset(byte[] rec);

    /** Length of the key within a record. */
    abstract int keyLength(byte[] rec);

    /** The bytes a record costs (for {@link #memoryUsage}): its array, and what it owns elsewhere. */
    long footprint(byte[] rec) {
        return arrayBytes(rec.length);
    }

    /** A record has left the table ({@link #removeAt}): frees what it owns elsewhere. */
    void dropped(byte[] rec) {
    }

    /**
     * The unlocked read behind {@link io.quicksilver.core.engine.TypedValue#touch}: the slot where
     * {@code key} would start, its hash and its record's first bytes. Safe against a concurrent
     * rehash (the two arrays may then come from different tables: each index is checked against
     * the array it reads).
     */
    final int touch(byte[] key) {
        byte[][] recs = records;
        int[] hs = hashes;
        if (recs == null || hs == null || recs.length == 0) {
            return 0;
        }
        int i = hash(key, 0, key.length) & (recs.length - 1);
        byte[] r = recs[i];
        return (i < hs.length ? hs[i] : 0) + (r == null ? 0 : r.length);
    }

    static int hash(byte[] b, int off, int len) {
        long h = Hashing.hash(SEED, b, off, len);
        return (int) (h ^ (h >>> 32));
    }

    static long arrayBytes(int length) {
        return (16 + length + 7) & ~7L;
    }

    public final int size() {
        return size;
    }

    /** Number of slots (a power of two). */
    public final int capacity() {
        return records.length;
    }

    /** An estimate of the bytes of the table and its records (with what they own outside the heap). */
    public final long memoryUsage() {
        return 32 + arrayBytes(4 * records.length) * 2 + recordBytes;
    }

    /** The record in {@code slot} (a slot {@link #find} or {@link #nextSlot} returned). */
    public final byte[] record(int slot) {
        return records[slot];
    }

    /** The slot whose key is {@code key[off, off+len)}, or -1. */
    public final int find(byte[] key, int off, int len) {
        return find(key, off, len, hash(key, off, len));
    }

    public final int find(byte[] key) {
        return find(key, 0, key.length);
    }

    final int find(byte[] key, int off, int len, int h) {
        byte[][] recs = records;
        int mask = recs.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] r = recs[i];
            if (r == null) {
                return -1;
            }
            if (hashes[i] == h && keyLength(r) == len) {
                int ko = keyOffset(r);
                if (Arrays.equals(r, ko, ko + len, key, off, off + len)) {
                    return i;
                }
            }
        }
    }

    /**
     * Adds a record whose key the caller has checked is absent, with its key's hash {@code h};
     * returns its slot.
     */
    final int insertNew(byte[] rec, int h) {
        if ((size + 1) * 4L > records.length * 3L) {
            rehash(records.length << 1);
        }
        int mask = records.length - 1;
        int i = h & mask;
        while (records[i] != null) {
            i = (i + 1) & mask;
        }
        records[i] = rec;
        hashes[i] = h;
        size++;
        recordBytes += footprint(rec);
        return i;
    }

    /** Replaces the record in an occupied slot with one of the same key. */
    final void replaceAt(int slot, byte[] rec) {
        recordBytes += footprint(rec) - footprint(records[slot]);
        records[slot] = rec;
    }

    /** Removes the record in {@code slot}, shifting its cluster back; may shrink the table. */
    public final void removeAt(int slot) {
        byte[][] recs = records;
        int mask = recs.length - 1;
        byte[] gone = recs[slot];
        recordBytes -= footprint(gone);
        dropped(gone);
        int hole = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & mask;
            if (recs[j] == null) {
                break;
            }
            int home = hashes[j] & mask;
            // the record at j may move into the hole unless its home lies in (hole, j]
            boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!stays) {
                recs[hole] = recs[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        recs[hole] = null;
        hashes[hole] = 0;
        size--;
        if (recs.length > MIN_CAPACITY && size < recs.length / 8) {
            int cap = MIN_CAPACITY;
            while (cap < size * 2) {
                cap <<= 1;
            }
            rehash(cap);
        }
    }

    private void rehash(int cap) {
        byte[][] oldRecs = records;
        int[] oldHashes = hashes;
        byte[][] recs = new byte[cap][];
        int[] hs = new int[cap];
        int mask = cap - 1;
        for (int k = 0; k < oldRecs.length; k++) {
            byte[] r = oldRecs[k];
            if (r != null) {
                int h = oldHashes[k];
                int i = h & mask;
                while (recs[i] != null) {
                    i = (i + 1) & mask;
                }
                recs[i] = r;
                hs[i] = h;
            }
        }
        records = recs;
        hashes = hs;
    }

    /** The first occupied slot at or after {@code from}, or -1: iterate with {@code nextSlot(s + 1)}. */
    public final int nextSlot(int from) {
        byte[][] recs = records;
        for (int i = from; i < recs.length; i++) {
            if (recs[i] != null) {
                return i;
            }
        }
        return -1;
    }

    /** A uniformly random occupied slot; the table must not be empty. */
    public final int randomSlot(Random rnd) {
        if (size == 0) {
            throw new IllegalStateException("empty table");
        }
        byte[][] recs = records;
        while (true) {
            int i = rnd.nextInt(recs.length);
            if (recs[i] != null) {
                return i;
            }
        }
    }

    /** The occupied slots in slot order. */
    public final int[] slots() {
        int[] out = new int[size];
        int n = 0;
        for (int i = 0; i < records.length; i++) {
            if (records[i] != null) {
                out[n++] = i;
            }
        }
        return out;
    }

    /**
     * One step of a SCAN over the table, as Redis's scanGenericCommand drives dictScan: visits
     * home slots from {@code cursor} in reverse-binary order until at least {@code count}
     * records were emitted, {@code count * 10} home slots were visited, or the scan is done.
     *
     * @param cursor where to resume (0 to start)
     * @param count  the COUNT hint, at least 1
     * @param sink   receives each record (the stored array: do not modify it)
     * @return the cursor to resume from, 0 when the scan is complete
     */
    public final long scan(long cursor, long count, Consumer<byte[]> sink) {
        if (size == 0) {
            return 0;
        }
        // as the C code: the product may wrap, and only exactly 0 ends the loop (a huge COUNT
        // therefore scans everything in one call, as redis-server does)
        long maxIterations = count * 10;
        long emitted = 0;
        long v = cursor;
        do {
            emitted += emitHome((int) (v & (records.length - 1)), sink);
            v = nextCursor(v, records.length - 1);
        } while (v != 0 && maxIterations-- != 0 && emitted < count);
        return v;
    }

    /** Redis's cursor increment: add one to the reversed bits above the mask. */
    static long nextCursor(long v, long mask) {
        v |= ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** Emits the records whose home slot is {@code home}; returns how many. */
    private int emitHome(int home, Consumer<byte[]> sink) {
        byte[][] recs = records;
        int mask = recs.length - 1;
        int n = 0;
        for (int i = home; recs[i] != null; i = (i + 1) & mask) {
            if ((hashes[i] & mask) == home) {
                sink.accept(recs[i]);
                n++;
            }
        }
        return n;
    }
}
