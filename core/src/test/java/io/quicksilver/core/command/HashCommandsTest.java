package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.Locks;
import io.quicksilver.core.engine.type.HashValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hash commands, each run in both encodings: the parameter {@code large} sets
 * hash-max-listpack-entries to 0 so that every hash is a hashtable from its first field. Every
 * expected reply, event sequence and dirty count was taken from redis-server 7.0.15 (redis-cli
 * and a raw RESP3 socket against the reference server), not from this implementation. Where the
 * hashtable's order differs from Redis's (both are unspecified), replies are compared as maps
 * or sets; the listpack's order is Redis's insertion order and compared exactly.
 */
class HashCommandsTest {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    private static final String SYNTAX = "ERR syntax error";

    private CommandHarness h;
    private final List<String> events = new ArrayList<>();

    private CommandHarness harness(boolean large) {
        h = new CommandHarness();
        if (large) {
            h.engine.encodings().hashMaxListpackEntries = 0;
        }
        h.engine.addListener((db, key, type, event) -> {
            if (!event.equals("keymiss")) {
                events.add(event + " " + new String(key, StandardCharsets.UTF_8));
            }
        });
        return h;
    }

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    private String encoding(String key) {
        return (String) h.run("OBJECT", "ENCODING", key);
    }

    private long dirty() {
        return h.engine.stats().dirty.sum();
    }

