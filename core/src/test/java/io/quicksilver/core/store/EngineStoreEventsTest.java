package io.quicksilver.core.store;

import static io.quicksilver.core.store.EngineStoreTest.b;
import static io.quicksilver.core.store.EngineStoreTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.CommandHarness;
import io.quicksilver.core.command.RecordingReply;
import io.quicksilver.core.engine.event.KeyspaceListener;
import io.quicksilver.core.engine.event.NotifyFlags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Side effects of store writes compared with the commands they stand for, run on twin engines
 * from the same state: keyspace events (name, class, order), the dirty counter, keyspace hits and
 * misses. Then WATCH, the expiry listener (lazy, active, evicted) and maxmemory.
 */
class EngineStoreEventsTest {
    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    /** What one engine saw: its events as "class:event:key", then dirty, hits and misses. */
    private static List<String> observe(String[][] setup, Consumer<CommandHarness> action) {
        try (CommandHarness h = new CommandHarness()) {
            for (String[] cmd : setup) {
                h.run(cmd);
            }
            h.clock.advance(20); // lets keys with a short TTL of the setup run out
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            h.engine.addListener((db, key, type, event) ->
                    seen.add(NotifyFlags.format(type) + ":" + event + ":" + new String(key) + "@" + db));
            long dirty = h.engine.stats().dirty.sum();
            long hits = h.engine.stats().keyspaceHits.sum();
            long misses = h.engine.stats().keyspaceMisses.sum();
            action.accept(h);
            seen.add("dirty+" + (h.engine.stats().dirty.sum() - dirty));
            seen.add("hits+" + (h.engine.stats().keyspaceHits.sum() - hits));
            seen.add("misses+" + (h.engine.stats().keyspaceMisses.sum() - misses));
            return seen;
        }
    }

    /** Runs {@code command} on one engine and {@code op} on a twin, and compares what both saw. */
    private static void same(String[][] setup, String[] command, Consumer<EngineStore> op) {
        List<String> viaCommand = observe(setup, h -> h.run(command));
        List<String> viaStore = observe(setup, h -> {
            try (EngineStore store = new EngineStore(h.engine, 0)) {
                op.accept(store);
            }
        });
        assertEquals(viaCommand, viaStore, String.join(" ", command));
    }

    @Test
    void theComparisonSeesEventsAndCounters() {
        List<String> seen = observe(NONE, h -> {
            try (EngineStore store = new EngineStore(h.engine, 0)) {
                store.set(b("k"), b("v"), 1000);
                store.get(b("absent"));
            }
        });
        assertEquals(List.of("n:new:k@0", "$:set:k@0", "g:expire:k@0", "m:keymiss:absent@0",
                "dirty+1", "hits+0", "misses+1"), seen);
    }

    private static String[][] setup(String[]... commands) {
        return commands;
    }

    private static String[] cmd(String... args) {
        return args;
    }

    private static final String[][] NONE = {};
    private static final String[][] PLAIN = {{"SET", "k", "old"}};
    private static final String[][] VOLATILE = {{"SET", "k", "old", "PX", "5000"}};
    private static final String[][] EXPIRING = {{"SET", "k", "old", "PX", "10"}};

    @Test
    void writesFireTheEventsOfTheirCommands() {
        same(NONE, cmd("SET", "k", "v"), st -> st.set(b("k"), b("v"), Store.PERSIST));
        same(PLAIN, cmd("SET", "k", "v"), st -> st.set(b("k"), b("v"), Store.PERSIST));
        same(VOLATILE, cmd("SET", "k", "v"), st -> st.set(b("k"), b("v"), Store.PERSIST));
        same(NONE, cmd("SET", "k", "v", "PX", "1000"), st -> st.set(b("k"), b("v"), 1000));
        same(PLAIN, cmd("SET", "k", "v", "PX", "1000"), st -> st.set(b("k"), b("v"), 1000));
        same(VOLATILE, cmd("SET", "k", "v", "KEEPTTL"), st -> st.set(b("k"), b("v"), Store.KEEP_TTL));
        same(PLAIN, cmd("SET", "k", "v", "GET"), st -> st.getAndSet(b("k"), b("v"), Store.PERSIST));
        same(NONE, cmd("SET", "k", "v", "GET"), st -> st.getAndSet(b("k"), b("v"), Store.PERSIST));
        same(NONE, cmd("SET", "k", "v", "GET", "PX", "70"), st -> st.getAndSet(b("k"), b("v"), 70));
        same(PLAIN, cmd("SET", "k", "v", "NX"), st -> st.setIfAbsent(b("k"), b("v"), Store.PERSIST));
        same(NONE, cmd("SET", "k", "v", "NX", "PX", "5"), st -> st.setIfAbsent(b("k"), b("v"), 5));
        same(EXPIRING, cmd("SET", "k", "v", "NX"), st -> st.setIfAbsent(b("k"), b("v"), Store.PERSIST));
        same(PLAIN, cmd("DEL", "k"), st -> st.set(b("k"), b("v"), 0));
    }

