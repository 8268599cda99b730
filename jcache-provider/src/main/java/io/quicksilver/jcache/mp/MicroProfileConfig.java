package io.quicksilver.jcache.mp;

import io.quicksilver.jcache.configuration.PropertiesConfig;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the provider's configuration keys ({@code quicksilver.jcache.uri},
 * {@code quicksilver.cache.<name>.expiry.created}, ...) are looked up: the properties an
 * application hands to {@code getCacheManager}, then MicroProfile Config
 * ({@code ConfigProvider.getConfig()}: microprofile-config.properties, environment variables,
 * system properties, any other source the application registers) when its API and an
 * implementation are on the class path, otherwise system properties and environment variables
 * (named as MicroProfile Config would: {@code QUICKSILVER_CACHE_BOOKS_STATISTICS}).
 *
 * <p>Never throws for a missing API or implementation: this class refers to no MicroProfile type,
 * and the one that does ({@code MpConfigLookup}) is loaded only after the API was found.
 */
public final class MicroProfileConfig {
    private static final Logger LOG = Logger.getLogger(MicroProfileConfig.class.getName());
    private static final String CONFIG_PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";

    private MicroProfileConfig() {}

    /**
     * MicroProfile Config as a lookup, or empty when its API or an implementation is missing.
     *
     * @param classLoader the application's class loader (its config is the one read), or null for this
     *                    class's
     */
    public static Optional<Function<String, Optional<String>>> lookup(ClassLoader classLoader) {
        if (!apiPresent()) {
            return Optional.empty();
        }
        ClassLoader loader = classLoader != null ? classLoader : MicroProfileConfig.class.getClassLoader();
        try {
            return Optional.of(MpConfigLookup.create(loader));
        } catch (IllegalStateException | java.util.ServiceConfigurationError | LinkageError e) {
            // the API without an implementation: ConfigProviderResolver finds none
            LOG.log(Level.FINE, "MicroProfile Config API present but unusable; using system properties", e);
            return Optional.empty();
        }
    }

    /**
     * The provider's lookup: {@code properties} first (those given to getCacheManager, may be
     * null), then MicroProfile Config if present, else system properties and environment variables.
     */
    public static Function<String, Optional<String>> standard(Properties properties, ClassLoader classLoader) {
        Function<String, Optional<String>> rest = lookup(classLoader).orElse(MicroProfileConfig::systemOrEnvironment);
        if (properties == null || properties.isEmpty()) {
            return rest;
        }
        Properties given = new Properties();
        given.putAll(properties);
        return key -> {
            String v = given.getProperty(key);
            return v != null ? Optional.of(v) : rest.apply(key);
        };
    }

    /**
     * The provider's configuration for a cache manager: {@link #standard} as the lookup; as the
     * names that declare caches ({@code quicksilver.cache.<name>.*}), those of {@code properties}
     * and of MicroProfile Config (its property files, system properties; environment variables only
     * under their own names), or of the system properties without MicroProfile Config.
     *
     * @param properties  those given to getCacheManager, may be null
     * @param classLoader the manager's class loader (whose MicroProfile Config is read), may be null
     */
    public static PropertiesConfig config(Properties properties, ClassLoader classLoader) {
        Optional<Function<String, Optional<String>>> mp = lookup(classLoader);
        Properties given = new Properties();
        if (properties != null) {
            given.putAll(properties);
        }
        Function<String, Optional<String>> rest = mp.orElse(MicroProfileConfig::systemOrEnvironment);
        Function<String, Optional<String>> lookup = key -> {
            String v = given.getProperty(key);
            return v != null ? Optional.of(v) : rest.apply(key);
        };
        Supplier<Set<String>> names = () -> {
            Set<String> all = new LinkedHashSet<>(given.stringPropertyNames());
            if (mp.isPresent()) {
                all.addAll(MpConfigLookup.names(classLoader != null ? classLoader
                        : MicroProfileConfig.class.getClassLoader()));
            } else {
                all.addAll(System.getProperties().stringPropertyNames());
            }
            return all;
        };
        return new PropertiesConfig(lookup, names);
    }

    /**
     * A system property, else an environment variable named as MicroProfile Config names them:
     * the key as is, then with every non-alphanumeric character as '_', then that in upper case.
     */
    public static Optional<String> systemOrEnvironment(String key) {
        String v = System.getProperty(key);
        if (v != null) {
            return Optional.of(v);
        }
        v = System.getenv(key);
        if (v != null) {
            return Optional.of(v);
        }
        String sanitized = key.replaceAll("[^A-Za-z0-9]", "_");
        v = System.getenv(sanitized);
        if (v == null) {
            v = System.getenv(sanitized.toUpperCase(Locale.ROOT));
        }
        return Optional.ofNullable(v);
    }

    /** True if the MicroProfile Config API can be linked from this class. */
    static boolean apiPresent() {
        try {
            Class.forName(CONFIG_PROVIDER, false, MicroProfileConfig.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
