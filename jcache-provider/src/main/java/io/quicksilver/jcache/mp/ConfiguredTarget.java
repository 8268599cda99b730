package io.quicksilver.jcache.mp;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.store.EmbeddedEngines;
import io.quicksilver.core.store.EngineStore;
import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.Stores;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The store a URI names, as a health check sees it: an embedded engine is looked up, never
 * started (not started = no store yet); a remote store is opened on first use, again after a
 * failed open, and closed by {@link #close()}.
 */
final class ConfiguredTarget implements StoreTarget {
    private final URI uri;
    private final Map<String, String> properties;
    private final String embeddedName; // null: remote
    private Store remote; // guarded by this
    private boolean closed; // guarded by this

    private ConfiguredTarget(URI uri, Map<String, String> properties) {
        this.uri = uri;
        this.properties = Map.copyOf(properties);
        this.embeddedName = embeddedName(uri);
    }

    static StoreTarget forUri(URI uri, Map<String, String> properties) {
        return new ConfiguredTarget(uri, properties == null ? Map.of() : properties);
    }

    /** {@code quicksilver.jcache.uri} as the application configured it, default {@code quicksilver:embedded}. */
    static StoreTarget fromConfiguration() {
        Function<String, Optional<String>> lookup =
                MicroProfileConfig.standard(null, Thread.currentThread().getContextClassLoader());
        String uri = lookup.apply(HealthSettings.URI_KEY).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(Stores.EMBEDDED.toString());
        return forUri(URI.create(uri), Map.of());
    }

    /** The engine name of an embedded URI, or null for any other URI. */
    static String embeddedName(URI uri) {
        if (!Stores.SCHEME.equalsIgnoreCase(uri.getScheme())) {
            return null;
        }
        String ssp = uri.getSchemeSpecificPart();
        if ("embedded".equals(ssp)) {
            return EmbeddedEngines.DEFAULT;
        }
        if (ssp != null && ssp.startsWith("embedded:") && ssp.length() > "embedded:".length()) {
            return ssp.substring("embedded:".length());
        }
        throw new IllegalArgumentException("Not an embedded store URI: '" + uri
                + "' (expected quicksilver:embedded or quicksilver:embedded:<name>)");
    }

    @Override
    public Store store() {
        if (embeddedName != null) {
            Engine engine = EmbeddedEngines.find(embeddedName);
            if (engine == null) {
                return null;
            }
            // a view, nothing to release: closing an EngineStore without subscriptions frees nothing
            return new EngineStore(engine, Integer.parseInt(properties.getOrDefault("database", "0").trim()));
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("health check closed");
            }
            if (remote == null) {
                remote = Stores.open(uri, properties);
            }
            return remote;
        }
    }

    @Override
    public String describe() {
        if (embeddedName != null) {
            return uri.toString();
        }
        return uri.getScheme() + "://" + (uri.getHost() == null ? "" : uri.getHost())
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()); // no user info: it may hold a password
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (remote != null) {
            remote.close();
            remote = null;
        }
    }
}