    @Test
    void deletesAndTtlChangesFireTheEventsOfTheirCommands() {
        same(PLAIN, cmd("DEL", "k"), st -> st.delete(b("k")));
        same(EXPIRING, cmd("DEL", "k"), st -> st.delete(b("k")));
        same(PLAIN, cmd("GETDEL", "k"), st -> st.getAndDelete(b("k")));
        same(NONE, cmd("GETDEL", "k"), st -> st.getAndDelete(b("k")));
        same(PLAIN, cmd("PEXPIRE", "k", "500"), st -> st.expire(b("k"), 500));
        same(PLAIN, cmd("PEXPIRE", "k", "0"), st -> st.expire(b("k"), 0));
        same(VOLATILE, cmd("PERSIST", "k"), st -> st.expire(b("k"), Store.PERSIST));
        same(PLAIN, cmd("PERSIST", "k"), st -> st.expire(b("k"), Store.PERSIST));
        same(EXPIRING, cmd("PEXPIRE", "k", "500"), st -> st.expire(b("k"), 500));
    }

    @Test
    void readsFireTheEventsOfTheirCommands() {
        same(NONE, cmd("GET", "k"), st -> st.get(b("k")));
        same(PLAIN, cmd("GET", "k"), st -> st.get(b("k")));
        same(EXPIRING, cmd("GET", "k"), st -> st.get(b("k")));
        same(NONE, cmd("EXISTS", "k"), st -> st.exists(b("k")));
        same(VOLATILE, cmd("PTTL", "k"), st -> st.ttl(b("k")));
        same(NONE, cmd("PTTL", "k"), st -> st.ttl(b("k")));
        same(setup(cmd("SET", "a", "1")), cmd("MGET", "a", "b"), st -> st.getAll(List.of(b("a"), b("b"))));
    }

    @Test
    void computeDecisionsFireTheEventsOfTheirCommands() {
        same(PLAIN, cmd("SET", "k", "v", "GET"), st -> st.compute(b("k"), (cur, ttl, d) -> {
            d.set(b("v"), Store.PERSIST);
            return null;
        }));
        same(PLAIN, cmd("GETDEL", "k"), st -> st.compute(b("k"), (cur, ttl, d) -> {
            d.delete();
            return null;
        }));
    }

    // ------------------------------------------------------------------ WATCH

