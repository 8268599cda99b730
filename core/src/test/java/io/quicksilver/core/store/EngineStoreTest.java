package io.quicksilver.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.command.CommandHarness;
import io.quicksilver.core.command.RecordingReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded store's methods and TTL semantics on a manual clock, and what the same keys look
 * like through real commands (and back): a store write must be indistinguishable from the
 * command it stands for.
 */
class EngineStoreTest {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private final CommandHarness h = new CommandHarness();
    private final EngineStore store = new EngineStore(h.engine, 0);

    @AfterEach
    void close() {
        store.close();
        h.close();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ plain reads and writes

    @Test
    void setGetDeleteKeepTheCallersArrays() {
        byte[] v = b("value");
        assertNull(store.get(b("k")));
        assertFalse(store.exists(b("k")));
        store.set(b("k"), v, Store.PERSIST);
        assertSame(v, store.get(b("k")), "no copy on the way in nor out");
        assertTrue(store.exists(b("k")));
        assertTrue(store.delete(b("k")));
        assertFalse(store.delete(b("k")));
        assertNull(store.get(b("k")));
    }

    @Test
    void getAndSetAndGetAndDelete() {
        assertNull(store.getAndSet(b("k"), b("1"), Store.PERSIST));
        assertEquals("1", s(store.getAndSet(b("k"), b("2"), Store.PERSIST)));
        assertEquals("2", s(store.get(b("k"))));
        assertEquals("2", s(store.getAndDelete(b("k"))));
        assertNull(store.getAndDelete(b("k")));
        assertEquals(0L, h.run("EXISTS", "k"));
    }

    @Test
    void setIfAbsent() {
        assertTrue(store.setIfAbsent(b("k"), b("1"), Store.PERSIST));
        assertFalse(store.setIfAbsent(b("k"), b("2"), Store.PERSIST));
        assertEquals("1", s(store.get(b("k"))));
        // a TTL that is already over: nothing is written, as the key would be gone at once
        assertTrue(store.setIfAbsent(b("gone"), b("x"), 0));
        assertFalse(store.exists(b("gone")));
    }

    @Test
    void getAllInOrderWithNulls() {
        store.set(b("a"), b("1"), Store.PERSIST);
        store.set(b("c"), "three", Store.PERSIST);
        h.run("RPUSH", "list", "x");
        List<Object> all = store.getAll(List.of(b("a"), b("b"), b("c"), b("list"), b("a")));
        assertEquals(5, all.size());
        assertEquals("1", s(all.get(0)));
        assertNull(all.get(1));
        assertEquals("three", all.get(2));
        assertNull(all.get(3), "another type is null, as MGET answers");
        assertEquals("1", s(all.get(4)));
        assertEquals(List.of(), store.getAll(List.of()));
    }

    @Test
    void aByReferenceOverwriteIsSeenByEveryReadAndNotByACopy() {
        Object first = new Object();
        Object second = new Object();
        Object third = new Object();
        store.set(b("o"), first, Store.PERSIST);
        store.set(b("o"), second, Store.PERSIST); // replaces the object in the key's holder
        assertSame(second, store.get(b("o")));
        assertSame(second, store.getAll(List.of(b("o"), b("none"))).get(0));
        assertEquals(1L, h.run("COPY", "o", "copy"));
        assertSame(second, store.getAndSet(b("o"), third, Store.PERSIST));
        assertSame(third, store.get(b("o")));
        assertSame(second, store.get(b("copy")), "the copy has a holder of its own");
        store.set(b("o"), b("bytes"), Store.PERSIST);
        assertEquals("bytes", s(store.get(b("o"))));
        store.set(b("o"), first, Store.PERSIST);
        assertSame(first, store.get(b("o")));
        assertTrue(store.exists(b("o")));
    }

    // ------------------------------------------------------------------ TTL

    @Test
    void ttlFollowsTheClock() {
        assertEquals(Store.NO_KEY, store.ttl(b("k")));
        store.set(b("k"), b("v"), 1000);
        assertEquals(1000, store.ttl(b("k")));
        h.clock.advance(400);
        assertEquals(600, store.ttl(b("k")));
        assertEquals(600L, h.run("PTTL", "k"));
        h.clock.advance(599);
        assertEquals("v", s(store.get(b("k"))));
        h.clock.advance(1);
        assertNull(store.get(b("k")), "expired exactly at its deadline");
        assertEquals(Store.NO_KEY, store.ttl(b("k")));
        assertEquals(0L, h.run("DBSIZE"), "the lookup reclaimed it");
    }

    @Test
    void keepTtlPersistAndOverwrite() {
        store.set(b("k"), b("1"), 5000);
        store.set(b("k"), b("2"), Store.KEEP_TTL);
        assertEquals(5000, store.ttl(b("k")));
        assertEquals("2", s(store.get(b("k"))));
        store.set(b("k"), b("3"), 100);
        assertEquals(100, store.ttl(b("k")), "a new TTL replaces the old");
        store.set(b("k"), b("4"), Store.PERSIST);
        assertEquals(Store.PERSIST, store.ttl(b("k")), "a plain set clears the TTL, as SET");
        store.set(b("new"), b("x"), Store.KEEP_TTL);
        assertEquals(Store.PERSIST, store.ttl(b("new")), "KEEP_TTL on a new key: none");
        assertEquals("x", s(store.getAndSet(b("new"), b("y"), 300)));
        assertEquals(300, store.ttl(b("new")));
    }

    @Test
    void zeroOrNegativeTtlDeletes() {
        store.set(b("k"), b("v"), Store.PERSIST);
        store.set(b("k"), b("w"), 0);
        assertFalse(store.exists(b("k")));
        store.set(b("k"), b("v"), Store.PERSIST);
        assertEquals("v", s(store.getAndSet(b("k"), b("w"), -5)));
        assertFalse(store.exists(b("k")));
        store.set(b("absent"), b("v"), -100);
        assertFalse(store.exists(b("absent")));
    }

    @Test
    void expireChangesOnlyTheTtl() {
        assertFalse(store.expire(b("k"), 1000), "absent");
        store.set(b("k"), b("v"), Store.PERSIST);
        assertTrue(store.expire(b("k"), 1000));
        assertEquals(1000, store.ttl(b("k")));
        assertEquals(1L, h.run("TTL", "k"));
        assertTrue(store.expire(b("k"), Store.KEEP_TTL));
        assertEquals(1000, store.ttl(b("k")));
        assertTrue(store.expire(b("k"), Store.PERSIST));
        assertEquals(Store.PERSIST, store.ttl(b("k")));
        assertEquals(-1L, h.run("TTL", "k"));
        assertTrue(store.expire(b("k"), Store.PERSIST), "exists, already without TTL");
        assertEquals("v", s(store.get(b("k"))));
        assertTrue(store.expire(b("k"), 0));
        assertFalse(store.exists(b("k")), "0 deletes, as PEXPIRE 0");
    }

    @Test
    void hugeTtlSaturates() {
        store.set(b("k"), b("v"), Long.MAX_VALUE);
        assertTrue(store.ttl(b("k")) > Long.MAX_VALUE / 2);
        assertEquals("v", h.run("GET", "k"));
    }

    // ------------------------------------------------------------------ store -> commands

    @Test
    void bytesWrittenHereAreOrdinaryStrings() {
        store.set(b("k"), b("hello"), 2500);
        assertEquals("hello", h.run("GET", "k"));
        assertEquals("string", h.run("TYPE", "k"));
        assertEquals(2500L, h.run("PTTL", "k"));
        assertEquals(3L, h.run("TTL", "k"));
        assertEquals("embstr", h.run("OBJECT", "ENCODING", "k"));
        assertEquals(5L, h.run("STRLEN", "k"));
        assertEquals(1L, h.run("DEL", "k"));
        assertNull(store.get(b("k")));
    }

    @Test
    void objectsAreHeldByReference() {
        List<String> value = new ArrayList<>(List.of("a", "b"));
        store.set(b("obj"), value, Store.PERSIST);
        assertSame(value, store.get(b("obj")));
        assertEquals("java-object", h.run("TYPE", "obj"));
        assertEquals(new RecordingReply.Err(WRONGTYPE), h.run("GET", "obj"));
        assertEquals(new RecordingReply.Err(WRONGTYPE), h.run("APPEND", "obj", "x"));
        assertEquals(new RecordingReply.Err(WRONGTYPE), h.run("LPUSH", "obj", "x"));
        assertEquals(new RecordingReply.Err(WRONGTYPE), h.run("HGET", "obj", "f"));
        assertEquals(new RecordingReply.Err(WRONGTYPE), h.run("SORT", "obj"));
        assertEquals("reference", h.run("OBJECT", "ENCODING", "obj"));
        assertEquals(1L, h.run("EXISTS", "obj"));
        assertEquals(1L, h.run("PEXPIRE", "obj", "300"));
        assertEquals(300, store.ttl(b("obj")));
        assertEquals(List.of("0", List.of("obj")), h.run("SCAN", "0", "TYPE", "java-object"));
        assertEquals(List.of("0", List.of()), h.run("SCAN", "0", "TYPE", "string"));
        assertEquals(1L, h.run("COPY", "obj", "copy"));
        assertSame(value, store.get(b("copy")), "COPY shares the reference");
        assertEquals(1L, h.run("PERSIST", "copy"));
        assertEquals("OK", h.run("RENAME", "copy", "renamed"));
        assertSame(value, store.get(b("renamed")));
        try {
            h.node.config().setAtStartup("enable-debug-command", "yes");
        } catch (io.quicksilver.core.config.ConfigRegistry.ConfigException e) {
            throw new AssertionError(e);
        }
        assertTrue(((String) h.run("DEBUG", "OBJECT", "renamed")).contains("encoding:reference"));
        assertEquals(1L, h.run("DEL", "obj"));
        assertFalse(store.exists(b("obj")));
        assertEquals("OK", h.run("SET", "renamed", "plain"), "SET overwrites any type");
        assertEquals("plain", s(store.get(b("renamed"))));
    }

    @Test
    void memoryAccountsForObjects() {
        long before = h.engine.usedMemory();
        store.set(b("obj"), new Object(), Store.PERSIST);
        long one = h.engine.usedMemory() - before;
        assertTrue(one > 48 && one < 512, "entry + reference estimate: " + one);
        store.set(b("str"), "x".repeat(10_000), Store.PERSIST);
        assertTrue(h.engine.usedMemory() - before > 20_000, "a String is sized by its length");
        store.delete(b("obj"));
        store.delete(b("str"));
        assertEquals(before, h.engine.usedMemory(), "removals give back exactly what was added");
    }

    // ------------------------------------------------------------------ commands -> store

    @Test
    void commandsWritesAreSeenHere() {
        h.run("SET", "k", "v", "PX", "700");
        assertEquals("v", s(store.get(b("k"))));
        assertEquals(700, store.ttl(b("k")));
        h.run("APPEND", "k", "w");
        assertEquals("raw", h.run("OBJECT", "ENCODING", "k"));
        byte[] first = (byte[]) store.get(b("k"));
        assertEquals("vw", s(first));
        byte[] second = (byte[]) store.get(b("k"));
        assertNotSame(first, second, "a growable string is returned as a copy");
        first[0] = 'X';
        assertEquals("vw", h.run("GET", "k"), "changing the copy changes nothing");
        h.run("SETRANGE", "k", "5", "z");
        assertArrayEquals(new byte[] {'v', 'w', 0, 0, 0, 'z'}, (byte[]) store.get(b("k")));
        h.run("INCRBYFLOAT", "n", "1.5");
        assertEquals("1.5", s(store.get(b("n"))));
    }

    @Test
    void collectionsAreTheWrongType() {
        h.run("RPUSH", "list", "a");
        StoreException e = assertThrows(StoreException.class, () -> store.get(b("list")));
        assertEquals(WRONGTYPE, e.getMessage());
        assertThrows(StoreException.class, () -> store.getAndDelete(b("list")));
        assertEquals(1L, h.run("LLEN", "list"), "GETDEL's WRONGTYPE leaves the key");
        assertThrows(StoreException.class, () -> store.getAndSet(b("list"), b("x"), Store.PERSIST));
        assertEquals("list", h.run("TYPE", "list"), "SET GET's WRONGTYPE writes nothing");
        assertThrows(StoreException.class, () -> store.compute(b("list"), (cur, ttl, d) -> {
            d.delete();
            return null;
        }));
        assertEquals("list", h.run("TYPE", "list"));
        assertTrue(store.exists(b("list")));
        assertEquals(Store.PERSIST, store.ttl(b("list")));
        store.set(b("list"), b("now a string"), Store.PERSIST);
        assertEquals("string", h.run("TYPE", "list"));
        h.run("HSET", "hash", "f", "v");
        assertTrue(store.delete(b("hash")));
    }

    @Test
    void otherDatabase() {
        try (EngineStore db3 = new EngineStore(h.engine, 3)) {
            db3.set(b("k"), b("three"), Store.PERSIST);
            assertNull(store.get(b("k")));
            assertEquals(0L, h.run("EXISTS", "k"));
            h.run("SELECT", "3");
            assertEquals("three", h.run("GET", "k"));
            assertEquals(3, db3.database());
        }
        assertThrows(IllegalArgumentException.class, () -> new EngineStore(h.engine, 16));
        assertThrows(IllegalArgumentException.class, () -> new EngineStore(h.engine, -1));
    }

    // ------------------------------------------------------------------ compute

    @Test
    void computeSeesValueAndTtlAndApplies() {
        store.set(b("k"), b("1"), 900);
        String seen = store.compute(b("k"), (cur, ttl, d) -> {
            assertEquals(900, ttl);
            d.set(b("2"), Store.KEEP_TTL);
            return s(cur);
        });
        assertEquals("1", seen);
        assertEquals("2", s(store.get(b("k"))));
        assertEquals(900, store.ttl(b("k")));

        assertEquals(Store.NO_KEY, (long) store.compute(b("absent"), (cur, ttl, d) -> {
            assertNull(cur);
            return ttl;
        }));
        assertFalse(store.exists(b("absent")), "no decision, no write");

        store.compute(b("k"), (cur, ttl, d) -> {
            d.expire(50);
            return null;
        });
        assertEquals(50, store.ttl(b("k")));
        assertEquals("2", s(store.get(b("k"))));
        store.compute(b("k"), (cur, ttl, d) -> {
            d.expire(Store.PERSIST);
            return null;
        });
        assertEquals(Store.PERSIST, store.ttl(b("k")));
        store.compute(b("k"), (cur, ttl, d) -> {
            d.set(b("ignored"), Store.PERSIST);
            d.delete(); // the last call wins
            return null;
        });
        assertFalse(store.exists(b("k")));
        store.compute(b("o"), (cur, ttl, d) -> {
            d.set(Arrays.asList(1, 2), 0);
            return null;
        });
        assertFalse(store.exists(b("o")), "a set with TTL 0 is a delete");
    }

    @Test
    void computeThatThrowsChangesNothing() {
        store.set(b("k"), b("1"), Store.PERSIST);
        assertThrows(IllegalStateException.class, () -> store.compute(b("k"), (cur, ttl, d) -> {
            d.set(b("2"), Store.PERSIST);
            throw new IllegalStateException("no");
        }));
        assertEquals("1", s(store.get(b("k"))));
        assertFalse(h.engine.db(0).segmentFor(b("k")).isHeldByCurrentThread(), "lock released");
    }

    // ------------------------------------------------------------------ the store itself

    @Test
    void describeAndClose() {
        assertEquals("embedded", store.describe());
        assertTrue(store.byReference());
        assertTrue(store.ping(java.time.Duration.ofMillis(1)));
        store.set(b("k"), b("v"), Store.PERSIST);
        store.close();
        assertFalse(store.ping(java.time.Duration.ofMillis(1)));
        assertThrows(StoreException.class, () -> store.get(b("k")));
        assertEquals("v", h.run("GET", "k"), "closing the store leaves the engine and its keys");
        EngineStore other = new EngineStore(h.engine, 0);
        h.engine.close();
        assertFalse(other.ping(java.time.Duration.ofMillis(1)));
        StoreException e = assertThrows(StoreException.class, () -> other.set(b("k"), b("v"), Store.PERSIST));
        assertEquals("the embedded engine is closed", e.getMessage());
    }
}
