package io.quicksilver.it.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.it.Endpoint;
import io.quicksilver.it.RedisCluster;
import io.quicksilver.it.RedisReference;
import io.quicksilver.it.Servers;
import io.quicksilver.it.session.app.CommandServlet;
import io.quicksilver.it.session.app.Recorder;
import io.quicksilver.session.servlet.SessionInitializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two embedded Jetty 12 servers in this JVM, the same application) behind no sticky
 * load balancer, sharing sessions through one store: our server, and a three-master Redis Cluster
 * when redis-server is installed. A session created on one is read, changed and invalidated on
 * the other; an expiry fires its listener once, on one node.
 */
class SessionTwoNodesIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One node: the application at /app with the session filter on {@code storeUri}. */
    private static final class Node implements AutoCloseable {
        final Server server = new Server();
        final ServerConnector connector = new ServerConnector(server);

        Node(String name, String storeUri) throws Exception {
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler ctx = new ServletContextHandler(ServletContextHandler.SESSIONS);
            ctx.setContextPath("/app");
            ctx.addServletContainerInitializer(new SessionInitializer());
            ctx.addServlet(CommandServlet.class, "/c");
            ctx.setInitParameter("node", name);
            ctx.setInitParameter("quicksilver.session.uri", storeUri);
            ctx.setInitParameter("quicksilver.session.listeners", Recorder.class.getName());
            server.setHandler(ctx);
            server.start();
        }

        URI uri(String query) {
            return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/c?" + query);
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    private String call(Node node, String cookie, String query) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri(query)).timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private String cookieOf(Node node, String query) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.uri(query)).build(),
                HttpResponse.BodyHandlers.ofString());
        String sc = r.headers().firstValue("Set-Cookie").orElseThrow();
        return sc.substring(0, sc.indexOf(';'));
    }

    private void twoNodesShareSessions(String storeUri) throws Exception {
        try (Node one = new Node("one", storeUri); Node two = new Node("two", storeUri)) {
            String cookie = cookieOf(one, "op=set&name=user&value=alice");
            String id = cookie.substring(cookie.indexOf('=') + 1);
            assertEquals("String:alice", call(two, cookie, "op=get&name=user"), "written on one, read on two");
            call(two, cookie, "op=set&name=user&value=bob");
            assertEquals("String:bob", call(one, cookie, "op=get&name=user"), "changed on two, seen on one");
            call(two, cookie, "op=invalidate");
            assertEquals("none", call(one, cookie, "op=none"), "invalidated on two, gone on one");

            String other = cookieOf(two, "op=set&name=user&value=carol");
            String otherId = other.substring(other.indexOf('=') + 1);
            assertNotEquals(id, otherId);
            call(one, other, "op=max&value=1");
            long deadline = System.currentTimeMillis() + 15_000;
            while (Recorder.NODES.stream().noneMatch(e -> e.endsWith(":" + otherId)) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(2_000); // the other node's notification and a sweep have had their chance
            List<String> fired = Recorder.NODES.stream().filter(e -> e.endsWith(":" + otherId)).toList();
            assertEquals(1, fired.size(), "the expiry fires once across the nodes: " + fired);
            assertTrue(fired.get(0).startsWith("destroyed@one:"),
                    "on the node that wrote the session last, which remembers its state: " + fired);
            assertTrue(Recorder.SEEN.contains("destroyed:" + otherId + ":user=carol"), Recorder.SEEN.toString());
        }
    }

    @Test
    void onOurServer() throws Exception {
        try (Endpoint server = Servers.start()) {
            twoNodesShareSessions("redis://127.0.0.1:" + server.port());
        }
    }

    @Test
    void onARedisCluster() throws Exception {
        Assumptions.assumeTrue(RedisReference.installed("redis-server"), "redis-server is not installed");
        try (RedisCluster cluster = RedisCluster.start()) {
            twoNodesShareSessions(cluster.uri());
        }
    }
}
