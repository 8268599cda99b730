package io.quicksilver.wildfly;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.Stores;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The JVM's open stores, one per URI, shared by the deployments that use it and closed with the last. */
final class SharedStores {
    private static final Map<URI, Store> STORES = new HashMap<>();
    private static final Map<URI, Integer> USERS = new HashMap<>();

    private SharedStores() {}

    static synchronized Store acquire(URI uri) {
        Store s = STORES.get(uri);
        if (s == null) {
            s = Stores.open(uri, Map.of());
            STORES.put(uri, s);
        }
        USERS.merge(uri, 1, Integer::sum);
        return s;
    }

    static synchronized void release(URI uri) {
        Integer n = USERS.get(uri);
        if (n == null) return;
        if (n > 1) {
            USERS.put(uri, n - 1);
            return;
        }
        USERS.remove(uri);
        Store s = STORES.remove(uri);
        if (s != null) s.close();
    }
}
