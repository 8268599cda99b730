package io.quicksilver.wildfly;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.Stores;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The JVM's open stores, one per URI and store settings, shared by the deployments that use it
 * and closed with the last.
 */
final class SharedStores {
    /** A store's identity: its URI and the settings it was opened with. */
    record Id(URI uri, Map<String, String> properties) {}

    private static final Map<Id, Store> STORES = new HashMap<>();
    private static final Map<Id, Integer> USERS = new HashMap<>();

    private SharedStores() {}

    static synchronized Store acquire(Id id) {
        Store s = STORES.get(id);
        if (s == null) {
            s = Stores.open(id.uri(), id.properties());
            STORES.put(id, s);
        }
        USERS.merge(id, 1, Integer::sum);
        return s;
    }

    static synchronized void release(Id id) {
        Integer n = USERS.get(id);
        if (n == null) return;
        if (n > 1) {
            USERS.put(id, n - 1);
            return;
        }
        USERS.remove(id);
        Store s = STORES.remove(id);
        if (s != null) s.close();
    }
}
