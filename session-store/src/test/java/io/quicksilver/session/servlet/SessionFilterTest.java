package io.quicksilver.session.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.Stores;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter on a real Servlet 6 container (embedded Jetty 12 ee10) over the embedded store: the
 * HttpSession contract, the schema redis-cli sees, cookies, listeners (also on expiry), write
 * policies, concurrent requests, the principal index, URL rewriting, switching off.
 */
class SessionFilterTest {
    private static final AtomicInteger ENGINES = new AtomicInteger();
    private JettyApp app;
    private Store store;

    private JettyApp start(Map<String, String> extra) throws Exception {
        return start(extra, 1800);
    }

    private JettyApp start(Map<String, String> extra, int containerTimeout) throws Exception {
        String uri = "quicksilver:embedded:session-test-" + ENGINES.incrementAndGet();
        Map<String, String> params = new HashMap<>();
        params.put("quicksilver.session.uri", uri);
        params.put("quicksilver.session.listeners", Events.Recorder.class.getName());
        params.putAll(extra);
        store = Stores.open(URI.create(params.get("quicksilver.session.uri")), Map.of());
        app = new JettyApp(params, containerTimeout);
        return app;
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (store != null) {
            store.close();
        }
        Events.SEEN.clear();
    }

    private static byte[] key(String id) {
        return ("qs:session:" + id).getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> hash(String id) {
        Map<String, byte[]> raw = store.hgetAll(key(id));
        if (raw == null) {
            return null;
        }
        Map<String, String> out = new HashMap<>();
        raw.forEach((k, v) -> out.put(k, v.length > 0 && (v[0] & 0xC0) == 0x80 ? "<serialized>"
                : new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void aSessionIsOneHashWithTextAttributesAndATtlOfItsMaxInactiveInterval() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        assertEquals("none", b.call("op=none"));
        assertNull(b.sessionId(), "no session, no cookie");
        assertEquals("ok", b.call("op=set&name=user&value=alice"));
        String id = b.sessionId();
        assertTrue(id.matches("[0-9a-f]{32}"), "128 random bits as hex: " + id);
        assertEquals("ok", b.call("op=setList&name=cart&value=book"));
        assertEquals("ok", b.call("op=set&name=%23odd&value=hash-named"));
        Map<String, String> h = hash(id);
        assertEquals("alice", h.get("user"), "a String attribute is readable text");
        assertEquals("<serialized>", h.get("cart"));
        assertEquals("hash-named", h.get("##odd"), "an attribute named #odd cannot collide with metadata");
        assertEquals("1800", h.get("#maxInactive"));
        assertNotNull(h.get("#created"));
        assertNotNull(h.get("#accessed"));
        long ttl = store.ttl(key(id));
        assertTrue(ttl > 1_790_000 && ttl <= 1_800_000, "TTL = max inactive interval: " + ttl);
        assertEquals("ArrayList:[book]", b.call("op=get&name=cart"));
        assertEquals("String:hash-named", b.call("op=get&name=%23odd"));
        assertEquals("String:alice", b.call("op=get&name=user"));
    }

    @Test
    void theCookieIsHttpOnlyLaxAndSecureOnlyForSecureRequests() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=info");
        String sc = b.lastSetCookies.get(0);
        assertTrue(sc.startsWith("QSSESSIONID=" + b.sessionId()), sc);
        assertTrue(sc.contains("HttpOnly"), sc);
        assertTrue(sc.contains("SameSite=Lax"), sc);
        assertTrue(sc.contains("Path=/app"), sc);
        assertFalse(sc.contains("Secure"), sc);
        JettyApp.Browser tls = app.browser();
        assertEquals("true", tls.call("op=secure", "X-Forwarded-Proto", "https"));
        assertTrue(tls.lastSetCookies.get(0).contains("Secure"), tls.lastSetCookies.toString());
    }

    @Test
    void sameSiteIsConfigurable() throws Exception {
        start(Map.of("quicksilver.session.cookie.same-site", "Strict", "quicksilver.session.cookie.name", "SID"));
        JettyApp.Browser b = app.browser();
        b.call("op=info");
        assertTrue(b.lastSetCookies.get(0).startsWith("SID="), b.lastSetCookies.toString());
        assertTrue(b.lastSetCookies.get(0).contains("SameSite=Strict"), b.lastSetCookies.toString());
    }

    @Test
    void isNewCreationAndLastAccessedTimes() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        Map<String, String> first = info(b.call("op=info"));
        assertEquals("true", first.get("new"));
        assertEquals(first.get("created"), first.get("accessed"));
        Thread.sleep(30);
        Map<String, String> second = info(b.call("op=info"));
        assertEquals("false", second.get("new"));
        assertEquals(first.get("created"), second.get("created"));
        assertEquals(first.get("created"), second.get("accessed"), "last accessed = the previous request's time");
        assertEquals(first.get("id"), second.get("requested"));
        assertEquals("true", second.get("valid"));
        Thread.sleep(30);
        Map<String, String> third = info(b.call("op=info"));
        assertTrue(Long.parseLong(third.get("accessed")) >= Long.parseLong(second.get("created")) + 30);
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
    void theWebXmlTimeoutIsTheDefaultAndSetMaxInactiveIntervalChangesTheTtl() throws Exception {
        start(Map.of(), 120);
        JettyApp.Browser b = app.browser();
        assertEquals("120", info(b.call("op=info")).get("max"));
        long ttl = store.ttl(key(b.sessionId()));
        assertTrue(ttl > 110_000 && ttl <= 120_000, "" + ttl);
        b.call("op=max&value=600");
        ttl = store.ttl(key(b.sessionId()));
        assertTrue(ttl > 590_000 && ttl <= 600_000, "" + ttl);
        assertEquals("600", hash(b.sessionId()).get("#maxInactive"));
        b.call("op=max&value=0");
        assertEquals(Store.PERSIST, store.ttl(key(b.sessionId())), "0: never expires");
    }

    @Test
    void attributesRemoveAndNonSerializableValues() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=a&value=1");
        b.call("op=setInt&name=n&value=42");
        assertEquals("Integer:42", b.call("op=get&name=n"));
        assertEquals("IllegalArgumentException", b.call("op=nonSerializable&name=x"));
        b.call("op=remove&name=a");
        assertEquals("null", b.call("op=get&name=a"));
        assertFalse(hash(b.sessionId()).containsKey("a"), "removed from the hash");
        assertEquals("[n]", info(b.call("op=info")).get("names"));
    }

    @Test
    void listenersFireForCreationAttributesBindingAndInvalidation() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=user&value=alice");
        String id = b.sessionId();
        b.call("op=set&name=user&value=bob");
        b.call("op=bind&name=b&value=one");
        b.call("op=bind&name=b&value=two");
        b.call("op=remove&name=user");
        b.call("op=set&name=user&value=carol");
        assertEquals("invalidated", b.call("op=invalidate"));
        assertEquals(List.of(
                "created:" + id + ":",
                "added:" + id + ":user=alice",
                "replaced:" + id + ":user=alice",
                "bound:" + id + ":b=one",
                "added:" + id + ":b=Bound(one)",
                "bound:" + id + ":b=two",
                "unbound:" + id + ":b=one",
                "replaced:" + id + ":b=Bound(one)",
                "removed:" + id + ":user=bob",
                "added:" + id + ":user=carol",
                "destroyed:" + id + ":user=carol",
                "removed:" + id + ":b=Bound(two)",
                "removed:" + id + ":user=carol",
                "unbound:" + id + ":b=two"), sortTail(Events.of(id), 11));
        assertNull(store.hgetAll(key(id)), "invalidation deletes the hash");
        Map<String, String> after = info(b.call("op=info"));
        assertNotEquals(id, after.get("id"), "the old cookie finds nothing: a new session");
        assertEquals("false", after.get("valid"));
        assertEquals("true", after.get("new"));
    }

