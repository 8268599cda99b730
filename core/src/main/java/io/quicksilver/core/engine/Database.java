package io.quicksilver.core.engine;

import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.engine.type.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One of the numbered databases (SELECT 0..15): {@value Engine#SEGMENTS} segments, each a lock
 * and a hash table. A key's segment is chosen by the high bits of its seeded hash.
 *
 * <p>Threading: every method that takes a key requires the caller to hold that key's segment
 * lock (see {@link Engine#lockKeys}); methods over the whole database require all its segments
 * (see {@link Engine#lockDb}). Assertions check this when the JVM runs with {@code -ea}. The one
 * exception is {@link #readValue}, an optimistic read that takes no lock and validates what it
 * read.
 *
 * <p>Lookups expire lazily: an entry whose time has passed is removed (with its "expired"
 * event) and reported absent, so an expired key is never returned.
 */
public final class Database {
    final int id;
    final Segment[] segments = new Segment[Engine.SEGMENTS];
    private final Engine engine;

    Database(Engine engine, int id) {
        this.engine = engine;
        this.id = id;
        for (int i = 0; i < segments.length; i++) {
            segments[i] = new Segment(id * Engine.SEGMENTS + i, engine.memoryCounter(), engine.slabs());
        }
    }

    public int id() {
        return id;
    }

    public Engine engine() {
        return engine;
    }

    Segment segmentOf(long hash) {
        return segments[(int) (hash >>> (64 - Engine.SEGMENT_BITS))];
    }

    /**
     * The 32-bit hash an entry keeps ({@link Entry#hash}) and its bucket is indexed by: the high
     * half of the key's 64-bit hash. Its top {@value Engine#SEGMENT_BITS} bits are the segment's
     * index, so an entry's segment is known without hashing its key again
     * ({@link #segmentOf(Entry)}); the buckets use its low bits (24 of them are free of the
     * segment's, enough for 16M buckets per segment).
     */
    static int entryHash(long hash) {
        return (int) (hash >>> 32);
    }

    /** The segment of an entry of this database, from the hash it keeps. */
    Segment segmentOf(Entry e) {
        return segments[e.hash >>> (32 - Engine.SEGMENT_BITS)];
    }

    /** The segment (lock) that guards {@code key} in this database. */
    public Segment segmentFor(byte[] key) {
        return segmentOf(engine.hash(key));
    }

    /**
     * The seeded 64-bit hash of {@code key}: its segment ({@link #segment(long)}) and its bucket
     * come from it. A caller that locks the key's segment itself computes it once and passes it
     * to the methods that take a {@code hash}, so the key is hashed once per operation.
     */
    public long hash(byte[] key) {
        return engine.hash(key);
    }

    /** The segment (lock) of a key whose {@link #hash(byte[])} is {@code hash}. */
    public Segment segment(long hash) {
        return segmentOf(hash);
    }

    // ------------------------------------------------------------------ lookups

    /**
     * The live entry of {@code key}, or null. Expires it first if its time has passed. Updates the
     * access time (OBJECT IDLETIME); does not count keyspace hits and misses.
     */
    public Entry lookup(byte[] key) {
        return lookup(key, engine.hash(key));
    }

    /**
     * As {@link #lookup(byte[])}, with the key's hash already computed.
     *
     * @param key the key
     * @param h   {@link #hash(byte[]) hash(key)}
     */
    public Entry lookup(byte[] key, long h) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        Entry e = findLive(s, key, entryHash(h));
        if (e != null) {
            engine.touch(e);
        }
        return e;
    }

    /** As {@link #lookup}, without touching the access time (OBJECT IDLETIME, TTL, TYPE...). */
    public Entry peek(byte[] key) {
        return peek(key, engine.hash(key));
    }

    /** As {@link #peek(byte[])}, with {@code h} = {@link #hash(byte[]) hash(key)}. */
    public Entry peek(byte[] key, long h) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        return findLive(s, key, entryHash(h));
    }

    /**
     * The entry of {@code key} in {@code s}, or null; an entry whose time has passed is expired
     * (removed, with its event) and reported absent. The one "expire if due" of every lookup.
     *
     * @param s   the key's segment, whose lock the caller holds
     * @param key the key
     * @param h   the key's entry hash ({@link #entryHash})
     */
    private Entry findLive(Segment s, byte[] key, int h) {
        Entry e = s.find(key, h);
        if (e != null && e.expireAt != Entry.NO_EXPIRY && e.expireAt <= engine.clock().millis()) {
            expire(s, e);
            return null;
        }
        return e;
    }

    /** What {@link #readValue} answers when the read needs the key's lock. */
    public static final Object LOCKED_READ = new Object();

    /**
     * A plain read of {@code key}'s value without its segment lock (the caller holds none): the
     * value of the live key as the store returns it (a {@code byte[]}, or the object a
     * by-reference holder holds, read in the validated window since the holder is changed in
     * place), null if the key is absent, or {@link #LOCKED_READ} when the read must
     * be done under the lock with {@link #lookup} instead. What it answers is the state of the
     * key at one moment between two commands (validated by the segment's change sequence, see
     * {@link Segment}): never a half-made change, never a key whose time has passed.
     *
     * <p>It answers {@link #LOCKED_READ} when a command is changing the segment (or did during
     * the read), when the key has expired (lazy expiry removes it, under the lock), when the
     * lookup would change the key's access field ({@link Engine#touchKeeps}: the LRU clock moved,
     * or an LFU policy), and for any value but an immutable {@code byte[]} or an
     * {@link ObjectRef} (a growable string or a collection is changed in place under the lock,
     * so its content cannot be read without it). So it has the effects of {@link #lookup}: none
     * beyond what it answers. It counts no hit or miss and fires no event.
     *
     * @param key the key
     * @param h   {@link #hash(byte[]) hash(key)}
     */
    public Object readValue(byte[] key, long h) {
        Segment s = segmentOf(h);
        int stamp = s.stamp();
        if ((stamp & 1) != 0) {
            return LOCKED_READ;
        }
        Entry e = s.findUnlocked(key, entryHash(h));
        if (e == null) {
            return s.validate(stamp) ? null : LOCKED_READ;
        }
        Object v = e.value;
        Object held = v instanceof ObjectRef r ? r.value() : v;
        long at = e.expireAt;
        int accessed = e.accessed;
        if (!s.validate(stamp) || e == Segment.UNSURE) {
            return LOCKED_READ;
        }
        return answerable(v, at, accessed) ? held : LOCKED_READ;
    }

    /**
     * True if a value {@code v} with expiry {@code at} and access field {@code accessed}, read
     * and validated without the lock, may be answered so: an immutable string or a by-reference
     * object, not due, whose access time needs no update.
     */
    private boolean answerable(Object v, long at, int accessed) {
        if (!(v instanceof byte[]) && !(v instanceof ObjectRef)) {
            return false;
        }
        if (at != Entry.NO_EXPIRY && at <= engine.clock().millis()) {
            return false;
        }
        return engine.touchKeeps(accessed);
    }

    /**
     * {@link #readValue} for several keys at once, as one atomic read (MGET): every key's
     * segment stamp is taken before any key is read and validated after all were, so when all
     * validate, no segment changed between the last stamp and the first validation, and the
     * values are the state of all keys at that one moment.
     *
     * @param keys   the keys
     * @param hashes their {@link #hash(byte[]) hashes}
     * @param out    receives each key's value as the store returns it, or null if absent
     * @return false (and {@code out} means nothing) when any key must be read under the lock:
     *         a segment changing, a key due, an access time to update, a value of another type
     */
    public boolean readValues(byte[][] keys, long[] hashes, Object[] out) {
        int n = keys.length;
        int[] stamps = new int[n];
        for (int i = 0; i < n; i++) {
            int stamp = segmentOf(hashes[i]).stamp();
            if ((stamp & 1) != 0) {
                return false;
            }
            stamps[i] = stamp;
        }
        Object[] raw = new Object[n];
        long[] at = new long[n];
        int[] accessed = new int[n];
        for (int i = 0; i < n; i++) {
            Entry e = segmentOf(hashes[i]).findUnlocked(keys[i], entryHash(hashes[i]));
            if (e == Segment.UNSURE) {
                return false;
            }
            if (e != null) {
                Object v = e.value;
                raw[i] = v;
                out[i] = v instanceof ObjectRef r ? r.value() : v;
                at[i] = e.expireAt;
                accessed[i] = e.accessed;
            } else {
                out[i] = null;
            }
        }
        for (int i = 0; i < n; i++) {
            if (!segmentOf(hashes[i]).validate(stamps[i])) {
                return false;
            }
        }
        for (int i = 0; i < n; i++) {
            if (raw[i] != null && !answerable(raw[i], at[i], accessed[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #peek} without the lock, as {@link #readValue} reads: 1 if {@code key} is live, 0 if
     * absent, -1 when it must be looked up under the lock (a change in progress or made meanwhile,
     * or the key is due: lazy expiry removes it). Any type; no access time is read (a peek
     * touches none).
     */
    public int readPresence(byte[] key, long h) {
        Segment s = segmentOf(h);
        int stamp = s.stamp();
        if ((stamp & 1) != 0) {
            return -1;
        }
        Entry e = s.findUnlocked(key, entryHash(h));
        long at = e == null ? Entry.NO_EXPIRY : e.expireAt;
        if (!s.validate(stamp) || e == Segment.UNSURE) {
            return -1;
        }
        if (e == null) {
            return 0;
        }
        return at != Entry.NO_EXPIRY && at <= engine.clock().millis() ? -1 : 1;
    }

    public boolean exists(byte[] key) {
        return peek(key) != null;
    }

    // ------------------------------------------------------------------ writes

    /**
     * Adds {@code key}, which the caller has found absent, with the given value and expiry. Fires
     * the "new" event (class 'n', as Redis's dbAdd) and nothing else: the command names its own
     * event after this.
     */
    public Entry add(byte[] key, Object value, long expireAt) {
        return add(key, engine.hash(key), value, expireAt);
    }

    /** As {@link #add(byte[], Object, long)}, with {@code h} = {@link #hash(byte[]) hash(key)}. */
    public Entry add(byte[] key, long h, Object value, long expireAt) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        Entry e = s.insert(key, entryHash(h), value, expireAt);
        engine.initAccess(e);
        engine.notify(id, key, NotifyFlags.NEW, "new");
        return e;
    }

    /**
     * Sets {@code key} to {@code value}, creating it or overwriting value and type; the TTL is
     * cleared unless {@code keepTtl} (Redis's setKey). Returns the entry. Fires "new" when it
     * creates the key (as {@link #add}), no other event.
     */
    public Entry set(byte[] key, Object value, boolean keepTtl) {
        return set(key, engine.hash(key), value, keepTtl);
    }

    /** As {@link #set(byte[], Object, boolean)}, with {@code h} = {@link #hash(byte[]) hash(key)}. */
    public Entry set(byte[] key, long h, Object value, boolean keepTtl) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        Entry e = findLive(s, key, entryHash(h));
        if (e == null) {
            e = s.insert(key, entryHash(h), value, Entry.NO_EXPIRY);
            engine.initAccess(e);
            engine.notify(id, key, NotifyFlags.NEW, "new");
        } else {
            s.setValue(e, value);
            if (!keepTtl) {
                s.setExpire(e, Entry.NO_EXPIRY);
            }
            engine.overwritten(e);
        }
        return e;
    }

    /**
     * Overwrites the value of a live entry the caller has just looked up under the lock still
     * held: the second half of {@link #set(byte[], long, Object, boolean)} when the caller already
     * knows the key exists, without searching for it again. No event.
     *
     * @param e       the entry
     * @param h       the hash of its key
     * @param value   the new value (any type)
     * @param keepTtl keep the TTL (KEEPTTL, or a TTL the caller sets next); else it is cleared
     */
    public void overwrite(Entry e, long h, Object value, boolean keepTtl) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        s.setValue(e, value);
        if (!keepTtl) {
            s.setExpire(e, Entry.NO_EXPIRY);
        }
        engine.overwritten(e);
    }

    /**
     * As {@link #set(byte[], long, Object, boolean)} for a string written by a command (SET's
     * family, MSET, GETSET): a long value (512 bytes or more) is kept as the key's own buffer,
     * which later writes rewrite in place when the new value fits ({@link Segment#setString}).
     * With {@code adopt}, {@code value} itself may become that buffer: the caller must then
     * neither change <em>nor read</em> it afterwards, nor store one array twice in a command.
     * The RESP path qualifies for a single-value command: it hands over argument arrays that
     * only the command, and after it the slow log and MONITOR, read. Without {@code adopt} (MSET,
     * whose keys may repeat: {@code MSET k v1 k v2} would otherwise rewrite {@code v1}'s array,
     * and MONITOR show it changed) the value is copied, and only when no buffer fits it.
     */
    public Entry setString(byte[] key, long h, byte[] value, boolean keepTtl, boolean adopt) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        Entry e = findLive(s, key, entryHash(h));
        if (e == null) {
            return addString(key, h, value, adopt);
        }
        overwriteString(e, h, value, keepTtl, adopt);
        return e;
    }

    /**
     * Whether entry {@code e}'s value is {@code array} or keeps it as its buffer: after
     * {@link #setString} with {@code adopt}, false says the string was copied (into a slab chunk
     * or a buffer it had), so the caller's array is free again.
     */
    public static boolean keeps(Entry e, byte[] array) {
        Object v = e.value;
        return v == array || (v instanceof MutableString m && m.buffer() == array);
    }

    /** As {@link #add(byte[], long, Object, long)} for a string written by a command: see {@link #setString}. */
    public Entry addString(byte[] key, long h, byte[] value, boolean adopt) {
        return add(key, h, segmentOf(h).newString(value, adopt), Entry.NO_EXPIRY);
    }

    /**
     * As {@link #overwrite} for a string written by a command: see {@link #setString}. No event.
     */
    public void overwriteString(Entry e, long h, byte[] value, boolean keepTtl, boolean adopt) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        s.setString(e, value, adopt);
        if (!keepTtl) {
            s.setExpire(e, Entry.NO_EXPIRY);
        }
        engine.overwritten(e);
    }

    /**
     * As {@link #overwrite} with {@code new ObjectRef(object)}, but a live entry that holds a
     * by-reference object already keeps its holder, which now holds {@code object}
     * ({@link ObjectRef#replace}): a by-reference overwrite then allocates nothing and reads
     * nothing of the old object. No event.
     *
     * @param e       the entry, just looked up under the lock still held
     * @param h       the hash of its key
     * @param object  the new object (not a {@code byte[]}, which is a string)
     * @param keepTtl keep the TTL (KEEPTTL, or a TTL the caller sets next); else it is cleared
     */
    public void overwriteObject(Entry e, long h, Object object, boolean keepTtl) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        if (e.value instanceof ObjectRef holder) {
            s.replaceObject(e, holder, object);
        } else {
            s.setValue(e, new ObjectRef(object));
        }
        if (!keepTtl) {
            s.setExpire(e, Entry.NO_EXPIRY);
        }
        engine.overwritten(e);
    }

    /** Replaces the value of a live entry (same key). */
    public void setValue(Entry e, Object value) {
        Segment s = segmentOf(e);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        s.setValue(e, value);
    }

    /**
     * Tells the segment that a value changed size in place (APPEND, collection edits): the entry
     * kept what it counted for before, so the caller need not measure the value before its change.
     */
    public void resized(Entry e) {
        Segment s = segmentOf(e);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        s.resized(e);
    }

    /** Sets or clears ({@link Entry#NO_EXPIRY}) the absolute expiry of a live entry. */
    public void setExpire(Entry e, long expireAt) {
        Segment s = segmentOf(e);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        s.setExpire(e, expireAt);
    }

    /** As {@link #setExpire(Entry, long)}, with {@code h} the hash of the entry's key. */
    public void setExpire(Entry e, long h, long expireAt) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        s.setExpire(e, expireAt);
    }

    /** Removes {@code key} if present and live; fires no event. */
    public boolean delete(byte[] key) {
        return delete(key, engine.hash(key));
    }

    /** As {@link #delete(byte[])}, with {@code h} = {@link #hash(byte[]) hash(key)}. */
    public boolean delete(byte[] key, long h) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        Entry e = findLive(s, key, entryHash(h));
        return e != null && s.remove(e);
    }

    /**
     * Removes {@code key} if present and live, leaving its value alive: for a value that moves
     * to another key or database (RENAME, MOVE), where {@link #delete} would release a long
     * string's chunk ({@link Slabs#release}). Fires no event.
     */
    public boolean detach(byte[] key) {
        long h = engine.hash(key);
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        Entry e = findLive(s, key, entryHash(h));
        return e != null && s.remove(e, false);
    }

    /**
     * Removes a live entry the caller has just looked up under the same lock (no second search
     * of its key); fires no event.
     *
     * @param e the entry, from {@link #lookup} or {@link #peek} under the lock still held
     * @param h the hash of its key
     */
    public void remove(Entry e, long h) {
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        s.remove(e);
    }

    /**
     * Evicts {@code key} for maxmemory (the caller holds its segment lock): removes it, expired
     * or not, counts it in evicted_keys, touches its watchers and fires "evicted" (class 'e').
     * As Redis's performEvictions, this is no dirty change.
     *
     * @param key          the key to evict
     * @param volatileOnly evict it only if it has a TTL (the volatile-* policies)
     * @return the bytes the dataset estimate went down by, or -1 if the key is absent (or has
     *         no TTL while {@code volatileOnly})
     */
    public long evict(byte[] key, boolean volatileOnly) {
        long h = engine.hash(key);
        Segment s = segmentOf(h);
        assert s.isHeldByCurrentThread() : "segment lock not held";
        Entry e = s.find(key, entryHash(h));
        if (e == null || (volatileOnly && e.expireAt == Entry.NO_EXPIRY)) {
            return -1;
        }
        long before = s.usedBytes();
        s.remove(e, false);
        long freed = before - s.usedBytes();
        engine.stats().evictedKeys.increment();
        engine.watches().touch(id, e.key);
        engine.notify(id, e.key, NotifyFlags.EVICTED, "evicted");
        engine.fireExpired(id, e.key, e.value, true);
        Slabs.release(e.value); // after the listeners that read it
        return freed;
    }

    /**
     * Eviction sampling: visits up to {@code max} entries of segment {@code index}, from a random
     * bucket on (see {@link Segment#sample}). Locks that segment itself: the caller holds no
     * segment lock. An empty segment (by a racy read of its counters) is skipped unlocked.
     *
     * @param index        the segment, 0..{@value Engine#SEGMENTS}-1
     * @param volatileOnly visit only entries with a TTL
     * @param max          how many entries to visit at most
     * @param consumer     receives each entry (expired ones too) under the segment lock; it must
     *                     not keep the entry
     * @return how many entries were visited
     */
    public int sample(int index, boolean volatileOnly, int max, Consumer<Entry> consumer) {
        Segment s = segments[index];
        if ((volatileOnly ? s.volatileCount() : s.size()) == 0) {
            return 0;
        }
        s.lock();
        try {
            return s.sample(ThreadLocalRandom.current(), volatileOnly, max, consumer);
        } finally {
            s.unlock();
        }
    }

    /**
     * Removes an entry whose time has passed: stats, the "expired" event, WATCH, and
     * {@link io.quicksilver.core.engine.event.KeyspaceListener#onExpired} with its value. The one
     * removal of lazy expiry, active expiry and RANDOMKEY alike.
     */
    private void expire(Segment s, Entry e) {
        s.remove(e, false);
        engine.stats().expiredKeys.increment();
        engine.keyChanged(id, e.key, NotifyFlags.EXPIRED, "expired");
        engine.fireExpired(id, e.key, e.value, false);
        Slabs.release(e.value); // after the listeners that read it
    }

    /** Removes the expired entries of one segment; its lock is held. Returns how many. */
    int expireSegment(Segment s, long now) {
        if (s.volatileCount() == 0) {
            return 0;
        }
        List<Entry> expired = new ArrayList<>();
        s.forEach(e -> {
            if (e.expireAt != Entry.NO_EXPIRY && e.expireAt <= now) {
                expired.add(e);
            }
        });
        for (Entry e : expired) {
            expire(s, e);
        }
        return expired.size();
    }

    // ------------------------------------------------------------------ one segment at a time

    /**
     * Visits every live entry of segment {@code index} under that segment's lock, which it takes
     * itself (the caller holds no segment lock). A whole segment is visited in one go, so a
     * walk over {@code 0..SEGMENTS-1} sees every key present throughout exactly once. An empty
     * segment (by a racy read of its size) is skipped unlocked.
     *
     * @param index    the segment, 0..{@value Engine#SEGMENTS}-1
     * @param consumer receives each live entry under the lock; it must not keep the entry nor
     *                 change the database
     */
    public void forEachLive(int index, Consumer<Entry> consumer) {
        Segment s = segments[index];
        if (s.size() == 0) {
            return;
        }
        s.lock();
        try {
            long now = engine.clock().millis();
            s.forEach(e -> {
                if (e.expireAt == Entry.NO_EXPIRY || e.expireAt > now) {
                    consumer.accept(e);
                }
            });
        } finally {
            s.unlock();
        }
    }

    /**
     * Deletes the keys of segment {@code index} that {@code test} accepts, under that segment's
     * lock, which it takes itself (the caller holds no segment lock). Each live key goes as DEL
     * removes it ("del" event, watchers touched, dirty counted); an accepted key whose time has
     * passed is reclaimed as lazy expiry does ("expired") and not counted.
     *
     * @param index the segment, 0..{@value Engine#SEGMENTS}-1
     * @param test  which keys to delete; called under the lock, must not change the database
     * @return how many live keys were deleted
     */
    public int deleteIf(int index, java.util.function.Predicate<byte[]> test) {
        Segment s = segments[index];
        if (s.size() == 0) {
            return 0;
        }
        s.lock();
        try {
            List<Entry> doomed = new ArrayList<>();
            s.forEach(e -> {
                if (test.test(e.key)) {
                    doomed.add(e);
                }
            });
            long now = engine.clock().millis();
            int deleted = 0;
            for (Entry e : doomed) { // collected first: a removal may shrink the table
                if (e.expireAt != Entry.NO_EXPIRY && e.expireAt <= now) {
                    expire(s, e);
                } else {
                    s.remove(e);
                    engine.keyChanged(id, e.key, NotifyFlags.GENERIC, "del");
                    deleted++;
                }
            }
            return deleted;
        } finally {
            s.unlock();
        }
    }

    // ------------------------------------------------------------------ whole database

    /** Number of keys, expired-but-not-yet-reclaimed ones included (as Redis's DBSIZE). */
    public long size() {
        long n = 0;
        for (Segment s : segments) {
            n += s.size();
        }
        return n;
    }

    public long volatileCount() {
        long n = 0;
        for (Segment s : segments) {
            n += s.volatileCount();
        }
        return n;
    }

    public long usedBytes() {
        long n = 0;
        for (Segment s : segments) {
            n += s.usedBytes();
        }
        return n;
    }

    /** Removes every key; all segments of this database are locked by the caller. */
    public void clear() {
        for (Segment s : segments) {
            assert s.isHeldByCurrentThread() : "segment lock not held";
            s.clear();
        }
    }

    /** Visits every live entry; all segments are locked by the caller. */
    public void forEach(Consumer<Entry> consumer) {
        long now = engine.clock().millis();
        for (Segment s : segments) {
            assert s.isHeldByCurrentThread() : "segment lock not held";
            s.forEach(e -> {
                if (e.expireAt == Entry.NO_EXPIRY || e.expireAt > now) {
                    consumer.accept(e);
                }
            });
        }
    }

    /**
     * One SCAN step: visits buckets from {@code cursor} on, locking one segment at a time (the
     * caller holds no lock), until {@code count} keys were emitted or ten times as many buckets
     * were visited. Returns the next cursor, 0 when done.
     *
     * <p>Cursor layout: the low {@value Engine#SEGMENT_BITS} bits are the segment, the rest the
     * reverse-binary bucket cursor within it; segments are covered in order. A key present from
     * the first call to the last is returned at least once.
     */
    public long scan(long cursor, int count, Consumer<Entry> consumer) {
        int seg = (int) (cursor & (Engine.SEGMENTS - 1));
        long v = cursor >>> Engine.SEGMENT_BITS;
        int[] emitted = {0};
        long budget = Math.max(1L, (long) count * 10);
        Consumer<Entry> counting = e -> {
            long now = engine.clock().millis();
            if (e.expireAt == Entry.NO_EXPIRY || e.expireAt > now) {
                emitted[0]++;
                consumer.accept(e);
            }
        };
        while (seg < Engine.SEGMENTS) {
            Segment s = segments[seg];
            s.lock();
            try {
                if (s.size() == 0) {
                    v = 0; // an empty segment costs no budget: small databases scan in one call
                } else {
                    do {
                        v = s.scanBucket(v, counting);
                        budget--;
                    } while (v != 0 && emitted[0] < count && budget > 0);
                }
            } finally {
                s.unlock();
            }
            if (v == 0) {
                seg++;
            }
            if (emitted[0] >= count || budget <= 0) {
                break;
            }
        }
        if (seg >= Engine.SEGMENTS) {
            return 0;
        }
        return (v << Engine.SEGMENT_BITS) | seg;
    }

    /**
     * A random live key, or null when the database is empty; the caller holds all segments of
     * this database. Expired keys met on the way are reclaimed.
     */
    public Entry randomEntry() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        // as Redis's dbRandomKey on a master: each miss reclaims an expired key, so this ends
        // (within size() + 1 rounds) and never answers null while a live key remains
        while (true) {
            long total = size();
            if (total == 0) {
                return null;
            }
            long pick = rnd.nextLong(total);
            for (Segment s : segments) {
                if (pick < s.size()) {
                    Entry e = s.random(rnd);
                    if (e.expireAt != Entry.NO_EXPIRY && e.expireAt <= engine.clock().millis()) {
                        expire(s, e);
                        break;
                    }
                    return e;
                }
                pick -= s.size();
            }
        }
    }

    /** Exchanges the keys of two databases (SWAPDB); every segment of both is locked. */
    void swapWith(Database other) {
        for (int i = 0; i < segments.length; i++) {
            segments[i].swapContents(other.segments[i]);
        }
    }
}
