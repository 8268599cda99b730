package io.quicksilver.jcache.annotation.beans;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll} on one cache (named by
 * {@code @CacheDefaults}), read back through a {@code @CacheResult} method with the same key.
 * A method given a non-null exception throws it after (or instead of) its work.
 */
@ApplicationScoped
@CacheDefaults(cacheName = "store")
public class PutRemoveBean {
    private final Calls calls = new Calls();

    public Calls calls() {
        return calls;
    }

    @CacheResult
    public String get(String id) {
        return "computed " + id + "#" + calls.count("get");
    }

    @CachePut
    public void put(@CacheKey String id, @CacheValue String value, RuntimeException toThrow) {
        calls.count("put");
        throwIf(toThrow);
    }

    @CachePut(afterInvocation = false)
    public void putBefore(@CacheKey String id, @CacheValue String value, RuntimeException toThrow) {
        calls.count("putBefore");
        throwIf(toThrow);
    }

    @CachePut(cacheFor = RuntimeException.class, noCacheFor = IllegalArgumentException.class)
    public void putFor(@CacheKey String id, @CacheValue String value, RuntimeException toThrow) {
        throwIf(toThrow);
    }

    @CachePut(noCacheFor = IllegalArgumentException.class)
    public void putUnlessIllegalArgument(@CacheKey String id, @CacheValue String value, RuntimeException toThrow) {
        throwIf(toThrow);
    }

    /** The value is the first parameter: the key is every other one. */
    @CachePut
    public void putValueFirst(@CacheValue String value, String id) {
    }

    @CacheRemove
    public void remove(@CacheKey String id, RuntimeException toThrow) {
        calls.count("remove");
        throwIf(toThrow);
    }

    @CacheRemove(afterInvocation = false)
    public void removeBefore(@CacheKey String id, RuntimeException toThrow) {
        throwIf(toThrow);
    }

    @CacheRemove(evictFor = IllegalStateException.class)
    public void removeFor(@CacheKey String id, RuntimeException toThrow) {
        throwIf(toThrow);
    }

    @CacheRemove(noEvictFor = IllegalArgumentException.class)
    public void removeUnlessIllegalArgument(@CacheKey String id, RuntimeException toThrow) {
        throwIf(toThrow);
    }

    @CacheRemoveAll
    public void removeAll(RuntimeException toThrow) {
        calls.count("removeAll");
        throwIf(toThrow);
    }

    @CacheRemoveAll(afterInvocation = false)
    public void removeAllBefore(RuntimeException toThrow) {
        throwIf(toThrow);
    }

    @CacheRemoveAll(evictFor = RuntimeException.class, noEvictFor = IllegalArgumentException.class)
    public void removeAllFor(RuntimeException toThrow) {
        throwIf(toThrow);
    }

    private static void throwIf(RuntimeException e) {
        if (e != null) {
            throw e;
        }
    }
}
