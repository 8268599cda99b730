package io.quicksilver.jcache.annotation;

import java.lang.annotation.Annotation;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.spi.CachingProvider;

/**
 * The specification's default resolver factory: caches are looked up by name in the default
 * {@link CacheManager} of the default {@link CachingProvider} (both chosen with the thread's
 * context class loader when this factory is made), and created with a default
 * {@link javax.cache.configuration.MutableConfiguration} when missing. Thread-safe.
 */
public final class DefaultCacheResolverFactory implements CacheResolverFactory {
    private final CacheManager cacheManager;

    /** A factory over the default cache manager of the default caching provider. */
    public DefaultCacheResolverFactory() {
        CachingProvider provider = Caching.getCachingProvider();
        this.cacheManager = provider.getCacheManager(provider.getDefaultURI(), provider.getDefaultClassLoader());
    }

    /** A factory over {@code cacheManager}. */
    public DefaultCacheResolverFactory(CacheManager cacheManager) {
        this.cacheManager = cacheManager;
    }

    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
        return new DefaultCacheResolver(cacheManager, details.getCacheName());
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
        String name = details.getCacheAnnotation().exceptionCacheName();
        if (name.isBlank()) {
            throw new IllegalArgumentException("no exceptionCacheName on " + details.getMethod());
        }
        return new DefaultCacheResolver(cacheManager, name);
    }
}
