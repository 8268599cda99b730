package io.quicksilver.jcache.store;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreProvider;
import io.quicksilver.core.store.Stores;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import javax.cache.CacheException;

/**
 * The stores of this JVM's cache managers: each distinct store URI is opened once, shared by the
 * managers that name it, and closed when the last of them releases it.
 */
public final class StoreRegistry {
    /** The schemes a Quicksilver store accepts besides those of installed providers. */
    private static final Set<String> REMOTE_SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel",
            "redis-cluster", "rediss-cluster");

    private static final Map<URI, Entry> OPEN = new HashMap<>();

    private StoreRegistry() {
    }

    private static final class Entry {
        final Store store;
        int users;

        Entry(Store store) {
            this.store = store;
        }
    }

    /**
     * True if {@code uri} names a store ({@code quicksilver:embedded[:name]}, {@code redis://},
     * {@code rediss://}, {@code redis-sentinel://}, {@code redis-cluster://}, or a scheme an
     * installed {@link StoreProvider} accepts) rather than a namespace of the default store.
     */
    public static boolean isStoreUri(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            return false;
        }
        if (scheme.equals("quicksilver")) {
            String ssp = uri.getSchemeSpecificPart();
            return ssp.equals("embedded") || ssp.startsWith("embedded:");
        }
        if (REMOTE_SCHEMES.contains(scheme)) {
            return true;
        }
        for (StoreProvider provider : providers()) {
            if (provider.accepts(uri)) {
                return true;
            }
        }
        return false;
    }

    /** The store of {@code uri}, opened if no manager holds it yet; pair with {@link #release}. */
    public static synchronized Store acquire(URI uri, Map<String, String> properties) {
        Entry entry = OPEN.get(uri);
        if (entry == null) {
            entry = new Entry(open(uri, properties));
            OPEN.put(uri, entry);
        }
        entry.users++;
        return entry.store;
    }

    /** Gives back a store taken with {@link #acquire}; the last user closes it. */
    public static synchronized void release(URI uri) {
        Entry entry = OPEN.get(uri);
        if (entry != null && --entry.users == 0) {
            OPEN.remove(uri);
            entry.store.close();
        }
    }

    private static Store open(URI uri, Map<String, String> properties) {
        try {
            return Stores.open(uri, properties);
        } catch (IllegalArgumentException e) {
            throw new CacheException(e.getMessage(), e);
        }
    }

    private static Iterable<StoreProvider> providers() {
        return ServiceLoader.load(StoreProvider.class, StoreRegistry.class.getClassLoader());
    }
}