    private static void assertAbortsExec(Consumer<EngineStore> op, boolean aborts) {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            h.run("SET", "k", "1");
            h.run("SET", "pre:k", "1");
            Client c = h.newClient();
            assertEquals("OK", h.run(c, "WATCH", "k", "pre:k"));
            op.accept(store);
            h.run(c, "MULTI");
            h.run(c, "SET", "x", "1");
            Object exec = h.run(c, "EXEC");
            if (aborts) {
                assertNull(exec, "EXEC must fail");
                assertEquals(0L, h.run("EXISTS", "x"));
            } else {
                assertEquals(List.of("OK"), exec);
            }
        }
    }

    @Test
    void storeWritesTouchWatchedKeys() {
        assertAbortsExec(st -> st.set(b("k"), b("2"), Store.PERSIST), true);
        assertAbortsExec(st -> st.set(b("k"), "object", 100), true);
        assertAbortsExec(st -> st.getAndSet(b("k"), b("2"), Store.PERSIST), true);
        assertAbortsExec(st -> st.delete(b("k")), true);
        assertAbortsExec(st -> st.getAndDelete(b("k")), true);
        assertAbortsExec(st -> st.expire(b("k"), 1000), true);
        assertAbortsExec(st -> st.deleteByPrefix(b("pre:")), true);
        assertAbortsExec(st -> st.compute(b("k"), (cur, ttl, d) -> {
            d.set(b("3"), Store.KEEP_TTL);
            return null;
        }), true);
        // reads and no-ops touch nothing
        assertAbortsExec(st -> st.get(b("k")), false);
        assertAbortsExec(st -> st.setIfAbsent(b("k"), b("2"), Store.PERSIST), false);
        assertAbortsExec(st -> st.compute(b("k"), (cur, ttl, d) -> cur), false);
        assertAbortsExec(st -> st.scan(b(""), k -> { }), false);
    }

    // ------------------------------------------------------------------ onExpired

    private record Expiry(String key, Object value, boolean evicted) {}

    @Test
    void expiryListenerGetsTheValueOnLazyAndActiveExpiry() {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            List<Expiry> seen = Collections.synchronizedList(new ArrayList<>());
            Store.Subscription sub = store.onExpired(b("p:"), (k, v, ev) -> seen.add(new Expiry(new String(k), v, ev)));
            byte[] lazy = b("lazy");
            Object obj = new Object();
            store.set(b("p:lazy"), lazy, 10);
            store.set(b("p:cmd"), obj, 10);
            store.set(b("p:active"), b("a"), 10);
            store.set(b("q:other"), b("o"), 10);
            store.set(b("p"), b("short"), 10);
            h.run("SET", "p:appended", "x", "PX", "10");
            h.run("APPEND", "p:appended", "y");
            h.clock.advance(10);

            assertNull(store.get(b("p:lazy")));
            assertEquals(1, seen.size());
            assertEquals("p:lazy", seen.get(0).key());
            assertSame(lazy, seen.get(0).value(), "the value being removed");
            assertFalse(seen.get(0).evicted());

            assertNull(h.run("GET", "p:cmd"), "a command's lazy expiry reports too");
            assertEquals(new Expiry("p:cmd", obj, false), seen.get(1));

            long reclaimed = h.engine.activeExpireCycle(1_000_000);
            assertEquals(4, reclaimed);
            assertEquals(4, seen.size(), "q:other and p are not under the prefix: " + seen);
            Expiry active = seen.stream().filter(e -> e.key().equals("p:active")).findFirst().orElseThrow();
            assertEquals("a", s(active.value()));
            Expiry appended = seen.stream().filter(e -> e.key().equals("p:appended")).findFirst().orElseThrow();
            assertEquals("xy", s(appended.value()), "a growable string as its bytes");

            sub.close();
            store.set(b("p:late"), b("x"), 1);
            h.clock.advance(1);
            assertNull(store.get(b("p:late")));
            assertEquals(4, seen.size(), "closed: no more calls");
        }
    }

    @Test
    void expiryListenerHearsOnlyItsDatabase() {
        try (CommandHarness h = new CommandHarness(); EngineStore db1 = new EngineStore(h.engine, 1);
                EngineStore db0 = new EngineStore(h.engine, 0)) {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            db1.onExpired(b(""), (k, v, ev) -> seen.add(new String(k)));
            db0.set(b("zero"), b("x"), 5);
            db1.set(b("one"), b("x"), 5);
            h.clock.advance(5);
            h.engine.activeExpireCycle(1_000_000);
            assertEquals(List.of("one"), seen);
        }
    }

    @Test
    void aThrowingExpiryListenerDoesNotBreakTheLookup() {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            store.onExpired(b(""), (k, v, ev) -> {
                throw new IllegalStateException("listener bug");
            });
            store.set(b("k"), b("v"), 5);
            h.clock.advance(5);
            assertNull(store.get(b("k")));
            assertNull(h.run("GET", "k"));
        }
    }

    @Test
    void expiryListenerHearsEvictionsWithTheValue() {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            h.run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "maxmemory-samples", "1000",
                    "maxmemory-eviction-tenacity", "100");
            List<Expiry> seen = Collections.synchronizedList(new ArrayList<>());
            store.onExpired(b("e:"), (k, v, ev) -> seen.add(new Expiry(new String(k), v, ev)));
            Set<Object> values = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < 10; i++) {
                byte[] v = new byte[100];
                values.add(v);
                store.set(b("e:" + i), v, Store.PERSIST);
            }
            h.run("CONFIG", "SET", "maxmemory", Long.toString(h.engine.usedMemory() - 1));
            store.set(b("e:new"), new byte[100], Store.PERSIST); // evicts first, as the dispatcher's gate
            assertFalse(seen.isEmpty(), "something was evicted");
            for (Expiry e : seen) {
                assertTrue(e.evicted());
                assertTrue(values.contains(e.value()), "the evicted key's own array");
                assertFalse(store.exists(b(e.key())));
            }
            assertEquals((long) seen.size(), h.engine.stats().evictedKeys.sum());
        }
    }

    // ------------------------------------------------------------------ maxmemory

    @Test
    void writesOverMaxmemoryAreRefusedWithRedisError() {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            store.set(b("k"), b("v"), Store.PERSIST);
            store.set(b("t"), b("v"), Store.PERSIST);
            h.run("CONFIG", "SET", "maxmemory", "1"); // noeviction by default
            StoreException e = assertThrows(StoreException.class, () -> store.set(b("k"), b("w"), Store.PERSIST));
            assertEquals(OOM, e.getMessage());
            assertEquals(new RecordingReply.Err(OOM), h.run("SET", "k", "w"), "the same text as the command's");
            assertThrows(StoreException.class, () -> store.set(b("n"), "obj", 1000));
            assertThrows(StoreException.class, () -> store.getAndSet(b("k"), b("w"), Store.KEEP_TTL));
            assertThrows(StoreException.class, () -> store.setIfAbsent(b("n"), b("w"), Store.PERSIST));
            StoreException c = assertThrows(StoreException.class, () -> store.compute(b("k"), (cur, ttl, d) -> {
                d.set(b("w"), Store.PERSIST);
                return null;
            }));
            assertEquals(OOM, c.getMessage());
            assertEquals("v", s(store.get(b("k"))), "nothing was written");
            assertFalse(store.exists(b("n")));
            // reads, deletes and TTL changes still go through, as GET, DEL and PEXPIRE do
            assertTrue(store.expire(b("k"), 1000));
            store.compute(b("k"), (cur, ttl, d) -> {
                d.expire(2000);
                return null;
            });
            assertEquals(2000, store.ttl(b("k")));
            store.set(b("t"), b("x"), 0); // a write that deletes
            assertFalse(store.exists(b("t")));
            assertTrue(store.delete(b("k")));
            h.run("CONFIG", "SET", "maxmemory", "0");
            store.set(b("k"), b("w"), Store.PERSIST);
            assertEquals("w", s(store.get(b("k"))));
        }
    }
}
