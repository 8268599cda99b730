package io.quicksilver.it.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreException;
import io.quicksilver.core.store.StoreProvider;
import io.quicksilver.it.Endpoint;
import io.quicksilver.it.RedisReference;
import io.quicksilver.it.Resp;
import io.quicksilver.it.RespClient;
import io.quicksilver.remote.RemoteStoreProvider;
import io.quicksilver.server.QuicksilverServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The remote store (quicksilver-remote, Lettuce) against our server and against a real
 * redis-server: the contract of {@link StoreContract}, plus what only a single server shows
 * (passwords, databases, a server that dies, CONFIG refused).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RemoteStoreIT.Target.class)
class RemoteStoreIT extends StoreContract {
    /** The server the store talks to. */
    enum Target { QUICKSILVER, REDIS }

    @Parameter
    Target target;

    private static Endpoint server;

    @BeforeParameterizedClassInvocation
    static void startServer(Target target) {
        server = start(target, null, List.of());
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        if (server != null) server.close();
        server = null;
    }

    /** Our server (in this JVM) or redis-server, on a free loopback port. */
    static Endpoint start(Target target, String password, List<String> redisArgs) {
        if (target == Target.REDIS) {
            List<String> args = new ArrayList<>(redisArgs);
            if (password != null) args.addAll(List.of("--requirepass", password));
            return RedisReference.start(args);
        }
        QuicksilverServer.Builder b = QuicksilverServer.builder().port(0).bind("127.0.0.1");
        if (password != null) b.requirePass(password);
        QuicksilverServer s = b.build().start();
        return new Endpoint() {
            @Override public int port() {
                return s.port();
            }

            @Override public String description() {
                return "quicksilver 127.0.0.1:" + s.port();
            }

            @Override public void close() {
                s.close();
            }
        };
    }

    static Store open(String uri, Map<String, String> properties) {
        return new RemoteStoreProvider().open(URI.create(uri), properties);
    }

    @Override
    Store open(Map<String, String> properties) {
        return open("redis://127.0.0.1:" + server.port(), properties);
    }

    @Override
    List<Integer> masterPorts() {
        return List.of(server.port());
    }

    @Test
    void providerIsFoundByServiceLoader() {
        List<StoreProvider> found = new ArrayList<>();
        ServiceLoader.load(StoreProvider.class).forEach(found::add);
        StoreProvider p = found.stream().filter(x -> x instanceof RemoteStoreProvider).findFirst().orElseThrow();
        for (String u : List.of("redis://h:1", "rediss://h:1/2", "redis-sentinel://h:26379/0#mymaster",
                "redis-cluster://h:1,h:2,h:3", "REDIS://h")) {
            assertTrue(p.accepts(URI.create(u)), u);
        }
        for (String u : List.of("quicksilver:embedded", "http://h:1", "mem:x")) assertFalse(p.accepts(URI.create(u)), u);
        try (Store s = p.open(URI.create("redis://127.0.0.1:" + server.port() + "/0"), Map.of("timeout", "2000"))) {
            assertTrue(s.ping(Duration.ofSeconds(1)));
        }
    }

    @Test
    void passwordInTheUri() {
        try (Endpoint secured = start(target, "s3cret", List.of())) {
            String base = "127.0.0.1:" + secured.port();
            try (Store s = open("redis://:s3cret@" + base + "/0", Map.of())) {
                s.set(k("a"), b("1"), Store.PERSIST);
                assertEquals("1", s(s.get(k("a"))));
                assertEquals("redis://" + base + "/0", s.describe());
                assertTrue(s.ping(Duration.ofSeconds(1)));
            }
            try (Store s = open("redis://default:s3cret@" + base, Map.of())) {
                assertEquals("1", s(s.get(k("a"))), "user name and password (AUTH default s3cret)");
                assertEquals("redis://default@" + base, s.describe());
            }
            StoreException wrong = assertThrows(StoreException.class, () -> {
                try (Store s = open("redis://:nope@" + base, Map.of())) {
                    s.get(k("a"));
                }
            });
            assertFalse(wrong.getMessage().contains("nope"), wrong.getMessage());
            assertThrows(StoreException.class, () -> {
                try (Store s = open("redis://" + base, Map.of())) {
                    s.get(k("a"));
                }
            });
        }
    }

