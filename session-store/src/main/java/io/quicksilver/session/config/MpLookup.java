package io.quicksilver.session.config;

import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The one class that links MicroProfile Config; loaded only when its API is present. */
final class MpLookup {
    private MpLookup() {}

    static Function<String, Optional<String>> create(ClassLoader loader) {
        Config config = ConfigProvider.getConfig(loader);
        return key -> config.getOptionalValue(key, String.class);
    }
}
