package io.quicksilver.samples.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Store;
import io.quicksilver.jcache.annotation.CacheAnnotationsExtension;
import java.nio.charset.StandardCharsets;
import javax.cache.Cache;
import javax.cache.Caching;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample's beans in Weld SE (CDI 4.0, as on Liberty) with Quicksilver's annotation extension:
 * the interceptors really cache, in the cache {@link PriceCacheSetup} created, under readable keys.
 */
class PriceServiceTest {
    private static WeldContainer container;

    @BeforeAll
    static void start() {
        container = new Weld("cache-app-test").disableDiscovery()
                .addExtension(new CacheAnnotationsExtension())
                .addBeanClasses(PriceCatalog.class, PriceService.class, PriceCacheSetup.class)
                .initialize();
    }

    @AfterAll
    static void stop() {
        container.shutdown();
        Caching.getCachingProvider().close();
    }

    @Test
    void cachesLooksUpAgainAfterEvictionAndTakesPuts() {
        PriceService prices = container.select(PriceService.class).get();
        PriceCatalog catalog = container.select(PriceCatalog.class).get();
        long before = catalog.lookups();

        String first = prices.price("test-apple");
        assertEquals(first, prices.price("test-apple"));
        assertEquals(before + 1, catalog.lookups(), "the second call is a hit");

        Cache<Object, Object> cache = Caching.getCachingProvider().getCacheManager().getCache(PriceService.CACHE);
        assertNotNull(cache, "created at start-up");
        assertEquals(first, cache.get(new SkuKey("test-apple")));
        // stored under the SKU's text: jcache:prices:test-apple, as redis-cli shows it
        byte[] key = "jcache:prices:test-apple".getBytes(StandardCharsets.UTF_8);
        assertTrue(cache.unwrap(Store.class).exists(key), "readable store key");

        prices.override("test-apple", "0.01");
        assertEquals("0.01", prices.price("test-apple"));
        assertEquals(before + 1, catalog.lookups(), "a put value is a hit");

        prices.evict("test-apple");
        assertEquals(first, prices.price("test-apple"));
        assertEquals(before + 2, catalog.lookups(), "looked up again after @CacheRemove");
    }
}
