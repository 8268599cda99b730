package io.quicksilver.jcache.annotation.beans;

import jakarta.enterprise.context.Dependent;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import io.quicksilver.jcache.annotation.DefaultCacheKeyGenerator;

/** Resolver factory, key generator and cache name from {@code @CacheDefaults}; methods override some. */
@Dependent
@CacheDefaults(cacheName = "defaultsCache", cacheKeyGenerator = UpperCaseKeyGenerator.class,
        cacheResolverFactory = PrefixingResolverFactory.class)
public class DefaultsBean {
    public static final Calls CALLS = new Calls();

    @CacheResult
    public String fromDefaults(String s) {
        return s + "#" + CALLS.count("fromDefaults");
    }

    @CacheResult(cacheName = "own", cacheKeyGenerator = DefaultCacheKeyGenerator.class)
    public String overridden(String s) {
        return s + "#" + CALLS.count("overridden");
    }

    /** The annotation's own defaults (the interfaces themselves) mean "not set": @CacheDefaults applies. */
    @CacheResult(cacheKeyGenerator = CacheKeyGenerator.class, cacheResolverFactory = CacheResolverFactory.class)
    public String explicitDefaults(String s) {
        return s + "#" + CALLS.count("explicitDefaults");
    }
}
