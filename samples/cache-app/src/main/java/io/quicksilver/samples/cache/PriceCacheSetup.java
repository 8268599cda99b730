package io.quicksilver.samples.cache;

import io.quicksilver.jcache.configuration.QuicksilverConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.lang.System.Logger.Level;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;

/**
 * Creates the cache {@value PriceService#CACHE} when the application starts, in the default
 * {@code CacheManager} the annotations use: prices live ten minutes, keys are stored as their
 * SKU's text ({@link SkuKeyCodec}), values (Strings) as their text. Without it the interceptors
 * would create an eternal cache with Java-serialized keys.
 */
@ApplicationScoped
public class PriceCacheSetup {
    private static final System.Logger LOG = System.getLogger(PriceCacheSetup.class.getName());

    /** Creates the cache unless the manager has it already (e.g. a redeployment on a shared store). */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        CacheManager manager = Caching.getCachingProvider().getCacheManager();
        Cache<Object, Object> cache = manager.getCache(PriceService.CACHE);
        if (cache == null) {
            manager.createCache(PriceService.CACHE, new QuicksilverConfiguration<Object, Object>()
                    .setKeyCodecFactory(FactoryBuilder.factoryOf(SkuKeyCodec.class))
                    .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.TEN_MINUTES))
                    .setStatisticsEnabled(true));
        }
        LOG.log(Level.INFO, "cache {0} ready in {1}", PriceService.CACHE, manager.getURI());
    }
}
