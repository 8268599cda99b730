package io.quicksilver.server.health;

import io.quicksilver.server.QuicksilverServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: every event loop of the server runs a probe task within a timeout, so no connection
 * thread is stuck (a command that never returns, a deadlock). A server that was started and has
 * stopped is DOWN.
 *
 * <p>Works with and without CDI: as a CDI bean (no-arg constructor, {@code @Liveness}) it checks
 * the servers running in this JVM ({@link QuicksilverServer#running()}); built with a server it
 * checks that one. Responses are created with HealthCheckResponse's constructor, so no
 * MicroProfile Health implementation is needed to call it.
 */
@Liveness
public class QuicksilverLiveness implements HealthCheck {
    /** The name responses carry. */
    public static final String NAME = "quicksilver-liveness";

    private final QuicksilverServer server;
    private final long timeoutMillis;

    /** For CDI: checks the servers running in this JVM. */
    public QuicksilverLiveness() {
        this(null, 2000);
    }

    /**
     * @param server        the server to check, or null for every running one
     * @param timeoutMillis how long an event loop may take to run the probe
     */
    public QuicksilverLiveness(QuicksilverServer server, long timeoutMillis) {
        this.server = server;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public HealthCheckResponse call() {
        List<QuicksilverServer> servers = server != null ? List.of(server) : QuicksilverServer.running();
        Map<String, Object> data = new LinkedHashMap<>();
        boolean up = true;
        for (QuicksilverServer s : servers) {
            boolean alive;
            if (s.terminated().isDone()) {
                alive = false;
            } else if (!s.isRunning()) {
                alive = true; // not started yet: nothing is stuck
            } else {
                alive = s.listener().eventLoopsRespond(timeoutMillis);
            }
            data.put("port-" + s.port(), alive ? "responsive" : s.terminated().isDone() ? "stopped" : "stuck");
            up &= alive;
        }
        data.put("servers", (long) servers.size());
        return new HealthCheckResponse(NAME, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }
}
