package io.quicksilver.samples.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * Prices through the cache {@value #CACHE}: the JSR-107 annotations, intercepted by
 * Quicksilver's CDI extension, decide when the {@link PriceCatalog} is asked.
 */
@ApplicationScoped
@CacheDefaults(cacheName = PriceService.CACHE, cacheKeyGenerator = SkuKeyGenerator.class)
public class PriceService {
    /** The name of the cache (created by {@link PriceCacheSetup}). */
    public static final String CACHE = "prices";

    private final PriceCatalog catalog;

    /** For CDI's proxy. */
    protected PriceService() {
        this.catalog = null;
    }

    /** A service asking {@code catalog} on a cache miss. */
    @Inject
    public PriceService(PriceCatalog catalog) {
        this.catalog = catalog;
    }

    /** The price of {@code sku}: from the cache, else looked up (slowly) once and cached. */
    @CacheResult
    public String price(String sku) {
        return catalog.lookup(sku);
    }

    /** Sets the cached price of {@code sku} (the catalog is not asked). */
    @CachePut
    public void override(@CacheKey String sku, @CacheValue String price) {
        // the interceptor puts the value after this returns
    }

    /** Forgets the cached price of {@code sku}: the next {@link #price} looks it up again. */
    @CacheRemove
    public void evict(String sku) {
        // the interceptor removes the entry after this returns
    }
}
