package io.quicksilver.it.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreException;
import io.quicksilver.it.Endpoint;
import io.quicksilver.it.Resp;
import io.quicksilver.it.RespClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The remote store's hash and set operations (the session store's values) against our server and
 * redis-server: hgetAll/hget, the atomic hupdate with onlyIfExists, sadd whose TTL only grows,
 * srem, smembers, WRONGTYPE leaving a foreign key untouched, concurrent updates of one hash.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RemoteStoreIT.Target.class)
class RemoteStoreHashSetIT {
    @Parameter
    RemoteStoreIT.Target target;

    private static Endpoint server;
    private Store store;
    private final String ns = "hs" + ThreadLocalRandom.current().nextInt(1_000_000) + ":";

    @BeforeParameterizedClassInvocation
    static void startServer(RemoteStoreIT.Target target) {
        server = RemoteStoreIT.start(target, null, List.of());
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        if (server != null) server.close();
        server = null;
    }

    @BeforeEach
    void open() {
        store = RemoteStoreIT.open("redis://127.0.0.1:" + server.port(), Map.of());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private byte[] k(String s) {
        return (ns + s).getBytes(UTF_8);
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static Map<String, byte[]> fields(String... kv) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], b(kv[i + 1]));
        return m;
    }

    @Test
    void hupdateSetsDeletesAndExpiresAtomically() {
        assertNull(store.hgetAll(k("h")));
        assertFalse(store.hupdate(k("h"), fields("a", "1"), List.of(), 10_000, true), "absent and onlyIfExists");
        assertFalse(store.exists(k("h")));
        assertTrue(store.hupdate(k("h"), fields("a", "1", "b", "2", "#meta", "héllo"), List.of(), 10_000, false));
        Map<String, byte[]> all = store.hgetAll(k("h"));
        assertEquals(Set.of("a", "b", "#meta"), all.keySet());
        assertEquals("héllo", new String(all.get("#meta"), UTF_8));
        long ttl = store.ttl(k("h"));
        assertTrue(ttl > 9_000 && ttl <= 10_000, "" + ttl);
        assertTrue(store.hupdate(k("h"), fields("c", "3"), List.of("a", "missing", "c"), 60_000, true));
        assertEquals(Set.of("b", "#meta", "c"), store.hgetAll(k("h")).keySet(), "a field both set and deleted is set");
        assertTrue(store.ttl(k("h")) > 59_000);
        assertArrayEquals(b("2"), store.hget(k("h"), "b"));
        assertNull(store.hget(k("h"), "a"));
        assertTrue(store.hupdate(k("h"), Map.of(), List.of("b"), Store.KEEP_TTL, true));
        assertTrue(store.ttl(k("h")) > 59_000, "KEEP_TTL");
        assertTrue(store.hupdate(k("h"), fields("b", "x"), List.of(), Store.PERSIST, true));
        assertEquals(Store.PERSIST, store.ttl(k("h")));
        assertTrue(store.hupdate(k("h"), Map.of(), List.of("b", "#meta", "c"), Store.KEEP_TTL, true));
        assertFalse(store.exists(k("h")), "the emptied hash is gone");
        assertTrue(store.hupdate(k("h"), fields("z", "1"), List.of(), 0, false));
        assertFalse(store.exists(k("h")), "a TTL of 0 deletes");
    }

    @Test
    void wrongTypeChangesNothing() {
        store.set(k("s"), b("v"), 50_000);
        assertThrows(StoreException.class, () -> store.hupdate(k("s"), fields("a", "1"), List.of(), 1_000, false));
        assertThrows(StoreException.class, () -> store.sadd(k("s"), List.of(b("m")), 1_000));
        assertThrows(StoreException.class, () -> store.hgetAll(k("s")));
        assertThrows(StoreException.class, () -> store.smembers(k("s")));
        assertEquals("v", new String((byte[]) store.get(k("s")), UTF_8));
        assertTrue(store.ttl(k("s")) > 40_000, "the TTL of the foreign key was not touched");
    }

    @Test
    void wrongTypeKeepsTheForeignKeysTtl() {
        store.set(k("p"), b("v"), Store.PERSIST);
        assertThrows(StoreException.class, () -> store.hupdate(k("p"), fields("a", "1"), List.of(), 1_000, true));
        assertThrows(StoreException.class, () -> store.hupdate(k("p"), Map.of(), List.of(), 1_000, true));
        assertThrows(StoreException.class, () -> store.sadd(k("p"), List.of(b("m")), 1_000));
        assertEquals(Store.PERSIST, store.ttl(k("p")), "no TTL before, none after");
        store.sadd(k("z"), List.of(b("m")), 50_000);
        assertThrows(StoreException.class, () -> store.hupdate(k("z"), fields("a", "1"), List.of(), Store.PERSIST, true));
        assertTrue(store.ttl(k("z")) > 40_000, "the TTL PERSIST removed is put back");
        assertEquals(List.of("m"), store.smembers(k("z")).stream().map(m -> new String(m, UTF_8)).toList());
    }

    /**
     * The round trips the session store's writes cost, read off the server's INFO commandstats: one
     * MULTI/EXEC per hupdate and per sadd, with its probe (TYPE, PTTL) inside and no WATCH, so the
     * commands go out together (one round trip); an update of an absent key with onlyIfExists adds
     * one DEL (the compensating second round trip) and leaves nothing.
     */
    @Test
    void hashAndSetWritesAreOneTransactionWithoutWatch() {
        int n = 20;
        // opens the store's dedicated connection (its handshake is not counted below)
        assertTrue(store.hupdate(k("rt"), fields("#created", "1"), List.of(), 60_000, false));
        try (RespClient admin = new RespClient(server.port())) {
            Map<String, Long> before = commandStats(admin);
            for (int i = 0; i < n; i++) {
                assertTrue(store.hupdate(k("rt"), fields("a", "" + i), List.of("b"), 60_000, true));
                store.sadd(k("rts"), List.of(b("m" + i)), 60_000);
            }
            Map<String, Long> d = delta(before, commandStats(admin));
            assertEquals(2L * n, d.get("multi"), d.toString());
            assertEquals(2L * n, d.get("exec"), d.toString());
            assertEquals(2L * n, d.get("type"), d.toString());
            assertEquals(2L * n, d.get("pttl"), d.toString());
            assertEquals((long) n, d.get("hset"), d.toString());
            assertEquals((long) n, d.get("hdel"), d.toString());
            assertEquals((long) n, d.get("sadd"), d.toString());
            assertEquals(3L * n, d.get("pexpire"), d.toString());
            assertNull(d.get("watch"), d.toString());
            assertNull(d.get("del"), d.toString());

            before = commandStats(admin);
            assertFalse(store.hupdate(k("gone"), fields("a", "1"), List.of(), 60_000, true));
            d = delta(before, commandStats(admin));
            assertEquals(1L, d.get("multi"), d.toString());
            assertEquals(1L, d.get("del"), d.toString());
            assertFalse(store.exists(k("gone")), "the partial hash was deleted");
        }
    }

    /**
     * A write the server refuses when it is queued aborts the EXEC: the refusal is what surfaces.
     * redis-server only: it refuses writes over maxmemory 1 with noeviction at once, ours did not.
     */
    @Test
    void aRefusedTransactionSaysWhy() {
        Assumptions.assumeTrue(target == RemoteStoreIT.Target.REDIS, "needs a server that refuses writes over maxmemory at once");
        try (RespClient admin = new RespClient(server.port())) {
            assertEquals("+OK", admin.call("CONFIG", "SET", "maxmemory-policy", "noeviction").toString());
            assertEquals("+OK", admin.call("CONFIG", "SET", "maxmemory", "1").toString());
            try {
                StoreException e = assertThrows(StoreException.class,
                        () -> store.hupdate(k("oom"), fields("a", "1"), List.of(), 60_000, false));
                assertTrue(e.getMessage().startsWith("OOM"), e.getMessage());
                e = assertThrows(StoreException.class, () -> store.sadd(k("oom-set"), List.of(b("m")), 60_000));
                assertTrue(e.getMessage().startsWith("OOM"), e.getMessage());
            } finally {
                admin.call("CONFIG", "SET", "maxmemory", "0");
            }
            assertFalse(store.exists(k("oom")));
            assertTrue(store.hupdate(k("oom"), fields("a", "1"), List.of(), 60_000, false), "the connection is usable again");
        }
    }

    /** INFO commandstats as command name to calls (Redis names a subcommand "config|get"). */
    private static Map<String, Long> commandStats(RespClient c) {
        String info = ((Resp.Bulk) c.call("INFO", "commandstats")).utf8();
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) continue;
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            int at = line.indexOf("calls=") + "calls=".length();
            int end = line.indexOf(',', at);
            m.put(name.toLowerCase(java.util.Locale.ROOT), Long.parseLong(line.substring(at, end)));
        }
        return m;
    }

    /** The calls made between two snapshots, INFO's own left out; commands not called are absent. */
    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((name, calls) -> {
            long diff = calls - before.getOrDefault(name, 0L);
            if (diff != 0 && !name.equals("info")) d.put(name, diff);
        });
        return d;
    }

    @Test
    void saddTtlOnlyGrows() {
        assertEquals(2, store.sadd(k("set"), List.of(b("a"), b("b")), 5_000));
        long t1 = store.ttl(k("set"));
        assertTrue(t1 > 4_000 && t1 <= 5_000, "" + t1);
        assertEquals(1, store.sadd(k("set"), List.of(b("b"), b("c")), 1_000));
        assertTrue(store.ttl(k("set")) > 4_000, "never shortened");
        assertEquals(0, store.sadd(k("set"), List.of(b("a")), 50_000));
        assertTrue(store.ttl(k("set")) > 40_000, "lengthened");
        Set<String> got = new TreeSet<>();
        store.smembers(k("set")).forEach(m -> got.add(new String(m, UTF_8)));
        assertEquals(Set.of("a", "b", "c"), got);
        assertEquals(2, store.srem(k("set"), List.of(b("a"), b("b"), b("zz"))));
        assertEquals(1, store.srem(k("set"), List.of(b("c"))));
        assertFalse(store.exists(k("set")));
        assertEquals(List.of(), store.smembers(k("set")));
        assertEquals(0, store.srem(k("set"), List.of(b("c"))));
    }

    @Test
    void concurrentUpdatesOfDifferentFieldsAllLand() throws Exception {
        int n = 200;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        store.hupdate(k("c"), fields("t" + id + ":" + i, "v"), List.of(), 60_000, id > 0 || i > 0);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(th);
        }
        store.hupdate(k("c"), fields("start", "1"), List.of(), 60_000, false);
        threads.forEach(Thread::start);
        for (Thread th : threads) th.join();
        assertEquals(List.of(), failures);
        assertEquals(4 * n + 1, store.hgetAll(k("c")).size());
    }
}
