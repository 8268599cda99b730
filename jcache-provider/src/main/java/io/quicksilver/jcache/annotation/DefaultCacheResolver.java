package io.quicksilver.jcache.annotation;

import java.lang.annotation.Annotation;
import java.lang.System.Logger.Level;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheResolver;
import javax.cache.configuration.MutableConfiguration;

/**
 * Resolves one cache by name in one {@link CacheManager}, creating it with a default
 * configuration when it does not exist. The cache found is remembered until it is closed (a
 * destroyed cache is closed), then looked up, or created, again. Thread-safe: two threads
 * creating the same missing cache at once both end with the one that won.
 */
final class DefaultCacheResolver implements CacheResolver {
    private static final System.Logger LOG = System.getLogger(DefaultCacheResolver.class.getName());

    private final CacheManager cacheManager;
    private final String cacheName;
    private volatile Cache<Object, Object> cache;

    DefaultCacheResolver(CacheManager cacheManager, String cacheName) {
        this.cacheManager = cacheManager;
        this.cacheName = cacheName;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
        Cache<Object, Object> c = cache;
        if (c == null || c.isClosed()) {
            c = lookUpOrCreate();
            cache = c;
        }
        return (Cache<K, V>) c;
    }

    private Cache<Object, Object> lookUpOrCreate() {
        Cache<Object, Object> c = cacheManager.getCache(cacheName);
        if (c != null) {
            return c;
        }
        LOG.log(Level.INFO, "No cache named ''{0}'' in {1}: creating it with the default configuration",
                cacheName, cacheManager.getURI());
        try {
            return cacheManager.createCache(cacheName, new MutableConfiguration<>());
        } catch (CacheException e) {
            // created by another thread between our lookup and our create
            c = cacheManager.getCache(cacheName);
            if (c == null) {
                throw e;
            }
            return c;
        }
    }
}
