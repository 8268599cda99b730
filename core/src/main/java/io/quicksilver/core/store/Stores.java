package io.quicksilver.core.store;

import io.quicksilver.core.engine.Engine;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Opens a {@link Store} for a URI: {@code quicksilver:embedded} (or
 * {@code quicksilver:embedded:<name>}) for the JVM's embedded engine of that name (see
 * {@link EmbeddedEngines}), anything else through the first {@link StoreProvider} on the class
 * path that accepts it ({@code redis://}, {@code rediss://}, {@code redis-sentinel://} and
 * {@code redis-cluster://} come with {@code io.quicksilver:quicksilver-remote}).
 *
 * <p>Property {@code database} (default {@code 0}) picks the database of an embedded store.
 * Thread-safe; every call opens a new store (close it when done; closing an embedded store
 * leaves its engine running).
 */
public final class Stores {
    /** The JVM's default embedded engine. */
    public static final URI EMBEDDED = URI.create("quicksilver:embedded");

    /** The scheme of embedded stores. */
    public static final String SCHEME = "quicksilver";

    private static final Set<String> REMOTE_SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "redis-cluster");

    private Stores() {
    }

    /**
     * Opens the store {@code uri} names.
     *
     * @param uri        {@code quicksilver:embedded[:name]}, or a URI a provider accepts
     * @param properties settings (for embedded stores: {@code database}); may be empty
     * @throws IllegalArgumentException for a malformed embedded URI, a bad {@code database}, or
     *         a scheme no provider on the class path accepts (the message says which jar to add)
     */
    public static Store open(URI uri, Map<String, String> properties) {
        Map<String, String> props = properties == null ? Map.of() : properties;
        String scheme = uri.getScheme();
        if (SCHEME.equalsIgnoreCase(scheme)) {
            return openEmbedded(uri, props);
        }
        for (StoreProvider p : providers()) {
            if (p.accepts(uri)) {
                return p.open(uri, props);
            }
        }
        if (scheme != null && REMOTE_SCHEMES.contains(scheme.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("No store provider for " + scheme + ":// URIs on the"
                    + " class path: add io.quicksilver:quicksilver-remote for redis:// URIs"
                    + " (redis, rediss, redis-sentinel, redis-cluster)");
        }
        throw new IllegalArgumentException("No store provider accepts '" + redact(uri) + "': use "
                + EMBEDDED + "[:name], or add io.quicksilver:quicksilver-remote for redis:// URIs");
    }

    private static Store openEmbedded(URI uri, Map<String, String> props) {
        String ssp = uri.getSchemeSpecificPart();
        String name;
        if ("embedded".equals(ssp)) {
            name = EmbeddedEngines.DEFAULT;
        } else if (ssp != null && ssp.startsWith("embedded:") && ssp.length() > "embedded:".length()) {
            name = ssp.substring("embedded:".length());
        } else {
            throw new IllegalArgumentException("Not an embedded store URI: '" + uri
                    + "' (expected quicksilver:embedded or quicksilver:embedded:<name>)");
        }
        Engine engine = EmbeddedEngines.engine(name);
        String database = props.getOrDefault("database", "0");
        int db;
        try {
            db = Integer.parseInt(database.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("database must be an integer, not '" + database + "'", e);
        }
        if (db < 0 || db >= engine.databaseCount()) {
            throw new IllegalArgumentException("database " + db + " is out of range 0.."
                    + (engine.databaseCount() - 1));
        }
        return new EngineStore(engine, db);
    }

    /** The providers of the thread's context class loader, then of this class's loader. */
    private static Iterable<StoreProvider> providers() {
        Set<StoreProvider> out = new LinkedHashSet<>();
        Set<Class<?>> seen = new java.util.HashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            for (StoreProvider p : ServiceLoader.load(StoreProvider.class, context)) {
                if (seen.add(p.getClass())) {
                    out.add(p);
                }
            }
        }
        for (StoreProvider p : ServiceLoader.load(StoreProvider.class, Stores.class.getClassLoader())) {
            if (seen.add(p.getClass())) {
                out.add(p);
            }
        }
        return out;
    }

    /** The URI without its user info (it may hold a password). */
    private static String redact(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://***@" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
