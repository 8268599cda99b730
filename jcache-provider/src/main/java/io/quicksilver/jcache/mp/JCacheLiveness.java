package io.quicksilver.jcache.mp;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Segment;
import io.quicksilver.core.store.EngineStore;
import io.quicksilver.core.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the JCache provider's embedded engine: every lock stripe (segment) of the cache's
 * database can be taken within the timeout, so no thread is stuck holding one (a deadlock, an
 * entry processor or listener that never returns), which would hang every cache call on the
 * keys behind it. DOWN when a segment stays held, or when the engine was closed under a running
 * application.
 *
 * <p>A remote store is always live here: whether its server answers is readiness's question
 * ({@link JCacheReadiness}); restarting the application would not bring the server back. An
 * embedded engine not started yet is live too (nothing can be stuck).
 *
 * <p>Works with and without CDI, as {@link JCacheReadiness} does (same configuration keys).
 * Each segment is only tried (held for no time), on the caller's thread; the whole check takes
 * at most the timeout.
 */
@Liveness
@ApplicationScoped
public class JCacheLiveness implements HealthCheck, AutoCloseable {
    /** The name responses carry. */
    public static final String NAME = "quicksilver-jcache-liveness";

    private final StoreTarget target;
    private final Duration timeout;

    /** For CDI: checks the configured store. */
    public JCacheLiveness() {
        this(ConfiguredTarget.fromConfiguration(), HealthSettings.timeout());
    }

    /**
     * Checks {@code store}, which stays the caller's.
     *
     * @param timeout how long a segment may stay held before the engine counts as stuck
     */
    public JCacheLiveness(Store store, Duration timeout) {
        this(StoreTarget.of(Objects.requireNonNull(store, "store")), timeout);
    }

    JCacheLiveness(StoreTarget target, Duration timeout) {
        this.target = target;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A builder: a store, or a store URI, and a timeout. */
    public static HealthSettings.Builder<JCacheLiveness> builder() {
        return new HealthSettings.Builder<>(JCacheLiveness::new);
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("store", target.describe());
        boolean up;
        Store store;
        try {
            store = target.store();
        } catch (RuntimeException e) {
            store = null; // cannot open: readiness reports it; nothing of ours is stuck
            data.put("error", String.valueOf(e.getMessage()));
        }
        if (store == null) {
            data.put("state", "not started");
            up = true;
        } else if (!(store instanceof EngineStore embedded)) {
            data.put("mode", "remote");
            data.put("state", "not checked (server reachability is readiness)");
            up = true;
        } else {
            data.put("mode", "embedded");
            Engine engine = embedded.engine();
            if (engine.isClosed()) {
                data.put("state", "engine closed");
                up = false;
            } else {
                int stuck = stuckSegment(engine.db(embedded.database()));
                up = stuck < 0;
                data.put("state", up ? "responsive" : "stuck");
                if (!up) {
                    data.put("segment", (long) stuck);
                    data.put("timeout-ms", timeout.toMillis());
                }
            }
        }
        return new HealthCheckResponse(NAME, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }

    /** The first segment that cannot be locked before the deadline, or -1. */
    private int stuckSegment(Database db) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < Engine.SEGMENTS; i++) {
            Segment segment = db.segment(((long) i) << (64 - Engine.SEGMENT_BITS));
            if (segment.isHeldByCurrentThread()) {
                continue;
            }
            try {
                if (!segment.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return i;
                }
                segment.unlock();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return i;
            }
        }
        return -1;
    }

    /** Releases a store this check opened itself (CDI: when the application stops). */
    @jakarta.annotation.PreDestroy
    @Override
    public void close() {
        target.close();
    }
}
