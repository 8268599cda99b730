package io.quicksilver.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.Stores;
import io.quicksilver.server.QuicksilverServer;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.api.ServletContainer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two real Undertow servlet containers (the web server of WildFly) whose deployments pick up the
 * extension through its service file share sessions through one Quicksilver server over
 * redis://: created on one, read, changed, given a new ID and invalidated on the other, kept when
 * a node goes away, expired by the store with the destroy listener fired once.
 */
class UndertowSessionsTest {
    private static final Map<String, AtomicInteger> EVENTS = new ConcurrentHashMap<>();
    static volatile CountDownLatch RELEASE = new CountDownLatch(0);
    /** /s/nonblocking: counted down once its session is loaded and changed. */
    static volatile CountDownLatch LOADED = new CountDownLatch(0);
    /** /s/nonblocking: it starts its non-blocking output once this is counted down. */
    static volatile CountDownLatch GO = new CountDownLatch(0);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private QuicksilverServer server;
    private String uri;
    private Store store;
    private Node a;
    private Node b;

    @BeforeEach
    void start() throws Exception {
        EVENTS.clear();
        server = QuicksilverServer.builder().port(0).bind("127.0.0.1").build().start();
        uri = "redis://127.0.0.1:" + server.port();
        store = Stores.open(URI.create(uri), Map.of());
        a = new Node("A", uri);
        b = new Node("B", uri);
    }

    @AfterEach
    void stop() {
        try {
            if (a != null) a.close();
            if (b != null) b.close();
            if (store != null) store.close();
        } finally {
            if (server != null) server.close();
        }
    }

    @Test
    void aSessionCreatedOnOneNodeIsReadChangedRenamedAndInvalidatedOnTheOther() throws Exception {
        Browser ada = new Browser();
        Map<String, String> created = ada.get(a, "/s/login?user=ada");
        assertEquals("true", created.get("new"));
        String id = created.get("id");
        Map<String, byte[]> hash = store.hgetAll(key(id));
        assertNotNull(hash, "the session is one hash in the store");
        assertEquals("ada", new String(hash.get("user"), StandardCharsets.UTF_8), "a String attribute is text");
        assertEquals(1, count("created@A"));

        Map<String, String> read = ada.get(b, "/s/whoami");
        assertEquals(200, ada.status);
        assertEquals("false", read.get("new"));
        assertEquals(id, read.get("id"));
        assertEquals("ada", read.get("attr.user"));
        ada.get(b, "/s/set?name=role&value=admin");
        assertEquals("admin", ada.get(a, "/s/whoami").get("attr.role"), "A sees B's change");
        assertEquals(0, count("created@B"), "reading a session on another node creates none");

        Map<String, String> renamed = ada.get(b, "/s/rotate");
        String fresh = renamed.get("id");
        assertNotEquals(id, fresh);
        assertNull(store.hgetAll(key(id)), "the old ID is gone");
        assertNotNull(store.hgetAll(key(fresh)));
        assertEquals("admin", ada.get(a, "/s/whoami").get("attr.role"), "A finds the session under its new ID");

        assertEquals("true", ada.get(b, "/s/invalidate").get("invalidated"));
        assertEquals(1, count("destroyed@B"));
        Map<String, String> gone = ada.get(a, "/s/whoami");
        assertEquals(404, ada.status, gone.toString());
        assertNull(store.hgetAll(key(fresh)));
        assertEquals(0, count("destroyed@A"));
    }

    @Test
    void aNodeThatGoesAwayLosesNoSession() throws Exception {
        Browser bob = new Browser();
        String id = bob.get(a, "/s/login?user=bob").get("id");
        a.close();
        a = new Node("A", uri);
        Map<String, String> after = bob.get(a, "/s/whoami");
        assertEquals(200, bob.status, after.toString());
        assertEquals(id, after.get("id"));
        assertEquals("bob", after.get("attr.user"));
    }

