package io.quicksilver.jcache;

import io.quicksilver.core.store.Mutation;
import io.quicksilver.core.store.Store;
import io.quicksilver.jcache.codec.Codec;
import io.quicksilver.jcache.codec.Codecs;
import io.quicksilver.jcache.configuration.QuicksilverConfiguration;
import io.quicksilver.jcache.event.EventDispatcher;
import io.quicksilver.jcache.event.RemoteEvents;
import io.quicksilver.jcache.expiry.ExpiryTtl;
import io.quicksilver.jcache.integration.Loader;
import io.quicksilver.jcache.integration.Writer;
import io.quicksilver.jcache.management.CacheConfigurationMXBean;
import io.quicksilver.jcache.management.CacheStatistics;
import io.quicksilver.jcache.management.Jmx;
import io.quicksilver.jcache.processor.ProcessorEntry;
import io.quicksilver.jcache.store.GuardedStore;
import io.quicksilver.jcache.store.KeySchema;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.EventType;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A cache whose entries live in a {@link Store} as ordinary keys ({@code jcache:<cache>:<key>},
 * see {@link KeySchema}): the cache itself holds no data. Values are encoded by a {@link Codec}
 * on every write and decoded on every read (store-by-value), or kept as the objects themselves
 * when the cache is store-by-reference and the store is embedded. Expiry durations are the keys'
 * TTLs. Reads and writes that must see the current value and change it atomically run in
 * {@link Store#compute}; a remote store may run such a computation more than once under
 * contention, so an EntryProcessor, and a CacheWriter called by a conditional operation, may be
 * called again for the same change.
 *
 * <p>Thread-safe.
 */
public final class QuicksilverCache<K, V> implements Cache<K, V> {
    private static final Logger LOG = Logger.getLogger(QuicksilverCache.class.getName());

    /** Runs loadAll and nothing else; daemon threads that end when idle. */
    private static final ExecutorService LOADERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "quicksilver-jcache-loader");
        t.setDaemon(true);
        return t;
    });

    private final QuicksilverCacheManager manager;
    private final String name;
    private final QuicksilverConfiguration<K, V> configuration;
    private final Store store;
    private final byte[] prefix;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final boolean byValue;
    private final ExpiryTtl expiry;
    private final Loader<K, V> loader;
    private final Writer<K, V> writer;
    private final EventDispatcher<K, V> events;
    private final CacheStatistics statistics = new CacheStatistics();
    private final CacheConfigurationMXBean mxBean;
    private final Store.Subscription expirySubscription;
    private final RemoteEvents remoteEvents;
    /** Delivers expired events off the store's expiring thread (which holds an engine lock). */
    private ExecutorService expiryEvents; // guarded by this; created by the first expiry
    private volatile boolean statisticsEnabled;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    QuicksilverCache(QuicksilverCacheManager manager, String name, QuicksilverConfiguration<K, V> configuration,
            Store store, byte[] prefix, ClassLoader classLoader) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.store = store;
        this.prefix = prefix;
        // store-by-reference needs objects in the store: only an embedded one holds them. When the
        // provider told the application it supports it (its default store is embedded) but this
        // manager's URI names a remote store, the cache keeps copies instead, as an application asking
        // for by-reference after isSupported said yes (Open Liberty's sessionCache does) must still work;
        // when the provider said no, createCache refuses, as its contract says.
        if (!configuration.isStoreByValue() && !store.byReference()) {
            if (!manager.getCachingProvider().isSupported(javax.cache.configuration.OptionalFeature.STORE_BY_REFERENCE)) {
                throw new UnsupportedOperationException("cache " + name + ": store-by-reference needs the embedded"
                        + " store; " + store.describe() + " keeps bytes only (use store-by-value)");
            }
            LOG.info(() -> "cache " + name + ": store-by-reference asked on " + store.describe()
                    + ", which keeps bytes only: the cache stores by value");
            configuration.setStoreByValue(true);
        }
        this.byValue = configuration.isStoreByValue();
        Codec<K> keys = configuration.getKeyCodecFactory() != null ? configuration.getKeyCodecFactory().create()
                : Codecs.forType(configuration.getKeyType(), classLoader);
        this.keyCodec = byValue ? keys : new ReferenceKeys<>(keys);
        this.valueCodec = configuration.getValueCodecFactory() != null ? configuration.getValueCodecFactory().create()
                : Codecs.forType(configuration.getValueType(), classLoader);
        ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
        this.expiry = new ExpiryTtl(policy);
        this.loader = configuration.getCacheLoaderFactory() == null ? null
                : new Loader<>((CacheLoader<K, V>) configuration.getCacheLoaderFactory().create());
        this.writer = configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
                ? new Writer<>((CacheWriter<K, V>) configuration.getCacheWriterFactory().create()) : null;
        this.events = new EventDispatcher<>(this);
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            events.register(listener);
        }
        this.mxBean = new CacheConfigurationMXBean(() -> this.configuration);
        this.expirySubscription = store.onExpired(prefix, this::onStoreExpired);
        this.remoteEvents = store.byReference() || "embedded".equals(store.describe()) ? null
                : new RemoteEvents(store, prefix, this::onRemoteEvent);
        setStatisticsEnabled(configuration.isStatisticsEnabled());
        setManagementEnabled(configuration.isManagementEnabled());
    }

    // ---- plumbing ---------------------------------------------------------------------------

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("cache " + name + " is closed");
        }
    }

    private byte[] storeKey(K key) {
        return keyCodec.encode(key, prefix); // one array: the prefix, then the key's bytes
    }

    private K keyOf(byte[] storeKey) {
        return keyCodec.decode(KeySchema.encodedKey(prefix, storeKey));
    }

    private Object toStore(V value) {
        return byValue ? valueCodec.encode(value) : value;
    }

    @SuppressWarnings("unchecked")
    private V fromStore(Object raw) {
        if (raw == null) {
            return null;
        }
        return byValue && raw instanceof byte[] ? valueCodec.decode((byte[]) raw) : (V) raw;
    }

    private static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        return a instanceof byte[] && b instanceof byte[] && Arrays.equals((byte[]) a, (byte[]) b);
    }

    private void checkTypes(K key, V value) {
        Class<K> keyType = configuration.getKeyType();
        if (keyType != Object.class && !keyType.isInstance(key)) {
            throw new ClassCastException("key " + key.getClass().getName() + " is not a " + keyType.getName());
        }
        Class<V> valueType = configuration.getValueType();
        if (value != null && valueType != Object.class && !valueType.isInstance(value)) {
            throw new ClassCastException("value " + value.getClass().getName() + " is not a " + valueType.getName());
        }
    }

    private long ticker() {
        return statisticsEnabled ? System.nanoTime() : 0L;
    }

    private static void requireKeys(Collection<?> keys) {
        Objects.requireNonNull(keys, "keys");
        for (Object key : keys) {
            Objects.requireNonNull(key, "a key is null");
        }
    }

    /** What a write found and did, returned by a mutation (one new object per run). */
    private static final class Outcome {
        static final int NOTHING = 0;
        static final int CREATED = 1;
        static final int UPDATED = 2;
        static final int REMOVED = 3;
        /** Present and kept (e.g. a replace whose old value did not match). */
        static final int KEPT = 4;
        /** Present and expired by an access or update whose duration was zero. */
        static final int EXPIRED = 5;
        /** Absent, and a creation duration of zero kept it so. */
        static final int NOT_STORED = 6;

        final int kind;
        final Object old;
        /** True if an update stored the value and it expired at once (update duration zero). */
        final boolean expiredAfterWrite;

        Outcome(int kind, Object old, boolean expiredAfterWrite) {
            this.kind = kind;
            this.old = old;
            this.expiredAfterWrite = expiredAfterWrite;
        }

        static Outcome of(int kind, Object old) {
            return new Outcome(kind, old, false);
        }
    }

    /** Stores {@code value} over what is there; creation or update expiry as it finds the key. */
    private Outcome writeValue(Object current, Object stored, Mutation.Decision decision) {
        if (current == null) {
            long ttl = expiry.creation();
            if (ttl == ExpiryTtl.EXPIRED) {
                return Outcome.of(Outcome.NOTHING, null);
            }
            decision.set(stored, ttl);
            return Outcome.of(Outcome.CREATED, null);
        }
        long ttl = expiry.update();
        if (ttl == ExpiryTtl.EXPIRED) {
            decision.delete();
            return new Outcome(Outcome.UPDATED, current, true);
        }
        decision.set(stored, ttl);
        return Outcome.of(Outcome.UPDATED, current);
    }

    /** Applies the access expiry to a present key that is kept: unchanged, new TTL, or expired now. */
    private Outcome access(Object current, Mutation.Decision decision) {
        long ttl = expiry.access();
        if (ttl == ExpiryTtl.EXPIRED) {
            decision.delete();
            return Outcome.of(Outcome.EXPIRED, current);
        }
        if (ttl != Store.KEEP_TTL) {
            decision.expire(ttl);
        }
        return Outcome.of(Outcome.KEPT, current);
    }

    /** Fires the events of a write and counts it; {@code value} is the new value. */
    private void afterWrite(K key, V value, Outcome outcome, byte[] storeKey, Object stored) {
        switch (outcome.kind) {
            case Outcome.CREATED:
                if (statisticsEnabled) {
                    statistics.puts(1);
                }
                events.created(key, value);
                publish(EventType.CREATED, storeKey, null, stored);
                break;
            case Outcome.UPDATED:
                if (statisticsEnabled) {
                    statistics.puts(1);
                }
                V old = events.oldValueRequired(EventType.UPDATED) ? fromStore(outcome.old) : null;
                events.updated(key, value, old);
                publish(EventType.UPDATED, storeKey, outcome.old, stored);
                if (outcome.expiredAfterWrite) {
                    events.expired(key, value);
                }
                break;
            case Outcome.EXPIRED:
                expired(key, outcome.old);
                break;
            default:
                break;
        }
    }

    private void expired(K key, Object oldRaw) {
        if (events.active()) {
            events.expired(key, fromStore(oldRaw));
        }
    }

    private void removed(K key, Object oldRaw, byte[] storeKey) {
        if (statisticsEnabled) {
            statistics.removals(1);
        }
        events.removed(key, oldRaw == null ? null : fromStore(oldRaw));
        publish(EventType.REMOVED, storeKey, oldRaw, null);
    }

    private void publish(EventType type, byte[] storeKey, Object oldRaw, Object newRaw) {
        if (remoteEvents != null) {
            remoteEvents.publish(type, KeySchema.encodedKey(prefix, storeKey),
                    oldRaw instanceof byte[] ? (byte[]) oldRaw : null, newRaw instanceof byte[] ? (byte[]) newRaw : null);
        }
    }

    /** The store expired or evicted one of our keys. */
    private void onStoreExpired(byte[] storeKey, Object value, boolean evicted) {
        if (closed || !KeySchema.startsWith(storeKey, prefix)) {
            return;
        }
        if (evicted) {
            if (statisticsEnabled) {
                statistics.evictions(1);
            }
            return;
        }
        if (!events.wants(EventType.EXPIRED)) {
            return;
        }
        expiryExecutor().execute(() -> {
            try {
                events.expired(keyOf(storeKey), fromStore(value));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an expired-entry listener of cache " + name + " failed", e);
            }
        });
    }

    private synchronized ExecutorService expiryExecutor() {
        if (expiryEvents == null) {
            expiryEvents = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "quicksilver-jcache-expired-" + name);
                t.setDaemon(true);
                return t;
            });
        }
        return expiryEvents;
    }

    /** A change made by another JVM sharing the remote store. */
    private void onRemoteEvent(EventType type, byte[] key, byte[] oldValue, byte[] newValue) {
        if (closed || !events.active()) {
            return;
        }
        K k = keyCodec.decode(key);
        V old = oldValue == null ? null : valueCodec.decode(oldValue);
        V value = newValue == null ? null : valueCodec.decode(newValue);
        events.fire(type, k, type == EventType.REMOVED ? old : value, old);
    }

    // ---- reads -------------------------------------------------------------------------------

    @Override
    public V get(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = ticker();
        byte[] sk = storeKey(key);
        Object raw = store.get(sk);
        V value;
        if (raw != null) {
            if (statisticsEnabled) {
                statistics.hits(1);
            }
            value = fromStore(raw);
            touch(key, sk, raw);
        } else {
            if (statisticsEnabled) {
                statistics.misses(1);
            }
            value = configuration.isReadThrough() && loader != null ? loadAndStore(key, sk) : null;
        }
        if (statisticsEnabled) {
            statistics.getTime(System.nanoTime() - start);
        }
        return value;
    }

    /** Applies the access expiry after a read of {@code raw}, if the policy changes anything. */
    private void touch(K key, byte[] sk, Object raw) {
        if (expiry.accessKeepsTtl()) {
            return;
        }
        long ttl = expiry.access();
        if (ttl == Store.KEEP_TTL) {
            return;
        }
        boolean expiredNow = store.compute(sk, (cur, t, d) -> {
            if (!same(cur, raw)) {
                return false;
            }
            if (ttl == ExpiryTtl.EXPIRED) {
                d.delete();
                return true;
            }
            d.expire(ttl);
            return false;
        });
        if (expiredNow) {
            expired(key, raw);
        }
    }

    /** Read-through of a missing key: loads it and stores it unless something got there first. */
    private V loadAndStore(K key, byte[] sk) {
        V loaded = loader.load(key);
        if (loaded == null) {
            return null;
        }
        long ttl = expiry.creation();
        if (ttl == ExpiryTtl.EXPIRED) {
            return loaded;
        }
        Object stored = toStore(loaded);
        if (store.setIfAbsent(sk, stored, ttl)) {
            events.created(key, loaded);
            publish(EventType.CREATED, sk, null, stored);
        }
        return loaded;
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        requireOpen();
        requireKeys(keys);
        long start = ticker();
        List<K> list = new ArrayList<>(keys);
        List<byte[]> storeKeys = new ArrayList<>(list.size());
        for (K key : list) {
            storeKeys.add(storeKey(key));
        }
        List<Object> raws = list.isEmpty() ? List.of() : store.getAll(storeKeys);
        Map<K, V> result = new LinkedHashMap<>();
        List<K> missing = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object raw = raws.get(i);
            if (raw != null) {
                result.put(list.get(i), fromStore(raw));
                touch(list.get(i), storeKeys.get(i), raw);
            } else {
                missing.add(list.get(i));
            }
        }
        if (statisticsEnabled) {
            statistics.hits(result.size());
            statistics.misses(missing.size());
        }
        if (!missing.isEmpty() && configuration.isReadThrough() && loader != null) {
            Map<K, V> loaded = loader.loadAll(missing);
            for (K key : missing) {
                V value = loaded.get(key);
                if (value != null) {
                    storeLoaded(key, value, false);
                    result.put(key, value);
                }
            }
        }
        if (statisticsEnabled) {
            statistics.getTime(System.nanoTime() - start);
        }
        return result;
    }

    /** Stores a loaded value (no writer): created, or replaced if {@code replace}. */
    private void storeLoaded(K key, V value, boolean replace) {
        byte[] sk = storeKey(key);
        Object stored = toStore(value);
        Outcome outcome = store.compute(sk, (cur, t, d) -> {
            if (cur != null && !replace) {
                return Outcome.of(Outcome.KEPT, cur);
            }
            return writeValue(cur, stored, d);
        });
        if (outcome.kind == Outcome.CREATED || outcome.kind == Outcome.UPDATED) {
            if (outcome.kind == Outcome.CREATED) {
                events.created(key, value);
                publish(EventType.CREATED, sk, null, stored);
            } else {
                V old = events.oldValueRequired(EventType.UPDATED) ? fromStore(outcome.old) : null;
                events.updated(key, value, old);
                publish(EventType.UPDATED, sk, outcome.old, stored);
            }
        }
    }

    @Override
    public boolean containsKey(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return store.exists(storeKey(key));
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
        requireOpen();
        requireKeys(keys);
        if (loader == null) {
            if (completionListener != null) {
                completionListener.onCompletion();
            }
            return;
        }
        List<K> list = new ArrayList<>(keys);
        LOADERS.execute(() -> {
            try {
                List<K> toLoad = new ArrayList<>();
                for (K key : list) {
                    if (replaceExistingValues || !store.exists(storeKey(key))) {
                        toLoad.add(key);
                    }
                }
                if (!toLoad.isEmpty()) {
                    Map<K, V> loaded = loader.loadAll(toLoad);
                    for (Map.Entry<K, V> e : loaded.entrySet()) {
                        if (e.getKey() != null && e.getValue() != null) {
                            storeLoaded(e.getKey(), e.getValue(), replaceExistingValues);
                        }
                    }
                }
                if (completionListener != null) {
                    completionListener.onCompletion();
                }
            } catch (Exception e) {
                if (completionListener != null) {
                    completionListener.onException(e);
                } else {
                    LOG.log(Level.WARNING, "loadAll of cache " + name + " failed", e);
                }
            }
        });
    }

    // ---- writes ------------------------------------------------------------------------------

    @Override
    public void put(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkTypes(key, value);
        long start = ticker();
        if (writer != null) {
            writer.write(new QuicksilverEntry<>(key, value));
        }
        putStored(key, value, storeKey(key));
        if (statisticsEnabled) {
            statistics.putTime(System.nanoTime() - start);
        }
    }

    /** The store write of a put (the writer has been called). */
    private void putStored(K key, V value, byte[] sk) {
        Object stored = toStore(value);
        if (!events.active() && remoteEvents == null && expiry.updateSameAsCreation()) {
            // fast path: one SET (PX), nothing to learn from the old value
            long ttl = expiry.creation();
            if (ttl == ExpiryTtl.EXPIRED) {
                store.delete(sk);
                return;
            }
            store.set(sk, stored, ttl);
            if (statisticsEnabled) {
                statistics.puts(1);
            }
            return;
        }
        Outcome outcome = store.compute(sk, (cur, t, d) -> writeValue(cur, stored, d));
        afterWrite(key, value, outcome, sk, stored);
    }

    @Override
    public V getAndPut(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkTypes(key, value);
        long start = ticker();
        if (writer != null) {
            writer.write(new QuicksilverEntry<>(key, value));
        }
        byte[] sk = storeKey(key);
        Object stored = toStore(value);
        Outcome outcome = store.compute(sk, (cur, t, d) -> writeValue(cur, stored, d));
        if (statisticsEnabled) {
            if (outcome.old != null) {
                statistics.hits(1);
            } else {
                statistics.misses(1);
            }
        }
        afterWrite(key, value, outcome, sk, stored);
        if (statisticsEnabled) {
            long elapsed = System.nanoTime() - start;
            statistics.getTime(elapsed);
            statistics.putTime(elapsed);
        }
        return fromStore(outcome.old);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        requireOpen();
        Objects.requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
            Objects.requireNonNull(e.getKey(), "a key is null");
            Objects.requireNonNull(e.getValue(), "a value is null");
            checkTypes(e.getKey(), e.getValue());
        }
        long start = ticker();
        Map<K, V> toStore = new LinkedHashMap<>(map);
        RuntimeException failure = null;
        if (writer != null && !toStore.isEmpty()) {
            List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>(toStore.size());
            for (Map.Entry<K, V> e : toStore.entrySet()) {
                entries.add(new QuicksilverEntry<>(e.getKey(), e.getValue()));
            }
            try {
                writer.writeAll(entries);
            } catch (RuntimeException e) {
                failure = e;
                // what the writer left in the collection was not written: do not store it
                for (Cache.Entry<? extends K, ? extends V> left : entries) {
                    toStore.remove(left.getKey());
                }
            }
        }
        for (Map.Entry<K, V> e : toStore.entrySet()) {
            putStored(e.getKey(), e.getValue(), storeKey(e.getKey()));
        }
        if (statisticsEnabled) {
            statistics.putTime(System.nanoTime() - start);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkTypes(key, value);
        long start = ticker();
        byte[] sk = storeKey(key);
        Object stored = toStore(value);
        Outcome outcome = store.compute(sk, (cur, t, d) -> {
            if (cur != null) {
                return Outcome.of(Outcome.KEPT, cur);
            }
            if (writer != null) {
                writer.write(new QuicksilverEntry<>(key, value));
            }
            Outcome o = writeValue(null, stored, d);
            // "absent" even if the creation duration is zero and nothing was stored
            return o.kind == Outcome.NOTHING ? Outcome.of(Outcome.NOT_STORED, null) : o;
        });
        boolean absent = outcome.kind != Outcome.KEPT;
        if (statisticsEnabled) {
            if (absent) {
                statistics.misses(1);
            } else {
                statistics.hits(1);
            }
        }
        if (outcome.kind == Outcome.CREATED) {
            afterWrite(key, value, outcome, sk, stored);
        }
        if (statisticsEnabled) {
            statistics.putTime(System.nanoTime() - start);
        }
        return absent;
    }

    @Override
    public boolean remove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = ticker();
        if (writer != null) {
            writer.delete(key);
        }
        byte[] sk = storeKey(key);
        boolean existed;
        Object old = null;
        if (events.oldValueRequired(EventType.REMOVED) || remoteEvents != null) {
            old = store.getAndDelete(sk);
            existed = old != null;
        } else {
            existed = store.delete(sk);
        }
        if (existed) {
            removed(key, old, sk);
        }
        if (statisticsEnabled) {
            statistics.removeTime(System.nanoTime() - start);
        }
        return existed;
    }

    @Override
    public boolean remove(K key, V oldValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        long start = ticker();
        byte[] sk = storeKey(key);
        Outcome outcome = store.compute(sk, (cur, t, d) -> {
            if (cur == null) {
                return Outcome.of(Outcome.NOTHING, null);
            }
            if (!oldValue.equals(fromStore(cur))) {
                return access(cur, d);
            }
            if (writer != null) {
                writer.delete(key);
            }
            d.delete();
            return Outcome.of(Outcome.REMOVED, cur);
        });
        countPresence(outcome);
        if (outcome.kind == Outcome.REMOVED) {
            removed(key, outcome.old, sk);
        } else if (outcome.kind == Outcome.EXPIRED) {
            expired(key, outcome.old);
        }
        if (statisticsEnabled) {
            statistics.removeTime(System.nanoTime() - start);
        }
        return outcome.kind == Outcome.REMOVED;
    }

    @Override
    public V getAndRemove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        long start = ticker();
        if (writer != null) {
            writer.delete(key);
        }
        byte[] sk = storeKey(key);
        Object old = store.getAndDelete(sk);
        if (statisticsEnabled) {
            if (old != null) {
                statistics.hits(1);
            } else {
                statistics.misses(1);
            }
        }
        if (old != null) {
            removed(key, old, sk);
        }
        if (statisticsEnabled) {
            long elapsed = System.nanoTime() - start;
            statistics.getTime(elapsed);
            statistics.removeTime(elapsed);
        }
        return fromStore(old);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        checkTypes(key, newValue);
        long start = ticker();
        byte[] sk = storeKey(key);
        Object stored = toStore(newValue);
        Outcome outcome = store.compute(sk, (cur, t, d) -> {
            if (cur == null) {
                return Outcome.of(Outcome.NOTHING, null);
            }
            if (!oldValue.equals(fromStore(cur))) {
                return access(cur, d);
            }
            if (writer != null) {
                writer.write(new QuicksilverEntry<>(key, newValue));
            }
            return writeValue(cur, stored, d);
        });
        countPresence(outcome);
        afterWrite(key, newValue, outcome, sk, stored);
        if (statisticsEnabled) {
            statistics.putTime(System.nanoTime() - start);
        }
        return outcome.kind == Outcome.UPDATED;
    }

    @Override
    public boolean replace(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkTypes(key, value);
        return getAndReplace0(key, value) != null;
    }

    @Override
    public V getAndReplace(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkTypes(key, value);
        return fromStore(getAndReplace0(key, value));
    }

    /** Statistics of a conditional write: a hit when the key was present, a miss when it was not. */
    private void countPresence(Outcome outcome) {
        if (statisticsEnabled) {
            if (outcome.kind == Outcome.NOTHING) {
                statistics.misses(1);
            } else {
                statistics.hits(1);
            }
        }
    }

    /** Replaces a present value; returns the old stored value, or null if absent. */
    private Object getAndReplace0(K key, V value) {
        long start = ticker();
        byte[] sk = storeKey(key);
        Object stored = toStore(value);
        Outcome outcome = store.compute(sk, (cur, t, d) -> {
            if (cur == null) {
                return Outcome.of(Outcome.NOTHING, null);
            }
            if (writer != null) {
                writer.write(new QuicksilverEntry<>(key, value));
            }
            return writeValue(cur, stored, d);
        });
        countPresence(outcome);
        afterWrite(key, value, outcome, sk, stored);
        if (statisticsEnabled) {
            long elapsed = System.nanoTime() - start;
            statistics.getTime(elapsed);
            statistics.putTime(elapsed);
        }
        return outcome.old;
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        requireOpen();
        requireKeys(keys);
        removeKeys(new ArrayList<>(keys));
    }

    @Override
    public void removeAll() {
        requireOpen();
        List<K> keys = new ArrayList<>();
        store.scan(prefix, sk -> {
            try {
                keys.add(keyOf(sk));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "removeAll skips an undecodable key of cache " + name, e);
            }
        });
        removeKeys(keys);
    }

    private void removeKeys(List<K> keys) {
        long start = ticker();
        Set<K> toRemove = new LinkedHashSet<>(keys);
        RuntimeException failure = null;
        if (writer != null && !toRemove.isEmpty()) {
            List<K> pending = new ArrayList<>(toRemove);
            try {
                writer.deleteAll(pending);
            } catch (RuntimeException e) {
                failure = e;
                // what the writer left in the collection was not deleted: keep it in the cache
                toRemove.removeAll(pending);
            }
        }
        boolean wantOld = events.oldValueRequired(EventType.REMOVED) || remoteEvents != null;
        for (K key : toRemove) {
            byte[] sk = storeKey(key);
            Object old = null;
            boolean existed;
            if (wantOld) {
                old = store.getAndDelete(sk);
                existed = old != null;
            } else {
                existed = store.delete(sk);
            }
            if (existed) {
                removed(key, old, sk);
            }
        }
        if (statisticsEnabled) {
            statistics.removeTime(System.nanoTime() - start);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void clear() {
        requireOpen();
        store.deleteByPrefix(prefix);
    }

    // ---- entry processors --------------------------------------------------------------------

    /** What an entry processor did, as returned by the mutation. */
    private static final class Invocation<K, V, T> {
        final T result;
        final ProcessorEntry<K, V> entry;
        final Object currentRaw;
        final Object stored;
        final Outcome outcome;

        Invocation(T result, ProcessorEntry<K, V> entry, Object currentRaw, Object stored, Outcome outcome) {
            this.result = result;
            this.entry = entry;
            this.currentRaw = currentRaw;
            this.stored = stored;
            this.outcome = outcome;
        }
    }

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        long start = ticker();
        byte[] sk = storeKey(key);
        Invocation<K, V, T> inv;
        try {
            inv = store.compute(sk, (cur, t, d) -> process(key, entryProcessor, arguments, cur, d));
        } catch (EntryProcessorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EntryProcessorException(e);
        }
        if (statisticsEnabled) {
            if (inv.currentRaw != null) {
                statistics.hits(1);
            } else {
                statistics.misses(1);
            }
        }
        ProcessorEntry<K, V> entry = inv.entry;
        switch (entry.operation()) {
            case ACCESS:
                if (inv.outcome.kind == Outcome.EXPIRED) {
                    expired(key, inv.currentRaw);
                }
                break;
            case LOAD:
                if (inv.outcome.kind == Outcome.CREATED) {
                    events.created(key, entry.value());
                    publish(EventType.CREATED, sk, null, inv.stored);
                }
                break;
            case CREATE:
            case UPDATE:
                afterWrite(key, entry.value(), inv.outcome, sk, inv.stored);
                break;
            case REMOVE:
                if (inv.currentRaw != null) {
                    removed(key, inv.currentRaw, sk);
                }
                break;
            default:
                break;
        }
        if (statisticsEnabled) {
            statistics.getTime(System.nanoTime() - start);
        }
        return inv.result;
    }

    /** One run of an entry processor on the current value, recording the write in {@code d}. */
    private <T> Invocation<K, V, T> process(K key, EntryProcessor<K, V, T> processor, Object[] arguments,
            Object cur, Mutation.Decision d) {
        d.reset();
        V original = fromStore(cur);
        ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, original,
                configuration.isReadThrough() && loader != null ? loader::load : null);
        T result;
        try {
            result = processor.process(entry, arguments);
        } catch (EntryProcessorException e) {
            throw e;
        } catch (Exception e) {
            throw new EntryProcessorException(e);
        }
        Object stored = null;
        Outcome outcome = Outcome.of(Outcome.NOTHING, cur);
        switch (entry.operation()) {
            case ACCESS:
                outcome = access(cur, d);
                break;
            case LOAD: {
                stored = toStore(entry.value());
                long ttl = expiry.creation();
                if (ttl != ExpiryTtl.EXPIRED) {
                    d.set(stored, ttl);
                    outcome = Outcome.of(Outcome.CREATED, null);
                }
                break;
            }
            case CREATE:
            case UPDATE:
                checkTypes(key, entry.value());
                if (writer != null) {
                    writer.write(new QuicksilverEntry<>(key, entry.value()));
                }
                stored = toStore(entry.value());
                outcome = writeValue(cur, stored, d);
                break;
            case REMOVE:
                if (writer != null) {
                    writer.delete(key);
                }
                if (cur != null) {
                    d.delete();
                }
                break;
            default:
                break;
        }
        return new Invocation<>(result, entry, cur, stored, outcome);
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
            EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
        requireOpen();
        requireKeys(keys);
        Objects.requireNonNull(entryProcessor, "entryProcessor");
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            try {
                T result = invoke(key, entryProcessor, arguments);
                if (result != null) {
                    results.put(key, () -> result);
                }
            } catch (EntryProcessorException e) {
                results.put(key, () -> {
                    throw e;
                });
            }
        }
        return results;
    }

    // ---- administration ----------------------------------------------------------------------

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    @Override
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
        synchronized (configuration) {
            QuicksilverConfiguration<K, V> copy = new QuicksilverConfiguration<>(configuration);
            if (clazz.isInstance(copy)) {
                return clazz.cast(copy);
            }
        }
        throw new IllegalArgumentException("the configuration is not a " + clazz.getName());
    }

    /** The live configuration (for the manager and the MXBean). */
    CompleteConfiguration<K, V> configuration() {
        return configuration;
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
            try {
                events.register(listenerConfiguration);
            } catch (RuntimeException e) {
                configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
                throw e;
            }
        }
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireOpen();
        Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
        synchronized (configuration) {
            configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
            events.deregister(listenerConfiguration);
        }
    }

    void setStatisticsEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setStatisticsEnabled(enabled);
        }
        statisticsEnabled = enabled;
        if (enabled) {
            Jmx.register(Jmx.Type.CacheStatistics, manager.getURI(), name, statistics);
        } else {
            Jmx.unregister(Jmx.Type.CacheStatistics, manager.getURI(), name);
        }
    }

    void setManagementEnabled(boolean enabled) {
        synchronized (configuration) {
            configuration.setManagementEnabled(enabled);
        }
        if (enabled) {
            Jmx.register(Jmx.Type.CacheConfiguration, manager.getURI(), name, mxBean);
        } else {
            Jmx.unregister(Jmx.Type.CacheConfiguration, manager.getURI(), name);
        }
    }

    /** The statistics of this cache (counted while statistics are enabled). */
    public CacheStatistics statistics() {
        return statistics;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        manager.forget(this);
        Jmx.unregister(Jmx.Type.CacheStatistics, manager.getURI(), name);
        Jmx.unregister(Jmx.Type.CacheConfiguration, manager.getURI(), name);
        expirySubscription.close();
        if (remoteEvents != null) {
            remoteEvents.close();
        }
        synchronized (this) {
            if (expiryEvents != null) {
                expiryEvents.shutdown();
            }
        }
        events.close();
        closeQuietly(expiry.policy());
        closeQuietly(loader == null ? null : loader.unwrap());
        closeQuietly(writer == null ? null : writer.unwrap());
    }

    private static void closeQuietly(Object o) {
        if (o instanceof Closeable || o instanceof AutoCloseable) {
            try {
                ((AutoCloseable) o).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + o.getClass().getName() + " failed", e);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        Store backend = store instanceof GuardedStore ? ((GuardedStore) store).delegate() : store;
        if (clazz.isInstance(backend)) {
            return clazz.cast(backend);
        }
        throw new IllegalArgumentException("cannot unwrap a cache to " + clazz.getName());
    }

    /**
     * Iterates over a snapshot of the keys taken when it starts (SCAN of the cache's prefix),
     * reading each value when it gets there; entries gone meanwhile are skipped.
     */
    @Override
    public Iterator<Cache.Entry<K, V>> iterator() {
        requireOpen();
        List<byte[]> keys = new ArrayList<>();
        store.scan(prefix, keys::add);
        return new Iterator<>() {
            private int index;
            private Cache.Entry<K, V> next;
            private K last;

            @Override
            public boolean hasNext() {
                requireOpen();
                while (next == null && index < keys.size()) {
                    byte[] sk = keys.get(index++);
                    Object raw = store.get(sk);
                    if (raw == null) {
                        continue;
                    }
                    K key;
                    try {
                        key = keyOf(sk);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "the iterator skips an undecodable key of cache " + name, e);
                        continue;
                    }
                    if (statisticsEnabled) {
                        statistics.hits(1);
                    }
                    touch(key, sk, raw);
                    next = new QuicksilverEntry<>(key, fromStore(raw));
                }
                return next != null;
            }

            @Override
            public Cache.Entry<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Cache.Entry<K, V> entry = next;
                next = null;
                last = entry.getKey();
                return entry;
            }

            @Override
            public void remove() {
                requireOpen();
                if (last == null) {
                    throw new IllegalStateException("next() first");
                }
                QuicksilverCache.this.remove(last);
                last = null;
            }
        };
    }

    @Override
    public String toString() {
        return "QuicksilverCache{" + name + " on " + store.describe() + "}";
    }
}
