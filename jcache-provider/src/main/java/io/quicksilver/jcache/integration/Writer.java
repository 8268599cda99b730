package io.quicksilver.jcache.integration;

import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/** A CacheWriter whose failures surface as {@link CacheWriterException}. */
public final class Writer<K, V> {
    private final CacheWriter<K, V> writer;

    public Writer(CacheWriter<K, V> writer) {
        this.writer = writer;
    }

    public CacheWriter<K, V> unwrap() {
        return writer;
    }

    public void write(Cache.Entry<? extends K, ? extends V> entry) {
        try {
            writer.write(entry);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("the CacheWriter failed to write " + entry.getKey() + ": " + e, e);
        }
    }

    /** Writes {@code entries}; on failure, those left in the collection were not written. */
    public void writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries) {
        try {
            writer.writeAll(entries);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("the CacheWriter failed: " + e, e);
        }
    }

    public void delete(Object key) {
        try {
            writer.delete(key);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("the CacheWriter failed to delete " + key + ": " + e, e);
        }
    }

    /** Deletes {@code keys}; on failure, those left in the collection were not deleted. */
    public void deleteAll(Collection<?> keys) {
        try {
            writer.deleteAll(keys);
        } catch (CacheWriterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheWriterException("the CacheWriter failed: " + e, e);
        }
    }
}
