package io.quicksilver.remote;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreProvider;
import java.net.URI;
import java.util.Map;

/**
 * Opens {@link RemoteStore}s for {@code redis://}, {@code rediss://} (TLS),
 * {@code redis-sentinel://} and {@code redis-cluster://} URIs (also {@code rediss-sentinel://}
 * and {@code rediss-cluster://}). Password and database are taken from the URI as Lettuce's
 * {@link io.lettuce.core.RedisURI} reads them ({@code redis://:secret@host:6379/2}); a cluster
 * URI lists its seed nodes separated by commas.
 *
 * <p>Properties: {@code timeout} (milliseconds for connecting and for every command, default
 * 5000), {@code database} (overrides the URI's), {@code compute-connections} (most dedicated
 * connections per server for compute, default 8), {@code topology-refresh} (milliseconds between
 * periodic reads of a cluster's slot map, default 60000; redirections trigger one at once).
 */
public final class RemoteStoreProvider implements StoreProvider {
    @Override
    public boolean accepts(URI uri) {
        return RemoteSettings.accepts(uri);
    }

    /**
     * @throws IllegalArgumentException if the URI or a property is malformed
     * @throws io.quicksilver.core.store.StoreException if the server cannot be reached
     */
    @Override
    public Store open(URI uri, Map<String, String> properties) {
        return RemoteStore.open(RemoteSettings.parse(uri, properties));
    }
}
