package io.quicksilver.server.health;

import io.quicksilver.server.QuicksilverServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the server is running (its engine up) and listens on at least one socket. DOWN
 * before start, while stopping and after.
 *
 * <p>Works with and without CDI: as a CDI bean (no-arg constructor, {@code @Readiness}) it checks
 * the servers running in this JVM and is DOWN when there is none; built with a server it checks
 * that one.
 */
@Readiness
public class QuicksilverReadiness implements HealthCheck {
    /** The name responses carry. */
    public static final String NAME = "quicksilver-readiness";

    private final QuicksilverServer server;

    /** For CDI: checks the servers running in this JVM. */
    public QuicksilverReadiness() {
        this(null);
    }

    /** @param server the server to check, or null for every running one */
    public QuicksilverReadiness(QuicksilverServer server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        List<QuicksilverServer> servers = server != null ? List.of(server) : QuicksilverServer.running();
        Map<String, Object> data = new LinkedHashMap<>();
        boolean ready = !servers.isEmpty();
        for (QuicksilverServer s : servers) {
            boolean listening = s.isListening();
            ready &= listening;
            if (listening) {
                data.put("port", (long) s.port());
                data.put("transport", s.transport());
                data.put("connections", (long) s.connectionCount());
            }
        }
        data.put("servers", (long) servers.size());
        return new HealthCheckResponse(NAME, ready ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }
}