    @Test
    void databaseFromTheUriOrTheProperty() throws InterruptedException {
        try (Store db3 = open("redis://127.0.0.1:" + server.port() + "/3", Map.of());
                Store db5 = open("redis://127.0.0.1:" + server.port() + "/3", Map.of("database", "5"))) {
            db3.set(k("a"), b("three"), Store.PERSIST);
            db5.set(k("a"), b("five"), Store.PERSIST);
            assertNull(store.get(k("a")), "database 0 untouched");
            try (RespClient c = new RespClient(server.port())) {
                c.call("SELECT", "3");
                assertEquals(new Resp.Bulk("three"), c.call("GET", ns + "a"));
                c.call("SELECT", "5");
                assertEquals(new Resp.Bulk("five"), c.call("GET", ns + "a"));
            }
            // expiry events are those of the store's database
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            try (Store.Subscription sub = db5.onExpired(k(""), (key, v, e) -> heard.add(new String(key, UTF_8)))) {
                db3.set(k("gone"), b("x"), 20);
                db5.set(k("gone5"), b("x"), 20);
                Thread.sleep(60);
                db3.exists(k("gone"));
                db5.exists(k("gone5"));
                assertEquals(ns + "gone5", heard.poll(5, TimeUnit.SECONDS));
                assertNull(heard.poll(300, TimeUnit.MILLISECONDS));
            }
        }
    }

    @Test
    void deadServerFailsFastAndPingSaysSo() {
        Endpoint doomed = start(target, null, List.of());
        int port = doomed.port();
        Store s = open("redis://127.0.0.1:" + port, Map.of("timeout", "500"));
        try {
            s.set(k("a"), b("1"), Store.PERSIST);
            assertTrue(s.ping(Duration.ofSeconds(1)));
            doomed.close();
            long t0 = System.nanoTime();
            assertFalse(s.ping(Duration.ofMillis(300)));
            assertTrue(elapsedMillis(t0) < 1_500, "ping took " + elapsedMillis(t0) + " ms");
            t0 = System.nanoTime();
            assertThrows(StoreException.class, () -> s.get(k("a")));
            assertThrows(StoreException.class, () -> s.set(k("a"), b("2"), Store.PERSIST));
            assertThrows(StoreException.class, () -> s.compute(k("a"), (v, ttl, d) -> null));
            assertThrows(StoreException.class, () -> s.scan(k(""), key -> { }));
            assertTrue(elapsedMillis(t0) < 10_000, "failing took " + elapsedMillis(t0) + " ms");
        } finally {
            s.close();
            doomed.close();
        }
        long t0 = System.nanoTime();
        assertThrows(StoreException.class, () -> open("redis://127.0.0.1:" + port, Map.of("timeout", "500")));
        assertTrue(elapsedMillis(t0) < 5_000, "open took " + elapsedMillis(t0) + " ms");
    }

    @Test
    void serverErrorsCarryTheServersMessage() {
        try (RespClient c = new RespClient(server.port())) {
            c.call("RPUSH", ns + "list", "x");
        }
        StoreException e = assertThrows(StoreException.class, () -> store.get(k("list")));
        assertTrue(e.getMessage().startsWith("WRONGTYPE"), e.getMessage());
        e = assertThrows(StoreException.class, () -> store.compute(k("list"), (v, t, d) -> null));
        assertTrue(e.getMessage().startsWith("WRONGTYPE"), e.getMessage());
        // and the store still works afterwards
        store.set(k("ok"), b("1"), Store.PERSIST);
        assertEquals("1", s(store.get(k("ok"))));
    }

