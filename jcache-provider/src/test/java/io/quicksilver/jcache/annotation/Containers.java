package io.quicksilver.jcache.annotation;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** Weld SE containers for the tests, and the caches they use. */
final class Containers {
    private Containers() {
    }

    /**
     * A container whose one archive holds {@code beanClasses} in "annotated" discovery mode (the
     * CDI 4 default), with our extension.
     */
    static WeldContainer start(String id, Class<?>... beanClasses) {
        return new Weld(id)
                .disableDiscovery()
                .setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
                .addExtension(new CacheAnnotationsExtension())
                .addBeanClasses(beanClasses)
                .initialize();
    }

    /** The default cache manager of the default provider: where the default resolver puts caches. */
    static CacheManager cacheManager() {
        return Caching.getCachingProvider().getCacheManager();
    }

    /** The cache named {@code name}, or null. */
    static Cache<Object, Object> cache(String name) {
        return cacheManager().getCache(name);
    }

    /** Empties every cache of the default manager. */
    static void clearAll() {
        CacheManager manager = cacheManager();
        for (String name : manager.getCacheNames()) {
            Cache<Object, Object> cache = manager.getCache(name);
            if (cache != null) {
                cache.clear();
            }
        }
    }

    /** The key the default generator makes from {@code values}. */
    static DefaultGeneratedCacheKey key(Object... values) {
        return new DefaultGeneratedCacheKey(values);
    }
}
