package io.quicksilver.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quicksilver.server.QuicksilverServer;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    @Test
    void readinessFollowsTheListener() {
        QuicksilverServer server = QuicksilverServer.builder().port(0).bind("127.0.0.1").build();
        QuicksilverReadiness ready = new QuicksilverReadiness(server);
        assertEquals(Status.DOWN, ready.call().getStatus());
        server.start();
        try {
            assertEquals(Status.UP, ready.call().getStatus());
            assertEquals((long) server.port(), ready.call().getData().orElseThrow().get("port"));
            assertEquals(Status.UP, new QuicksilverReadiness().call().getStatus()); // the CDI way
        } finally {
            server.close();
        }
        assertEquals(Status.DOWN, ready.call().getStatus());
        assertEquals(QuicksilverReadiness.NAME, ready.call().getName());
    }

    @Test
    void livenessDetectsAStuckEventLoop() throws Exception {
        QuicksilverServer server = QuicksilverServer.builder().port(0).bind("127.0.0.1").ioThreads(1).build();
        QuicksilverLiveness live = new QuicksilverLiveness(server, 300);
        assertEquals(Status.UP, live.call().getStatus()); // not started: nothing stuck
        server.start();
        try {
            assertEquals(Status.UP, live.call().getStatus());
            CountDownLatch release = new CountDownLatch(1);
            // block the only connection event loop, as a command that never returns would
            try (java.net.Socket s = blockIoLoop(server, release)) {
                assertEquals(Status.DOWN, live.call().getStatus());
                release.countDown();
            }
            Thread.sleep(50);
            assertEquals(Status.UP, live.call().getStatus());
        } finally {
            server.close();
        }
        assertEquals(Status.DOWN, live.call().getStatus());
    }

    /** Connects and parks the connection's event loop until released; the caller closes the socket. */
    private static java.net.Socket blockIoLoop(QuicksilverServer server, CountDownLatch release) throws Exception {
        java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
        // a push runs on the connection's event loop: park that loop until released
        long deadline = System.currentTimeMillis() + 2000;
        while (server.node().clients().size() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        server.node().clients().all().iterator().next().connection().push(r -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return s;
    }

    @Test
    void annotatedForCdi() {
        assertEquals(true, QuicksilverLiveness.class.isAnnotationPresent(Liveness.class));
        assertEquals(true, QuicksilverReadiness.class.isAnnotationPresent(Readiness.class));
    }
}
