package io.quicksilver.jcache.annotation.beans;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;

/**
 * A resolver factory that is a CDI bean (it has an injected field): caches are named
 * {@code prefix + name}. Records every method it is asked about.
 */
@ApplicationScoped
public class PrefixingResolverFactory implements CacheResolverFactory {
    @Inject
    CachePrefix prefix;

    private final List<String> asked = new CopyOnWriteArrayList<>();

    public List<String> asked() {
        return asked;
    }

    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
        asked.add(details.getMethod().getName() + " " + details.getCacheName());
        return resolver(prefix.prefix() + details.getCacheName());
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
        return resolver(prefix.prefix() + details.getCacheAnnotation().exceptionCacheName());
    }

    private static CacheResolver resolver(String name) {
        return new CacheResolver() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Cache<K, V> resolveCache(javax.cache.annotation.CacheInvocationContext<? extends Annotation> ctx) {
                CacheManager manager = Caching.getCachingProvider().getCacheManager();
                Cache<K, V> cache = manager.getCache(name);
                return cache != null ? cache : (Cache<K, V>) manager.createCache(name, new MutableConfiguration<>());
            }
        };
    }
}