    /**
     * A field/value reply as a map: a flat list (HRANDFIELD WITHVALUES in RESP2), or a map
     * (HGETALL: written as a map, which the server flattens for RESP2 clients).
     */
    @SuppressWarnings("unchecked")
    private static Map<Object, Object> pairs(Object reply) {
        if (reply instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<Object, Object>) map);
        }
        List<Object> l = (List<Object>) reply;
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < l.size(); i += 2) {
            m.put(l.get(i), l.get(i + 1));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> asSet(Object reply) {
        return new HashSet<>((List<Object>) reply);
    }

    // ------------------------------------------------------------------ set and get

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hsetHgetHmgetHlenHexistsHstrlen(boolean large) {
        harness(large);
        assertEquals(2L, h.run("HSET", "h", "f", "1", "g", "-20", "f", "2"));
        assertEquals(large ? "hashtable" : "listpack", encoding("h"));
        assertEquals("2", h.run("HGET", "h", "f"));
        assertNull(h.run("HGET", "h", "nope"));
        assertNull(h.run("HGET", "nokey", "f"));
        assertEquals(3L, h.run("HSTRLEN", "h", "g"));
        assertEquals(1L, h.run("HSTRLEN", "h", "f"));
        assertEquals(0L, h.run("HSTRLEN", "h", "nope"));
        assertEquals(0L, h.run("HSTRLEN", "nokey", "f"));
        assertEquals(0L, h.run("HSETNX", "h", "f", "9"));
        assertEquals(1L, h.run("HSETNX", "h", "n", "9"));
        assertEquals(java.util.Arrays.asList("2", null, "9"), h.run("HMGET", "h", "f", "nope", "n"));
        assertEquals(java.util.Arrays.asList(null, null), h.run("HMGET", "nokey", "a", "b"));
        assertEquals(3L, h.run("HLEN", "h"));
        assertEquals(0L, h.run("HLEN", "nokey"));
        assertEquals(1L, h.run("HEXISTS", "h", "f"));
        assertEquals(0L, h.run("HEXISTS", "h", "2"), "a value is not a field");
        assertEquals(0L, h.run("HEXISTS", "nokey", "f"));
        assertEquals("OK", h.run("HMSET", "h", "f", "5", "x", "y"));
        assertEquals("5", h.run("HGET", "h", "f"));
        assertEquals(4L, h.run("HLEN", "h"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void integerLookingValuesRoundTrip(boolean large) {
        harness(large);
        String[] values = {"0", "-1", "127", "128", "-4096", "4095", "32767", "-32768", "8388607",
            "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "01", "-0", "+1", " 1", "", "1.5"};
        for (int i = 0; i < values.length; i++) {
            h.run("HSET", "h", values[i], values[i]);
        }
        for (String v : values) {
            assertEquals(v, h.run("HGET", "h", v));
            assertEquals((long) v.length(), h.run("HSTRLEN", "h", v));
        }
        assertEquals((long) values.length, h.run("HLEN", "h"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void arityAndWrongType(boolean large) {
        harness(large);
        h.assertError("ERR wrong number of arguments for 'hset' command", "HSET", "h");
        h.assertError("ERR wrong number of arguments for 'hset' command", "HSET", "h", "f");
        h.assertError("ERR wrong number of arguments for 'hset' command", "HSET", "h", "f", "v", "g");
        h.assertError("ERR wrong number of arguments for 'hmset' command", "HMSET", "h", "f", "v", "g");
        h.assertError("ERR wrong number of arguments for 'hmset' command", "HMSET", "h", "f");
        h.assertError("ERR wrong number of arguments for 'hincrby' command", "HINCRBY", "h", "f");
        h.assertError("ERR wrong number of arguments for 'hincrbyfloat' command", "HINCRBYFLOAT", "h", "f");
        assertEquals(0L, h.run("EXISTS", "h"), "an arity error creates nothing");
        h.run("SET", "s", "x");
        String[][] cmds = {{"HGET", "s", "f"}, {"HSET", "s", "f", "v"}, {"HSETNX", "s", "f", "v"},
            {"HMSET", "s", "f", "v"}, {"HMGET", "s", "f"}, {"HGETALL", "s"}, {"HKEYS", "s"}, {"HVALS", "s"},
            {"HDEL", "s", "f"}, {"HEXISTS", "s", "f"}, {"HLEN", "s"}, {"HSTRLEN", "s", "f"},
            {"HINCRBY", "s", "f", "1"}, {"HINCRBYFLOAT", "s", "f", "1"}, {"HRANDFIELD", "s"},
            {"HRANDFIELD", "s", "1"}, {"HRANDFIELD", "s", "0"}, {"HSCAN", "s", "0"}, {"HSCAN", "s", "0", "badopt"}};
        for (String[] c : cmds) {
            h.assertError(WRONGTYPE, c);
        }
        // the increment is parsed before the type is checked
        h.assertError(NOT_INTEGER, "HINCRBY", "s", "f", "x");
        h.assertError("ERR value is not a valid float", "HINCRBYFLOAT", "s", "f", "x");
        h.assertError(SYNTAX, "HRANDFIELD", "s", "1", "foo");
        assertEquals("x", h.run("GET", "s"));
    }

    // ------------------------------------------------------------------ whole-hash reads

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hgetallHkeysHvalsInBothProtocols(boolean large) {
        harness(large);
        h.run("HSET", "h", "z", "1", "a", "2", "m", "three");
        Object all = h.run("HGETALL", "h");
        Object keys = h.run("HKEYS", "h");
        Object vals = h.run("HVALS", "h");
        if (!large) {
            assertEquals(List.of("z", "a", "m"), new ArrayList<>(pairs(all).keySet()), "listpack: insertion order");
            assertEquals(Map.of("z", "1", "a", "2", "m", "three"), pairs(all));
            assertEquals(List.of("z", "a", "m"), keys);
            assertEquals(List.of("1", "2", "three"), vals);
        } else {
            assertEquals(Map.of("z", "1", "a", "2", "m", "three"), pairs(all));
            assertEquals(Set.of("z", "a", "m"), asSet(keys));
            assertEquals(Set.of("1", "2", "three"), asSet(vals));
            // keys and values come in the same order
            List<?> k = (List<?>) keys;
            List<?> v = (List<?>) vals;
            for (int i = 0; i < 3; i++) {
                assertEquals(pairs(all).get(k.get(i)), v.get(i));
            }
        }
        assertEquals(Map.of(), h.run("HGETALL", "nokey"), "an empty map: *0 in RESP2, %0 in RESP3");
        assertEquals(List.of(), h.run("HKEYS", "nokey"));
        assertEquals(List.of(), h.run("HVALS", "nokey"));

        h.client.protocol = 3;
        Object map = h.run("HGETALL", "h");
        assertInstanceOf(Map.class, map, "RESP3: a map");
        assertEquals(Map.of("z", "1", "a", "2", "m", "three"), map);
        if (!large) {
            assertEquals(List.of("z", "a", "m"), new ArrayList<>(((Map<?, ?>) map).keySet()));
        }
        assertEquals(Map.of(), h.run("HGETALL", "nokey"), "RESP3: an empty map (%0)");
        assertEquals(List.of(), h.run("HKEYS", "nokey"));
    }

    // ------------------------------------------------------------------ delete

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hdelCountsAndRemovesTheEmptiedKey(boolean large) {
        harness(large);
        h.run("HSET", "h", "f", "1", "g", "2", "n", "3");
        assertEquals(0L, h.run("HDEL", "nokey", "a"));
        assertEquals(0L, h.run("HDEL", "h", "nope"));
        assertEquals(2L, h.run("HDEL", "h", "f", "f", "n"));
        assertEquals(List.of("g"), h.run("HKEYS", "h"));
        assertEquals(1L, h.run("HDEL", "h", "g", "g", "x"));
        assertEquals(0L, h.run("EXISTS", "h"));
        assertEquals(0L, h.run("DBSIZE"));
    }

    /** Events and dirty counts, as recorded from redis-server 7.0.15 with notify-keyspace-events KEAn. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void eventsAndDirtyCountsAsRedis(boolean large) {
        harness(large);
        Object[][] script = {
            {new String[] {"HSET", "h", "a", "1", "b", "2", "c", "3"}, 3L, 3L, List.of("new h", "hset h")},
            {new String[] {"HSET", "h", "a", "1"}, 0L, 1L, List.of("hset h")},
            {new String[] {"HMSET", "h", "a", "5", "d", "6"}, "OK", 2L, List.of("hset h")},
            {new String[] {"HSETNX", "h", "a", "1"}, 0L, 0L, List.of()},
            {new String[] {"HSETNX", "h", "z", "1"}, 1L, 1L, List.of("hset h")},
            {new String[] {"HSETNX", "h2", "z", "1"}, 1L, 1L, List.of("new h2", "hset h2")},
            {new String[] {"HDEL", "h", "nope"}, 0L, 0L, List.of()},
            {new String[] {"HDEL", "h", "a", "b", "nope"}, 2L, 2L, List.of("hdel h")},
            {new String[] {"HINCRBY", "h", "c", "5"}, 8L, 1L, List.of("hincrby h")},
            {new String[] {"HINCRBYFLOAT", "h", "c", "1.5"}, "9.5", 1L, List.of("hincrbyfloat h")},
            {new String[] {"HINCRBY", "h3", "f", "1"}, 1L, 1L, List.of("new h3", "hincrby h3")},
            {new String[] {"HINCRBYFLOAT", "h4", "f", "1"}, "1", 1L, List.of("new h4", "hincrbyfloat h4")},
            {new String[] {"HDEL", "h", "c", "d", "z", "nope"}, 3L, 3L, List.of("hdel h", "del h")},
            {new String[] {"HDEL", "h2", "z"}, 1L, 1L, List.of("hdel h2", "del h2")},
            {new String[] {"HGET", "h", "a"}, null, 0L, List.of()},
            {new String[] {"HINCRBY", "h3", "f", "9223372036854775807"},
                new RecordingReply.Err("ERR increment or decrement would overflow"), 0L, List.of()},
            {new String[] {"HGET", "h3", "f"}, "1", 0L, List.of()},
        };
        for (Object[] step : script) {
            String[] cmd = (String[]) step[0];
            events.clear();
            long d0 = dirty();
            assertEquals(step[1], h.run(cmd), String.join(" ", cmd));
            assertEquals(step[2], dirty() - d0, "dirty after " + String.join(" ", cmd));
            assertEquals(step[3], events, "events of " + String.join(" ", cmd));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void watchSeesHashChanges(boolean large) {
        harness(large);
        h.run("HSET", "h", "a", "1");
        Client other = h.newClient();
        h.run("WATCH", "h");
        h.run(other, "HSETNX", "h", "a", "2"); // no change: the transaction still runs
        h.run("MULTI");
        h.run("HGET", "h", "a");
        assertEquals(List.of("1"), h.run("EXEC"));
        h.run("WATCH", "h");
        h.run(other, "HINCRBY", "h", "a", "1");
        h.run("MULTI");
        h.run("HGET", "h", "a");
        assertNull(h.run("EXEC"));
    }

    // ------------------------------------------------------------------ counters

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hincrbyAsRedis(boolean large) {
        harness(large);
        h.run("HSET", "h", "a", "1", "b", "x", "c", "1.5", "d", " 1", "f", "9223372036854775807",
                "m", "-9223372036854775808");
        h.assertError(NOT_INTEGER, "HINCRBY", "h", "a", "abc");
        h.assertError(NOT_INTEGER, "HINCRBY", "h", "a", "1.0");
        h.assertError("ERR hash value is not an integer", "HINCRBY", "h", "b", "1");
        h.assertError("ERR hash value is not an integer", "HINCRBY", "h", "c", "1");
        h.assertError("ERR hash value is not an integer", "HINCRBY", "h", "d", "1");
        h.assertError("ERR increment or decrement would overflow", "HINCRBY", "h", "a", "9223372036854775807");
        h.assertError("ERR increment or decrement would overflow", "HINCRBY", "h", "f", "1");
        h.assertError("ERR increment or decrement would overflow", "HINCRBY", "h", "m", "-1");
        assertEquals(9223372036854775806L, h.run("HINCRBY", "h", "f", "-1"));
        assertEquals(-9223372036854775807L, h.run("HINCRBY", "h", "m", "1"));
        assertEquals(-5L, h.run("HINCRBY", "h", "newf", "-5"));
        assertEquals("-5", h.run("HGET", "h", "newf"));
        assertEquals(2L, h.run("HINCRBY", "h", "a", "1"));
        assertEquals(-5L, h.run("HINCRBY", "new", "f", "-5"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hincrbyfloatAsRedis(boolean large) {
        harness(large);
        h.run("HSET", "h", "a", "1", "b", "x", "c", "1.5", "d", " 1", "e", "10e3", "f", "9223372036854775807");
        h.assertError("ERR value is NaN or Infinity", "HINCRBYFLOAT", "h", "a", "inf");
        h.assertError("ERR value is not a valid float", "HINCRBYFLOAT", "h", "a", "nan");
        h.assertError("ERR value is not a valid float", "HINCRBYFLOAT", "h", "a", "abc");
        h.assertError("ERR hash value is not a float", "HINCRBYFLOAT", "h", "b", "1");
        h.assertError("ERR hash value is not a float", "HINCRBYFLOAT", "h", "d", "1");
        h.assertError("ERR value is not a valid float", "HINCRBYFLOAT", "missing2", "q", "abc");
        assertEquals(0L, h.run("EXISTS", "missing2"));
        assertEquals("10001", h.run("HINCRBYFLOAT", "h", "e", "1"));
        assertEquals("9223372036854775808", h.run("HINCRBYFLOAT", "h", "f", "1"));
        assertEquals("2", h.run("HINCRBYFLOAT", "h", "a", "1.0"));
        assertEquals("18", h.run("HINCRBYFLOAT", "h", "a", "0x10"));
        assertEquals("99999999999999999996685879655845645660560099847415567207797047994921734868838061872100126921"
                + "8885393204467472250540132231521347495939605835974208144301964187679591000196031907786631096045"
                + "0710666793915339578893891456054356306126836490161863021708658925344488162379130085575731814242"
                + "4510452728255046343928578048", h.run("HINCRBYFLOAT", "h", "c", "1e308"));
        assertEquals("9.5", h.run("HINCRBYFLOAT", "h2", "g", "9.5"));
        assertEquals("9.5", h.run("HGET", "h2", "g"));
    }

    /** Redis 7.0.15 converts when HINCRBY/HINCRBYFLOAT store a field or value that is too long. */
    @Test
    void countersConvertOnLongFieldsOrValues() {
        harness(false);
        h.engine.encodings().hashMaxListpackValue = 4;
        assertEquals(1L, h.run("HINCRBY", "h", "averylongfield", "1"));
        assertEquals("hashtable", encoding("h"));
        assertEquals("1.5", h.run("HINCRBYFLOAT", "h3", "averylongfield", "1.5"));
        assertEquals("hashtable", encoding("h3"));
        h.run("HSET", "h4", "a", "1");
        assertEquals("listpack", encoding("h4"));
        assertEquals(123457L, h.run("HINCRBY", "h4", "a", "123456"));
        assertEquals("hashtable", encoding("h4"), "a 6-byte value");
    }

    // ------------------------------------------------------------------ encodings

    @Test
    void conversionThresholdsAsRedis() {
        harness(false);
        h.engine.encodings().hashMaxListpackEntries = 3;
        h.engine.encodings().hashMaxListpackValue = 5;
        h.run("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertEquals("listpack", encoding("h"));
        h.run("HSET", "h", "a", "55555");
        assertEquals("listpack", encoding("h"), "5 bytes are allowed");
        h.run("HSET", "h", "d", "4");
        assertEquals("hashtable", encoding("h"), "a 4th field");
        h.run("HDEL", "h", "a", "b", "c");
        assertEquals("hashtable", encoding("h"), "never back");

        h.run("HSET", "v", "a", "666666");
        assertEquals("hashtable", encoding("v"), "a 6-byte value");
        h.run("HSET", "k", "666666", "a");
        assertEquals("hashtable", encoding("k"), "a 6-byte field");
        // HSET checks every argument before setting any: the long value comes last
        h.run("HSET", "w", "a", "1", "b", "666666");
        assertEquals("hashtable", encoding("w"));
        h.run("HSETNX", "x", "a", "1");
        h.run("HSETNX", "x", "a", "666666");
        assertEquals("listpack", encoding("x"), "HSETNX of an existing field changes nothing");
        h.run("HSETNX", "x", "b", "666666");
        assertEquals("hashtable", encoding("x"));
        assertEquals(Map.of("a", "1", "b", "666666"), pairs(h.run("HGETALL", "x")));
    }

    @Test
    void bigHashBecomesATableAtTheDefaultLimit() {
        harness(false);
        for (int i = 0; i < 512; i++) {
            h.run("HSET", "big", "f" + i, Integer.toString(i));
        }
        assertEquals("listpack", encoding("big"));
        h.run("HSET", "big", "f512", "512");
        assertEquals("hashtable", encoding("big"));
        assertEquals(513L, h.run("HLEN", "big"));
        for (int i = 0; i <= 512; i++) {
            assertEquals(Integer.toString(i), h.run("HGET", "big", "f" + i));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void memoryAccountingFollowsTheValue(boolean large) {
        harness(large);
        long empty = h.engine.db(0).usedBytes();
        for (int i = 0; i < 100; i++) {
            h.run("HSET", "h", "field" + i, "value" + i);
        }
        long full = h.engine.db(0).usedBytes();
        assertTrue(full > empty + 100 * 10, "grows with the fields: " + (full - empty));
        try (Locks l = h.engine.lockKeys(0, "h".getBytes(StandardCharsets.UTF_8))) {
            Entry e = h.engine.db(0).peek("h".getBytes(StandardCharsets.UTF_8));
            HashValue v = (HashValue) e.value();
            assertTrue(full - empty >= v.memoryUsage(), "the segment counts the value's current size");
        }
        for (int i = 0; i < 100; i++) {
            h.run("HDEL", "h", "field" + i);
        }
        assertEquals(empty, h.engine.db(0).usedBytes(), "back to zero when the hash is gone");
        h.run("HSET", "c", "a", "1");
        h.run("COPY", "c", "d");
        h.run("HSET", "c", "a", "2");
        assertEquals("1", h.run("HGET", "d", "a"), "COPY is deep");
    }

    @Test
    void sameLengthRewritesInPlaceStayInTheirOwnHash() {
        // a hashtable rewrites a value of the same length inside its record: a COPY shares the
        // records, so neither side may then see the other's writes; memory is unchanged
        harness(true);
        String a = "a".repeat(1000);
        String b = "b".repeat(1000);
        h.run("HSET", "h", "f", a, "n", "10", "g", "x");
        assertEquals("hashtable", encoding("h"));
        long before = h.engine.db(0).usedBytes();
        assertEquals(0L, h.run("HSET", "h", "f", b));
        assertEquals(11L, h.run("HINCRBY", "h", "n", "1"));
        assertEquals(before, h.engine.db(0).usedBytes(), "same lengths: same footprint");
        assertEquals(b, h.run("HGET", "h", "f"));
        assertEquals(1L, h.run("COPY", "h", "c"));
        assertEquals(0L, h.run("HSET", "h", "f", a));
        assertEquals(12L, h.run("HINCRBY", "h", "n", "1"));
        assertEquals(b, h.run("HGET", "c", "f"), "COPY is deep");
        assertEquals("11", h.run("HGET", "c", "n"));
        assertEquals(0L, h.run("HSET", "c", "g", "y"));
        assertEquals("x", h.run("HGET", "h", "g"));
        assertEquals("y", h.run("HGET", "c", "g"));
        assertEquals(Map.of("f", a, "n", "12", "g", "x"), pairs(h.run("HGETALL", "h")));
        assertEquals(Map.of("f", b, "n", "11", "g", "y"), pairs(h.run("HGETALL", "c")));
        // a reply already produced (HGETALL, HSCAN) keeps what it read
        List<?> scanned = (List<?>) ((List<?>) h.run("HSCAN", "h", "0", "COUNT", "100")).get(1);
        assertEquals(0L, h.run("HSET", "h", "f", b));
        assertTrue(scanned.contains(a));
    }

    // ------------------------------------------------------------------ HRANDFIELD

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hrandfieldArgumentsAndErrors(boolean large) {
        harness(large);
        h.run("HSET", "h", "a", "1", "b", "2", "c", "3");
        h.assertError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
                "HRANDFIELD", "h", "-9223372036854775808");
        h.assertError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
                "HRANDFIELD", "missing", "-9223372036854775808");
        h.assertError("ERR value is out of range", "HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES");
        h.assertError("ERR value is out of range", "HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES");
        h.assertError("ERR value is out of range", "HRANDFIELD", "h", "4611686018427387904", "WITHVALUES");
        h.assertError("ERR value is out of range", "HRANDFIELD", "missing", "-9223372036854775807", "withvalues");
        h.assertError(SYNTAX, "HRANDFIELD", "h", "1", "withvalue");
        h.assertError(SYNTAX, "HRANDFIELD", "h", "1", "withvalues", "x");
        h.assertError(SYNTAX, "HRANDFIELD", "missing", "1", "foo");
        h.assertError(NOT_INTEGER, "HRANDFIELD", "h", "abc");
        h.assertError(NOT_INTEGER, "HRANDFIELD", "h", "1.5");
        h.assertError(NOT_INTEGER, "HRANDFIELD", "missing", "abc");
        // positive huge counts are the whole hash
        assertEquals(Set.of("a", "b", "c"), asSet(h.run("HRANDFIELD", "h", "9223372036854775807")));
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"),
                pairs(h.run("HRANDFIELD", "h", "4611686018427387903", "WITHVALUES")));
        // a negative count whose reply could not be sent here: refused, not attempted
        h.assertError("ERR value is out of range", "HRANDFIELD", "h", "-9223372036854775807");
        assertEquals(List.of(), h.run("HRANDFIELD", "h", "0"));
        assertEquals(List.of(), h.run("HRANDFIELD", "h", "0", "WITHVALUES"));
        assertEquals(List.of(), h.run("HRANDFIELD", "missing", "5"));
        assertEquals(List.of(), h.run("HRANDFIELD", "missing", "5", "WITHVALUES"));
        assertNull(h.run("HRANDFIELD", "missing"));
        assertTrue(Set.of("a", "b", "c").contains(h.run("HRANDFIELD", "h")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @SuppressWarnings("unchecked")
    void hrandfieldShapesAndDistinctness(boolean large) {
        harness(large);
        Map<String, String> all = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            h.run("HSET", "h", "f" + i, "v" + i);
            all.put("f" + i, "v" + i);
        }
        for (int count : new int[] {1, 2, 9, 11, 29, 30, 31}) {
            List<Object> r = (List<Object>) h.run("HRANDFIELD", "h", Integer.toString(count));
            assertEquals(Math.min(count, 30), r.size());
            assertEquals(r.size(), new HashSet<>(r).size(), "distinct for count " + count);
            assertTrue(all.keySet().containsAll(r));
            List<Object> wv = (List<Object>) h.run("HRANDFIELD", "h", Integer.toString(count), "WITHVALUES");
            assertEquals(2 * Math.min(count, 30), wv.size(), "RESP2: flat");
            for (int i = 0; i < wv.size(); i += 2) {
                assertEquals(all.get(wv.get(i)), wv.get(i + 1));
            }
            assertEquals(wv.size() / 2, new HashSet<>(pairs(wv).keySet()).size());
        }
        List<Object> rep = (List<Object>) h.run("HRANDFIELD", "h", "-100");
        assertEquals(100, rep.size());
        assertTrue(all.keySet().containsAll(rep));
        assertTrue(new HashSet<>(rep).size() < 100, "repeats");
        List<Object> repv = (List<Object>) h.run("HRANDFIELD", "h", "-50", "WITHVALUES");
        assertEquals(100, repv.size());

        h.client.protocol = 3;
        List<Object> nested = (List<Object>) h.run("HRANDFIELD", "h", "5", "WITHVALUES");
        assertEquals(5, nested.size(), "RESP3: one [field, value] array per pair");
        for (Object pair : nested) {
            List<Object> p = (List<Object>) pair;
            assertEquals(2, p.size());
            assertEquals(all.get(p.get(0)), p.get(1));
        }
        List<Object> nestedNeg = (List<Object>) h.run("HRANDFIELD", "h", "-40", "WITHVALUES");
        assertEquals(40, nestedNeg.size());
        assertEquals(1, ((List<Object>) h.run("HRANDFIELD", "h", "1", "WITHVALUES")).size());
        assertEquals(30, ((List<Object>) h.run("HRANDFIELD", "h", "31", "WITHVALUES")).size(), "the whole hash");
        assertEquals(List.of(), h.run("HRANDFIELD", "missing", "3", "WITHVALUES"));
        assertNull(h.run("HRANDFIELD", "missing"));
        Object single = ((List<Object>) h.run("HRANDFIELD", "h", "1")).get(0);
        assertInstanceOf(String.class, single, "without WITHVALUES: plain fields");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hrandfieldReachesEveryField(boolean large) {
        harness(large);
        for (int i = 0; i < 10; i++) {
            h.run("HSET", "h", "f" + i, "v");
        }
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 300 && seen.size() < 10; i++) {
            seen.add(h.run("HRANDFIELD", "h"));
        }
        assertEquals(10, seen.size());
    }

    // ------------------------------------------------------------------ HSCAN

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hscanArgumentsAsRedis(boolean large) {
        harness(large);
        h.run("HSET", "h", "a", "1", "b", "x", "c", "1.5", "ab", "2");
        h.assertError(SYNTAX, "HSCAN", "h", "0", "COUNT", "0");
        h.assertError(SYNTAX, "HSCAN", "h", "0", "COUNT", "-1");
        h.assertError(NOT_INTEGER, "HSCAN", "h", "0", "COUNT", "abc");
        h.assertError(SYNTAX, "HSCAN", "h", "0", "TYPE", "string");
        h.assertError(SYNTAX, "HSCAN", "h", "0", "foo");
        h.assertError(SYNTAX, "HSCAN", "h", "0", "MATCH");
        h.assertError(SYNTAX, "HSCAN", "h", "0", "NOVALUES");
        h.assertError("ERR invalid cursor", "HSCAN", "h", "abc");
        h.assertError("ERR invalid cursor", "HSCAN", "missing", "abc");
        assertEquals(List.of("0", List.of()), h.run("HSCAN", "missing", "0", "badopt"), "options are not read");
        assertEquals(List.of("0", List.of()), h.run("HSCAN", "missing", "0"));
    }

    @Test
    void hscanOfAListpackIsWholeWithCursorZero() {
        harness(false);
        h.run("HSET", "h", "a", "1", "b", "x", "c", "1.5", "ab", "2");
        List<Object> all = List.of("0", List.of("a", "1", "b", "x", "c", "1.5", "ab", "2"));
        assertEquals(all, h.run("HSCAN", "h", "0"));
        assertEquals(all, h.run("HSCAN", "h", "5"), "the cursor is ignored");
        assertEquals(all, h.run("HSCAN", "h", "-1"));
        assertEquals(all, h.run("HSCAN", "h", "0", "COUNT", "1"));
        assertEquals(List.of("0", List.of("a", "1", "ab", "2")), h.run("HSCAN", "h", "0", "MATCH", "a*"));
        assertEquals(List.of("0", List.of("b", "x", "ab", "2")),
                h.run("HSCAN", "h", "0", "COUNT", "1", "MATCH", "*b*", "COUNT", "2"));
        assertEquals(List.of("0", List.of("b", "x", "ab", "2")),
                h.run("HSCAN", "h", "0", "MATCH", "a*", "MATCH", "*b"), "the last MATCH wins");
    }

    @Test
    @SuppressWarnings("unchecked")
    void hscanOfAHashtableWalksTheCursor() {
        harness(true);
        Map<String, String> all = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            h.run("HSET", "h", "f" + i, "v" + i);
            all.put("f" + i, "v" + i);
        }
        Map<String, String> seen = new TreeMap<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<Object> r = (List<Object>) h.run("HSCAN", "h", cursor, "COUNT", "25");
            cursor = (String) r.get(0);
            List<Object> items = (List<Object>) r.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                seen.put((String) items.get(i), (String) items.get(i + 1));
            }
            calls++;
            // churn between calls: fields come and go, the stable ones must all be seen
            h.run("HSET", "h", "tmp" + calls, "x");
            if (calls % 3 == 0) {
                h.run("HDEL", "h", "tmp" + (calls - 1));
            }
        } while (!cursor.equals("0"));
        seen.keySet().removeIf(k -> k.startsWith("tmp"));
        assertEquals(all, seen);
        assertTrue(calls > 10, "COUNT 25 over 1000 fields takes many calls: " + calls);
        // COUNT counts pairs, as redis-server 7.0.15 (a bucket's pairs come together)
        List<Object> five = (List<Object>) h.run("HSCAN", "h", "0", "COUNT", "5");
        int pairsReturned = ((List<Object>) five.get(1)).size() / 2;
        assertTrue(pairsReturned >= 5 && pairsReturned < 12, "pairs: " + pairsReturned);
        List<Object> huge = (List<Object>) h.run("HSCAN", "h", "0", "COUNT", "9223372036854775807");
        assertEquals("0", huge.get(0), "a huge COUNT scans everything at once, as Redis");
        assertTrue(((List<Object>) huge.get(1)).size() >= 2000);
        List<Object> matched = (List<Object>) h.run("HSCAN", "h", "0", "MATCH", "f99*", "COUNT", "100000");
        assertEquals("0", matched.get(0));
        Map<Object, Object> expected = new TreeMap<>();
        expected.put("f99", "v99");
        for (int i = 990; i < 1000; i++) {
            expected.put("f" + i, "v" + i);
        }
        assertEquals(expected, new TreeMap<>(pairs(matched.get(1))));
    }

    /**
     * The values of a hashtable hash from 512 bytes to 32 KiB live in slab chunks: every command
     * that reads them (RESP2 and RESP3 replies, HSTRLEN, HSCAN, HRANDFIELD, SORT GET) sees them,
     * COPY copies them, RENAME and MOVE keep them, and every way a key lets the hash go frees them.
     */
    @Test
    void longValuesLiveInSlabChunksFreedWithTheirKey() {
        harness(false);
        io.quicksilver.core.engine.Slabs slabs = h.engine.slabs();
        Map<Object, Object> all = new LinkedHashMap<>();
        List<String> args = new ArrayList<>(List.of("HSET", "h"));
        for (int i = 0; i < 100; i++) {
            String v = i + "-" + "v".repeat(i % 2 == 0 ? 1000 : 20);
            all.put("f" + i, v);
            args.add("f" + i);
            args.add(v);
        }
        assertEquals(100L, h.run(args.toArray(new String[0])));
        assertEquals("hashtable", encoding("h"));
        long held = slabs.chunkBytes();
        assertEquals(50 * 1024, held, "each long value in a 1 KiB chunk");
        assertEquals(all, pairs(h.run("HGETALL", "h")));
        assertEquals(all.get("f10"), h.run("HGET", "h", "f10"));
        assertEquals(List.of(all.get("f10"), all.get("f11")), h.run("HMGET", "h", "f10", "f11"));
        assertEquals(1003L, h.run("HSTRLEN", "h", "f10"));
        assertEquals(new HashSet<>(all.values()), new HashSet<>((List<?>) h.run("HVALS", "h")));
        Map<Object, Object> random = pairs(h.run("HRANDFIELD", "h", "-30", "WITHVALUES"));
        random.forEach((f, v) -> assertEquals(all.get(f), v));
        List<?> scan = (List<?>) h.run("HSCAN", "h", "0", "COUNT", "1000");
        assertEquals(all, pairs(scan.get(1)));
        assertEquals(1L, h.run("RPUSH", "pick", "h"));
        assertEquals(List.of(all.get("f10")), h.run("SORT", "pick", "BY", "nosort", "GET", "*->f10"));
        // a rewrite in the value's size class keeps its chunk; another class takes a new one
        assertEquals(0L, h.run("HSET", "h", "f10", "w".repeat(1020)));
        assertEquals(held, slabs.chunkBytes());
        assertEquals(0L, h.run("HSET", "h", "f10", "w".repeat(2000)));
        assertEquals(held - 1024 + 2048, slabs.chunkBytes());
        assertEquals(0L, h.run("HSET", "h", "f10", "short"));
        assertEquals(1L, h.run("HDEL", "h", "f12"));
        held = slabs.chunkBytes();
        assertEquals(48 * 1024, held);
        long used = h.engine.db(0).usedBytes();
        assertTrue(used > held, "the chunks count in used memory: " + used);
        // COPY copies the chunks, RENAME and MOVE keep them
        assertEquals(1L, h.run("COPY", "h", "copy"));
        assertEquals(2 * held, slabs.chunkBytes());
        assertEquals("OK", h.run("RENAME", "h", "renamed"));
        assertEquals(1L, h.run("MOVE", "renamed", "1"));
        assertEquals("OK", h.run("SELECT", "1"));
        assertEquals(all.get("f20"), h.run("HGET", "renamed", "f20"));
        assertEquals(1L, h.run("DEL", "renamed"));
        assertEquals(held, slabs.chunkBytes(), "DEL freed the original's chunks");
        assertEquals("OK", h.run("SELECT", "0"));
        assertEquals(all.get("f20"), h.run("HGET", "copy", "f20"));
        // every way to let it go frees its chunks: an overwrite, expiry, FLUSHALL
        assertEquals("OK", h.run("SET", "copy", "now a string"));
        assertEquals(0, slabs.chunkBytes());
        assertEquals(100L, h.run(args.toArray(new String[0])));
        assertEquals(1L, h.run("PEXPIRE", "h", "10"));
        h.clock.advance(11);
        assertEquals(0L, h.run("EXISTS", "h"));
        assertEquals(0, slabs.chunkBytes());
        assertEquals(100L, h.run(args.toArray(new String[0])));
        assertEquals("OK", h.run("FLUSHALL"));
        assertEquals(0, slabs.chunkBytes());
        // deleting every field frees every chunk, and the key with the last one
        assertEquals(100L, h.run(args.toArray(new String[0])));
        for (int i = 0; i < 100; i++) {
            assertEquals(1L, h.run("HDEL", "h", "f" + i));
        }
        assertEquals(0, slabs.chunkBytes());
        assertEquals(0, h.engine.usedMemory());
    }
}
