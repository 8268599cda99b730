package io.quicksilver.jcache;

import io.quicksilver.jcache.mp.MicroProfileConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The Quicksilver JCache provider ({@code Caching.getCachingProvider(
 * "io.quicksilver.jcache.QuicksilverCachingProvider")}). Its default URI is the System property
 * {@code quicksilver.jcache.uri}, else {@code quicksilver:embedded} (the engine in this JVM).
 * Managers are kept per (URI, ClassLoader).
 *
 * <p>Thread-safe.
 */
public final class QuicksilverCachingProvider implements CachingProvider {
    private final Map<ClassLoader, Map<URI, QuicksilverCacheManager>> managers = new WeakHashMap<>();

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        synchronized (managers) {
            Map<URI, QuicksilverCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
            QuicksilverCacheManager manager = byUri.get(managerUri);
            if (manager == null || manager.isClosed()) {
                manager = new QuicksilverCacheManager(this, managerUri, loader,
                        properties == null ? new Properties() : properties);
                byUri.put(managerUri, manager);
            }
            return manager;
        }
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : QuicksilverCachingProvider.class.getClassLoader();
    }

    @Override
    public URI getDefaultURI() {
        return MicroProfileConfig.config(null, getDefaultClassLoader()).uri().orElse(QuicksilverCacheManager.EMBEDDED);
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, null);
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(null, null, null);
    }

    @Override
    public void close() {
        List<QuicksilverCacheManager> all = new ArrayList<>();
        synchronized (managers) {
            for (Map<URI, QuicksilverCacheManager> byUri : managers.values()) {
                all.addAll(byUri.values());
            }
            managers.clear();
        }
        all.forEach(QuicksilverCacheManager::close);
    }

    @Override
    public void close(ClassLoader classLoader) {
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Map<URI, QuicksilverCacheManager> byUri;
        synchronized (managers) {
            byUri = managers.remove(loader);
        }
        if (byUri != null) {
            new ArrayList<>(byUri.values()).forEach(QuicksilverCacheManager::close);
        }
    }

    @Override
    public void close(URI uri, ClassLoader classLoader) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        QuicksilverCacheManager manager = null;
        synchronized (managers) {
            Map<URI, QuicksilverCacheManager> byUri = managers.get(loader);
            if (byUri != null) {
                manager = byUri.remove(managerUri);
                if (byUri.isEmpty()) {
                    managers.remove(loader);
                }
            }
        }
        if (manager != null) {
            manager.close();
        }
    }

    /** A closed manager leaves the provider. */
    void forget(QuicksilverCacheManager manager) {
        synchronized (managers) {
            ClassLoader loader = manager.getClassLoader();
            Map<URI, QuicksilverCacheManager> byUri = loader == null ? null : managers.get(loader);
            if (byUri != null && byUri.get(manager.getURI()) == manager) {
                byUri.remove(manager.getURI());
            }
        }
    }

    /**
     * STORE_BY_REFERENCE is supported when the default store is embedded. A remote store keeps
     * bytes only: with a remote default, createCache refuses by-reference configurations; with an
     * embedded default, a by-reference cache of a manager whose URI is remote stores by value.
     */
    @Override
    public boolean isSupported(OptionalFeature optionalFeature) {
        if (optionalFeature == OptionalFeature.STORE_BY_REFERENCE) {
            return "quicksilver".equals(getDefaultURI().getScheme());
        }
        return false;
    }
}
