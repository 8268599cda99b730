package io.quicksilver.core.store;

import static io.quicksilver.core.store.EngineStoreTest.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.CommandHarness;
import io.quicksilver.core.engine.event.NotifyFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The hash and set operations of {@link EngineStore} (hgetAll, hget, hupdate, sadd, srem,
 * smembers) against the commands they stand for, on twin engines: the same events, dirty
 * counter, hits and misses, the same data as HGETALL/SMEMBERS/PTTL see, WATCH touched, the
 * expiry listener's map, and atomicity under concurrent updates of different fields.
 */
class EngineStoreHashSetTest {

    private static List<String> observe(String[][] setup, Consumer<CommandHarness> action) {
        try (CommandHarness h = new CommandHarness()) {
            for (String[] cmd : setup) {
                h.run(cmd);
            }
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            h.engine.addListener((db, key, type, event) ->
                    seen.add(NotifyFlags.format(type) + ":" + event + ":" + new String(key)));
            long dirty = h.engine.stats().dirty.sum();
            long hits = h.engine.stats().keyspaceHits.sum();
            long misses = h.engine.stats().keyspaceMisses.sum();
            action.accept(h);
            seen.add("dirty+" + (h.engine.stats().dirty.sum() - dirty));
            seen.add("hits+" + (h.engine.stats().keyspaceHits.sum() - hits));
            seen.add("misses+" + (h.engine.stats().keyspaceMisses.sum() - misses));
            seen.add("data=" + h.run("HGETALL", "k") + " type=" + h.run("TYPE", "k") + " pttl=" + h.run("PTTL", "k"));
            return seen;
        }
    }

    private static void same(String[][] setup, String[][] commands, Consumer<EngineStore> op) {
        List<String> viaCommands = observe(setup, h -> {
            for (String[] c : commands) {
                h.run(c);
            }
        });
        List<String> viaStore = observe(setup, h -> {
            try (EngineStore store = new EngineStore(h.engine, 0)) {
                op.accept(store);
            }
        });
        assertEquals(viaCommands, viaStore);
    }

    private static String[][] cmds(String[]... c) {
        return c;
    }

    private static String[] c(String... args) {
        return args;
    }

