package io.quicksilver.jcache.integration;

import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/** A CacheLoader whose failures surface as {@link CacheLoaderException}. */
public final class Loader<K, V> {
    private final CacheLoader<K, V> loader;

    public Loader(CacheLoader<K, V> loader) {
        this.loader = loader;
    }

    public CacheLoader<K, V> unwrap() {
        return loader;
    }

    /** The loaded value of {@code key}, or null. */
    public V load(K key) {
        try {
            return loader.load(key);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException("the CacheLoader failed for key " + key + ": " + e, e);
        }
    }

    /** The loaded values of {@code keys} (absent or null for those it has none for). */
    @SuppressWarnings("unchecked")
    public Map<K, V> loadAll(Iterable<? extends K> keys) {
        try {
            Map<K, V> result = loader.loadAll((Iterable<K>) keys);
            return result == null ? Map.of() : result;
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException("the CacheLoader failed: " + e, e);
        }
    }
}
