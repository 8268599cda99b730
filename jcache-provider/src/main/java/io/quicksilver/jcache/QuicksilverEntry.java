package io.quicksilver.jcache;

import javax.cache.Cache;

/** An entry handed out by the iterator and to the CacheWriter: a key and a value. */
public final class QuicksilverEntry<K, V> implements Cache.Entry<K, V> {
    private final K key;
    private final V value;

    public QuicksilverEntry(K key, V value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("cannot unwrap an entry to " + clazz.getName());
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