    @Test
    void refusedConfigSetIsOneWarningNotAFailure() throws InterruptedException {
        Assumptions.assumeTrue(target == Target.REDIS, "rename-command is a redis.conf directive of redis-server");
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                }
            }

            @Override public void flush() {}

            @Override public void close() {}
        };
        Logger log = Logger.getLogger("io.quicksilver.remote");
        log.addHandler(h);
        try (Endpoint locked = start(target, null, List.of("--rename-command", "CONFIG", "\"\""));
                Store s = open("redis://127.0.0.1:" + locked.port(), Map.of())) {
            try (Store.Subscription a = s.onExpired(k("a"), (key, v, e) -> { });
                    Store.Subscription b = s.onExpired(k("b"), (key, v, e) -> { })) {
                s.set(k("a1"), b("x"), Store.PERSIST);
                assertEquals("x", s(s.get(k("a1"))));
            }
        } finally {
            log.removeHandler(h);
        }
        List<LogRecord> warnings = new ArrayList<>();
        synchronized (records) {
            for (LogRecord r : records) if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r);
        }
        assertEquals(1, warnings.size(), "one warning: " + warnings);
        assertTrue(warnings.get(0).getMessage().contains("will not be heard"), warnings.get(0).getMessage());
    }

    @Test
    void evictionsAreHeardAsEvicted() throws InterruptedException {
        try (Endpoint small = start(target, null, List.of());
                Store writer = open("redis://127.0.0.1:" + small.port(), Map.of());
                Store listener = open("redis://127.0.0.1:" + small.port(), Map.of())) {
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            try (Store.Subscription sub = listener.onExpired(k("big:"),
                    (key, v, evicted) -> heard.add((evicted ? "evicted " : "expired ") + new String(key, UTF_8)))) {
                try (RespClient c = new RespClient(small.port())) {
                    assertEquals(new Resp.Simple("OK"), c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random"));
                    assertEquals(new Resp.Simple("OK"), c.call("CONFIG", "SET", "maxmemory", "4mb"));
                }
                byte[] value = new byte[10_000];
                for (int i = 0; i < 1_000; i++) writer.set(k("big:" + i), value, Store.PERSIST);
                String first = heard.poll(10, TimeUnit.SECONDS);
                assertTrue(first != null && first.startsWith("evicted " + ns + "big:"), "heard " + first);
                try (RespClient c = new RespClient(small.port())) {
                    long dbsize = ((Resp.Int) c.call("DBSIZE")).value();
                    assertTrue(dbsize < 1_000, "dbsize " + dbsize);
                }
            }
        }
    }

    /**
     * The store also filters SCAN's keys by prefix on its side, which would hide a server that
     * matched escaped globs wrongly: so ask the server directly with the pattern the store sends.
     */
    @Test
    void theServerMatchesTheEscapedPrefixGlobItself() {
        String prefix = ns + "a*b?c[d]e\\f:";
        List<String> keys = List.of(prefix + "1", prefix + "2", ns + "aXXbYcdef:1", ns + "a*b?c[d]e\\g:1",
                ns + "a*bXc[d]e\\f:1", ns + "a*b?cde\\f:1");
        for (String key : keys) store.set(b(key), b("v"), Store.PERSIST);
        StringBuilder glob = new StringBuilder();
        for (char ch : prefix.toCharArray()) {
            if ("*?[]\\".indexOf(ch) >= 0) glob.append('\\');
            glob.append(ch);
        }
        glob.append('*');
        java.util.Set<String> found = new java.util.TreeSet<>();
        try (RespClient c = new RespClient(server.port())) {
            String cursor = "0";
            do {
                Resp.Arr page = (Resp.Arr) c.call("SCAN", cursor, "MATCH", glob.toString(), "COUNT", "1000");
                cursor = ((Resp.Bulk) page.items().get(0)).utf8();
                for (Resp k : ((Resp.Arr) page.items().get(1)).items()) found.add(((Resp.Bulk) k).utf8());
            } while (!cursor.equals("0"));
        }
        assertEquals(new java.util.TreeSet<>(List.of(prefix + "1", prefix + "2")), found);
    }

    /** A server that comes back without the notification flags (restart, fail-over) gets them again. */
    @Test
    void expiryEventsSurviveAReconnectToAServerWithoutTheFlags() throws InterruptedException {
        try (Endpoint own = start(target, null, List.of());
                Store writer = open("redis://127.0.0.1:" + own.port(), Map.of());
                Store listener = open("redis://127.0.0.1:" + own.port(), Map.of())) {
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            try (Store.Subscription sub = listener.onExpired(k("r:"), (key, v, e) -> heard.add(new String(key, UTF_8)))) {
                assertTrue(notifyFlags(own.port()).contains("E"));
                try (RespClient c = new RespClient(own.port())) {
                    assertEquals(new Resp.Simple("OK"), c.call("CONFIG", "SET", "notify-keyspace-events", ""));
                    // every other client: the listener's pub/sub and command connections, the writer's
                    assertTrue(c.call("CLIENT", "KILL", "TYPE", "pubsub") instanceof Resp.Int);
                    assertTrue(c.call("CLIENT", "KILL", "TYPE", "normal") instanceof Resp.Int);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                String flags = notifyFlags(own.port());
                while (!(flags.contains("E") && flags.contains("x")) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    flags = notifyFlags(own.port());
                }
                assertTrue(flags.contains("E") && flags.contains("x"), "flags after the reconnect: " + flags);
                String got = null;
                for (int i = 0; i < 50 && got == null; i++) {
                    // the re-subscription may still be on its way: expire keys until one is heard
                    writer.set(k("r:" + i), b("v"), 20);
                    Thread.sleep(60);
                    writer.exists(k("r:" + i));
                    got = heard.poll(100, TimeUnit.MILLISECONDS);
                }
                assertTrue(got != null && got.startsWith(ns + "r:"), "heard " + got);
            }
        }
    }

    @Test
    void badUrisAndProperties() {
        Map<String, String> bad = new HashMap<>();
        bad.put("timeout", "soon");
        assertThrows(IllegalArgumentException.class, () -> open("redis://127.0.0.1:" + server.port(), bad));
        assertThrows(IllegalArgumentException.class,
                () -> open("redis://127.0.0.1:" + server.port(), Map.of("database", "-1")));
        assertThrows(IllegalArgumentException.class, () -> open("redis-cluster://127.0.0.1:1/2", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> open("http://127.0.0.1:1", Map.of()));
    }

    private static long elapsedMillis(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
