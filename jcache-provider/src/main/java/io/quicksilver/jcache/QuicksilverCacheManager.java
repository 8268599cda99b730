package io.quicksilver.jcache;

import io.quicksilver.core.listener.EmbeddedListener;
import io.quicksilver.core.listener.EmbeddedListeners;
import io.quicksilver.core.store.EngineStore;
import io.quicksilver.core.store.Store;
import io.quicksilver.jcache.configuration.PropertiesConfig;
import io.quicksilver.jcache.configuration.QuicksilverConfiguration;
import io.quicksilver.jcache.mp.MicroProfileConfig;
import io.quicksilver.jcache.store.GuardedStore;
import io.quicksilver.jcache.store.KeySchema;
import io.quicksilver.jcache.store.StoreRegistry;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * A cache manager: one per (URI, ClassLoader). Its URI picks the store: a store URI
 * ({@code quicksilver:embedded}, {@code redis://host:port}, ...) is that store; any other URI is a
 * namespace of the default store ({@code quicksilver.jcache.uri}, else the embedded engine), so
 * managers of different URIs never see each other's caches. Caches declared by
 * {@code quicksilver.cache.<name>.*} properties exist from the start.
 *
 * <p>Thread-safe.
 */
public final class QuicksilverCacheManager implements CacheManager {
    /** The store every manager uses unless its URI or {@code quicksilver.jcache.uri} names another. */
    public static final URI EMBEDDED = URI.create("quicksilver:embedded");

    private final QuicksilverCachingProvider provider;
    private final URI uri;
    private final WeakReference<ClassLoader> classLoader;
    private final Properties properties;
    private final URI storeUri;
    private final GuardedStore store;
    private final KeySchema schema;
    private final Map<String, QuicksilverCache<?, ?>> caches = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private EmbeddedListener listener; // set once by the constructor; null if none

    QuicksilverCacheManager(QuicksilverCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
        this.provider = provider;
        this.uri = uri;
        this.classLoader = new WeakReference<>(classLoader);
        this.properties = properties;
        PropertiesConfig config = MicroProfileConfig.config(properties, classLoader);
        boolean storeUri = StoreRegistry.isStoreUri(uri);
        this.storeUri = storeUri ? uri : config.uri().orElse(EMBEDDED);
        this.schema = new KeySchema(config.prefix(), storeUri ? null : uri.toString());
        this.store = new GuardedStore(StoreRegistry.acquire(this.storeUri, config.storeProperties()));
        try {
            // embedded: quicksilver.server.port switches on a RESP listener on the engine (quicksilver-server)
            this.listener = store.delegate() instanceof EngineStore embedded ? EmbeddedListeners.startIfConfigured(
                    embedded.engine(), MicroProfileConfig.standard(properties, classLoader)).orElse(null) : null;
            for (String name : config.declaredCaches()) {
                createCache(name, config.cacheConfiguration(name));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the cache manager " + uri + " is closed");
        }
    }

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader.get();
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    /** The URI of the store this manager's caches live in. */
    public URI getStoreURI() {
        return storeUri;
    }

    /** The key schema of this manager (its prefix and namespace). */
    public KeySchema keySchema() {
        return schema;
    }

    @Override
    public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(configuration, "configuration");
        synchronized (caches) {
            if (caches.containsKey(cacheName)) {
                throw new CacheException("cache " + cacheName + " exists already");
            }
            ClassLoader loader = getClassLoader();
            QuicksilverCache<K, V> cache = new QuicksilverCache<>(this, cacheName,
                    new QuicksilverConfiguration<>(configuration), store, schema.cachePrefix(cacheName),
                    loader != null ? loader : getClass().getClassLoader());
            caches.put(cacheName, cache);
            return cache;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        QuicksilverCache<?, ?> cache = caches.get(cacheName);
        if (cache == null) {
            return null;
        }
        Class<?> configuredKey = cache.configuration().getKeyType();
        Class<?> configuredValue = cache.configuration().getValueType();
        if (!keyType.equals(configuredKey)) {
            throw new ClassCastException("cache " + cacheName + " has keys of " + configuredKey.getName()
                    + ", not " + keyType.getName());
        }
        if (!valueType.equals(configuredValue)) {
            throw new ClassCastException("cache " + cacheName + " has values of " + configuredValue.getName()
                    + ", not " + valueType.getName());
        }
        return (Cache<K, V>) cache;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        return (Cache<K, V>) caches.get(cacheName);
    }

    @Override
    public Iterable<String> getCacheNames() {
        requireOpen();
        return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
    }

    /** Closes the cache of that name if this manager has one, and deletes its entries from the store. */
    @Override
    public void destroyCache(String cacheName) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        QuicksilverCache<?, ?> cache = caches.get(cacheName);
        store.deleteByPrefix(schema.cachePrefix(cacheName));
        if (cache != null) {
            cache.close();
        }
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        QuicksilverCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setManagementEnabled(enabled);
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        requireOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        QuicksilverCache<?, ?> cache = caches.get(cacheName);
        if (cache != null) {
            cache.setStatisticsEnabled(enabled);
        }
    }

    /** A closed cache leaves its manager. */
    void forget(QuicksilverCache<?, ?> cache) {
        caches.remove(cache.getName(), cache);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        provider.forget(this);
        try {
            for (QuicksilverCache<?, ?> cache : new ArrayList<>(caches.values())) {
                cache.close();
            }
            caches.clear();
        } finally {
            if (listener != null) {
                listener.close();
            }
            StoreRegistry.release(storeUri);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        Store backend = store.delegate();
        if (clazz.isInstance(backend)) {
            return clazz.cast(backend);
        }
        throw new IllegalArgumentException("cannot unwrap a cache manager to " + clazz.getName());
    }

    @Override
    public String toString() {
        return "QuicksilverCacheManager{" + uri + " on " + storeUri + "}";
    }
}
