package io.quicksilver.jcache.mp;

import io.quicksilver.core.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the JCache provider's store: UP when the embedded engine is started, or when the
 * remote server answers PING within the timeout ({@link Store#ping}); DOWN otherwise, with the
 * reason in the response's data.
 *
 * <p>Works with and without CDI: as a CDI bean (no-arg constructor, {@code @Readiness}) it checks
 * the store {@code quicksilver.jcache.uri} names (MicroProfile Config, else system properties and
 * environment; default {@code quicksilver:embedded}) with the timeout
 * {@code quicksilver.jcache.health.timeout} (milliseconds, default 2000); without CDI,
 * {@link #JCacheReadiness(Store, Duration)} or {@link #builder()}. Responses are built with
 * HealthCheckResponse's constructor, so no MicroProfile Health implementation is needed.
 */
@Readiness
@ApplicationScoped
public class JCacheReadiness implements HealthCheck, AutoCloseable {
    /** The name responses carry. */
    public static final String NAME = "quicksilver-jcache-readiness";

    private final StoreTarget target;
    private final Duration timeout;

    /** For CDI: checks the configured store. */
    public JCacheReadiness() {
        this(ConfiguredTarget.fromConfiguration(), HealthSettings.timeout());
    }

    /**
     * Checks {@code store}, which stays the caller's (not closed by {@link #close()}).
     *
     * @param timeout how long a remote server may take to answer
     */
    public JCacheReadiness(Store store, Duration timeout) {
        this(StoreTarget.of(Objects.requireNonNull(store, "store")), timeout);
    }

    JCacheReadiness(StoreTarget target, Duration timeout) {
        this.target = target;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A builder: a store, or a store URI, and a timeout. */
    public static HealthSettings.Builder<JCacheReadiness> builder() {
        return new HealthSettings.Builder<>(JCacheReadiness::new);
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("store", target.describe());
        boolean up;
        try {
            Store store = target.store();
            if (store == null) {
                data.put("state", "embedded engine not started");
                up = false;
            } else {
                data.put("mode", store.byReference() ? "embedded" : "remote");
                long start = System.nanoTime();
                up = store.ping(timeout);
                if (!store.byReference()) {
                    data.put(up ? "ping-ms" : "timeout-ms",
                            up ? (System.nanoTime() - start) / 1_000_000 : timeout.toMillis());
                }
                data.put("state", up ? "ready" : store.byReference() ? "engine closed" : "no answer to PING");
            }
        } catch (RuntimeException e) {
            data.put("state", "store could not be opened");
            data.put("error", String.valueOf(e.getMessage()));
            up = false;
        }
        return new HealthCheckResponse(NAME, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }

    /** Releases a store this check opened itself (CDI: when the application stops). */
    @jakarta.annotation.PreDestroy
    @Override
    public void close() {
        target.close();
    }
}
