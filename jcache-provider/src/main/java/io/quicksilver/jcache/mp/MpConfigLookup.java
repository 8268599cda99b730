package io.quicksilver.jcache.mp;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A lookup over a MicroProfile {@link Config}. Loaded only by {@link MicroProfileConfig} once the
 * API is known to be present.
 */
final class MpConfigLookup implements Function<String, Optional<String>> {
    private final Config config;

    private MpConfigLookup(Config config) {
        this.config = config;
    }

    /** @throws IllegalStateException no MicroProfile Config implementation */
    static Function<String, Optional<String>> create(ClassLoader loader) {
        return new MpConfigLookup(ConfigProvider.getConfig(loader));
    }

    /** Every property name the application's MicroProfile Config knows. */
    static Set<String> names(ClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : ConfigProvider.getConfig(loader).getPropertyNames()) {
            names.add(name);
        }
        return names;
    }

    @Override
    public Optional<String> apply(String key) {
        return config.getOptionalValue(key, String.class);
    }
}
