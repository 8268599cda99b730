package io.quicksilver.jcache.mp;

import io.quicksilver.core.store.Store;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Configuration shared by the health checks, and their builder. */
public final class HealthSettings {
    /** How long a check may wait (milliseconds): PING of a remote server, a held lock stripe. */
    public static final String TIMEOUT = "quicksilver.jcache.health.timeout";
    /** The store the provider uses by default (as the provider reads it). */
    public static final String URI_KEY = "quicksilver.jcache.uri";
    /** The default timeout: 2 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private HealthSettings() {}

    /** The configured timeout (MicroProfile Config, else system properties and environment). */
    static Duration timeout() {
        return timeout(MicroProfileConfig.standard(null, Thread.currentThread().getContextClassLoader()));
    }

    static Duration timeout(Function<String, Optional<String>> lookup) {
        Optional<String> v = lookup.apply(TIMEOUT).map(String::trim).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long ms = Long.parseLong(v.get());
            if (ms <= 0) {
                throw new IllegalArgumentException(TIMEOUT + " must be a positive number of milliseconds, not " + ms);
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TIMEOUT + " must be a number of milliseconds, not '" + v.get() + "'", e);
        }
    }

    /**
     * Builds a health check without CDI: {@link #store} checks a store the application holds;
     * {@link #uri} one this check opens itself (closed by the check's {@code close()}); neither
     * checks the configured {@code quicksilver.jcache.uri}.
     *
     * @param <T> the check
     */
    public static final class Builder<T> {
        private final BiFunction<StoreTarget, Duration, T> factory;
        private StoreTarget target;
        private Duration timeout;

        Builder(BiFunction<StoreTarget, Duration, T> factory) {
            this.factory = factory;
        }

        /** Checks {@code store} (not closed by the check). */
        public Builder<T> store(Store store) {
            this.target = StoreTarget.of(Objects.requireNonNull(store, "store"));
            return this;
        }

        /**
         * Checks the store {@code uri} names: {@code quicksilver:embedded[:name]} (the engine of
         * that name, not started by the check) or {@code redis://...} (opened on the first call).
         *
         * @param properties the store's settings ({@code database}, timeouts), may be empty
         */
        public Builder<T> uri(URI uri, Map<String, String> properties) {
            this.target = ConfiguredTarget.forUri(uri, properties);
            return this;
        }

        /** How long a check may wait (default 2 s). */
        public Builder<T> timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public T build() {
            return factory.apply(target != null ? target : ConfiguredTarget.fromConfiguration(),
                    timeout != null ? timeout : DEFAULT_TIMEOUT);
        }
    }
}