    private static Map<String, byte[]> fields(String... kv) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], b(kv[i + 1]));
        }
        return m;
    }

    private static final String[][] NONE = {};
    private static final String[][] HASH = {{"HSET", "k", "a", "1", "c", "3"}};

    @Test
    void hupdateFiresTheEventsOfHsetHdelPexpire() {
        same(NONE, cmds(c("HSET", "k", "a", "1", "b", "2"), c("PEXPIRE", "k", "1000")),
                st -> assertTrue(st.hupdate(b("k"), fields("a", "1", "b", "2"), List.of(), 1000, false)));
        same(HASH, cmds(c("HSET", "k", "b", "2"), c("HDEL", "k", "c", "zz"), c("PEXPIRE", "k", "1000")),
                st -> assertTrue(st.hupdate(b("k"), fields("b", "2"), List.of("c", "zz"), 1000, true)));
        same(HASH, cmds(c("HDEL", "k", "a", "c")),
                st -> st.hupdate(b("k"), Map.of(), List.of("a", "c"), Store.KEEP_TTL, true));
        same(HASH, cmds(c("DEL", "k")),
                st -> st.hupdate(b("k"), fields("x", "y"), List.of(), 0, true));
        same(cmds(c("HSET", "k", "a", "1"), c("PEXPIRE", "k", "100")), cmds(c("HSET", "k", "a", "2"), c("PERSIST", "k")),
                st -> st.hupdate(b("k"), fields("a", "2"), List.of(), Store.PERSIST, true));
        same(NONE, cmds(), st -> assertFalse(st.hupdate(b("k"), fields("a", "1"), List.of(), 1000, true)));
        same(NONE, cmds(), st -> assertTrue(st.hupdate(b("k"), Map.of(), List.of("a"), 1000, false)));
    }

    @Test
    void hashReadsSeeWhatCommandsWrote() {
        try (CommandHarness h = new CommandHarness(); EngineStore st = new EngineStore(h.engine, 0)) {
            assertNull(st.hgetAll(b("k")));
            assertNull(st.hget(b("k"), "a"));
            h.run("HSET", "k", "int", "12345", "text", "héllo", "neg", "-7");
            Map<String, byte[]> all = st.hgetAll(b("k"));
            assertEquals(Set.of("int", "text", "neg"), all.keySet());
            assertEquals("12345", new String(all.get("int"), StandardCharsets.UTF_8), "integer encoding as decimal text");
            assertEquals("-7", new String(all.get("neg"), StandardCharsets.UTF_8));
            assertEquals("héllo", new String(all.get("text"), StandardCharsets.UTF_8));
            assertEquals("héllo", new String(st.hget(b("k"), "text"), StandardCharsets.UTF_8));
            assertNull(st.hget(b("k"), "missing"));
            assertEquals(-1L, h.run("PTTL", "k"), "reads leave the TTL alone");

            h.run("SET", "s", "v");
            assertThrows(StoreException.class, () -> st.hgetAll(b("s")));
            assertThrows(StoreException.class, () -> st.hupdate(b("s"), fields("a", "1"), List.of(), 10, false));
            assertEquals("v", new String((byte[]) st.get(b("s"))), "WRONGTYPE changed nothing");
            assertThrows(StoreException.class, () -> st.sadd(b("s"), List.of(b("m")), 10));
            assertThrows(StoreException.class, () -> st.smembers(b("k")));
        }
    }

    @Test
    void bigHashesConvertAndKeepEveryField() {
        try (CommandHarness h = new CommandHarness(); EngineStore st = new EngineStore(h.engine, 0)) {
            Map<String, byte[]> many = new TreeMap<>();
            for (int i = 0; i < 600; i++) {
                many.put("f" + i, b("v" + i));
            }
            st.hupdate(b("k"), many, List.of(), 60_000, false);
            assertEquals("hashtable", h.run("OBJECT", "ENCODING", "k"));
            assertEquals(600L, h.run("HLEN", "k"));
            byte[] big = new byte[100_000];
            long used = h.engine.usedMemory();
            st.hupdate(b("b"), Map.of("big", big), List.of(), 60_000, false);
            assertTrue(h.engine.usedMemory() - used >= 100_000, "memory accounting sees the value");
            assertEquals("hashtable", h.run("OBJECT", "ENCODING", "b"), "a value past hash-max-listpack-value");
            assertArrayEquals(big, st.hget(b("b"), "big"));
            st.hupdate(b("b"), Map.of(), List.of("big", "other"), 60_000, true);
            assertTrue(h.engine.usedMemory() - used < 100_000, "and its removal: " + (h.engine.usedMemory() - used));
            assertEquals(0L, h.run("EXISTS", "b"), "the emptied hash is gone");
        }
    }

    @Test
    void hupdateTouchesWatchedKeys() {
        try (CommandHarness h = new CommandHarness(); EngineStore st = new EngineStore(h.engine, 0)) {
            h.run("HSET", "k", "a", "1");
            Client c = h.newClient();
            h.run(c, "WATCH", "k");
            st.hgetAll(b("k"));
            st.hupdate(b("k"), Map.of(), List.of("nothing"), Store.KEEP_TTL, true);
            h.run(c, "MULTI");
            h.run(c, "SET", "x", "1");
            assertEquals(List.of("OK"), h.run(c, "EXEC"), "reads and no-op updates touch nothing");
            h.run(c, "WATCH", "k");
            st.hupdate(b("k"), fields("a", "2"), List.of(), Store.KEEP_TTL, true);
            h.run(c, "MULTI");
            h.run(c, "SET", "x", "2");
            assertNull(h.run(c, "EXEC"));
        }
    }

    @Test
    void expiryListenerGetsAHashAsAMap() {
        try (CommandHarness h = new CommandHarness(); EngineStore st = new EngineStore(h.engine, 0)) {
            List<Object> seen = new ArrayList<>();
            st.onExpired(b("s:"), (k, v, ev) -> seen.add(v));
            st.hupdate(b("s:1"), fields("a", "1", "b", "two"), List.of(), 10, false);
            h.clock.advance(10);
            assertNull(st.hgetAll(b("s:1")));
            assertEquals(1, seen.size());
            Map<?, ?> m = assertInstanceOf(Map.class, seen.get(0));
            assertEquals("two", new String((byte[]) m.get("b")));
            assertThrows(UnsupportedOperationException.class, () -> ((Map<String, byte[]>) m).put("x", b("y")));
        }
    }

    @Test
    void saddExtendsTheTtlAndNeverShortensIt() {
        same(NONE, cmds(c("SADD", "k", "a", "b"), c("PEXPIRE", "k", "1000")),
                st -> assertEquals(2, st.sadd(b("k"), List.of(b("a"), b("b")), 1000)));
        same(cmds(c("SADD", "k", "a"), c("PEXPIRE", "k", "5000")), cmds(c("SADD", "k", "a", "b")),
                st -> assertEquals(1, st.sadd(b("k"), List.of(b("a"), b("b")), 1000)));
        same(cmds(c("SADD", "k", "a"), c("PEXPIRE", "k", "500")), cmds(c("PEXPIRE", "k", "1000")),
                st -> assertEquals(0, st.sadd(b("k"), List.of(b("a")), 1000)));
        same(cmds(c("SADD", "k", "a", "b")), cmds(c("SREM", "k", "a", "zz")),
                st -> assertEquals(1, st.srem(b("k"), List.of(b("a"), b("zz")))));
        same(cmds(c("SADD", "k", "a", "b")), cmds(c("SREM", "k", "a", "b")),
                st -> assertEquals(2, st.srem(b("k"), List.of(b("a"), b("b")))));
        try (CommandHarness h = new CommandHarness(); EngineStore st = new EngineStore(h.engine, 0)) {
            assertEquals(List.of(), st.smembers(b("k")));
            st.sadd(b("k"), List.of(b("x"), b("12"), b("y")), 1000);
            Set<String> got = new TreeSet<>();
            st.smembers(b("k")).forEach(m -> got.add(new String(m)));
            assertEquals(Set.of("x", "12", "y"), got);
            h.clock.advance(1000);
            assertEquals(List.of(), st.smembers(b("k")), "the TTL keeps the set from leaking");
        }
    }

    @Test
    void concurrentUpdatesOfDifferentFieldsAllLand() throws Exception {
        try (CommandHarness h = new CommandHarness(); EngineStore st = new EngineStore(h.engine, 0)) {
            int n = 2000;
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                int id = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < n; i++) {
                        st.hupdate(b("k"), fields("t" + id + ":" + i, "v"), List.of(), 60_000, false);
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals((long) n * threads.length, h.run("HLEN", "k"));
        }
    }

    @Test
    void hupdateOverMaxmemoryIsRefusedButDeletesGoThrough() {
        try (CommandHarness h = new CommandHarness(); EngineStore st = new EngineStore(h.engine, 0)) {
            st.hupdate(b("k"), fields("a", "1", "b", "2"), List.of(), Store.PERSIST, false);
            h.run("CONFIG", "SET", "maxmemory-policy", "noeviction");
            h.run("CONFIG", "SET", "maxmemory", Long.toString(h.engine.usedMemory() - 1));
            StoreException e = assertThrows(StoreException.class,
                    () -> st.hupdate(b("k"), fields("c", "3"), List.of(), Store.PERSIST, true));
            assertTrue(e.getMessage().startsWith("OOM"), e.getMessage());
            assertNull(st.hget(b("k"), "c"));
            assertTrue(st.hupdate(b("k"), Map.of(), List.of("a"), Store.KEEP_TTL, true), "a delete needs no memory");
            assertNull(st.hget(b("k"), "a"));
        }
    }
}
