package io.quicksilver.it.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.Stores;
import io.quicksilver.it.Endpoint;
import io.quicksilver.it.Servers;
import io.quicksilver.it.session.app.Bound;
import io.quicksilver.it.session.app.CommandServlet;
import io.quicksilver.it.session.app.Recorder;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every HttpSession behaviour of the session filter on an embedded Servlet 6 container (Jetty 12
 * ee10 through Arquillian), in two deployments of one application: sessions in the embedded store
 * (this JVM's engine) and in our server (started here, reached through quicksilver-remote). The
 * application holds only its own classes; the filter comes in through its
 * ServletContainerInitializer and finds the {@code @WebListener}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SessionContainerIT {
    private static final Endpoint SERVER = Servers.start();
    private static final String REMOTE_URI = "redis://127.0.0.1:" + SERVER.port();

    @ArquillianResource
    @OperateOnDeployment("embedded")
    private URL embeddedUrl;

    @ArquillianResource
    @OperateOnDeployment("remote")
    private URL remoteUrl;

    @Deployment(name = "embedded", testable = false)
    static WebArchive embedded() {
        return war("embedded", "quicksilver:embedded", "");
    }

    /** Remote, with expiry buckets of a second swept every half second (defaults: 10 s and 10 s). */
    @Deployment(name = "remote", testable = false)
    static WebArchive remote() {
        return war("remote", REMOTE_URI, """
                  <context-param>
                    <param-name>quicksilver.session.expiry-bucket</param-name>
                    <param-value>1000</param-value>
                  </context-param>
                  <context-param>
                    <param-name>quicksilver.session.expiry-sweep</param-name>
                    <param-value>500</param-value>
                  </context-param>
                """);
    }

    private static WebArchive war(String name, String storeUri, String moreParams) {
        String webXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <context-param>
                    <param-name>quicksilver.session.uri</param-name>
                    <param-value>%s</param-value>
                  </context-param>
                %s  <servlet>
                    <servlet-name>c</servlet-name>
                    <servlet-class>%s</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>c</servlet-name>
                    <url-pattern>/c</url-pattern>
                  </servlet-mapping>
                  <session-config>
                    <session-timeout>30</session-timeout>
                  </session-config>
                </web-app>
                """.formatted(storeUri, moreParams, CommandServlet.class.getName());
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(CommandServlet.class, Recorder.class, Bound.class)
                .setWebXML(new StringAsset(webXml));
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    /** A deployment with its store and a client. */
    private record Mode(String name, URL base, Store store) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    private List<Mode> modes() {
        return List.of(new Mode("embedded", embeddedUrl, Stores.open(Stores.EMBEDDED, Map.of())),
                new Mode("remote", remoteUrl, Stores.open(URI.create(REMOTE_URI), Map.of())));
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client keeping the last session cookie. */
    private final class Browser {
        final URL base;
        volatile String cookie;
        volatile List<String> setCookies = List.of();

        Browser(URL base) {
            this.base = base;
        }

        String call(String query) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toExternalForm() + "c?" + query))
                    .timeout(Duration.ofSeconds(20));
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            setCookies = r.headers().allValues("Set-Cookie");
            for (String sc : setCookies) {
                cookie = sc.substring(0, sc.indexOf(';') < 0 ? sc.length() : sc.indexOf(';'));
            }
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        }

        String id() {
            return cookie == null ? null : cookie.substring(cookie.indexOf('=') + 1);
        }

        List<String> events(String id) throws IOException, InterruptedException {
            List<String> out = new ArrayList<>();
            for (String e : Arrays.asList(new Browser(base).call("op=events").split("\n"))) {
                if (e.contains(":" + id + ":") || e.endsWith(":" + id)) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    private static byte[] key(String id) {
        return ("qs:session:" + id).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> text(Map<String, byte[]> raw) {
        if (raw == null) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        raw.forEach((k, v) -> out.put(k, v.length > 0 && (v[0] & 0xC0) == 0x80 ? "<serialized>"
                : new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    private static Map<String, String> info(String s) {
        Map<String, String> m = new HashMap<>();
        for (String part : s.split(" ")) {
            int i = part.indexOf('=');
            m.put(part.substring(0, i), part.substring(i + 1));
        }
        return m;
    }

    @Test
    void schemaCookieAndAttributes() throws Exception {
        for (Mode m : modes()) {
            try (m) {
                Browser b = new Browser(m.base());
                assertEquals("none", b.call("op=none"), m.name());
                assertEquals("ok", b.call("op=set&name=user&value=alice"));
                String id = b.id();
                assertTrue(id.matches("[0-9a-f]{32}"), m.name() + ": " + id);
                String sc = b.setCookies.get(0);
                assertTrue(sc.contains("HttpOnly") && sc.contains("SameSite=Lax") && !sc.contains("Secure"), sc);
                b.call("op=setList&name=cart&value=book");
                Map<String, String> h = text(m.store().hgetAll(key(id)));
                assertEquals("alice", h.get("user"), m.name());
                assertEquals("<serialized>", h.get("cart"));
                assertEquals("1800", h.get("#maxInactive"), "web.xml session-timeout 30 minutes");
                long ttl = m.store().ttl(key(id));
                assertTrue(ttl > 1_790_000 && ttl <= 1_800_000, m.name() + " TTL " + ttl);
                assertEquals("ArrayList:[book]", b.call("op=get&name=cart"));
                assertEquals("IllegalArgumentException", b.call("op=nonSerializable&name=x"));
                b.call("op=remove&name=cart");
                assertFalse(m.store().hgetAll(key(id)).containsKey("cart"));
                assertEquals("/x?y=1", b.call("op=encode&value=" + URLEncoder.encode("/x?y=1", StandardCharsets.UTF_8)),
                        "URL rewriting is off");
                b.call("op=max&value=120");
                ttl = m.store().ttl(key(id));
                assertTrue(ttl > 110_000 && ttl <= 120_000, m.name() + " TTL " + ttl);
            }
        }
    }

    @Test
    void isNewAndTimes() throws Exception {
        for (Mode m : modes()) {
            try (m) {
                Browser b = new Browser(m.base());
                Map<String, String> first = info(b.call("op=info"));
                assertEquals("true", first.get("new"), m.name());
                Thread.sleep(20);
                Map<String, String> second = info(b.call("op=info"));
                assertEquals("false", second.get("new"));
                assertEquals("true", second.get("valid"));
                assertEquals(first.get("created"), second.get("created"));
                assertEquals(first.get("created"), second.get("accessed"));
            }
        }
    }

    @Test
    void listenersInvalidationAndChangeSessionId() throws Exception {
        for (Mode m : modes()) {
            try (m) {
                Browser b = new Browser(m.base());
                b.call("op=set&name=user&value=alice");
                String id = b.id();
                b.call("op=set&name=user&value=bob");
                b.call("op=bind&name=b&value=one");
                String[] change = b.call("op=change").split(">");
                String fresh = change[1];
                assertEquals(id, change[0]);
                assertEquals(fresh, b.id(), "the cookie follows the new ID");
                assertNull(m.store().hgetAll(key(id)), m.name());
                assertEquals("bob", text(m.store().hgetAll(key(fresh))).get("user"));
                b.call("op=invalidate");
                assertNull(m.store().hgetAll(key(fresh)));
                List<String> before = b.events(id);
                assertEquals(List.of("created:" + id + ":", "added:" + id + ":user=alice",
                        "replaced:" + id + ":user=alice", "bound:" + id + ":b=one", "added:" + id + ":b=Bound(one)",
                        "idChanged:" + fresh + ":" + id), before, m.name());
                List<String> after = b.events(fresh);
                assertEquals("destroyed:" + fresh + ":user=bob", after.get(1), m.name() + " " + after);
                assertTrue(after.containsAll(List.of("unbound:" + fresh + ":b=one", "removed:" + fresh + ":b=Bound(one)",
                        "removed:" + fresh + ":user=bob")), after.toString());
                assertEquals(5, after.size(), after.toString());
                assertNotEquals(fresh, info(b.call("op=info")).get("id"), "an invalidated session is not found again");
            }
        }
    }

    @Test
    void expiryFiresTheListenersOnce() throws Exception {
        for (Mode m : modes()) {
            try (m) {
                Browser b = new Browser(m.base());
                b.call("op=set&name=user&value=alice");
                b.call("op=max&value=1");
                String id = b.id();
                long deadline = System.currentTimeMillis() + 15_000;
                List<String> events = b.events(id);
                while (events.stream().noneMatch(e -> e.startsWith("destroyed:")) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                    events = b.events(id);
                }
                Thread.sleep(300);
                events = b.events(id);
                assertEquals(1, events.stream().filter(e -> e.startsWith("destroyed:")).count(), m.name() + " " + events);
                // embedded: the engine hands over the expired hash; remote: the node that wrote the
                // session last remembers its state (the notification carries the key only)
                assertTrue(events.contains("destroyed:" + id + ":user=alice"), m.name() + " " + events);
                assertTrue(events.contains("removed:" + id + ":user=alice"), m.name() + " " + events);
                assertEquals("none", b.call("op=none"));
            }
        }
    }

    @Test
    void concurrentRequestsKeepBothWrites() throws Exception {
        for (Mode m : modes()) {
            try (m) {
                Browser b = new Browser(m.base());
                b.call("op=set&name=start&value=1");
                for (int round = 0; round < 3; round++) {
                    String slowName = "slow" + round;
                    CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
                        try {
                            return b.call("op=set&name=" + slowName + "&value=x&sleep=300");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    Thread.sleep(60);
                    assertEquals("ok", b.call("op=set&name=fast" + round + "&value=y"));
                    assertEquals("ok", slow.get());
                    Map<String, String> h = text(m.store().hgetAll(key(b.id())));
                    assertEquals("x", h.get(slowName), m.name() + " " + h);
                    assertEquals("y", h.get("fast" + round), m.name() + " " + h);
                }
            }
        }
    }

    @Test
    void principalIndex() throws Exception {
        for (Mode m : modes()) {
            try (m) {
                String user = "user-" + m.name() + System.nanoTime();
                Browser one = new Browser(m.base());
                Browser two = new Browser(m.base());
                Browser other = new Browser(m.base());
                one.call("op=principal&value=" + user);
                two.call("op=principal&value=" + user);
                other.call("op=info");
                assertEquals(new java.util.TreeSet<>(List.of(one.id(), two.id())).toString(),
                        other.call("op=sessionsOf&value=" + user), m.name());
                long ttl = m.store().ttl(("qs:session:principal:" + user).getBytes(StandardCharsets.UTF_8));
                assertTrue(ttl > 1_700_000, "the index has a TTL: " + ttl);
                assertEquals("2", other.call("op=invalidateAll&value=" + user));
                assertEquals("none", one.call("op=none"));
                assertEquals("none", two.call("op=none"));
                assertNotNull(m.store().hgetAll(key(other.id())));
            }
        }
    }

    @Test
    void aRemoteExpiryWhoseNotificationNobodyGotIsFoundByTheSweep() throws Exception {
        try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis("127.0.0.1", SERVER.port())) {
            String flags = admin.configGet("notify-keyspace-events").get("notify-keyspace-events");
            admin.configSet("notify-keyspace-events", ""); // no expiry notification reaches anybody
            try {
                Browser b = new Browser(remoteUrl);
                b.call("op=set&name=user&value=alice");
                b.call("op=max&value=1");
                String id = b.id();
                long deadline = System.currentTimeMillis() + 15_000;
                List<String> events = b.events(id);
                while (events.stream().noneMatch(e -> e.startsWith("destroyed:")) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                    events = b.events(id);
                }
                Thread.sleep(1500); // more sweeps: still once
                events = b.events(id);
                assertEquals(1, events.stream().filter(e -> e.startsWith("destroyed:")).count(), events.toString());
                assertTrue(events.contains("destroyed:" + id + ":user=alice"), events.toString());
            } finally {
                admin.configSet("notify-keyspace-events", flags);
            }
        }
    }

    @Test
    void aRemoteExpiryOfASessionNoLiveNodeWroteCarriesItsIdOnly() throws Exception {
        try (Store store = Stores.open(URI.create(REMOTE_URI), Map.of())) {
            String id = "0123456789abcdef0123456789abcdef".substring(0, 24) + Long.toHexString(System.nanoTime() & 0xffffffffL | 0x80000000L);
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            long now = System.currentTimeMillis();
            Map<String, byte[]> fields = new HashMap<>();
            fields.put("#created", Long.toString(now).getBytes(StandardCharsets.US_ASCII));
            fields.put("#accessed", Long.toString(now).getBytes(StandardCharsets.US_ASCII));
            fields.put("#maxInactive", "1".getBytes(StandardCharsets.US_ASCII));
            fields.put("user", "zed".getBytes(StandardCharsets.UTF_8));
            store.hupdate(key(id), fields, List.of(), 1000, false); // as a node that died since would have
            Browser b = new Browser(remoteUrl);
            long deadline = System.currentTimeMillis() + 15_000;
            List<String> events = b.events(id);
            while (events.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                events = b.events(id);
            }
            Thread.sleep(500);
            assertEquals(List.of("destroyed:" + id + ":user=null"), b.events(id),
                    "the notification carries the key only and no node remembers the session");
        }
    }
}