    @Test
    void theStoreExpiresAnIdleSessionAndOneNodeFiresItsDestroyListener() throws Exception {
        Browser eve = new Browser();
        String id = eve.get(a, "/s/login?user=eve&maxInactive=1").get("id");
        long ttl = store.ttl(key(id));
        assertTrue(ttl > 0 && ttl <= 1000, "TTL = max inactive interval: " + ttl);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (count("destroyed@A") + count("destroyed@B") == 0) {
            assertTrue(System.nanoTime() < deadline, "no destroy listener fired for the expired session");
            Thread.sleep(50);
        }
        Thread.sleep(1000);
        assertEquals(1, count("destroyed@A") + count("destroyed@B"), "fired once across the nodes: " + EVENTS);
        assertNull(store.hgetAll(key(id)));
        eve.get(b, "/s/whoami");
        assertEquals(404, eve.status);
    }

    @Test
    void aSessionThatExpiredWhileNoNodeListenedIsFoundByTheSweep() throws Exception {
        Map<String, String> fast = Map.of("quicksilver.session.expiry-bucket", "500",
                "quicksilver.session.expiry-sweep", "200");
        a.close();
        b.close();
        b = null;
        a = new Node("A", uri, fast);
        Browser ivy = new Browser();
        String id = ivy.get(a, "/s/login?user=ivy&maxInactive=1").get("id");
        a.close();
        a = null;
        Thread.sleep(4000); // expired (and its notification gone) while no node ran
        assertNull(store.hgetAll(key(id)));
        assertEquals(0, count("destroyed@A") + count("destroyed@C"));
        Node c = new Node("C", uri, fast);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (count("destroyed@C") == 0) {
                assertTrue(System.nanoTime() < deadline, "the sweep did not fire the lost expiry: " + EVENTS);
                Thread.sleep(50);
            }
            Thread.sleep(500);
            assertEquals(1, count("destroyed@C"), "fired once: " + EVENTS);
        } finally {
            c.close();
        }
    }

    @Test
    void theStoresOwnSettingsComeFromQuicksilverSessionStoreKeys() throws Exception {
        Node c = new Node("C", uri, Map.of("quicksilver.session.store.database", "3"));
        try (Store db3 = Stores.open(URI.create(uri), Map.of("database", "3"))) {
            Browser cy = new Browser();
            String id = cy.get(c, "/s/login?user=cy").get("id");
            assertNull(store.hgetAll(key(id)), "not in database 0");
            assertEquals("cy", new String(db3.hgetAll(key(id)).get("user"), StandardCharsets.UTF_8));
        } finally {
            c.close();
        }
    }

    /**
     * The servlet commits its response and holds the request: the session is in the store when
     * the client has the response, and what the servlet sets after the commit when it returns.
     * (Undertow 2.3 sends nothing when a declared Content-Length is reached, only sets the response
     * complete: the servlet's return sends it, after the session's write.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"buffer", "flush", "redirect"})
    void theSessionIsWrittenBeforeTheResponseIsCommitted(String how) throws Exception {
        Browser ann = new Browser();
        String id = ann.get(a, "/s/login?user=ann").get("id");
        RELEASE = new CountDownLatch(1);
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port + "/app/s/commit?name=x&value=v1&how=" + how))
                    .header("Cookie", "JSESSIONID=" + id).timeout(Duration.ofSeconds(20)).build();
            HttpResponse<InputStream> resp = HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofInputStream())
                    .get(20, TimeUnit.SECONDS);
            assertEquals(how.equals("redirect") ? 302 : 200, resp.statusCode());
            if (!how.equals("redirect")) {
                assertEquals("committed", new String(resp.body().readNBytes(9), StandardCharsets.UTF_8));
            }
            assertEquals(1, RELEASE.getCount(), "the servlet is still held");
            Map<String, byte[]> hash = store.hgetAll(key(id));
            assertEquals("v1", hash.get("x") == null ? null : new String(hash.get("x"), StandardCharsets.UTF_8),
                    "written before the commit");
            assertNull(hash.get("after"));
            RELEASE.countDown();
            resp.body().close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.hgetAll(key(id)).get("after") == null) {
                assertTrue(System.nanoTime() < deadline, "the change after the commit was not written");
                Thread.sleep(20);
            }
            assertEquals("1", ann.get(b, "/s/whoami").get("attr.after"));
        } finally {
            RELEASE.countDown();
        }
    }

    /** An error page runs after the failed servlet's end: what it changes is written too. */
    @Test
    void whatAnErrorPageChangesIsWritten() throws Exception {
        Browser eli = new Browser();
        String id = eli.get(a, "/s/login?user=eli").get("id");
        Map<String, String> page = eli.get(a, "/s/fail?value=v2");
        assertEquals(418, eli.status);
        assertEquals("saw v2", page.get("attr.error-page"));
        byte[] stored = store.hgetAll(key(id)).get("error-page");
        assertNotNull(stored, "the error page's change is in the store");
        assertEquals("saw v2", new String(stored, StandardCharsets.UTF_8));
        assertEquals("saw v2", eli.get(b, "/s/whoami").get("attr.error-page"));
    }

    /**
     * A non-blocking {@code WriteListener}'s first write opens the response on Undertow's I/O thread,
     * where the commit listener is called: the session write must not be made there. With one I/O
     * thread and the store held (a proxy that forwards nothing meanwhile), the response still
     * arrives and another request is still served; the write lands once the store answers.
     */
    @Test
    void aCommitOnAnIoThreadHandsTheWriteToAWorker() throws Exception {
        try (HoldingProxy proxy = new HoldingProxy(server.port())) {
            Node c = new Node("C", "redis://127.0.0.1:" + proxy.port(), Map.of(), 1);
            try {
                Browser ann = new Browser();
                String id = ann.get(c, "/s/login?user=ann").get("id");
                LOADED = new CountDownLatch(1);
                GO = new CountDownLatch(1);
                HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port + "/app/s/nonblocking?value=v1"))
                        .header("Cookie", "JSESSIONID=" + id).timeout(Duration.ofSeconds(20)).build();
                var response = HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString());
                assertTrue(LOADED.await(10, TimeUnit.SECONDS), "the servlet read its session");
                proxy.hold(true);
                GO.countDown();
                HttpResponse<String> answered = response.get(5, TimeUnit.SECONDS); // blocked I/O thread: never
                assertEquals("written", answered.body());
                Map<String, String> other = new Browser().get(c, "/s/whoami");
                assertEquals("none", other.get("session"), "the I/O thread serves another request");
                assertNull(store.hgetAll(key(id)).get("x"), "the write waits for the held store");
                proxy.hold(false);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (store.hgetAll(key(id)).get("x") == null) {
                    assertTrue(System.nanoTime() < deadline, "the write was not made");
                    Thread.sleep(20);
                }
                assertEquals("v1", new String(store.hgetAll(key(id)).get("x"), StandardCharsets.UTF_8));
            } finally {
                proxy.hold(false);
                GO.countDown();
                c.close();
            }
        }
    }

    /** touch-interval: a request that changes nothing leaves a recent access time alone. */
    @Test
    void aTouchIntervalSkipsTheWriteOfARequestThatChangesNothing() throws Exception {
        Node c = new Node("C", uri, Map.of("quicksilver.session.touch-interval", "60"));
        try {
            Browser cy = new Browser();
            String id = cy.get(c, "/s/login?user=cy").get("id");
            byte[] first = store.hgetAll(key(id)).get("#accessed");
            Thread.sleep(20);
            assertEquals("cy", cy.get(c, "/s/whoami").get("attr.user"));
            assertEquals(new String(first, StandardCharsets.US_ASCII),
                    new String(store.hgetAll(key(id)).get("#accessed"), StandardCharsets.US_ASCII), "not rewritten");
            Thread.sleep(20);
            cy.get(c, "/s/set?name=role&value=admin");
            Map<String, byte[]> hash = store.hgetAll(key(id));
            assertEquals("admin", new String(hash.get("role"), StandardCharsets.UTF_8));
            assertNotEquals(new String(first, StandardCharsets.US_ASCII),
                    new String(hash.get("#accessed"), StandardCharsets.US_ASCII), "a change is written with the access time");
        } finally {
            c.close();
        }
    }

    /** Forwards connections to a port; while held, nothing goes from the client to the target. */
    static final class HoldingProxy implements AutoCloseable {
        private final java.net.ServerSocket listener;
        private final java.util.List<java.net.Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean held;

        HoldingProxy(int target) throws IOException {
            listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket client = listener.accept();
                        java.net.Socket upstream = new java.net.Socket("127.0.0.1", target);
                        sockets.add(client);
                        sockets.add(upstream);
                        pump(client, upstream, true);
                        pump(upstream, client, false);
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "holding-proxy");
            t.setDaemon(true);
            t.start();
        }

        private void pump(java.net.Socket from, java.net.Socket to, boolean holdable) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (InputStream in = from.getInputStream(); java.io.OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        while (holdable && held) Thread.sleep(5);
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // closed
                }
            }, "holding-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void hold(boolean on) {
            held = on;
        }

        @Override
        public void close() throws IOException {
            held = false;
            listener.close();
            for (java.net.Socket s : sockets) s.close();
        }
    }

    private static byte[] key(String id) {
        return ("qs:session:" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static int count(String event) {
        AtomicInteger n = EVENTS.get(event);
        return n == null ? 0 : n.get();
    }

    /** One Undertow server with the test application at /app. */
    static final class Node implements AutoCloseable {
        final int port;
        private final DeploymentManager manager;
        private final Undertow undertow;

        Node(String name, String storeUri) throws Exception {
            this(name, storeUri, Map.of());
        }

        Node(String name, String storeUri, Map<String, String> initParams) throws Exception {
            this(name, storeUri, initParams, 0);
        }

        /** {@code ioThreads}: Undertow's I/O threads, 0 for its default. */
        Node(String name, String storeUri, Map<String, String> initParams, int ioThreads) throws Exception {
            DeploymentInfo info = Servlets.deployment()
                    .setClassLoader(UndertowSessionsTest.class.getClassLoader())
                    .setContextPath("/app")
                    .setDeploymentName("app.war")
                    .addInitParameter("quicksilver.session.uri", storeUri)
                    .addInitParameter("test.node", name)
                    .addServlets(Servlets.servlet("s", SessionServlet.class).addMapping("/s/*").setAsyncSupported(true))
                    .addListener(Servlets.listener(CountingListener.class))
                    .addErrorPage(new ErrorPage("/s/error-page", 418));
            initParams.forEach(info::addInitParameter);
            ServletContainer container = ServletContainer.Factory.newInstance();
            manager = container.addDeployment(info);
            manager.deploy();
            Undertow.Builder builder = Undertow.builder().addHttpListener(0, "127.0.0.1");
            if (ioThreads > 0) builder.setIoThreads(ioThreads);
            undertow = builder.setHandler(Handlers.path().addPrefixPath("/app", manager.start())).build();
            undertow.start();
            port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        }

        @Override
        public void close() {
            undertow.stop();
            try {
                manager.stop();
            } catch (jakarta.servlet.ServletException e) {
                throw new IllegalStateException(e);
            }
            manager.undeploy();
        }
    }

    /** Counts session events per node: created@A, destroyed@B, ... */
    public static final class CountingListener implements HttpSessionListener {
        @Override
        public void sessionCreated(HttpSessionEvent se) {
            EVENTS.computeIfAbsent("created@" + node(se), k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent se) {
            EVENTS.computeIfAbsent("destroyed@" + node(se), k -> new AtomicInteger()).incrementAndGet();
        }

        private static String node(HttpSessionEvent se) {
            return se.getSession().getServletContext().getInitParameter("test.node");
        }
    }

    /** login / whoami / set / rotate / invalidate, answering name=value lines. */
    public static final class SessionServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String op = req.getPathInfo();
            resp.setContentType("text/plain;charset=UTF-8");
            if (op.equals("/commit")) {
                commit(req, resp);
                return;
            }
            if (op.equals("/nonblocking")) {
                nonBlocking(req, resp);
                return;
            }
            if (op.equals("/fail")) { // its error page: /s/error-page
                req.getSession(false).setAttribute("x", req.getParameter("value"));
                resp.sendError(418);
                return;
            }
            HttpSession s = req.getSession(op.equals("/login"));
            PrintWriter out = resp.getWriter();
            if (s == null) {
                resp.setStatus(404);
                out.println("session=none");
                return;
            }
            switch (op) {
                case "/login" -> {
                    s.setAttribute("user", req.getParameter("user"));
                    if (req.getParameter("maxInactive") != null) {
                        s.setMaxInactiveInterval(Integer.parseInt(req.getParameter("maxInactive")));
                    }
                }
                case "/set" -> s.setAttribute(req.getParameter("name"), req.getParameter("value"));
                case "/error-page" -> s.setAttribute("error-page", "saw " + s.getAttribute("x"));
                case "/rotate" -> req.changeSessionId();
                case "/invalidate" -> {
                    s.invalidate();
                    out.println("invalidated=true");
                    return;
                }
                default -> { }
            }
            out.println("new=" + s.isNew());
            out.println("id=" + s.getId());
            for (String n : Collections.list(s.getAttributeNames())) out.println("attr." + n + "=" + s.getAttribute(n));
        }
    }

    /**
     * Sets {@code name=value}, commits the response ({@code how}: a full buffer, {@code flushBuffer},
     * {@code sendRedirect}), then holds the request until {@link #RELEASE},
     * sets {@code after=1} and returns.
     */
    static void commit(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession s = req.getSession(false);
        s.setAttribute(req.getParameter("name"), req.getParameter("value"));
        byte[] body = "committed".getBytes(StandardCharsets.UTF_8);
        switch (req.getParameter("how")) {
            case "buffer" -> { // more than the buffer holds: Undertow sends what it holds
                resp.getOutputStream().write(body);
                resp.getOutputStream().write(new byte[resp.getBufferSize()]);
            }
            case "flush" -> {
                resp.getOutputStream().write(body);
                resp.flushBuffer();
            }
            case "redirect" -> resp.sendRedirect("elsewhere");
            default -> throw new IllegalArgumentException(req.getParameter("how"));
        }
        try {
            if (!RELEASE.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        s.setAttribute("after", "1");
    }

    /**
     * Sets {@code x=value}, waits for {@link #GO}, then answers "written" through a non-blocking
     * {@code WriteListener} (whose callbacks Undertow runs on the I/O thread) and completes.
     */
    static void nonBlocking(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.getSession(false).setAttribute("x", req.getParameter("value"));
        LOADED.countDown();
        try {
            if (!GO.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("no go");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        jakarta.servlet.AsyncContext async = req.startAsync();
        jakarta.servlet.ServletOutputStream out = resp.getOutputStream();
        out.setWriteListener(new jakarta.servlet.WriteListener() {
            private boolean sent;

            @Override
            public void onWritePossible() throws IOException {
                while (out.isReady()) {
                    if (sent) {
                        async.complete();
                        return;
                    }
                    sent = true;
                    out.write("written".getBytes(StandardCharsets.UTF_8));
                }
            }

            @Override
            public void onError(Throwable t) {
                async.complete();
            }
        });
    }

    /** Keeps the session cookie as a browser does. */
    static final class Browser {
        private String cookie;
        int status;

        Map<String, String> get(Node node, String path) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/app" + path))
                    .timeout(Duration.ofSeconds(10));
            if (cookie != null) r.header("Cookie", "JSESSIONID=" + cookie);
            HttpResponse<String> resp = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
            status = resp.statusCode();
            for (String c : resp.headers().allValues("Set-Cookie")) {
                if (c.startsWith("JSESSIONID=")) cookie = c.substring(11).split(";", 2)[0];
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : resp.body().split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return m;
        }
    }
}
