package io.quicksilver.core.store;

import java.net.URI;
import java.util.Map;

/**
 * Opens stores for URIs of some schemes; found by {@link java.util.ServiceLoader} (the
 * {@code quicksilver-remote} module provides {@code redis}, {@code rediss},
 * {@code redis-sentinel} and {@code redis-cluster}).
 */
public interface StoreProvider {
    /** True if this provider opens {@code uri}. */
    boolean accepts(URI uri);

    /**
     * Opens a store for {@code uri}.
     *
     * @param uri        e.g. {@code redis://:secret@127.0.0.1:6379/0}
     * @param properties extra settings (timeouts, TLS, the database), may be empty
     */
    Store open(URI uri, Map<String, String> properties);
}
