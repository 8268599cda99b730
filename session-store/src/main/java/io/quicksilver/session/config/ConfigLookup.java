package io.quicksilver.session.config;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The lookup of settings beyond what a filter's init parameters and the context's parameters
 * say: MicroProfile Config ({@code ConfigProvider.getConfig(loader)}) when usable, else system
 * properties, then environment variables named as MicroProfile Config names them
 * ({@code QUICKSILVER_SESSION_URI}).
 */
public final class ConfigLookup {
    private static final Logger LOG = Logger.getLogger(ConfigLookup.class.getName());

    private ConfigLookup() {}

    /** MicroProfile Config if usable, else system properties and environment. */
    public static Function<String, Optional<String>> standard(ClassLoader loader) {
        return microProfile(loader).orElse(ConfigLookup::systemOrEnvironment);
    }

    /** MicroProfile Config of {@code loader}, or empty when the API or an implementation is missing. */
    public static Optional<Function<String, Optional<String>>> microProfile(ClassLoader loader) {
        try {
            Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, ConfigLookup.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        try {
            return Optional.of(MpLookup.create(loader != null ? loader : ConfigLookup.class.getClassLoader()));
        } catch (RuntimeException | java.util.ServiceConfigurationError | LinkageError e) {
            LOG.log(Level.FINE, "MicroProfile Config API present but unusable; using system properties", e);
            return Optional.empty();
        }
    }

    /** A system property, else an environment variable (as is, then sanitized, then upper case). */
    public static Optional<String> systemOrEnvironment(String key) {
        String v = System.getProperty(key);
        if (v == null) {
            v = System.getenv(key);
        }
        if (v == null) {
            String sanitized = key.replaceAll("[^A-Za-z0-9]", "_");
            v = System.getenv(sanitized);
            if (v == null) {
                v = System.getenv(sanitized.toUpperCase(Locale.ROOT));
            }
        }
        return Optional.ofNullable(v);
    }

    /** {@code first}, then {@code then}. */
    public static Function<String, Optional<String>> chain(Function<String, Optional<String>> first,
            Function<String, Optional<String>> then) {
        return k -> {
            Optional<String> v = first.apply(k);
            return v.isPresent() ? v : then.apply(k);
        };
    }
}
