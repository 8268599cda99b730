package io.quicksilver.jcache.mp;

import java.util.Optional;
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

    @Override
    public Optional<String> apply(String key) {
        return config.getOptionalValue(key, String.class);
    }
}
