package io.quicksilver.jcache.configuration;

import io.quicksilver.jcache.expiry.ConfiguredExpiryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.CacheException;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.Duration;

/**
 * The provider's properties, read through one lookup function (so Properties, System properties
 * and MicroProfile Config can all feed it):
 * <table>
 *   <caption>keys</caption>
 *   <tr><td>{@code quicksilver.jcache.uri}</td><td>the store of the default URI
 *       (default {@code quicksilver:embedded})</td></tr>
 *   <tr><td>{@code quicksilver.jcache.prefix}</td><td>the first part of every key
 *       (default {@code jcache:})</td></tr>
 *   <tr><td>{@code quicksilver.jcache.store.<key>}</td><td>the store's setting {@code <key>}
 *       ({@code database}, {@code timeout}, ...)</td></tr>
 *   <tr><td>{@code quicksilver.cache.<name>.expiry.created}, {@code .accessed},
 *       {@code .modified}</td><td>durations ({@code 10m}, {@code 30s}, {@code PT5M})</td></tr>
 *   <tr><td>{@code quicksilver.cache.<name>.statistics}, {@code .management},
 *       {@code .store-by-value}</td><td>true or false</td></tr>
 * </table>
 * A cache with any {@code quicksilver.cache.<name>.*} key exists when its manager starts.
 */
public final class PropertiesConfig {
    public static final String URI = "quicksilver.jcache.uri";
    public static final String PREFIX = "quicksilver.jcache.prefix";
    public static final String CACHE = "quicksilver.cache.";
    public static final String STORE = "quicksilver.jcache.store.";

    private static final List<String> CACHE_KEYS = List.of(".expiry.created", ".expiry.accessed",
            ".expiry.modified", ".statistics", ".management", ".store-by-value");

    private final Function<String, Optional<String>> lookup;
    private final Supplier<? extends Iterable<String>> names;

    /**
     * @param lookup the value of a key, if set
     * @param names  every key that is set (to find declared caches)
     */
    public PropertiesConfig(Function<String, Optional<String>> lookup, Supplier<? extends Iterable<String>> names) {
        this.lookup = lookup;
        this.names = names;
    }

    /** {@code properties} (may be null) over the System properties. */
    public static PropertiesConfig of(Properties properties) {
        Properties merged = new Properties();
        merged.putAll(System.getProperties());
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                merged.setProperty(name, properties.getProperty(name));
            }
        }
        return new PropertiesConfig(key -> Optional.ofNullable(merged.getProperty(key)), merged::stringPropertyNames);
    }

    /** The store URI configured for the default URI, if any. */
    public Optional<URI> uri() {
        return lookup.apply(URI).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return new URI(s);
            } catch (URISyntaxException e) {
                throw new CacheException(URI + " is not a URI: " + s, e);
            }
        });
    }

    /** The key prefix of the manager. */
    public String prefix() {
        return lookup.apply(PREFIX).orElse("jcache:");
    }

    /**
     * The store's settings: every {@code quicksilver.jcache.store.<key>} as {@code <key>}, e.g.
     * {@code quicksilver.jcache.store.timeout=2000} is the store property {@code timeout}
     * ({@code database}, {@code timeout}, {@code compute-connections}, ... as the store documents).
     */
    public Map<String, String> storeProperties() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : names.get()) {
            if (name.startsWith(STORE) && name.length() > STORE.length()) {
                lookup.apply(name).ifPresent(v -> map.put(name.substring(STORE.length()), v));
            }
        }
        return map;
    }

    /** The names of the caches declared with {@code quicksilver.cache.<name>.*} keys, sorted. */
    public Set<String> declaredCaches() {
        Set<String> caches = new TreeSet<>();
        for (String name : names.get()) {
            if (!name.startsWith(CACHE)) {
                continue;
            }
            for (String suffix : CACHE_KEYS) {
                if (name.endsWith(suffix) && name.length() > CACHE.length() + suffix.length()) {
                    caches.add(name.substring(CACHE.length(), name.length() - suffix.length()));
                }
            }
        }
        return caches;
    }

    /** True if {@code cacheName} has any {@code quicksilver.cache.<name>.*} key. */
    public boolean declares(String cacheName) {
        for (String suffix : CACHE_KEYS) {
            if (lookup.apply(CACHE + cacheName + suffix).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The configuration of a declared cache (untyped, by value unless said otherwise). */
    public QuicksilverConfiguration<Object, Object> cacheConfiguration(String cacheName) {
        String p = CACHE + cacheName;
        QuicksilverConfiguration<Object, Object> config = new QuicksilverConfiguration<>();
        Duration created = duration(p + ".expiry.created");
        Duration accessed = duration(p + ".expiry.accessed");
        Duration modified = duration(p + ".expiry.modified");
        if (created != null || accessed != null || modified != null) {
            config.setExpiryPolicyFactory(FactoryBuilder.factoryOf(new ConfiguredExpiryPolicy(created, accessed, modified)));
        }
        bool(p + ".statistics").ifPresent(config::setStatisticsEnabled);
        bool(p + ".management").ifPresent(config::setManagementEnabled);
        bool(p + ".store-by-value").ifPresent(config::setStoreByValue);
        return config;
    }

    private Duration duration(String key) {
        Optional<String> value = lookup.apply(key);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return DurationParser.parse(value.get());
        } catch (IllegalArgumentException e) {
            throw new CacheException(key + ": " + e.getMessage(), e);
        }
    }

    private Optional<Boolean> bool(String key) {
        return lookup.apply(key).map(v -> {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (s.equals("true")) {
                return true;
            }
            if (s.equals("false")) {
                return false;
            }
            throw new CacheException(key + " must be true or false, not " + v);
        });
    }
}
