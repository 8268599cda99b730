package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.Locks;
import io.quicksilver.core.engine.MutableString;
import io.quicksilver.core.engine.Slabs;
import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The string commands. Every expected reply was taken from redis-server 7.0.15 (redis-cli
 * against the reference server), not from this implementation.
 */
class StringCommandsTest {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    private static final String NOT_FLOAT = "ERR value is not a valid float";
    private static final String SYNTAX = "ERR syntax error";
    private static final String TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    private CommandHarness h;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        h = new CommandHarness();
        h.engine.addListener((db, key, type, event) -> events.add(event + " " + new String(key, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A list value: other types are not implemented here, WRONGTYPE checks need one. */
    private static final class FakeList implements TypedValue {
        @Override public ValueType type() { return ValueType.LIST; }
        @Override public String encoding() { return "listpack"; }
        @Override public long memoryUsage() { return 16; }
        @Override public TypedValue copy() { return this; }
    }

    private void putList(String key) {
        try (Locks l = h.engine.lockKeys(h.client.db, b(key))) {
            h.engine.db(h.client.db).set(b(key), new FakeList(), false);
        }
    }

    private <T> T withEntry(String key, Function<Entry, T> f) {
        try (Locks l = h.engine.lockKeys(h.client.db, b(key))) {
            return f.apply(h.engine.db(h.client.db).peek(b(key)));
        }
    }

    private Object value(String key) {
        return withEntry(key, e -> e == null ? null : e.value());
    }

    private long expireAt(String key) {
        return withEntry(key, e -> e == null ? -2L : e.expireAt());
    }

    private String encoding(String key) {
        return withEntry(key, e -> StringCommands.encodingOf(e.value()));
    }

    private ValueType type(String key) {
        return withEntry(key, e -> e == null ? null : e.type());
    }

    private long hits() {
        return h.engine.stats().keyspaceHits.sum();
    }

    private long misses() {
        return h.engine.stats().keyspaceMisses.sum();
    }

    private Object run3(String... args) {
        h.client.protocol = 3;
        try {
            return h.run(args);
        } finally {
            h.client.protocol = 2;
        }
    }

    private List<String> takeEvents() {
        List<String> copy = new ArrayList<>(events);
        events.clear();
        return copy;
    }

    // ------------------------------------------------------------------ GET / SET

    @Test
    void smallCountersShareTheirValueYetChangeAlone() {
        // INCR stores 0..9999 as shared arrays (Redis's shared integers): changing one key's
        // value must never show through another's
        h.run("INCR", "a");
        h.run("INCR", "b");
        h.run("SET", "c", "1");
        assertEquals(2L, h.run("APPEND", "a", "0"));
        assertEquals("10", h.run("GET", "a"));
        assertEquals("1", h.run("GET", "b"));
        assertEquals(1L, h.run("SETRANGE", "b", "0", "7"));
        assertEquals("7", h.run("GET", "b"));
        assertEquals("10", h.run("GET", "a"));
        assertEquals("1", h.run("GET", "c"));
        assertEquals(1L, h.run("INCR", "d"));
        assertEquals(2147483647L, h.run("OBJECT", "REFCOUNT", "d"));
        assertEquals(9999L, h.run("INCRBY", "e", "9999"));
        assertEquals(10000L, h.run("INCR", "e"));
        assertEquals(1L, h.run("OBJECT", "REFCOUNT", "e"));
        assertEquals(-1L, h.run("DECRBY", "d", "2"));
        assertEquals("-1", h.run("GET", "d"));
        assertEquals("1", h.run("GET", "c"));
    }

    @Test
    void longStringsAreRewrittenInTheirOwnBufferYetChangeAlone() {
        // a key rewritten with a long value keeps one buffer of its own and rewrites it in place
        // (no new object for the collector per SET): no other key, no caller's array and no
        // earlier reply may see the change, and the memory estimate stays exact
        long empty = h.engine.db(0).usedBytes();
        String x600 = "x".repeat(600);
        String y600 = "y".repeat(600);
        byte[] arg = b(x600);
        h.run(h.client, b("SET"), b("big"), arg);
        Object buffer = value("big");
        assertInstanceOf(MutableString.class, buffer, "a long string is stored in a buffer of its own");
        assertEquals("raw", encoding("big"));
        assertEquals(1L, h.run("COPY", "big", "copy"));
        long before = h.engine.db(0).usedBytes();
        assertEquals("OK", h.run("SET", "big", y600));
        assertSame(buffer, value("big"), "rewritten in place");
        assertEquals(before, h.engine.db(0).usedBytes());
        assertEquals(x600, h.run("GET", "copy"));
        assertEquals(y600, h.run("GET", "big"));
        // SET ... GET answers the old value, GETSET and MSET and SETEX rewrite in place too
        assertEquals(y600, h.run("SET", "big", x600, "GET"));
        assertEquals(x600, h.run("GETSET", "big", y600));
        assertEquals("OK", h.run("MSET", "big", x600, "other", "1"));
        assertEquals("OK", h.run("SETEX", "big", "100", y600));
        assertSame(buffer, value("big"));
        assertEquals(y600, h.run("GET", "big"));
        assertEquals(100L, h.run("TTL", "big"));
        assertEquals("OK", h.run("SET", "big", x600)); // clears the TTL as any SET
        assertEquals(-1L, h.run("TTL", "big"));
        // shorter by up to a quarter: same buffer, exact length
        String z520 = "z".repeat(520);
        assertEquals("OK", h.run("SET", "big", z520));
        assertSame(buffer, value("big"));
        assertEquals(520L, h.run("STRLEN", "big"));
        assertEquals(z520, h.run("GET", "big"));
        assertEquals("zz", h.run("GETRANGE", "big", "-2", "-1"));
        assertEquals(521L, h.run("APPEND", "big", "!"));
        assertEquals(z520 + "!", h.run("GET", "big"));
        // much shorter or longer: a new buffer, sized to the value
        assertEquals("OK", h.run("SET", "big", "w".repeat(100)));
        Object second = value("big");
        assertNotSame(buffer, second);
        assertEquals("w".repeat(100), h.run("GET", "big"));
        assertEquals("OK", h.run("SET", "big", x600));
        assertNotSame(second, value("big"));
        assertEquals(x600, h.run("GET", "big"));
        // up to 44 bytes a string stays Redis's immutable "embstr"
        assertEquals("OK", h.run("SET", "big", "short"));
        assertInstanceOf(byte[].class, value("big"));
        assertEquals("embstr", encoding("big"));
        // MSET may name a key twice: its arguments are never rewritten (MONITOR and the slow log
        // read them after the command). Only strings longer than a slab class are adopted as
        // their key's buffer, so these are
        String xHuge = "x".repeat(Slabs.MAX + 1);
        String yHuge = "y".repeat(Slabs.MAX + 1);
        byte[] v1 = b(xHuge);
        byte[] v2 = b(yHuge);
        h.run(h.client, b("MSET"), b("dup"), v1, b("dup"), v2);
        assertEquals(xHuge, new String(v1, StandardCharsets.UTF_8));
        assertEquals(yHuge, h.run("GET", "dup"));
        // the slow log keeps a copy of the first 128 bytes of a long argument, never the array a
        // key adopted
        assertEquals("OK", h.run("CONFIG", "SET", "slowlog-log-slower-than", "0"));
        assertEquals("OK", h.run("SLOWLOG", "RESET"));
        assertEquals("OK", h.run("SET", "logged", xHuge));
        assertEquals("OK", h.run("SET", "logged", yHuge));
        assertEquals("OK", h.run("CONFIG", "SET", "slowlog-log-slower-than", "10000"));
        List<?> log = (List<?>) h.run("SLOWLOG", "GET", "10");
        List<String> logged = new ArrayList<>();
        for (Object entry : log) {
            List<?> args = (List<?>) ((List<?>) entry).get(3);
            if (args.size() == 3 && "logged".equals(args.get(1))) {
                logged.add((String) args.get(2));
            }
        }
        String more = "... (" + (Slabs.MAX + 1 - 128) + " more bytes)";
        assertEquals(List.of("y".repeat(128) + more, "x".repeat(128) + more), logged);
        // a shorter string is stored as given (no copy, no holder), new key or not
        byte[] mid = b("m".repeat(100));
        h.run(h.client, b("SET"), b("mid"), mid);
        assertSame(mid, value("mid"));
        byte[] mid2 = b("n".repeat(511));
        h.run(h.client, b("SET"), b("mid"), mid2);
        assertSame(mid2, value("mid"));
        assertEquals("raw", encoding("mid"));
        assertEquals("m".repeat(100), new String(mid, StandardCharsets.UTF_8));
        h.run("DEL", "big", "copy", "other", "mid", "dup", "logged");
        assertEquals(empty, h.engine.db(0).usedBytes());
    }

    @Test
    void valuesCopiedOutOfTheirArgumentAreHandedBackAndKeptOnesAreNot() {
        // a value copied into a slab chunk (or the key's own buffer) leaves its argument array
        // free for the connection to reuse; a value the key keeps as the array itself must not be
        RecordingConnection conn = new RecordingConnection();
        Client c = h.newClient(conn);
        byte[] v1 = b("a".repeat(1000));
        assertEquals("OK", h.run(c, b("SET"), b("k"), v1));
        assertSameArrays(List.of(v1), conn.drainReused());
        byte[] v2 = b("b".repeat(1000));
        assertEquals("OK", h.run(c, b("SET"), b("k"), v2, b("EX"), b("100")));
        assertSameArrays(List.of(v2), conn.drainReused()); // rewritten in place
        byte[] huge = new byte[40_000]; // longer than a slab class: the array itself is the value
        assertEquals("OK", h.run(c, b("SET"), b("huge"), huge));
        assertSame(huge, ((MutableString) value("huge")).buffer());
        assertSameArrays(List.of(), conn.drainReused());
        byte[] hugeAgain = new byte[39_000]; // fits the adopted buffer: copied into it
        assertEquals("OK", h.run(c, b("SET"), b("huge"), hugeAgain));
        assertSame(huge, ((MutableString) value("huge")).buffer());
        assertSameArrays(List.of(hugeAgain), conn.drainReused());
        byte[] small = b("short");
        assertEquals("OK", h.run(c, b("SET"), b("small"), small));
        assertSameArrays(List.of(), conn.drainReused());
        byte[] m1 = b("c".repeat(600));
        byte[] m2 = b("tiny");
        assertEquals("OK", h.run(c, b("MSET"), b("m1"), m1, b("m2"), m2));
        assertSame(m2, value("m2"));
        assertSameArrays(List.of(m1), conn.drainReused());
        byte[] g = b("d".repeat(700));
        assertEquals("c".repeat(600), h.run(c, b("GETSET"), b("m1"), g));
        assertSameArrays(List.of(g), conn.drainReused());
        byte[] e1 = b("e".repeat(900));
        byte[] e2 = b("f".repeat(900));
        assertEquals(2L, h.run(c, b("LPUSH"), b("list"), e1, e2));
        assertSameArrays(List.of(e1, e2), conn.drainReused());
        byte[] f1 = b("field");
        byte[] h1 = b("h".repeat(900));
        assertEquals(1L, h.run(c, b("HSET"), b("hash"), f1, h1));
        assertSameArrays(List.of(f1, h1), conn.drainReused());
        byte[] h2 = b("i".repeat(900));
        assertEquals(0L, h.run(c, b("HSET"), b("hash"), b("field"), h2)); // rewritten in place
        assertEquals(2, conn.drainReused().size());
        assertEquals(1001L, h.run(c, b("APPEND"), b("k"), b("!")));
        assertSameArrays(List.of(), conn.drainReused());
        assertEquals("b".repeat(1000) + "!", h.run(c, b("GET"), b("k")));
        assertEquals("e".repeat(900), h.run(c, b("LINDEX"), b("list"), b("1")));
        Arrays.fill(h1, (byte) 'x'); // as a connection reading the next argument into them
        Arrays.fill(h2, (byte) 'x');
        assertEquals("i".repeat(900), h.run(c, b("HGET"), b("hash"), b("field")));
    }

    private static void assertSameArrays(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "arrays handed back");
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), actual.get(i));
        }
    }

    @Test
    void longStringsLiveInSlabChunksFreedWhenTheirKeyLetsThemGo() {
        // a long string written by a command lives in a slab chunk outside the heap: every way a
        // key lets it go frees the chunk, every way a value moves or is read keeps its bytes
        Slabs slabs = h.engine.slabs();
        long empty = h.engine.db(0).usedBytes();
        String a = "a".repeat(1000);
        String b = "b".repeat(1000);
        String big = "c".repeat(2000); // another class
        assertEquals("OK", h.run("SET", "k", a));
        MutableString held = (MutableString) value("k");
        assertNull(held.buffer(), "in a chunk, not on the heap");
        assertEquals(1024, slabs.chunkBytes());
        assertEquals("OK", h.run("SET", "k", b));
        assertSame(held, value("k"));
        assertEquals(b, h.run("GET", "k"));
        assertEquals("OK", h.run("SET", "k", big));
        assertSame(held, value("k"), "the same holder, in a chunk of the new size");
        assertEquals(2048, slabs.chunkBytes(), "the 1 KiB chunk was freed");
        assertEquals(big, h.run("GET", "k"));
        assertEquals("cc", h.run("GETRANGE", "k", "10", "11"));
        assertEquals(2000L, h.run("STRLEN", "k"));
        assertEquals(big, h.run("GETSET", "k", a));
        assertEquals(a, h.run("SET", "k", b, "GET"));
        // COPY makes a chunk of its own; RENAME and MOVE move the holder with its chunk
        assertEquals(1L, h.run("COPY", "k", "copy"));
        assertEquals(2048, slabs.chunkBytes());
        assertEquals("OK", h.run("SET", "k", a));
        assertEquals(b, h.run("GET", "copy"));
        assertEquals("OK", h.run("RENAME", "copy", "renamed"));
        assertEquals(b, h.run("GET", "renamed"));
        assertEquals(1L, h.run("MOVE", "renamed", "1"));
        assertEquals("OK", h.run("SELECT", "1"));
        assertEquals(b, h.run("GET", "renamed"));
        assertEquals("OK", h.run("SWAPDB", "0", "1"));
        assertEquals(a, h.run("GET", "k"));
        assertEquals("OK", h.run("SWAPDB", "0", "1"));
        assertEquals("OK", h.run("SELECT", "0"));
        assertEquals(2048, slabs.chunkBytes());
        // deleting frees: DEL, GETDEL (which answers the value first), a short SET, another type
        assertEquals(1L, h.run("DEL", "k"));
        assertEquals(1024, slabs.chunkBytes());
        assertEquals("OK", h.run("SET", "k", a));
        assertEquals(a, h.run("GETDEL", "k"));
        assertEquals("OK", h.run("SET", "k", a));
        assertEquals("OK", h.run("SET", "k", "short"));
        assertEquals("OK", h.run("SET", "k", a));
        assertEquals(2L, h.run("SADD", "s", "x", "y"));
        assertEquals(2L, h.run("SUNIONSTORE", "k", "s"));
        assertEquals(1024, slabs.chunkBytes(), "only the moved copy is left, in db 1");
        // APPEND and SETRANGE move the string to a growable heap buffer
        assertEquals("OK", h.run("SET", "k", a));
        assertEquals(1001L, h.run("APPEND", "k", "!"));
        assertEquals(a + "!", h.run("GET", "k"));
        assertEquals(1024, slabs.chunkBytes());
        assertEquals("OK", h.run("SET", "r", a));
        assertEquals(1000L, h.run("SETRANGE", "r", "1", "xy"));
        assertEquals("axy" + a.substring(3), h.run("GET", "r"));
        assertEquals(1024, slabs.chunkBytes());
        // expiry hands the listeners the value, then frees it
        List<String> expired = new ArrayList<>();
        h.engine.addListener(new io.quicksilver.core.engine.event.KeyspaceListener() {
            @Override
            public void onEvent(int db, byte[] key, int type, String event) {
            }

            @Override
            public void onExpired(int db, byte[] key, Object value, boolean evicted) {
                expired.add(new String(MutableString.bytesOf(value), StandardCharsets.UTF_8));
            }
        });
        assertEquals("OK", h.run("SET", "t", b, "PX", "10"));
        assertEquals(2048, slabs.chunkBytes());
        h.clock.advance(11);
        assertNull(h.run("GET", "t"));
        assertEquals(List.of(b), expired);
        assertEquals(1024, slabs.chunkBytes());
        // longer than a slab class: the argument array itself, on the heap
        String huge = "h".repeat(Slabs.MAX + 1);
        assertEquals("OK", h.run("SET", "huge", huge));
        assertEquals(huge, h.run("GET", "huge"));
        assertEquals(1024, slabs.chunkBytes());
        assertEquals("OK", h.run("SET", "huge", a));
        assertEquals(2048, slabs.chunkBytes());
        // FLUSHALL frees every chunk; the memory estimate is back where it started
        assertEquals("OK", h.run("MSET", "m1", a, "m2", big));
        assertEquals("OK", h.run("FLUSHALL"));
        assertEquals(0, slabs.chunkBytes());
        assertEquals(empty, h.engine.db(0).usedBytes());
        assertEquals(0, h.engine.usedMemory());
    }

    @Test
    void getAndSetBasics() {
        assertNull(h.run("GET", "k"));
        assertEquals("OK", h.run("SET", "k", "v"));
        assertEquals("v", h.run("GET", "k"));
        assertEquals("OK", h.run("SET", "k", "v2"));
        assertEquals("v2", h.run("GET", "k"));
        assertEquals("OK", h.run("SET", "e", ""));
        assertEquals("", h.run("GET", "e"));
        h.assertError("ERR wrong number of arguments for 'get' command", "GET");
        h.assertError("ERR wrong number of arguments for 'set' command", "SET", "k");
        assertNull(run3("GET", "nosuch"));
    }

    @Test
    void setStoresBinaryValuesAsGiven() {
        byte[] bin = {0, (byte) 0xff, '\r', '\n', 'x'};
        h.run(h.client, b("SET"), b("bin"), bin);
        assertArrayEquals(bin, (byte[]) value("bin"));
        assertEquals(5L, h.run("STRLEN", "bin"));
    }

    @Test
    void setNxXxAndGet() {
        assertEquals("OK", h.run("SET", "k", "v"));
        assertNull(h.run("SET", "k", "v", "NX"));
        assertEquals("v", h.run("SET", "k", "v2", "NX", "GET"));
        assertEquals("v", h.run("GET", "k"), "NX GET on an existing key replies the old value and sets nothing");
        assertEquals("v", h.run("SET", "k", "v2", "XX", "GET"));
        assertEquals("v2", h.run("GET", "k"));
        assertNull(h.run("SET", "new", "v", "XX"));
        assertNull(h.run("SET", "new", "v", "xx", "get"));
        assertNull(value("new"));
        assertNull(h.run("SET", "n", "1", "GET"));
        assertEquals("1", h.run("GET", "n"));
        assertNull(h.run("SET", "k2", "v", "GET", "GET"), "GET may repeat");
        assertEquals("OK", h.run("SET", "k3", "v", "NX", "NX"), "NX may repeat");
        assertEquals("v", h.run("GET", "k3"));
        assertNull(run3("SET", "k", "x", "NX"));
        assertNull(run3("SET", "absent", "x", "XX"));
    }

    @Test
    void setSyntaxErrors() {
        h.assertError(SYNTAX, "SET", "k", "v", "NX", "XX");
        h.assertError(SYNTAX, "SET", "k", "v", "XX", "NX");
        h.assertError(SYNTAX, "SET", "k", "v", "EX", "10", "PX", "100");
        h.assertError(SYNTAX, "SET", "k", "v", "EX", "10", "KEEPTTL");
        h.assertError(SYNTAX, "SET", "k", "v", "KEEPTTL", "EX", "10");
        h.assertError(SYNTAX, "SET", "k", "v", "EXAT", "10", "PXAT", "10");
        h.assertError(SYNTAX, "SET", "k", "v", "PX", "10", "EXAT", "10");
        h.assertError(SYNTAX, "SET", "k", "v", "EX");
        h.assertError(SYNTAX, "SET", "k", "v", "foo");
        h.assertError(SYNTAX, "SET", "k", "v", "PERSIST");
        h.assertError(SYNTAX, "SET", "k", "v", "NXX");
        assertNull(value("k"));
        assertTrue(takeEvents().isEmpty());
    }

    @Test
    void setExpireErrors() {
        h.assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", "EX", "0");
        h.assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", "EX", "-1");
        h.assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", "PX", "0");
        h.assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", "EXAT", "0");
        h.assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", "PXAT", "-5");
        // seconds overflowing when made milliseconds, or when the current time is added
        h.assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", "EX", "9223372036854775");
        h.assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", "EX", "9223372036854776");
        h.assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", "PX", "9223372036854775807");
        h.assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", "EXAT", "9223372036854776");
        h.assertError(NOT_INTEGER, "SET", "k", "v", "EX", "abc");
        h.assertError(NOT_INTEGER, "SET", "k", "v", "PX", "10.0");
        h.assertError(NOT_INTEGER, "SET", "k", "v", "EX", "9223372036854775808");
        assertNull(value("k"));
        // the largest absolute times are fine
        assertEquals("OK", h.run("SET", "k", "v", "EXAT", "9223372036854775"));
        assertEquals(9223372036854775000L, expireAt("k"));
        assertEquals("OK", h.run("SET", "k", "v", "PXAT", "9223372036854775807"));
        assertEquals(Long.MAX_VALUE, expireAt("k"));
        // the expire time is checked before the type of the old value
        putList("l");
        h.assertError("ERR invalid expire time in 'set' command", "SET", "l", "v", "EX", "0", "GET");
    }

    @Test
    void setWithExpiry() {
        long now = h.clock.millis();
        assertEquals("OK", h.run("SET", "k", "v", "EX", "10"));
        assertEquals(now + 10_000, expireAt("k"));
        assertEquals("OK", h.run("SET", "k", "v", "PX", "1500"));
        assertEquals(now + 1500, expireAt("k"));
        assertEquals("OK", h.run("SET", "k", "v", "EXAT", "99999999999"));
        assertEquals(99999999999000L, expireAt("k"));
        assertEquals("OK", h.run("SET", "k", "v", "PXAT", "99999999999000", "xx"));
        assertEquals(99999999999000L, expireAt("k"));
        assertEquals("OK", h.run("SET", "k", "v", "ex", "10", "ex", "20"), "the last EX wins");
        assertEquals(now + 20_000, expireAt("k"));
        assertEquals("OK", h.run("SET", "k", "v2", "KEEPTTL"));
        assertEquals(now + 20_000, expireAt("k"));
        assertEquals("v2", h.run("SET", "k", "v3", "GET", "KEEPTTL"));
        assertEquals(now + 20_000, expireAt("k"));
        assertEquals("OK", h.run("SET", "k", "v"));
        assertEquals(Entry.NO_EXPIRY, expireAt("k"), "a plain SET clears the TTL");

        h.run("SET", "t", "v", "PX", "100");
        h.clock.advance(99);
        assertEquals("v", h.run("GET", "t"));
        h.clock.advance(1);
        assertNull(h.run("GET", "t"));

        // an absolute time in the past: set, then gone at the next lookup
        assertEquals("OK", h.run("SET", "p", "v", "PXAT", "1"));
        assertNull(h.run("GET", "p"));
        assertNull(h.run("SET", "p", "v", "EXAT", "1", "GET"));
    }

    @Test
    void setOverwritesOtherTypesUnlessGet() {
        putList("l");
        h.assertError(WRONGTYPE, "SET", "l", "v", "GET");
        h.assertError(WRONGTYPE, "SET", "l", "v", "NX", "GET");
        assertEquals(ValueType.LIST, type("l"), "SET ... GET on a non-string sets nothing");
        assertNull(h.run("SET", "l", "v", "NX"));
        assertEquals("OK", h.run("SET", "l", "v", "XX"));
        assertEquals(ValueType.STRING, type("l"));
        assertEquals("v", h.run("GET", "l"));
    }

    @Test
    void setnxSetexPsetex() {
        assertEquals(1L, h.run("SETNX", "k", "v"));
        assertEquals(0L, h.run("SETNX", "k", "v2"));
        assertEquals("v", h.run("GET", "k"));
        putList("l");
        assertEquals(0L, h.run("SETNX", "l", "v"));

        long now = h.clock.millis();
        assertEquals("OK", h.run("SETEX", "se", "100", "7"));
        assertEquals(now + 100_000, expireAt("se"));
        assertEquals("int", encoding("se"));
        assertEquals("OK", h.run("PSETEX", "p", "2500", "v"));
        assertEquals(now + 2500, expireAt("p"));
        assertEquals("OK", h.run("SETEX", "l", "10", "v"), "SETEX overwrites any type");
        assertEquals(ValueType.STRING, type("l"));

        h.assertError("ERR invalid expire time in 'setex' command", "SETEX", "k", "0", "v");
        h.assertError("ERR invalid expire time in 'setex' command", "SETEX", "k", "-5", "v");
        h.assertError("ERR invalid expire time in 'setex' command", "SETEX", "k", "9223372036854776", "v");
        h.assertError("ERR invalid expire time in 'psetex' command", "PSETEX", "k", "0", "v");
        h.assertError(NOT_INTEGER, "SETEX", "k", "1.5", "v");
        h.assertError("ERR wrong number of arguments for 'setex' command", "SETEX", "k", "10");
        h.assertError("ERR wrong number of arguments for 'setnx' command", "SETNX", "k");
        assertEquals("v", h.run("GET", "k"));

        h.clock.advance(2500);
        assertNull(h.run("GET", "p"));
        assertEquals("7", h.run("GET", "se"));
    }

    @Test
    void getsetReturnsOldValueAndClearsTtl() {
        assertNull(h.run("GETSET", "k", "v"));
        assertEquals("v", h.run("GETSET", "k", "w"));
        assertEquals("w", h.run("GET", "k"));
        h.run("SET", "k", "v", "EX", "100");
        assertEquals("v", h.run("GETSET", "k", "z"));
        assertEquals(Entry.NO_EXPIRY, expireAt("k"));
        h.run("SET", "m1", "1");
        assertEquals("1", h.run("GETSET", "m1", "5"));
        assertEquals("int", encoding("m1"));
        putList("l");
        h.assertError(WRONGTYPE, "GETSET", "l", "v");
        assertEquals(ValueType.LIST, type("l"));
    }

    @Test
    void getdel() {
        h.run("SET", "k", "v", "EX", "100");
        takeEvents();
        assertEquals("v", h.run("GETDEL", "k"));
        assertNull(h.run("GETDEL", "k"));
        assertNull(value("k"));
        assertEquals(List.of("del k", "keymiss k"), takeEvents());
        putList("l");
        h.assertError(WRONGTYPE, "GETDEL", "l");
        assertEquals(ValueType.LIST, type("l"));
        assertNull(run3("GETDEL", "nosuch"));
    }

    // ------------------------------------------------------------------ GETEX

    @Test
    void getexOptions() {
        assertNull(h.run("GETEX", "nokey"));
        assertNull(h.run("GETEX", "nokey", "EX", "0"), "a missing key answers null before the time is checked");
        h.assertError(SYNTAX, "GETEX", "nokey", "foo");
        h.run("SET", "k", "v");
        long now = h.clock.millis();
        assertEquals("v", h.run("GETEX", "k"));
        assertEquals(Entry.NO_EXPIRY, expireAt("k"));
        h.assertError("ERR invalid expire time in 'getex' command", "GETEX", "k", "EX", "0");
        h.assertError("ERR invalid expire time in 'getex' command", "GETEX", "k", "EXAT", "9223372036854776");
        h.assertError("ERR invalid expire time in 'getex' command", "GETEX", "k", "EX", "9223372036854775");
        h.assertError(NOT_INTEGER, "GETEX", "k", "PX", "x");
        h.assertError(SYNTAX, "GETEX", "k", "EX", "10", "PX", "10");
        h.assertError(SYNTAX, "GETEX", "k", "PERSIST", "EX", "10");
        h.assertError(SYNTAX, "GETEX", "k", "EX", "10", "PERSIST");
        h.assertError(SYNTAX, "GETEX", "k", "KEEPTTL");
        h.assertError(SYNTAX, "GETEX", "k", "NX");
        h.assertError(SYNTAX, "GETEX", "k", "GET");
        h.assertError(SYNTAX, "GETEX", "k", "EX");
        assertEquals(Entry.NO_EXPIRY, expireAt("k"));
        assertEquals("v", h.run("GETEX", "k", "PERSIST", "PERSIST"));
        assertEquals("v", h.run("GETEX", "k", "EX", "10", "EX", "20"));
        assertEquals(now + 20_000, expireAt("k"));
        assertEquals("v", h.run("GETEX", "k", "PERSIST"));
        assertEquals(Entry.NO_EXPIRY, expireAt("k"));
        assertEquals("v", h.run("GETEX", "k", "PX", "5000"));
        assertEquals(now + 5000, expireAt("k"));
        assertEquals("v", h.run("GETEX", "k", "EXAT", "99999999999"));
        assertEquals(99999999999000L, expireAt("k"));
        assertEquals("v", h.run("GETEX", "k", "PXAT", "9223372036854775807"));
        assertEquals(Long.MAX_VALUE, expireAt("k"));
        assertEquals("v", h.run("GETEX", "k", "EXAT", "1"), "replies the value, then deletes");
        assertNull(value("k"));
        h.run("SET", "k", "v");
        assertEquals("v", h.run("GETEX", "k", "PXAT", String.valueOf(h.clock.millis())));
        assertNull(value("k"), "an absolute time equal to now has passed");
        h.run("SET", "t", "v");
        h.run("GETEX", "t", "PX", "100");
        h.clock.advance(100);
        assertNull(h.run("GETEX", "t"));
    }

    @Test
    void getexTypeCheckAndEvents() {
        putList("l");
        h.assertError(WRONGTYPE, "GETEX", "l");
        h.assertError(WRONGTYPE, "GETEX", "l", "EX", "0");
        h.assertError(SYNTAX, "GETEX", "l", "foo");
        h.run("SET", "k", "v");
        takeEvents();
        h.run("GETEX", "k");
        h.run("GETEX", "k", "PERSIST"); // no TTL: nothing happens
        assertEquals(List.of(), takeEvents());
        h.run("GETEX", "k", "EX", "100");
        h.run("GETEX", "k", "PERSIST");
        h.run("GETEX", "k", "PXAT", "1");
        assertEquals(List.of("expire k", "persist k", "del k"), takeEvents());
    }

    // ------------------------------------------------------------------ MGET / MSET

    @Test
    void mgetMsetMsetnx() {
        assertEquals("OK", h.run("MSET", "a", "1", "b", "2"));
        assertEquals(Arrays.asList("1", "2", null), h.run("MGET", "a", "b", "nokey"));
        putList("l");
        assertEquals(Arrays.asList("1", null), h.run("MGET", "a", "l"), "MGET answers null for other types");
        h.assertError("ERR wrong number of arguments for 'mset' command", "MSET", "a", "1", "b");
        h.assertError("ERR wrong number of arguments for 'msetnx' command", "MSETNX", "a", "1", "b");
        h.assertError("ERR wrong number of arguments for 'mget' command", "MGET");
        assertEquals(0L, h.run("MSETNX", "a", "1", "z", "2"));
        assertNull(value("z"), "MSETNX sets nothing when one key exists");
        assertEquals(1L, h.run("MSETNX", "y", "1", "z", "2"));
        assertEquals(Arrays.asList("1", "2"), h.run("MGET", "y", "z"));
        assertEquals(0L, h.run("MSETNX", "l", "1", "w", "2"), "a key of another type exists too");
        assertEquals(1L, h.run("MSETNX", "q", "1", "q", "2"));
        assertEquals("2", h.run("GET", "q"));
        assertEquals("OK", h.run("MSET", "l", "v"));
        assertEquals(ValueType.STRING, type("l"));
        h.run("SET", "t", "1", "EX", "100");
        h.run("MSET", "t", "2");
        assertEquals(Entry.NO_EXPIRY, expireAt("t"), "MSET clears the TTL");
        assertEquals("int", encoding("a"));
        h.run("MSET", "m2", "abc");
        assertEquals("embstr", encoding("m2"));
        h.client.protocol = 3;
        assertEquals(Arrays.asList((Object) null), h.run("MGET", "nosuch"));
    }

    @Test
    void mgetCountsHitsAndMisses() {
        h.run("SET", "a", "1");
        long hits = hits();
        long misses = misses();
        h.run("MGET", "a", "b", "a");
        assertEquals(hits + 2, hits());
        assertEquals(misses + 1, misses());
    }

    // ------------------------------------------------------------------ APPEND / STRLEN

    @Test
    void appendAndStrlen() {
        assertEquals(5L, h.run("APPEND", "a2", "hello"));
        assertEquals("embstr", encoding("a2"));
        assertEquals(6L, h.run("APPEND", "a2", "x"));
        assertEquals("raw", encoding("a2"));
        assertInstanceOf(MutableString.class, value("a2"));
        assertEquals("hellox", h.run("GET", "a2"));
        for (int i = 0; i < 100; i++) {
            h.run("APPEND", "a2", "0123456789");
        }
        assertEquals(1006L, h.run("STRLEN", "a2"));
        assertEquals("hellox" + "0123456789".repeat(100), h.run("GET", "a2"));

        assertEquals(2L, h.run("APPEND", "a1", "12"));
        assertEquals("int", encoding("a1"));
        h.run("SET", "m", "12");
        assertEquals(4L, h.run("APPEND", "m", "34"));
        assertEquals("1234", h.run("GET", "m"));
        assertEquals("raw", encoding("m"));
        assertEquals(4L, h.run("APPEND", "m", ""));

        h.run("SET", "t", "v", "EX", "100");
        long at = expireAt("t");
        h.run("APPEND", "t", "x");
        assertEquals(at, expireAt("t"), "APPEND keeps the TTL");

        assertEquals(0L, h.run("STRLEN", "nokey"));
        h.run("SET", "n", "12345");
        assertEquals(5L, h.run("STRLEN", "n"));
        h.run("SET", "e", "");
        assertEquals(0L, h.run("STRLEN", "e"));
        putList("l");
        h.assertError(WRONGTYPE, "APPEND", "l", "x");
        h.assertError(WRONGTYPE, "STRLEN", "l");
    }

    @Test
    void limitsFollowProtoMaxBulkLen() {
        StringCommands strings = new StringCommands();
        assertEquals(StringCommands.DEFAULT_PROTO_MAX_BULK_LEN, strings.protoMaxBulkLen());
        strings.protoMaxBulkLen(1048576); // CONFIG SET proto-max-bulk-len 1048576, Redis's minimum
        Node node = new Node(h.engine, CommandTable.build(List.of(strings)), new ConfigRegistry());
        Client c = node.clients().open(null, h.clock.millis());
        Function<String[], Object> run = args -> {
            byte[][] a = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                a[i] = b(args[i]);
            }
            RecordingReply r = new RecordingReply(2);
            node.dispatcher().execute(c, a, r);
            return r.values().get(0);
        };
        RecordingReply.Err tooLong = new RecordingReply.Err(TOO_LONG);
        assertEquals(1048575L, run.apply(new String[] {"SETRANGE", "big", "1048570", "12345"}));
        assertEquals(1048576L, run.apply(new String[] {"APPEND", "big", "6"}));
        assertEquals(tooLong, run.apply(new String[] {"APPEND", "big", "7"}));
        assertEquals(tooLong, run.apply(new String[] {"SETRANGE", "big", "1048576", "x"}));
        assertEquals(tooLong, run.apply(new String[] {"SETRANGE", "big2", "1048575", "xy"}));
        assertEquals(1048576L, run.apply(new String[] {"SETRANGE", "big2", "1048575", "x"}));
        assertEquals(601L, run.apply(new String[] {"SETRANGE", "a", "600", "x"}));
        assertEquals(601L, run.apply(new String[] {"SETRANGE", "b", "600", "y"}));
        assertEquals(new RecordingReply.Err("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"),
                run.apply(new String[] {"LCS", "a", "b", "LEN"}));
        assertEquals(401L, run.apply(new String[] {"SETRANGE", "c", "400", "y"}));
        assertEquals(400L, run.apply(new String[] {"LCS", "a", "c", "LEN"}));
        assertEquals(0L, run.apply(new String[] {"LCS", "a", "nokey", "LEN"}));
    }

    @Test
    void aLimitAboveJavaArraysStillRefusesWhatCannotBeAllocated() {
        StringCommands strings = new StringCommands();
        strings.protoMaxBulkLen(Long.MAX_VALUE);
        Node node = new Node(h.engine, CommandTable.build(List.of(strings)), new ConfigRegistry());
        Client c = node.clients().open(null, h.clock.millis());
        RecordingReply r = new RecordingReply(2);
        node.dispatcher().execute(c, new byte[][] {b("SETRANGE"), b("k"), b("2147483647"), b("x")}, r);
        assertEquals(List.of(new RecordingReply.Err(TOO_LONG)), r.values());
    }

    // ------------------------------------------------------------------ GETRANGE / SETRANGE

    @Test
    void getrange() {
        h.run("SET", "s", "Hello World");
        assertEquals("Hello", h.run("GETRANGE", "s", "0", "4"));
        assertEquals("World", h.run("GETRANGE", "s", "-5", "-1"));
        assertEquals("", h.run("GETRANGE", "s", "-1", "-5"));
        assertEquals("", h.run("GETRANGE", "s", "5", "2"));
        assertEquals("Hello World", h.run("GETRANGE", "s", "-100", "100"));
        assertEquals("", h.run("GETRANGE", "s", "100", "200"));
        assertEquals("H", h.run("GETRANGE", "s", "0", "-100"));
        assertEquals("H", h.run("GETRANGE", "s", "-100", "-50"));
        assertEquals("l", h.run("GETRANGE", "s", "3", "3"));
        assertEquals("Hello World", h.run("GETRANGE", "s", "0", "9223372036854775807"));
        assertEquals("H", h.run("GETRANGE", "s", "-9223372036854775808", "-9223372036854775808"));
        h.assertError(NOT_INTEGER, "GETRANGE", "s", "0", "9223372036854775808");
        h.assertError(NOT_INTEGER, "GETRANGE", "s", "a", "1");
        assertEquals("", h.run("GETRANGE", "nokey", "0", "1"));
        assertEquals("", run3("GETRANGE", "nokey", "0", "1"));
        h.assertError(NOT_INTEGER, "GETRANGE", "nokey", "a", "1");
        assertEquals("Hello", h.run("SUBSTR", "s", "0", "4"));
        h.run("SET", "e", "");
        assertEquals("", h.run("GETRANGE", "e", "0", "-1"));
        assertEquals("", h.run("GETRANGE", "e", "0", "0"));
        assertEquals("", h.run("GETRANGE", "e", "-1", "-1"));
        h.run("SET", "n", "12345");
        assertEquals("23", h.run("GETRANGE", "n", "1", "2"));
        assertEquals("45", h.run("GETRANGE", "n", "-2", "-1"));
        h.run("APPEND", "n", "678");
        assertEquals("5678", h.run("GETRANGE", "n", "4", "100"), "a raw string's spare capacity is never read");
        putList("l");
        h.assertError(WRONGTYPE, "GETRANGE", "l", "0", "1");
        h.assertError(NOT_INTEGER, "GETRANGE", "l", "x", "1");
    }

    @Test
    void setrange() {
        h.run("SET", "s", "Hello World");
        assertEquals(11L, h.run("SETRANGE", "s", "6", "Redis"));
        assertEquals("Hello Redis", h.run("GET", "s"));
        h.assertError("ERR offset is out of range", "SETRANGE", "s", "-1", "x");
        h.assertError(NOT_INTEGER, "SETRANGE", "s", "x", "x");
        assertEquals(0L, h.run("SETRANGE", "nokey", "5", ""));
        assertNull(value("nokey"), "nothing is created for an empty value");
        assertEquals(5L, h.run("SETRANGE", "nokey", "3", "ab"));
        assertArrayEquals(new byte[] {0, 0, 0, 'a', 'b'}, MutableString.bytesOf(value("nokey")));
        assertEquals("raw", encoding("nokey"));
        assertEquals(11L, h.run("SETRANGE", "s", "0", ""));
        assertEquals(11L, h.run("SETRANGE", "s", "100", ""));
        assertEquals(13L, h.run("SETRANGE", "s", "11", "!!"));
        assertEquals("Hello Redis!!", h.run("GET", "s"));
        assertEquals(16L, h.run("SETRANGE", "s", "15", "?"));
        assertArrayEquals(b("Hello Redis!!\0\0?"), MutableString.bytesOf(value("s")));
        h.assertError(TOO_LONG, "SETRANGE", "s", "536870912", "x");
        h.assertError(TOO_LONG, "SETRANGE", "s", "536870911", "xy");
        h.assertError(TOO_LONG, "SETRANGE", "s", "9223372036854775807", "x");
        h.assertError(TOO_LONG, "SETRANGE", "big", "536870912", "x");
        h.run("SET", "n", "12345");
        assertEquals(5L, h.run("SETRANGE", "n", "0", "9"));
        assertEquals("raw", encoding("n"));
        assertEquals("92345", h.run("GET", "n"));
        h.run("SET", "t", "v", "EX", "100");
        long at = expireAt("t");
        h.run("SETRANGE", "t", "3", "x");
        assertEquals(at, expireAt("t"), "SETRANGE keeps the TTL");
        putList("l");
        h.assertError(WRONGTYPE, "SETRANGE", "l", "0", "x");
        h.assertError("ERR offset is out of range", "SETRANGE", "l", "-1", "x");
        h.assertError(WRONGTYPE, "SETRANGE", "l", "0", "");
    }

    @Test
    void setrangeDoesNotChangeAStringSharedWithAnotherKey() {
        // SET stores the argument array itself; in-place edits must copy it first
        byte[] shared = b("abc");
        h.run(h.client, b("SET"), b("x"), shared);
        h.run(h.client, b("SET"), b("y"), shared);
        h.run("SETRANGE", "x", "0", "Z");
        h.run("APPEND", "y", "d");
        assertEquals("Zbc", h.run("GET", "x"));
        assertEquals("abcd", h.run("GET", "y"));
        assertArrayEquals(b("abc"), shared);
    }

    // ------------------------------------------------------------------ INCR family

    @Test
    void incrDecr() {
        assertEquals(1L, h.run("INCR", "nokey"));
        assertEquals(-1L, h.run("DECR", "nokey2"));
        assertEquals(-7L, h.run("DECRBY", "nokey3", "7"));
        h.run("SET", "n", "10");
        assertEquals(9L, h.run("DECR", "n"));
        assertEquals(-11L, h.run("DECRBY", "n", "20"));
        assertEquals(-16L, h.run("INCRBY", "n", "-5"));
        assertEquals("-16", h.run("GET", "n"));
        assertEquals("int", encoding("n"));
        h.run("SET", "k", "1");
        h.run("APPEND", "k", "2");
        assertEquals(13L, h.run("INCR", "k"));
        assertEquals("int", encoding("k"), "INCR turns a raw string back into an integer");
        h.run("SET", "t", "5", "EX", "100");
        long at = expireAt("t");
        assertEquals(6L, h.run("INCR", "t"));
        assertEquals(at, expireAt("t"), "INCR keeps the TTL");
    }

    @Test
    void incrErrors() {
        for (String v : new String[] {"1.0", " 1", "1 ", "01", "-0", "12345678901234567890", "abc", ""}) {
            h.run("SET", "k", v);
            h.assertError(NOT_INTEGER, "INCR", "k");
            assertEquals(v, h.run("GET", "k"));
        }
        h.run("SET", "k", "9223372036854775807");
        h.assertError("ERR increment or decrement would overflow", "INCR", "k");
        assertEquals(9223372036854775807L, h.run("INCRBY", "k", "0"));
        h.assertError("ERR increment or decrement would overflow", "DECRBY", "k", "-1");
        h.run("SET", "k", "-9223372036854775808");
        h.assertError("ERR increment or decrement would overflow", "DECR", "k");
        h.assertError("ERR increment or decrement would overflow", "DECRBY", "k", "9223372036854775807");
        h.assertError("ERR increment or decrement would overflow", "INCRBY", "k", "-1");
        h.run("SET", "k", "0");
        h.assertError("ERR decrement would overflow", "DECRBY", "k", "-9223372036854775808");
        assertEquals(-9223372036854775808L, h.run("INCRBY", "k", "-9223372036854775808"));
        assertEquals("-9223372036854775808", h.run("GET", "k"));
        h.assertError("ERR increment or decrement would overflow", "DECRBY", "k", "1");
        h.assertError(NOT_INTEGER, "INCRBY", "k", "9223372036854775808");
        h.assertError(NOT_INTEGER, "INCRBY", "k", "abc");
        h.assertError(NOT_INTEGER, "INCRBY", "k", "1.5");
        putList("l");
        h.assertError(WRONGTYPE, "INCR", "l");
        h.assertError(WRONGTYPE, "DECRBY", "l", "1");
        h.assertError(NOT_INTEGER, "INCRBY", "l", "x");
        assertEquals(ValueType.LIST, type("l"));
    }

    @Test
    void incrbyfloat() {
        h.run("SET", "k", "10.5");
        assertEquals("10.6", h.run("INCRBYFLOAT", "k", "0.1"));
        assertEquals("5010.60000000000000009", h.run("INCRBYFLOAT", "k", "5.0e3"));
        assertEquals("5010.60000000000000009", h.run("GET", "k"));
        h.run("SET", "k", "3.0e3");
        assertEquals("3000", h.run("INCRBYFLOAT", "k", "0"));
        h.run("SET", "f", "2.5");
        assertEquals("3", h.run("INCRBYFLOAT", "f", "0.5"));
        assertEquals("100000000000000000000", h.run("INCRBYFLOAT", "f", "1e20"), "3 is below half an ulp");
        assertEquals("1.5", run3("INCRBYFLOAT", "new", "1.5"));
        assertEquals("-2.5", h.run("INCRBYFLOAT", "nokey4", "-2.5"));
        h.run("SET", "z", "-0");
        assertEquals("0", h.run("INCRBYFLOAT", "z", "-0"));
        h.run("SET", "x", "0x10");
        assertEquals("16", h.run("INCRBYFLOAT", "x", "0"));
        assertEquals("24", h.run("INCRBYFLOAT", "x", "0x1p3"));
        assertEquals("0.1", h.run("INCRBYFLOAT", "y", "0.1"));
        assertEquals("0.3", h.run("INCRBYFLOAT", "y", "0.2"));
        h.run("SET", "n", "5", "EX", "100");
        long at = expireAt("n");
        assertEquals("7.5", h.run("INCRBYFLOAT", "n", "2.5"));
        assertEquals(at, expireAt("n"), "INCRBYFLOAT keeps the TTL");
        h.run("SET", "i", "9223372036854775807");
        assertEquals("18446744073709551614", h.run("INCRBYFLOAT", "i", "9223372036854775807"));
        h.run("SET", "r", "1");
        h.run("APPEND", "r", ".25");
        assertEquals("2.25", h.run("INCRBYFLOAT", "r", "1"), "a raw string is parsed too");
    }

    @Test
    void incrbyfloatErrors() {
        h.run("SET", "k", "30.5");
        for (String bad : new String[] {" 1", "1 ", "nan", "-nan", "1e-5000", "1e5000", "0x", "1e", "", ".",
                "infinit", "+-1", "abc"}) {
            h.assertError(NOT_FLOAT, "INCRBYFLOAT", "k", bad);
        }
        assertEquals("30.5", h.run("INCRBYFLOAT", "k", "1e-4950"));
        h.assertError("ERR increment would produce NaN or Infinity", "INCRBYFLOAT", "k", "inf");
        h.assertError("ERR increment would produce NaN or Infinity", "INCRBYFLOAT", "k", "-infinity");
        h.assertError("ERR increment would produce NaN or Infinity", "INCRBYFLOAT", "k", "INF");
        assertEquals("30.5", h.run("GET", "k"));
        h.run("SET", "k", "1e4932");
        h.assertError("ERR increment would produce NaN or Infinity", "INCRBYFLOAT", "k", "1e4932");
        h.run("SET", "k", "1e4933");
        h.assertError(NOT_FLOAT, "INCRBYFLOAT", "k", "0");
        h.run("SET", "k", "1");
        h.run("SETRANGE", "k", "2", "2"); // "1\0" + "2": the NUL is not the end of the number
        h.assertError(NOT_FLOAT, "INCRBYFLOAT", "k", "1");
        h.run("SET", "k", "inf");
        h.assertError("ERR increment would produce NaN or Infinity", "INCRBYFLOAT", "k", "1");
        h.run("SET", "k", "abc");
        h.assertError(NOT_FLOAT, "INCRBYFLOAT", "k", "1");
        h.assertError(NOT_FLOAT, "INCRBYFLOAT", "k", "abc");
        putList("l");
        h.assertError(WRONGTYPE, "INCRBYFLOAT", "l", "1");
        h.assertError(WRONGTYPE, "INCRBYFLOAT", "l", "abc");
        assertNull(value("nokey"));
        h.assertError(NOT_FLOAT, "INCRBYFLOAT", "nokey", "x");
        assertNull(value("nokey"), "nothing is created on error");
    }

    // ------------------------------------------------------------------ LCS

    @Test
    void lcsStringAndLength() {
        h.run("SET", "key1", "ohmytext");
        h.run("SET", "key2", "mynewtext");
        assertEquals("mytext", h.run("LCS", "key1", "key2"));
        assertEquals(6L, h.run("LCS", "key1", "key2", "LEN"));
        assertEquals(6L, run3("LCS", "key1", "key2", "len"));
        assertEquals("mytext", h.run("LCS", "key1", "key2", "WITHMATCHLEN"));
        assertEquals(6L, h.run("LCS", "key1", "key2", "LEN", "WITHMATCHLEN", "MINMATCHLEN", "3"));
        assertEquals("", h.run("LCS", "key1", "nokey"));
        assertEquals(0L, h.run("LCS", "key1", "nokey", "LEN"));
        h.run("SET", "a1", "ABCBDAB");
        h.run("SET", "b1", "BDCABA");
        assertEquals("BDAB", h.run("LCS", "a1", "b1"));
        h.run("APPEND", "a1", "");
        h.run("SETRANGE", "b1", "0", "B");
        assertEquals("BDAB", h.run("LCS", "a1", "b1"), "raw strings");
    }

    private static Map<String, Object> idx(List<?> matches, long len) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("matches", matches);
        m.put("len", len);
        return m;
    }

    private static List<Object> match(long a0, long a1, long b0, long b1) {
        return List.of(List.of(a0, a1), List.of(b0, b1));
    }

    private static List<Object> match(long a0, long a1, long b0, long b1, long len) {
        return List.of(List.of(a0, a1), List.of(b0, b1), len);
    }

    @Test
    void lcsIdx() {
        h.run("SET", "key1", "ohmytext");
        h.run("SET", "key2", "mynewtext");
        Map<String, Object> full = idx(List.of(match(4, 7, 5, 8), match(2, 3, 0, 1)), 6);
        assertEquals(full, h.run("LCS", "key1", "key2", "IDX"));
        assertEquals(full, run3("LCS", "key1", "key2", "IDX"), "a map in RESP3; RESP2 flattens it");
        assertEquals(idx(List.of(match(4, 7, 5, 8)), 6), h.run("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"));
        assertEquals(idx(List.of(match(4, 7, 5, 8, 4)), 6),
                run3("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"));
        assertEquals(idx(List.of(match(4, 7, 5, 8, 4), match(2, 3, 0, 1, 2)), 6),
                h.run("LCS", "key1", "key2", "idx", "minmatchlen", "-5", "withmatchlen"));
        assertEquals(idx(List.of(), 0), h.run("LCS", "key1", "nokey", "IDX"));
        assertEquals(idx(List.of(), 0), run3("LCS", "nokey", "nokey2", "IDX"));
        h.run("SET", "a1", "ABCBDAB");
        h.run("SET", "b1", "BDCABA");
        assertEquals(idx(List.of(match(5, 6, 3, 4, 2), match(3, 4, 0, 1, 2)), 4),
                h.run("LCS", "a1", "b1", "IDX", "WITHMATCHLEN"));
        assertEquals(idx(List.of(match(0, 6, 0, 6, 7)), 7), h.run("LCS", "a1", "a1", "IDX", "WITHMATCHLEN"));
        h.run("SET", "e1", "");
        assertEquals(idx(List.of(), 0), h.run("LCS", "e1", "e1", "IDX"));
    }

    @Test
    void lcsErrors() {
        h.run("SET", "key1", "ohmytext");
        h.run("SET", "key2", "mynewtext");
        h.assertError("ERR If you want both the length and indexes, please just use IDX.",
                "LCS", "key1", "key2", "LEN", "IDX");
        h.assertError("ERR If you want both the length and indexes, please just use IDX.",
                "LCS", "key1", "key2", "IDX", "IDX", "LEN");
        h.assertError(SYNTAX, "LCS", "key1", "key2", "LEN", "IDX", "foo");
        h.assertError(SYNTAX, "LCS", "key1", "key2", "foo");
        h.assertError(SYNTAX, "LCS", "key1", "key2", "MINMATCHLEN");
        h.assertError(NOT_INTEGER, "LCS", "key1", "key2", "MINMATCHLEN", "x");
        h.assertError(NOT_INTEGER, "LCS", "key1", "key2", "MINMATCHLEN", "9223372036854775808");
        h.assertError("ERR wrong number of arguments for 'lcs' command", "LCS", "key1");
        putList("l");
        h.assertError("ERR The specified keys must contain string values", "LCS", "key1", "l");
        h.assertError("ERR The specified keys must contain string values", "LCS", "l", "key1", "foo");
        h.assertError("ERR The specified keys must contain string values", "LCS", "l", "key1", "MINMATCHLEN", "x");
    }

    @Test
    void lcsTableLimit() {
        // (12001 * 12001 * 4) bytes exceed 512 MB: refused before anything is allocated
        h.run("SETRANGE", "la", "12000", "x");
        h.run("SETRANGE", "lb", "12000", "y");
        h.assertError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
                "LCS", "la", "lb", "LEN");
        h.assertError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
                "LCS", "la", "lb");
        h.run("SETRANGE", "lc", "100", "y");
        assertEquals(100L, h.run("LCS", "la", "lc", "LEN"));
    }

    // ------------------------------------------------------------------ encodings

    @Test
    void incrbyfloatResultIsNeverIntEncodedAsInRedis() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("SET", "f", "1.5");
            assertEquals("3", h.run("INCRBYFLOAT", "f", "1.5"));
            assertEquals("embstr", h.run("OBJECT", "ENCODING", "f"));
            assertEquals(1L, h.run("COPY", "f", "g"));
            assertEquals("embstr", h.run("OBJECT", "ENCODING", "g"));
            assertEquals(4L, h.run("INCR", "f"));
            assertEquals("int", h.run("OBJECT", "ENCODING", "f"));
            h.run("INCRBYFLOAT", "g", "1");
            assertEquals(2L, h.run("APPEND", "g", "0"));
            assertEquals("raw", h.run("OBJECT", "ENCODING", "g"));
        }
    }

    @Test
    void encodingOfStrings() {
        assertEquals("int", StringCommands.encodingOf(b("1234567890123456789")));
        assertEquals("int", StringCommands.encodingOf(b("-1234567890123456789")));
        assertEquals("int", StringCommands.encodingOf(b("-9223372036854775808")));
        assertEquals("int", StringCommands.encodingOf(b("0")));
        assertEquals("embstr", StringCommands.encodingOf(b("12345678901234567890")));
        assertEquals("embstr", StringCommands.encodingOf(b("01")));
        assertEquals("embstr", StringCommands.encodingOf(b("-0")));
        assertEquals("embstr", StringCommands.encodingOf(b("")));
        assertEquals("embstr", StringCommands.encodingOf(b("12345678901234567890123456789012345678901234")));
        assertEquals("raw", StringCommands.encodingOf(b("123456789012345678901234567890123456789012345")));
        assertEquals("raw", StringCommands.encodingOf(new MutableString(b("1"), 0)));
        h.run("SET", "x", "123456789012345678901234567890123456789012345");
        assertEquals("raw", encoding("x"));
        h.run("INCR", "i");
        assertEquals("int", encoding("i"));
        h.run("SETRANGE", "sr", "0", "abc");
        assertEquals("raw", encoding("sr"));
    }

    // ------------------------------------------------------------------ events, WATCH, stats

    @Test
    void keyspaceEventsAsRedisFiresThem() {
        // the sequence recorded from redis-server 7.0.15 with notify-keyspace-events AKEn
        h.run("SET", "a", "1");
        h.run("SET", "a", "2", "EX", "100");
        h.run("SET", "a", "3", "NX");
        h.run("MSET", "a", "1", "b", "2");
        h.run("GETEX", "a", "PERSIST");
        h.run("GETEX", "a", "PERSIST");
        h.run("GETEX", "a", "PX", "100");
        h.run("GETEX", "a", "PXAT", "1");
        h.run("GETDEL", "b");
        h.run("APPEND", "c", "x");
        h.run("APPEND", "c", "y");
        h.run("SETRANGE", "c", "0", "");
        h.run("SETRANGE", "c", "0", "z");
        h.run("SETRANGE", "d", "0", "z");
        h.run("INCR", "e");
        h.run("INCRBYFLOAT", "f", "1");
        h.run("SETEX", "g", "10", "v");
        h.run("GETSET", "g", "w");
        h.run("MSETNX", "h", "1", "h", "2");
        h.run("SET", "i", "v", "PXAT", "1");
        h.run("GET", "i");
        h.run("DECRBY", "e", "5");
        h.run("GETEX", "e");
        h.run("GETEX", "e", "EX", "100");
        h.run("SET", "e", "v", "KEEPTTL");
        h.run("SETNX", "e", "v");
        List<String> expected = List.of("new a", "set a", "set a", "expire a", "set a", "new b", "set b",
                "expire a", "del a", "del b", "new c", "append c", "append c", "setrange c", "new d",
                "setrange d", "new e", "incrby e", "new f", "incrbyfloat f", "new g", "set g", "expire g",
                "set g", "new h", "set h", "set h", "new i", "set i", "expire i", "expired i", "incrby e",
                "expire e", "set e");
        List<String> got = new ArrayList<>(takeEvents());
        got.removeIf(e -> e.startsWith("keymiss "));
        assertEquals(expected, got);
    }

    @Test
    void eventClasses() {
        List<Integer> types = new ArrayList<>();
        h.engine.addListener((db, key, type, event) -> types.add(type));
        h.run("SET", "k", "v", "EX", "10");
        assertEquals(List.of(NotifyFlags.NEW, NotifyFlags.STRING, NotifyFlags.GENERIC), types);
    }

    @Test
    void failedAndNoOpWritesDoNotTouchWatchers() {
        h.run("SET", "k", "v");
        Client other = h.newClient();
        h.run(other, "WATCH", "k");
        h.run("SET", "k", "x", "NX");
        h.run("SETRANGE", "k", "0", "");
        h.run("GETEX", "k", "PERSIST");
        h.run("INCR", "k");
        h.run("MSETNX", "k", "1", "z", "2");
        h.run(other, "MULTI");
        h.run(other, "PING");
        assertEquals(List.of("PONG"), h.run(other, "EXEC"));
        h.run(other, "WATCH", "k");
        h.run("APPEND", "k", "y");
        h.run(other, "MULTI");
        h.run(other, "PING");
        assertNull(h.run(other, "EXEC"));
    }

    @Test
    void dirtyCountsOneChangePerKey() {
        long before = h.engine.stats().dirty.sum();
        h.run("SET", "k", "v", "EX", "100");
        assertEquals(before + 1, h.engine.stats().dirty.sum());
        h.run("MSET", "a", "1", "b", "2", "c", "3");
        assertEquals(before + 4, h.engine.stats().dirty.sum());
        h.run("GET", "a");
        h.run("SET", "a", "1", "NX");
        assertEquals(before + 4, h.engine.stats().dirty.sum());
    }

    @Test
    void readCommandsCountHitsAndMisses() {
        h.run("SET", "k", "v");
        long hits = hits();
        long misses = misses();
        h.run("GET", "k");
        h.run("GET", "nokey");
        h.run("STRLEN", "k");
        h.run("GETRANGE", "nokey", "0", "1");
        h.run("LCS", "k", "nokey");
        h.run("SET", "k", "w", "GET");
        assertEquals(hits + 4, hits());
        assertEquals(misses + 3, misses());
        h.run("INCR", "counter");
        h.run("APPEND", "k", "x");
        assertEquals(hits + 4, hits(), "write lookups are not counted");
        assertEquals(misses + 3, misses());
        h.run("MGET", "k", "nokey", "k");
        h.run("GETEX", "k");
        h.run("GETDEL", "nokey");
        h.run("SETRANGE", "k", "0", "x");
        h.run("INCRBYFLOAT", "f", "1");
        // redis-server 7.0.15 INFO stats after the same sequence: keyspace_hits:7 keyspace_misses:5
        assertEquals(hits + 7, hits());
        assertEquals(misses + 5, misses());
    }
}
