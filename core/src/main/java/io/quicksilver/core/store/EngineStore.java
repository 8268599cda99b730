package io.quicksilver.core.store;

import io.quicksilver.core.command.Errors;
import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.Locks;
import io.quicksilver.core.engine.MutableString;
import io.quicksilver.core.engine.event.KeyspaceListener;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.engine.evict.Evictor;
import io.quicksilver.core.engine.type.HashValue;
import io.quicksilver.core.engine.type.Listpack;
import io.quicksilver.core.engine.type.ObjectRef;
import io.quicksilver.core.engine.type.SetValue;
import io.quicksilver.core.pubsub.HandOffSubscriber;
import io.quicksilver.core.pubsub.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link Store} over an {@link Engine} in this JVM: each method is the engine work of the
 * Redis command it stands for, done on the caller's thread with the key's segment locked (the
 * plain reads {@link #get}, {@link #getAll} and {@link #exists} first try without it, and lock
 * when that cannot answer), with the same side effects as that command run through the
 * dispatcher: keyspace events ("new", "set", "expire", "del", "persist", "keymiss"; "expired"
 * and "evicted" when they happen),
 * WATCH touched (a watched key written here makes the watcher's EXEC fail), the dirty counter,
 * keyspace hits and misses, the dataset estimate, and maxmemory (a write that stores a value
 * first evicts as the dispatcher's gate does, and fails with Redis's OOM error when it cannot).
 *
 * <p><b>No copies.</b> A {@code byte[]} value is stored as the array given and returned as the
 * array stored: a caller gives up ownership of the arrays it passes (keys and values: do not
 * change them afterwards) and must not change the arrays it gets (values from reads, keys from
 * {@link #scan} and listeners). A value that redis-cli turned into a growable string (APPEND,
 * SETRANGE) is returned as a fresh copy of its bytes.
 *
 * <p><b>By reference.</b> Any other object is stored by reference in an
 * {@link ObjectRef} (TYPE {@code java-object}): reads return the same object; string commands on
 * the key answer WRONGTYPE, DEL/EXPIRE/TTL/SCAN/TYPE/COPY work as on any key.
 *
 * <p><b>Other types.</b> A key holding a list, hash, set or sorted set (written by a command) is
 * not a store value: {@link #get}, {@link #getAndSet}, {@link #getAndDelete} and
 * {@link #compute} throw {@link StoreException} with Redis's WRONGTYPE error (as GET, SET GET
 * and GETDEL answer), {@link #getAll} answers null for it (as MGET); {@link #set} overwrites it
 * and {@link #delete} removes it, as SET and DEL do.
 *
 * <p><b>Listeners.</b> {@link #subscribe} listeners run on a thread of this store's, never one
 * that holds an engine lock. {@link #onExpired} listeners run on the expiring thread while it
 * holds the key's segment lock (as {@link KeyspaceListener}s do): they must be quick and must not
 * call back into the engine; they hand work off.
 *
 * <p>Thread-safe. Differences from the dispatcher: a write over maxmemory is refused or admitted
 * whatever CLIENT PAUSE says (pauses belong to a node's clients); no MONITOR, SLOWLOG or
 * commandstats entry.
 */
public final class EngineStore implements Store {
    private static final Logger LOG = Logger.getLogger(EngineStore.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Engine engine;
    private final Database db;
    private final int dbIndex;
    private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;
    private ExecutorService executor; // guarded by this; created by the first subscribe

    /**
     * @param engine the engine; it outlives this store ({@link #close()} leaves it running)
     * @param db     the database index, 0..{@code engine.databaseCount() - 1}
     */
    public EngineStore(Engine engine, int db) {
        this.engine = Objects.requireNonNull(engine, "engine");
        if (db < 0 || db >= engine.databaseCount()) {
            throw new IllegalArgumentException("database " + db + " is out of range 0.."
                    + (engine.databaseCount() - 1));
        }
        this.db = engine.db(db);
        this.dbIndex = db;
    }

    /** The engine this store works on. */
    public Engine engine() {
        return engine;
    }

    /** The database index this store works on. */
    public int database() {
        return dbIndex;
    }

    // ------------------------------------------------------------------ reads

    /**
     * GET. Tries first without the key's lock ({@link Database#readValue}): a live string or
     * object read so, or an absence when no one hears "keymiss", is answered without locking;
     * anything else (an expired key, a segment being changed, an access time to update, another
     * type) is read under the lock as GET does.
     */
    @Override
    public Object get(byte[] key) {
        checkOpen();
        long hash = db.hash(key);
        Object v = db.readValue(key, hash);
        if (v != Database.LOCKED_READ) {
            if (v != null) {
                engine.stats().keyspaceHits.increment();
                return v; // already as the store returns it: the array, or the object held
            }
            if (!engine.notifies(NotifyFlags.KEY_MISS)) {
                engine.stats().keyspaceMisses.increment();
                return null;
            }
        }
        db.segment(hash).lock();
        try {
            Entry e = counted(key, db.lookup(key, hash));
            if (e == null) {
                return null;
            }
            return toStore(e.value());
        } finally {
            unlock(hash);
        }
    }

    /**
     * As MGET: one atomic read of every key; null for a key of another type. Tried first without
     * the locks ({@link Database#readValues}: every segment's change sequence taken before the
     * reads and checked after them), as {@link #get}; else the segments are locked together.
     */
    @Override
    public List<Object> getAll(List<byte[]> keys) {
        checkOpen();
        int n = keys.size();
        List<Object> out = new ArrayList<>(n);
        if (n == 0) {
            return out;
        }
        byte[][] ks = keys.toArray(new byte[n][]);
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = db.hash(Objects.requireNonNull(ks[i], "key"));
        }
        Object[] values = new Object[n];
        if (db.readValues(ks, hashes, values)) {
            int hits = 0;
            for (Object v : values) {
                if (v != null) {
                    hits++;
                }
            }
            if (hits == n || !engine.notifies(NotifyFlags.KEY_MISS)) { // "keymiss" fires under the lock
                if (hits > 0) {
                    engine.stats().keyspaceHits.add(hits);
                }
                if (hits < n) {
                    engine.stats().keyspaceMisses.add(n - hits);
                }
                Collections.addAll(out, values);
                return out;
            }
        }
        Locks locks = engine.locks();
        for (byte[] k : keys) {
            locks.key(dbIndex, k);
        }
        try (Locks held = locks.lock()) {
            for (byte[] k : keys) {
                Entry e = counted(k, db.lookup(k));
                out.add(e != null && isStoreValue(e.value()) ? toStore(e.value()) : null);
            }
        }
        return out;
    }

    /** EXISTS, counted as a hit or miss. Tried first without the lock, as {@link #get}. */
    @Override
    public boolean exists(byte[] key) {
        checkOpen();
        long hash = db.hash(key);
        int present = db.readPresence(key, hash);
        if (present == 1) {
            engine.stats().keyspaceHits.increment();
            return true;
        }
        if (present == 0 && !engine.notifies(NotifyFlags.KEY_MISS)) {
            engine.stats().keyspaceMisses.increment();
            return false;
        }
        long h = lock(key);
        try {
            return counted(key, db.peek(key, h)) != null;
        } finally {
            unlock(h);
        }
    }

    @Override
    public long ttl(byte[] key) {
        long h = lockOpen(key);
        try {
            Entry e = counted(key, db.peek(key, h));
            return e == null ? NO_KEY : remaining(e);
        } finally {
            unlock(h);
        }
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void set(byte[] key, Object value, long ttlMillis) {
        Objects.requireNonNull(value, "value");
        long h = lockForWrite(key, ttlMillis);
        try {
            put(key, h, db.lookup(key, h), value, ttlMillis); // SET's lookupKeyWrite, then its write
        } finally {
            unlock(h);
        }
    }

    @Override
    public Object getAndSet(byte[] key, Object value, long ttlMillis) {
        Objects.requireNonNull(value, "value");
        long h = lockForWrite(key, ttlMillis);
        try {
            Entry e = counted(key, db.lookup(key, h));
            Object old = e == null ? null : toStore(e.value()); // WRONGTYPE before anything is written, as SET GET
            put(key, h, e, value, ttlMillis);
            return old;
        } finally {
            unlock(h);
        }
    }

    /** SET NX. A TTL of 0 or less on an absent key writes nothing (the key would expire at once) and answers true. */
    @Override
    public boolean setIfAbsent(byte[] key, Object value, long ttlMillis) {
        Objects.requireNonNull(value, "value");
        long h = lockForWrite(key, ttlMillis);
        try {
            if (db.lookup(key, h) != null) {
                return false;
            }
            put(key, h, null, value, ttlMillis);
            return true;
        } finally {
            unlock(h);
        }
    }

    @Override
    public boolean delete(byte[] key) {
        long h = lockOpen(key);
        try {
            boolean gone = db.delete(key, h);
            if (gone) {
                notifyDeleted(key);
            }
            return gone;
        } finally {
            unlock(h);
        }
    }

    @Override
    public Object getAndDelete(byte[] key) {
        long h = lockOpen(key);
        try {
            Entry e = counted(key, db.lookup(key, h));
            if (e == null) {
                return null;
            }
            Object v = toStore(e.value()); // WRONGTYPE leaves the key, as GETDEL
            remove(key, h, e);
            return v;
        } finally {
            unlock(h);
        }
    }

    /**
     * PEXPIRE ({@code ttlMillis > 0}: event "expire"; 0 or less: the key is deleted, event "del"),
     * PERSIST ({@link #PERSIST}: event "persist" if it had a TTL; true whenever the key exists) or
     * nothing ({@link #KEEP_TTL}: true if the key exists).
     */
    @Override
    public boolean expire(byte[] key, long ttlMillis) {
        long h = lockOpen(key);
        try {
            return changeTtl(key, h, ttlMillis);
        } finally {
            unlock(h);
        }
    }

    /**
     * Runs {@code mutation} once with the key's segment locked and applies its decision with the
     * events of the equivalent command (SET, DEL, PEXPIRE / PERSIST). The mutation must not call
     * this store nor the engine (a second key's lock taken here could deadlock against a
     * multi-key command). A mutation that throws changes nothing; its exception propagates.
     *
     * <p>maxmemory: eviction runs before the lock is taken; if the dataset is over maxmemory and
     * nothing can be evicted, a decision that stores a value is refused with
     * {@link StoreException} (the mutation has run; nothing is written), while deletes and TTL
     * changes go through.
     *
     * @throws StoreException WRONGTYPE if the key holds a collection; OOM as above
     */
    @Override
    public <R> R compute(byte[] key, Mutation<R> mutation) {
        checkOpen();
        boolean oom = !tryAdmit();
        Mutation.Decision d = new Mutation.Decision();
        long h = lock(key);
        try {
            Entry e = counted(key, db.lookup(key, h));
            R result = e == null ? mutation.apply(null, NO_KEY, d)
                    : mutation.apply(toStore(e.value()), remaining(e), d);
            switch (d.kind()) {
                case Mutation.Decision.SET -> {
                    Object v = Objects.requireNonNull(d.value(), "value");
                    if (oom && storesValue(d.ttlMillis())) {
                        throw new StoreException(Evictor.OOM_ERROR);
                    }
                    put(key, h, db.peek(key, h), v, d.ttlMillis());
                }
                case Mutation.Decision.DELETE -> {
                    if (db.delete(key, h)) {
                        notifyDeleted(key);
                    }
                }
                case Mutation.Decision.EXPIRE -> changeTtl(key, h, d.ttlMillis());
                default -> { }
            }
            return result;
        } finally {
            unlock(h);
        }
    }

    // ------------------------------------------------------------------ hashes and sets

    /** HGETALL under the key's lock (a hit or a miss counted, "keymiss" on a miss). */
    @Override
    public Map<String, byte[]> hgetAll(byte[] key) {
        long h = lockOpen(key);
        try {
            Entry e = counted(key, db.lookup(key, h));
            if (e == null) {
                return null;
            }
            return fields(hashOf(e));
        } finally {
            unlock(h);
        }
    }

    @Override
    public byte[] hget(byte[] key, String field) {
        long h = lockOpen(key);
        try {
            Entry e = counted(key, db.lookup(key, h));
            if (e == null) {
                return null;
            }
            return hashOf(e).get(utf8(field));
        } finally {
            unlock(h);
        }
    }

    /**
     * HSET + HDEL + PEXPIRE/PERSIST under the key's lock, with the events those commands fire in
     * that order ("new" for a new key, "hset", "hdel", "del" if the hash emptied, "expire" or
     * "persist"), watchers touched and the memory estimate updated. maxmemory: a call that sets
     * fields first evicts as the dispatcher's gate does and is refused with OOM when it cannot.
     */
    @Override
    public boolean hupdate(byte[] key, Map<String, byte[]> set, Collection<String> delete, long ttlMillis,
            boolean onlyIfExists) {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(delete, "delete");
        checkOpen();
        if (!set.isEmpty() && storesValue(ttlMillis)) {
            admit();
        }
        long h = lock(key);
        try {
            Entry e = db.lookup(key, h);
            if (e != null) {
                hashOf(e); // WRONGTYPE before anything changes
            } else if (onlyIfExists) {
                return false;
            }
            if (!storesValue(ttlMillis)) { // "already expired": the key goes, as PEXPIRE 0 does
                if (e != null) {
                    remove(key, h, e);
                }
                return true;
            }
            if (e == null) {
                if (set.isEmpty()) {
                    return true; // HDEL on an absent key: nothing to create
                }
                e = db.add(key, h, new HashValue(engine.slabs()), Entry.NO_EXPIRY); // fires "new", as HSET
            }
            HashValue hv = (HashValue) e.value();
            for (Map.Entry<String, byte[]> f : set.entrySet()) {
                hv.set(utf8(f.getKey()), Objects.requireNonNull(f.getValue(), "field value"), engine.encodings());
            }
            int deleted = 0;
            for (String f : delete) {
                if (!set.containsKey(f) && hv.delete(utf8(f))) {
                    deleted++;
                }
            }
            db.resized(e);
            if (!set.isEmpty()) {
                changed(key, NotifyFlags.HASH, "hset", set.size());
            }
            if (deleted > 0) {
                changed(key, NotifyFlags.HASH, "hdel", deleted);
                if (hv.size() == 0) {
                    emptied(key, h, e);
                    return true;
                }
            }
            applyTtl(key, h, e, ttlMillis, false);
            return true;
        } finally {
            unlock(h);
        }
    }

    /**
     * SADD ("new" for a new key, "sadd" when a member was added), then the TTL made at least
     * {@code ttlMillis} ("expire" when it changed; {@link #PERSIST}: "persist" if it had one).
     */
    @Override
    public long sadd(byte[] key, Collection<byte[]> members, long ttlMillis) {
        Objects.requireNonNull(members, "members");
        checkOpen();
        if (members.isEmpty()) {
            return 0;
        }
        admit();
        long h = lock(key);
        try {
            Entry e = db.lookup(key, h);
            if (e != null) {
                setOf(e);
            } else {
                e = db.add(key, h, SetValue.newIntset(), Entry.NO_EXPIRY);
            }
            SetValue sv = (SetValue) e.value();
            long added = 0;
            for (byte[] m : members) {
                if (sv.add(Objects.requireNonNull(m, "member"), engine.encodings().setMaxIntsetEntries)) {
                    added++;
                }
            }
            db.resized(e);
            if (added > 0) {
                changed(key, NotifyFlags.SET, "sadd", added);
            }
            applyTtl(key, h, e, ttlMillis, true);
            return added;
        } finally {
            unlock(h);
        }
    }

    /** SREM: "srem" when a member went, then "del" if the set emptied. */
    @Override
    public long srem(byte[] key, Collection<byte[]> members) {
        Objects.requireNonNull(members, "members");
        long h = lockOpen(key);
        try {
            Entry e = db.lookup(key, h);
            if (e == null) {
                return 0;
            }
            SetValue sv = setOf(e);
            long removed = 0;
            for (byte[] m : members) {
                if (sv.isEmpty()) {
                    break;
                }
                if (sv.remove(m)) {
                    removed++;
                }
            }
            if (removed > 0) {
                db.resized(e);
                changed(key, NotifyFlags.SET, "srem", removed);
                if (sv.isEmpty()) {
                    emptied(key, h, e);
                }
            }
            return removed;
        } finally {
            unlock(h);
        }
    }

    @Override
    public List<byte[]> smembers(byte[] key) {
        long h = lockOpen(key);
        try {
            Entry e = counted(key, db.lookup(key, h));
            List<byte[]> out = new ArrayList<>();
            if (e == null) {
                return out;
            }
            setOf(e).forEach(m -> out.add(m.clone()));
            return out;
        } finally {
            unlock(h);
        }
    }

    // ------------------------------------------------------------------ prefixes

    /**
     * Walks the database one segment at a time: each segment's matching keys are collected under
     * its lock, then handed to {@code consumer} with no lock held (so it may call this store).
     * Each segment is read whole in one go, so no key is seen twice; keys added to a segment
     * already walked are not seen. The keys given are the engine's arrays: do not change them.
     */
    @Override
    public void scan(byte[] prefix, Consumer<byte[]> consumer) {
        checkOpen();
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < Engine.SEGMENTS; i++) {
            db.forEachLive(i, e -> {
                if (startsWith(e.key(), prefix)) {
                    batch.add(e.key());
                }
            });
            for (byte[] k : batch) {
                consumer.accept(k);
            }
            batch.clear();
        }
    }

    /** Deletes segment by segment, each under its lock, with a "del" event per key (as DEL). */
    @Override
    public long deleteByPrefix(byte[] prefix) {
        checkOpen();
        long n = 0;
        for (int i = 0; i < Engine.SEGMENTS; i++) {
            n += db.deleteIf(i, k -> startsWith(k, prefix));
        }
        return n;
    }

    // ------------------------------------------------------------------ messages

    @Override
    public long publish(byte[] channel, byte[] message) {
        checkOpen();
        return engine.pubsub().publish(channel, message);
    }

    @Override
    public Subscription subscribe(byte[] channel, MessageListener listener) {
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        byte[] name = channel.clone(); // PubSub keeps the array as the channel's name
        AtomicBoolean active = new AtomicBoolean(true);
        Subscriber target = new Subscriber() {
            @Override
            public void message(byte[] ch, byte[] message) {
                if (active.get()) {
                    listener.onMessage(ch, message);
                }
            }

            @Override
            public void patternMessage(byte[] pattern, byte[] ch, byte[] message) {
                message(ch, message);
            }

            @Override
            public void shardMessage(byte[] ch, byte[] message) {
                message(ch, message);
            }
        };
        HandOffSubscriber handOff = new HandOffSubscriber(target, executor());
        engine.pubsub().subscribe(name, handOff);
        return register(() -> {
            active.set(false); // messages still queued for the listener are dropped
            engine.pubsub().unsubscribe(name, handOff);
        });
    }

    /**
     * The listener runs on the expiring thread (a reader's, the active expiry thread, or the
     * evicting writer's) under the key's segment lock, right after the "expired" or "evicted"
     * event, with the value removed: the stored {@code byte[]} or object, a copy of a growable
     * string's bytes, an unmodifiable {@code Map<String, byte[]>} copy of a hash's fields, null for
     * another collection. An exception it throws is logged and dropped.
     */
    @Override
    public Subscription onExpired(byte[] prefix, ExpiryListener listener) {
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        byte[] p = prefix.clone();
        KeyspaceListener l = new KeyspaceListener() {
            @Override
            public void onEvent(int db, byte[] key, int type, String event) {
            }

            @Override
            public boolean hearsEvents() {
                return false; // expiries only: writes need not call it
            }

            @Override
            public void onExpired(int db, byte[] key, Object value, boolean evicted) {
                if (db != dbIndex || !startsWith(key, p)) {
                    return;
                }
                try {
                    Object v = isStoreValue(value) ? toStore(value)
                            : value instanceof HashValue hv ? Collections.unmodifiableMap(fields(hv)) : null;
                    listener.onExpired(key, v, evicted);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "expiry listener " + listener + " failed", e);
                }
            }
        };
        engine.addListener(l);
        return register(() -> engine.removeListener(l));
    }

    // ------------------------------------------------------------------ the store itself

    /** True while this store is open and its engine is not closed. */
    @Override
    public boolean ping(Duration timeout) {
        return open && !engine.isClosed();
    }

    @Override
    public boolean byReference() {
        return true;
    }

    @Override
    public String describe() {
        return "embedded";
    }

    /** Ends every subscription and expiry listener of this store; the engine and its keys stay. */
    @Override
    public void close() {
        open = false;
        for (Registration r : registrations) {
            r.close();
        }
        ExecutorService ex;
        synchronized (this) {
            ex = executor;
            executor = null;
        }
        if (ex != null) {
            ex.shutdown();
        }
    }

    @Override
    public String toString() {
        return "EngineStore[db " + dbIndex + "]";
    }

    // ------------------------------------------------------------------ helpers

    private void checkOpen() {
        if (!open) {
            throw new StoreException("the store is closed");
        }
        if (engine.isClosed()) {
            throw new StoreException("the embedded engine is closed");
        }
    }

    /** {@link #checkOpen()}, then {@link #lock(byte[])}. */
    private long lockOpen(byte[] key) {
        checkOpen();
        return lock(key);
    }

    /**
     * The prologue of a write of a store value: {@link #checkOpen()}, the maxmemory gate if the
     * write stores a value ({@link #admitIfStores}, no lock held), then {@link #lock(byte[])}.
     */
    private long lockForWrite(byte[] key, long ttlMillis) {
        checkOpen();
        admitIfStores(ttlMillis);
        return lock(key);
    }

    /**
     * Locks {@code key}'s segment and answers the key's hash; release with {@link #unlock(long)}.
     * (Two calls rather than one taking a lambda: get and set must not allocate.)
     */
    private long lock(byte[] key) {
        long h = db.hash(key);
        db.segment(h).lock();
        return h;
    }

    /** Releases the segment {@link #lock(byte[])} took for hash {@code h}. */
    private void unlock(long h) {
        db.segment(h).unlock();
    }

    /**
     * A read lookup's statistics, as lookupKeyRead: a hit counted, or a miss counted with the
     * "keymiss" event. Answers {@code e}.
     */
    private Entry counted(byte[] key, Entry e) {
        if (e == null) {
            engine.stats().keyspaceMisses.increment();
            engine.notify(dbIndex, key, NotifyFlags.KEY_MISS, "keymiss");
        } else {
            engine.stats().keyspaceHits.increment();
        }
        return e;
    }

    /** The side effects of a key deleted as DEL deletes it: the "del" event, watchers, dirty. */
    private void notifyDeleted(byte[] key) {
        engine.keyChanged(dbIndex, key, NotifyFlags.GENERIC, "del");
    }

    /** Removes the live entry {@code e} of {@code key} (under its lock) as DEL does. */
    private void remove(byte[] key, long h, Entry e) {
        db.remove(e, h);
        notifyDeleted(key);
    }

    /** Removes a collection a command emptied: the "del" event only (the command's own event touched watchers). */
    private void emptied(byte[] key, long h, Entry e) {
        db.remove(e, h);
        engine.notify(dbIndex, key, NotifyFlags.GENERIC, "del");
    }

    /** A collection command's event, with {@code n} changes counted dirty (the event counts one). */
    private void changed(byte[] key, int type, String event, long n) {
        engine.keyChanged(dbIndex, key, type, event);
        addDirty(n - 1);
    }

    /** PEXPIREAT on a live entry under its lock: event "expire". */
    private void expireAt(byte[] key, long h, Entry e, long at) {
        db.setExpire(e, h, at);
        engine.keyChanged(dbIndex, key, NotifyFlags.GENERIC, "expire");
    }

    /**
     * A collection write's TTL argument on its live entry, under its lock: {@code ttlMillis > 0}
     * sets the deadline ("expire"; with {@code onlyLonger}, only if the key had none or an earlier
     * one), {@link #PERSIST} as {@link #persist}; anything else leaves the TTL.
     */
    private void applyTtl(byte[] key, long h, Entry e, long ttlMillis, boolean onlyLonger) {
        if (ttlMillis > 0) {
            long at = deadline(ttlMillis);
            if (!onlyLonger || !e.isVolatile() || e.expireAt() < at) {
                expireAt(key, h, e, at);
            }
        } else if (ttlMillis == PERSIST) {
            persist(key, h, e);
        }
    }

    /** PERSIST on a live entry under its lock: event "persist" if it had a TTL. */
    private void persist(byte[] key, long h, Entry e) {
        if (e.isVolatile()) {
            db.setExpire(e, h, Entry.NO_EXPIRY);
            engine.keyChanged(dbIndex, key, NotifyFlags.GENERIC, "persist");
        }
    }

    /** True unless {@code ttlMillis} means "already expired" (a write of it deletes). */
    private static boolean storesValue(long ttlMillis) {
        return ttlMillis > 0 || ttlMillis == PERSIST || ttlMillis == KEEP_TTL;
    }

    /**
     * The dispatcher's maxmemory gate for a write that stores a value: evicts while over
     * maxmemory; throws Redis's OOM error if nothing more can be evicted. No lock may be held.
     */
    private void admit() {
        if (!tryAdmit()) {
            throw new StoreException(Evictor.OOM_ERROR);
        }
    }

    /** {@link #admit()} for a write with TTL argument {@code ttlMillis} if it stores a value. */
    private void admitIfStores(long ttlMillis) {
        if (storesValue(ttlMillis)) {
            admit();
        }
    }

    /** As {@link #admit()}, answering false instead of throwing. */
    private boolean tryAdmit() {
        Evictor ev = engine.evictor();
        return !ev.pending() || ev.perform() != Evictor.Result.FAIL;
    }

    /**
     * Writes {@code key} under its lock as SET [PX ttl | KEEPTTL] does, or deletes it (event
     * "del") for a TTL of 0 or less.
     *
     * @param key   the key
     * @param h     its hash
     * @param found the key's live entry, just looked up under the lock still held, or null
     * @param v     the store value: a {@code byte[]} (stored as it is) or any other object (held
     *              by reference: a key that holds one already keeps its holder)
     * @param ttl   the store TTL argument
     */
    private void put(byte[] key, long h, Entry found, Object v, long ttl) {
        if (!storesValue(ttl)) {
            if (found != null) {
                remove(key, h, found);
            }
            return;
        }
        boolean expires = ttl > 0;
        Entry e = found;
        if (e == null) {
            e = db.add(key, h, toEngine(v), Entry.NO_EXPIRY); // fires "new", as setKey's dbAdd
        } else if (v instanceof byte[]) {
            db.overwrite(e, h, v, expires || ttl == KEEP_TTL);
        } else {
            db.overwriteObject(e, h, v, expires || ttl == KEEP_TTL);
        }
        engine.keyChanged(dbIndex, key, NotifyFlags.STRING, "set");
        if (expires) {
            db.setExpire(e, h, deadline(ttl));
            // watchers were touched and dirty counted by "set": Redis fires the event only
            engine.notify(dbIndex, key, NotifyFlags.GENERIC, "expire");
        }
    }

    /** The TTL change of {@link #expire}, under the key's lock. */
    private boolean changeTtl(byte[] key, long h, long ttl) {
        Entry e = db.lookup(key, h);
        if (e == null) {
            return false;
        }
        if (ttl == KEEP_TTL) {
            return true;
        }
        if (ttl == PERSIST) {
            persist(key, h, e);
            return true;
        }
        if (ttl <= 0) {
            remove(key, h, e);
            return true;
        }
        expireAt(key, h, e, deadline(ttl));
        return true;
    }

    /** now + ttl, saturating instead of wrapping. */
    private long deadline(long ttl) {
        long now = engine.clock().millis();
        return ttl > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ttl;
    }

    /** The TTL a live entry has left: {@link #PERSIST} or at least 1 ms. */
    private long remaining(Entry e) {
        long at = e.expireAt();
        return at == Entry.NO_EXPIRY ? PERSIST : Math.max(1, at - engine.clock().millis());
    }

    /** A store value as the engine holds it: the array itself, any other object by reference. */
    private static Object toEngine(Object value) {
        Objects.requireNonNull(value, "value");
        return value instanceof byte[] ? value : new ObjectRef(value);
    }

    private static boolean isStoreValue(Object v) {
        return v instanceof byte[] || v instanceof ObjectRef || v instanceof MutableString;
    }

    /** An engine value as the store returns it; WRONGTYPE for a collection. */
    private static Object toStore(Object v) {
        if (v instanceof byte[]) {
            return v;
        }
        if (v instanceof ObjectRef r) {
            return r.value();
        }
        if (v instanceof MutableString m) {
            return m.toBytes();
        }
        throw new StoreException(Errors.WRONGTYPE);
    }

    private void addDirty(long extra) {
        if (extra > 0) {
            engine.stats().dirty.add(extra);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HashValue hashOf(Entry e) {
        if (e.value() instanceof HashValue hv) {
            return hv;
        }
        throw new StoreException(Errors.WRONGTYPE);
    }

    private static SetValue setOf(Entry e) {
        if (e.value() instanceof SetValue sv) {
            return sv;
        }
        throw new StoreException(Errors.WRONGTYPE);
    }

    /** A copy of a hash's fields (names as UTF-8, integer encodings in decimal), in its order. */
    private static Map<String, byte[]> fields(HashValue hv) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String[] field = new String[1];
        Listpack.EntrySink fs = new Listpack.EntrySink() {
            @Override
            public void bytes(byte[] buf, int off, int len) {
                field[0] = new String(buf, off, len, StandardCharsets.UTF_8);
            }

            @Override
            public void integer(long value) {
                field[0] = Long.toString(value);
            }
        };
        Listpack.EntrySink vs = new Listpack.EntrySink() {
            @Override
            public void bytes(byte[] buf, int off, int len) {
                out.put(field[0], java.util.Arrays.copyOfRange(buf, off, off + len));
            }

            @Override
            public void view(java.nio.ByteBuffer buf) {
                byte[] b = new byte[buf.remaining()];
                buf.get(b);
                out.put(field[0], b);
            }

            @Override
            public void integer(long value) {
                out.put(field[0], Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            }
        };
        hv.forEach(fs, vs);
        return out;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        int n = prefix.length;
        if (key.length < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private synchronized ExecutorService executor() {
        if (!open) {
            throw new StoreException("the store is closed");
        }
        if (executor == null) {
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "quicksilver-store-listener-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    private Subscription register(Runnable cancel) {
        Registration r = new Registration(cancel);
        registrations.add(r);
        if (!open) { // closed meanwhile: do not leave it behind
            r.close();
            throw new StoreException("the store is closed");
        }
        return r;
    }

    /** A subscription or listener of this store; closing it twice is harmless. */
    private final class Registration implements Subscription {
        private final Runnable cancel;
        private final AtomicBoolean closed = new AtomicBoolean();

        Registration(Runnable cancel) {
            this.cancel = cancel;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                registrations.remove(this);
                cancel.run();
            }
        }
    }
}