    /** The attributes of an invalidated session go in no particular order: sorts the list from index {@code from}. */
    private static List<String> sortTail(List<String> l, int from) {
        List<String> head = new java.util.ArrayList<>(l.subList(0, Math.min(from, l.size())));
        if (l.size() > from) {
            List<String> tail = new java.util.ArrayList<>(l.subList(from, l.size()));
            tail.sort(null);
            head.addAll(tail);
        }
        return head;
    }

    @Test
    void aSessionInvalidatedInARequestCanBeReplacedInIt() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=a&value=1");
        String old = b.sessionId();
        String fresh = b.call("op=invalidateThenNew");
        assertNotEquals(old, fresh);
        assertEquals(fresh, b.sessionId());
        assertNull(store.hgetAll(key(old)));
        assertNotNull(store.hgetAll(key(fresh)));
    }

    @Test
    void changeSessionIdMovesTheHashAndFiresTheIdListener() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=user&value=alice");
        String old = b.sessionId();
        String[] ids = b.call("op=change").split(">");
        assertEquals(old, ids[0]);
        assertEquals(ids[1], ids[2]);
        assertEquals(ids[1], b.sessionId(), "the cookie follows");
        assertNull(store.hgetAll(key(old)));
        assertEquals("alice", hash(ids[1]).get("user"));
        assertTrue(Events.all().contains("idChanged:" + ids[1] + ":" + old), Events.all().toString());
        assertEquals("String:alice", b.call("op=get&name=user"));
        JettyApp.Browser none = app.browser();
        assertEquals("IllegalStateException", none.call("op=changeWithout"), "no session to change");
    }

    @Test
    void concurrentRequestsSettingDifferentAttributesBothKeepTheirWrites() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=start&value=1");
        for (int round = 0; round < 5; round++) {
            String a = "a" + round;
            String c = "c" + round;
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> call(b, "op=set&name=" + a + "&value=x&sleep=300"));
            Thread.sleep(50);
            assertEquals("ok", b.call("op=set&name=" + c + "&value=y"));
            assertEquals("ok", slow.get());
            Map<String, String> h = hash(b.sessionId());
            assertEquals("x", h.get(a), "the slow request's write: " + h);
            assertEquals("y", h.get(c), "the fast request's write survives the slow one's end: " + h);
        }
    }

    private static String call(JettyApp.Browser b, String q) {
        try {
            return b.call(q);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deltaWritesLeaveAnObjectMutatedInPlaceUnwrittenByDefault() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=setList&name=l&value=a");
        b.call("op=mutate&name=l&value=b");
        assertEquals("ArrayList:[a]", b.call("op=get&name=l"), "only-set-attributes: the mutation is not written");
    }

    @Test
    void getAndSetAttributesWritesWhatWasReadAndChanged() throws Exception {
        start(Map.of("quicksilver.session.write-contents", "get-and-set-attributes"));
        JettyApp.Browser b = app.browser();
        b.call("op=setList&name=l&value=a");
        b.call("op=mutate&name=l&value=b");
        assertEquals("ArrayList:[a, b]", b.call("op=get&name=l"));
    }

    @Test
    void writeOnSetWritesBeforeTheRequestEnds() throws Exception {
        start(Map.of("quicksilver.session.write-frequency", "on-set"));
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=a&value=1");
        assertEquals("1", b.call("op=stored&name=a"));
        b.call("op=set&name=a&value=2&sleep=0");
        assertEquals("2", b.call("op=stored&name=a"));
        start2EndOfRequestCheck();
    }

    private void start2EndOfRequestCheck() throws Exception {
        stop();
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=a&value=1");
        assertEquals("1", b.call("op=stored&name=a"), "written at the end of the first request");
        assertEquals("ok", b.call("op=set&name=a&value=2"));
        assertEquals("2", b.call("op=stored&name=a"));
    }

    @Test
    void expiryFiresDestroyedAndUnbindsWithTheAttributes() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=user&value=alice");
        b.call("op=bind&name=b&value=gone");
        b.call("op=max&value=1");
        String id = b.sessionId();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Events.of(id).contains("destroyed:" + id + ":user=alice") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        List<String> events = Events.of(id);
        assertEquals(1, events.stream().filter(e -> e.startsWith("destroyed:")).count(), events.toString());
        assertTrue(events.contains("destroyed:" + id + ":user=alice"), events.toString());
        assertTrue(events.contains("unbound:" + id + ":b=gone"), events.toString());
        assertTrue(events.contains("removed:" + id + ":user=alice"), events.toString());
        assertEquals("none", b.call("op=none"));
    }

    @Test
    void thePrincipalIndexFindsAndInvalidatesAUsersSessions() throws Exception {
        start(Map.of());
        JettyApp.Browser one = app.browser();
        JettyApp.Browser two = app.browser();
        JettyApp.Browser other = app.browser();
        one.call("op=principal&value=alice");
        two.call("op=principal&value=alice");
        other.call("op=principal&value=bob");
        assertEquals(new java.util.TreeSet<>(List.of(one.sessionId(), two.sessionId())).toString(),
                other.call("op=sessionsOf&value=alice"));
        long ttl = store.ttl("qs:session:principal:alice".getBytes(StandardCharsets.UTF_8));
        assertTrue(ttl > 1_790_000, "the index expires with its sessions: " + ttl);
        String oldTwo = two.sessionId();
        two.call("op=change");
        assertTrue(other.call("op=sessionsOf&value=alice").contains(two.sessionId()));
        assertFalse(other.call("op=sessionsOf&value=alice").contains(oldTwo));
        assertEquals("2", other.call("op=invalidateAll&value=alice"));
        assertEquals("[]", other.call("op=sessionsOf&value=alice"));
        assertEquals("none", one.call("op=none"));
        assertEquals("none", two.call("op=none"));
        assertNotEquals("none", other.call("op=none"));
        assertTrue(Events.all().contains("destroyed:" + one.sessionId() + ":user=null"), Events.all().toString());
    }

    @Test
    void urlRewritingIsOffByDefault() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        assertEquals("/app/next?x=1", b.call("op=encode&value=" + JettyApp.enc("/app/next?x=1")));
    }

    @Test
    void urlRewritingWhenSwitchedOn() throws Exception {
        start(Map.of("quicksilver.session.url-rewriting", "true"));
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=a&value=1");
        String id = b.sessionId();
        b.cookie = null; // a client without cookies
        String url = app.browser().path("/app/c;qssessionid=" + id + "?op=encode&value=" + JettyApp.enc("/app/c?op=get&name=a"));
        assertEquals("/app/c;qssessionid=" + id + "?op=get&name=a", url);
        assertEquals("String:1", app.browser().path(url));
    }

    @Test
    void switchedOffTheContainerKeepsItsOwnSessions() throws Exception {
        start(Map.of("quicksilver.session.enabled", "false"));
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=a&value=1");
        String id = b.sessionId();
        assertNotNull(id);
        assertFalse(id.matches("[0-9a-f]{32}"), "the container's ID: " + id);
        List<byte[]> keys = new java.util.ArrayList<>();
        store.scan("qs:session:".getBytes(StandardCharsets.UTF_8), keys::add);
        assertTrue(keys.isEmpty());
        assertTrue(Events.all().isEmpty(), "the filter's listeners are not involved");
    }

    @Test
    void anAsyncRequestWritesItsSessionWhenItCompletes() throws Exception {
        start(Map.of());
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=a&value=1");
        String body = b.path("/app/a?name=late&value=set-on-another-thread", "Cookie", b.cookie);
        assertEquals("ok", body);
        long deadline = System.currentTimeMillis() + 5_000;
        while (hash(b.sessionId()).get("late") == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("set-on-another-thread", hash(b.sessionId()).get("late"));
        assertEquals("String:set-on-another-thread", b.call("op=get&name=late"));
    }

    @Test
    void storeSettingsComeFromTheirOwnKeys() throws Exception {
        assertEquals(Map.of("database", "3", "timeout", "500"), SessionFilter.storeSettings(k -> java.util.Optional.ofNullable(
                Map.of("quicksilver.session.store.database", "3", "quicksilver.session.store.timeout", " 500",
                        "quicksilver.session.uri", "x").get(k))));
        start(Map.of("quicksilver.session.store.database", "2"));
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=a&value=1");
        assertNull(store.hgetAll(key(b.sessionId())), "not in database 0");
        try (Store db2 = Stores.open(URI.create("quicksilver:embedded:session-test-" + ENGINES.get()), Map.of("database", "2"))) {
            assertEquals("1", new String(db2.hget(key(b.sessionId()), "a"), StandardCharsets.UTF_8));
        }
    }
}
