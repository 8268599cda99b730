package io.quicksilver.session.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.Stores;
import io.quicksilver.session.SessionData;
import io.quicksilver.session.SessionSettings;
import jakarta.servlet.DispatcherType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * write-mode async on Jetty over the embedded store: a request does not wait for its session
 * write, a later request on the same node reads it (it waits for the pending write), the store
 * gets it; the setting's parsing.
 */
class AsyncWriteTest {
    private static final AtomicInteger ENGINES = new AtomicInteger();
    /** Holds every hupdate of {@link BlockingFilter}'s store until counted down. */
    static volatile CountDownLatch gate = new CountDownLatch(0);
    /** Counted down when a hupdate of {@link BlockingFilter}'s store waits at the gate. */
    static volatile CountDownLatch entered = new CountDownLatch(1);

    private JettyApp app;
    private Server server;
    private Store store;

    @AfterEach
    void stop() throws Exception {
        gate.countDown();
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.stop();
        }
        if (store != null) {
            store.close();
        }
        Events.SEEN.clear();
    }

    private static String uri() {
        return "quicksilver:embedded:async-write-test-" + ENGINES.incrementAndGet();
    }

    private String field(String id, String attribute) {
        byte[] v = store.hget(("qs:session:" + id).getBytes(StandardCharsets.UTF_8), SessionData.field(attribute));
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private String eventually(String id, String attribute) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String v;
        while ((v = field(id, attribute)) == null && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return v;
    }

    @Test
    void theNextRequestOnTheNodeReadsTheWriteAndTheStoreGetsIt() throws Exception {
        String uri = uri();
        store = Stores.open(URI.create(uri), Map.of());
        app = new JettyApp(Map.of("quicksilver.session.uri", uri, "quicksilver.session.write-mode", "async"), 1800);
        JettyApp.Browser b = app.browser();
        for (int i = 0; i < 20; i++) {
            assertEquals("ok", b.call("op=set&name=n&value=" + i));
            assertEquals("String:" + i, b.call("op=get&name=n"), "read your writes on one node");
        }
        assertEquals("19", eventually(b.sessionId(), "n"));
        assertEquals("invalidated", b.call("op=invalidate"));
        assertNull(store.hgetAll(("qs:session:" + b.sessionId()).getBytes(StandardCharsets.UTF_8)),
                "the invalidation waits for the pending write, which does not make the session again");
    }

    @Test
    void theResponseDoesNotWaitForTheWriteButTheNextReadDoes() throws Exception {
        Client b = startBlocking(Map.of());

        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        assertEquals("ok", b.call("op=set&name=user&value=alice"), "answered while its write is held");
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the write was handed to the writer");
        String id = b.sessionId();
        assertNotNull(id);
        assertNull(store.hgetAll(("qs:session:" + id).getBytes(StandardCharsets.UTF_8)), "not written yet");

        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
            try {
                return b.call("op=get&name=user");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(500);
        assertFalse(next.isDone(), "the next request's read waits for the pending write");
        gate.countDown();
        assertEquals("String:alice", next.get(10, TimeUnit.SECONDS));
        assertEquals("alice", eventually(id, "user"));
    }

    /** Jetty with {@link BlockingFilter} in write-mode async and {@code params}; a client of it. */
    private Client startBlocking(Map<String, String> params) throws Exception {
        String uri = uri();
        store = Stores.open(URI.create(uri), Map.of());
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/app");
        FilterHolder filter = new FilterHolder(BlockingFilter.class);
        filter.setName("quicksilver-session");
        filter.setInitParameter("quicksilver.session.uri", uri);
        filter.setInitParameter("quicksilver.session.write-mode", "async");
        params.forEach(filter::setInitParameter);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(CommandServlet.class, "/c");
        server.setHandler(context);
        server.start();
        return new Client(connector.getLocalPort());
    }

    /** async-write-wait bounds how long the next read waits for a write that does not land. */
    @Test
    void theNextReadWaitsForAPendingWriteAtMostTheAsyncWriteWait() throws Exception {
        Client b = startBlocking(Map.of("quicksilver.session.async-write-wait", "300"));
        assertEquals("ok", b.call("op=set&name=user&value=alice"));
        assertEquals("alice", eventually(b.sessionId(), "user"));
        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        assertEquals("ok", b.call("op=set&name=user&value=bob"), "answered while its write is held");
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        assertEquals("String:alice", b.call("op=get&name=user"), "read without the held write");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waited >= 250, "waited for the pending write first: " + waited + " ms");
        assertTrue(waited < 5_000, "not the default 10 s: " + waited + " ms");
        gate.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"bob".equals(field(b.sessionId(), "user")) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals("bob", field(b.sessionId(), "user"), "the held write lands when released");
    }

    /** shutdown-wait bounds how long stopping the filter waits for the pending writes. */
    @Test
    void stoppingWaitsForPendingWritesAtMostTheShutdownWait() throws Exception {
        Client b = startBlocking(Map.of("quicksilver.session.shutdown-wait", "300"));
        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        assertEquals("ok", b.call("op=set&name=user&value=alice"));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        server.stop();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        server = null;
        assertTrue(took < 5_000, "the held write is given up after shutdown-wait, not 10 s: " + took + " ms");
    }

    @Test
    void writeModeParses() {
        assertFalse(SessionSettings.defaults().asyncWrites(), "sync by default");
        assertTrue(SessionSettings.from(k -> k.equals("quicksilver.session.write-mode")
                ? Optional.of(" ASYNC ") : Optional.empty()).asyncWrites());
        assertFalse(SessionSettings.from(k -> k.equals("quicksilver.session.write-mode")
                ? Optional.of("sync") : Optional.empty()).asyncWrites());
        assertThrows(IllegalArgumentException.class, () -> SessionSettings.from(
                k -> k.equals("quicksilver.session.write-mode") ? Optional.of("later") : Optional.empty()));
    }

    /** The filter over a store whose hupdate waits at {@link #gate}. */
    public static final class BlockingFilter extends SessionFilter {
        @Override
        Store openStore(URI uri, Map<String, String> storeSettings) {
            Store real = super.openStore(uri, storeSettings);
            return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                    (proxy, m, args) -> {
                        if (m.getName().equals("hupdate")) {
                            entered.countDown();
                            if (!gate.await(20, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("gate never opened");
                            }
                        }
                        try {
                            return m.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    /** A client of /app/c on {@code port} that keeps the session cookie. */
    private static final class Client {
        private final int port;
        private final HttpClient http = HttpClient.newHttpClient();
        private volatile String cookie;

        Client(int port) {
            this.port = port;
        }

        String call(String query) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app/c?" + query))
                    .timeout(Duration.ofSeconds(20));
            if (cookie != null) {
                r.header("Cookie", cookie);
            }
            HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            for (String sc : res.headers().allValues("Set-Cookie")) {
                cookie = sc.substring(0, sc.indexOf(';') < 0 ? sc.length() : sc.indexOf(';'));
            }
            assertEquals(200, res.statusCode(), res.body());
            return res.body();
        }

        String sessionId() {
            return cookie == null ? null : cookie.substring(cookie.indexOf('=') + 1);
        }
    }
}
