package io.quicksilver.jcache.store;

import io.quicksilver.core.store.Mutation;
import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * The store as the caches use it: a backend failure ({@link StoreException}: connection lost,
 * WRONGTYPE for a key redis-cli made a hash, OOM) reaches the application as the
 * {@link CacheException} the JCache API promises. Anything else (what a mutation throws)
 * passes through as it is.
 */
public final class GuardedStore implements Store {
    private final Store store;

    public GuardedStore(Store store) {
        this.store = store;
    }

    /** The store this one guards. */
    public Store delegate() {
        return store;
    }

    private static CacheException wrap(StoreException e) {
        return new CacheException(e.getMessage(), e);
    }

    @Override
    public Object get(byte[] key) {
        try {
            return store.get(key);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public List<Object> getAll(List<byte[]> keys) {
        try {
            return store.getAll(keys);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public boolean exists(byte[] key) {
        try {
            return store.exists(key);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public void set(byte[] key, Object value, long ttlMillis) {
        try {
            store.set(key, value, ttlMillis);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public Object getAndSet(byte[] key, Object value, long ttlMillis) {
        try {
            return store.getAndSet(key, value, ttlMillis);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public boolean setIfAbsent(byte[] key, Object value, long ttlMillis) {
        try {
            return store.setIfAbsent(key, value, ttlMillis);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public boolean delete(byte[] key) {
        try {
            return store.delete(key);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public Object getAndDelete(byte[] key) {
        try {
            return store.getAndDelete(key);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public boolean expire(byte[] key, long ttlMillis) {
        try {
            return store.expire(key, ttlMillis);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public long ttl(byte[] key) {
        try {
            return store.ttl(key);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public <R> R compute(byte[] key, Mutation<R> mutation) {
        try {
            return store.compute(key, mutation);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public Map<String, byte[]> hgetAll(byte[] key) {
        try {
            return store.hgetAll(key);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public byte[] hget(byte[] key, String field) {
        try {
            return store.hget(key, field);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public boolean hupdate(byte[] key, Map<String, byte[]> set, Collection<String> delete, long ttlMillis,
            boolean onlyIfExists) {
        try {
            return store.hupdate(key, set, delete, ttlMillis, onlyIfExists);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public long sadd(byte[] key, Collection<byte[]> members, long ttlMillis) {
        try {
            return store.sadd(key, members, ttlMillis);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public long srem(byte[] key, Collection<byte[]> members) {
        try {
            return store.srem(key, members);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public List<byte[]> smembers(byte[] key) {
        try {
            return store.smembers(key);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public void scan(byte[] prefix, Consumer<byte[]> consumer) {
        try {
            store.scan(prefix, consumer);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public long deleteByPrefix(byte[] prefix) {
        try {
            return store.deleteByPrefix(prefix);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public long publish(byte[] channel, byte[] message) {
        try {
            return store.publish(channel, message);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public Subscription subscribe(byte[] channel, MessageListener listener) {
        try {
            return store.subscribe(channel, listener);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public Subscription onExpired(byte[] prefix, ExpiryListener listener) {
        try {
            return store.onExpired(prefix, listener);
        } catch (StoreException e) {
            throw wrap(e);
        }
    }

    @Override
    public boolean ping(Duration timeout) {
        return store.ping(timeout);
    }

    @Override
    public boolean byReference() {
        return store.byReference();
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
