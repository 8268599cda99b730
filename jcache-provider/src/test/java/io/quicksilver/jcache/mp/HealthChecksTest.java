package io.quicksilver.jcache.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Locks;
import io.quicksilver.core.store.EmbeddedEngines;
import io.quicksilver.core.store.EngineStore;
import io.quicksilver.core.store.Store;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/** The provider's readiness and liveness checks, built without CDI and as CDI would. */
class HealthChecksTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void readinessFollowsTheEmbeddedEngineWithoutStartingIt() {
        String name = "health-" + UUID.randomUUID();
        URI uri = URI.create("quicksilver:embedded:" + name);
        try (JCacheReadiness ready = JCacheReadiness.builder().uri(uri, Map.of()).timeout(SHORT).build()) {
            HealthCheckResponse r = ready.call();
            assertEquals(Status.DOWN, r.getStatus());
            assertEquals("embedded engine not started", data(r, "state"));
            assertEquals(null, EmbeddedEngines.find(name), "the check does not start the engine");

            Engine engine = Engine.builder().build();
            EmbeddedEngines.register(name, engine);
            r = ready.call();
            assertEquals(Status.UP, r.getStatus());
            assertEquals("embedded", data(r, "mode"));
            assertEquals(uri.toString(), data(r, "store"));
            assertEquals(JCacheReadiness.NAME, r.getName());

            EmbeddedEngines.close(name);
            assertEquals(Status.DOWN, ready.call().getStatus());
        }
    }

    @Test
    void readinessOfAGivenStoreIsDownOnceItsEngineCloses() {
        Engine engine = Engine.builder().build();
        JCacheReadiness ready = new JCacheReadiness(new EngineStore(engine, 0), SHORT);
        assertEquals(Status.UP, ready.call().getStatus());
        engine.close();
        HealthCheckResponse r = ready.call();
        assertEquals(Status.DOWN, r.getStatus());
        assertEquals("engine closed", data(r, "state"));
    }

    @Test
    void readinessOfARemoteStoreIsItsPing() {
        AtomicBoolean answers = new AtomicBoolean(true);
        AtomicInteger pings = new AtomicInteger();
        Store remote = remote(answers, pings);
        JCacheReadiness ready = JCacheReadiness.builder().store(remote).timeout(Duration.ofMillis(750)).build();
        HealthCheckResponse r = ready.call();
        assertEquals(Status.UP, r.getStatus());
        assertEquals("remote", data(r, "mode"));
        answers.set(false);
        r = ready.call();
        assertEquals(Status.DOWN, r.getStatus());
        assertEquals("no answer to PING", data(r, "state"));
        assertEquals(750L, data(r, "timeout-ms"));
        assertEquals(2, pings.get());
        ready.close(); // a store the application gave is not closed by the check
        assertEquals(Status.DOWN, ready.call().getStatus());
    }

    @Test
    void readinessOfAStoreThatCannotBeOpenedIsDownWithTheReason() {
        // quicksilver-remote is not on this module's class path: opening redis:// fails with a clear message
        try (JCacheReadiness ready = JCacheReadiness.builder()
                .uri(URI.create("redis://user:secret@127.0.0.1:1"), Map.of()).timeout(SHORT).build()) {
            HealthCheckResponse r = ready.call();
            assertEquals(Status.DOWN, r.getStatus());
            assertEquals("redis://127.0.0.1:1", data(r, "store"), "no password in the data");
            assertTrue(((String) data(r, "error")).contains("quicksilver-remote"), (String) data(r, "error"));
            // and liveness does not restart the application for it
            assertEquals(Status.UP, JCacheLiveness.builder().uri(URI.create("redis://127.0.0.1:1"), Map.of())
                    .timeout(SHORT).build().call().getStatus());
        }
    }

    @Test
    void livenessIsDownWhileALockStripeStaysHeld() throws Exception {
        Engine engine = Engine.builder().build();
        try {
            JCacheLiveness live = new JCacheLiveness(new EngineStore(engine, 0), SHORT);
            HealthCheckResponse r = live.call();
            assertEquals(Status.UP, r.getStatus());
            assertEquals("responsive", data(r, "state"));

            byte[] key = "jcache:books:1".getBytes(StandardCharsets.UTF_8);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread stuck = new Thread(() -> {
                try (Locks l = engine.lockKeys(0, key)) { // an entry processor that never returns
                    held.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stuck.start();
            held.await();
            long start = System.nanoTime();
            r = live.call();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Status.DOWN, r.getStatus());
            assertEquals("stuck", data(r, "state"));
            long segment = (Long) data(r, "segment");
            assertEquals(engine.db(0).segmentFor(key), engine.db(0).segment(segment << (64 - Engine.SEGMENT_BITS)));
            assertTrue(tookMs >= 150 && tookMs < 2000, "bounded by the timeout: " + tookMs + " ms");
            // another database's stripes are not this store's
            assertEquals(Status.UP, new JCacheLiveness(new EngineStore(engine, 1), SHORT).call().getStatus());

            release.countDown();
            stuck.join();
            assertEquals(Status.UP, live.call().getStatus());
            engine.close();
            r = live.call();
            assertEquals(Status.DOWN, r.getStatus());
            assertEquals("engine closed", data(r, "state"));
        } finally {
            engine.close();
        }
    }

    @Test
    void livenessOfAnEngineNotStartedOrARemoteStoreIsUp() {
        String name = "health-" + UUID.randomUUID();
        JCacheLiveness notStarted = JCacheLiveness.builder().uri(URI.create("quicksilver:embedded:" + name), Map.of())
                .build();
        assertEquals(Status.UP, notStarted.call().getStatus());
        assertEquals(null, EmbeddedEngines.find(name));
        AtomicInteger pings = new AtomicInteger();
        HealthCheckResponse r = new JCacheLiveness(remote(new AtomicBoolean(false), pings), SHORT).call();
        assertEquals(Status.UP, r.getStatus());
        assertEquals("remote", data(r, "mode"));
        assertEquals(0, pings.get(), "reachability is readiness's question");
        assertEquals(JCacheLiveness.NAME, r.getName());
    }

    /** As CDI builds them: no-arg constructors reading quicksilver.jcache.uri from MicroProfile Config. */
    @Test
    void cdiBeansReadTheConfiguredStore() {
        String name = "health-" + UUID.randomUUID();
        System.setProperty(HealthSettings.URI_KEY, "quicksilver:embedded:" + name);
        System.setProperty(HealthSettings.TIMEOUT, "300");
        releaseConfig();
        try {
            assertTrue(JCacheReadiness.class.isAnnotationPresent(Readiness.class));
            assertTrue(JCacheLiveness.class.isAnnotationPresent(Liveness.class));
            assertTrue(JCacheReadiness.class.isAnnotationPresent(jakarta.enterprise.context.ApplicationScoped.class));
            JCacheReadiness ready = new JCacheReadiness();
            assertEquals(Status.DOWN, ready.call().getStatus());
            assertEquals("quicksilver:embedded:" + name, data(ready.call(), "store"));
            EmbeddedEngines.engine(name); // the provider starts it
            assertEquals(Status.UP, ready.call().getStatus());
            assertEquals(Status.UP, new JCacheLiveness().call().getStatus());
            assertEquals(Duration.ofMillis(300), HealthSettings.timeout());
            System.setProperty(HealthSettings.TIMEOUT, "soon");
            releaseConfig();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, HealthSettings::timeout);
            assertTrue(e.getMessage().contains(HealthSettings.TIMEOUT), e.getMessage());
        } finally {
            System.clearProperty(HealthSettings.URI_KEY);
            System.clearProperty(HealthSettings.TIMEOUT);
            releaseConfig();
            EmbeddedEngines.close(name);
        }
        assertEquals(HealthSettings.DEFAULT_TIMEOUT, HealthSettings.timeout());
    }

    private static Object data(HealthCheckResponse r, String key) {
        return r.getData().orElseThrow().get(key);
    }

    /** A remote store as the checks see it: PING answered or not. */
    private static Store remote(AtomicBoolean answers, AtomicInteger pings) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "ping" -> {
                        pings.incrementAndGet();
                        yield answers.get();
                    }
                    case "byReference" -> false;
                    case "describe" -> "redis://127.0.0.1:6379";
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void releaseConfig() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        resolver.releaseConfig(resolver.getConfig(loader));
    }
}
