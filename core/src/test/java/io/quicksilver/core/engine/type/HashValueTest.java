package io.quicksilver.core.engine.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The hash value in both encodings (parameter: true = forced to the hashtable encoding). */
class HashValueTest {
    private static final long ENTRIES = 128;
    private static final long VALUE = 64;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HashValue hash(boolean table, String... pairs) {
        HashValue h = new HashValue();
        if (table) {
            h.convert();
        }
        for (int i = 0; i < pairs.length; i += 2) {
            h.set(b(pairs[i]), b(pairs[i + 1]), ENTRIES, VALUE);
        }
        return h;
    }

    /** Collects strings from a sink (integers in decimal). */
    private static final class Collect implements Listpack.EntrySink {
        final List<String> out = new ArrayList<>();

        @Override
        public void bytes(byte[] buf, int off, int len) {
            out.add(new String(buf, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void integer(long value) {
            out.add(Long.toString(value));
        }
    }

    private static Map<String, String> contents(HashValue h) {
        Collect c = new Collect();
        h.forEach(c, c);
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < c.out.size(); i += 2) {
            m.put(c.out.get(i), c.out.get(i + 1));
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void setGetDeleteInBothEncodings(boolean table) {
        HashValue h = hash(table, "a", "1", "b", "two", "c", "-300");
        assertEquals(table ? "hashtable" : "listpack", h.encoding());
        assertEquals(ValueType.HASH, h.type());
        assertEquals(3, h.size());
        assertArrayEquals(b("two"), h.get(b("b")));
        assertArrayEquals(b("-300"), h.get(b("c")));
        assertNull(h.get(b("two")), "values are not fields");
        assertTrue(h.exists(b("a")));
        assertFalse(h.exists(b("1")));
        assertEquals(4, h.valueLength(b("c")));
        assertEquals(-1, h.valueLength(b("zz")));
        assertFalse(h.set(b("a"), b("updated"), ENTRIES, VALUE), "replacing is not adding");
        assertEquals("updated", new String(h.get(b("a")), StandardCharsets.UTF_8));
        assertTrue(h.delete(b("b")));
        assertFalse(h.delete(b("b")));
        assertEquals(Map.of("a", "updated", "c", "-300"), contents(h));
        Collect one = new Collect();
        assertTrue(h.get(b("c"), one));
        assertFalse(h.get(b("zz"), one));
        assertEquals(List.of("-300"), one.out);
    }

    @Test
    void listpackKeepsInsertionOrder() {
        HashValue h = hash(false, "z", "1", "y", "2", "x", "3");
        assertEquals(List.of("z", "y", "x"), new ArrayList<>(contents(h).keySet()));
        Collect keys = new Collect();
        Collect vals = new Collect();
        h.forEach(keys, null);
        h.forEach(null, vals);
        assertEquals(List.of("z", "y", "x"), keys.out);
        assertEquals(List.of("1", "2", "3"), vals.out);
    }

    @Test
    void convertsOnLongFieldOrValueAndOnEntryCount() {
        HashValue h = new HashValue();
        h.set(b("f"), b("x".repeat(4)), 3, 4);
        assertEquals("listpack", h.encoding());
        h.set(b("g"), b("x".repeat(5)), 3, 4);
        assertEquals("hashtable", h.encoding(), "value longer than hash-max-listpack-value");

        h = new HashValue();
        h.set(b("12345"), b("v"), 3, 4);
        assertEquals("hashtable", h.encoding(), "field longer than the limit");

        h = new HashValue();
        for (int i = 0; i < 3; i++) {
            h.set(b("f" + i), b("v"), 3, 64);
        }
        assertEquals("listpack", h.encoding());
        h.set(b("f0"), b("w"), 3, 64);
        assertEquals("listpack", h.encoding(), "replacing does not count");
        h.set(b("f3"), b("v"), 3, 64);
        assertEquals("hashtable", h.encoding(), "more than hash-max-listpack-entries");
        assertEquals(Map.of("f0", "w", "f1", "v", "f2", "v", "f3", "v"), contents(h));
        h.delete(b("f0"));
        h.delete(b("f1"));
        assertEquals("hashtable", h.encoding(), "never converts back");
    }

    @Test
    void conversionKeepsIntegerEncodedEntries() {
        HashValue h = hash(false, "1", "2", "-5", "9223372036854775807", "007", "x");
        h.convert();
        assertEquals("hashtable", h.encoding());
        assertEquals(Map.of("1", "2", "-5", "9223372036854775807", "007", "x"), contents(h));
        assertArrayEquals(b("2"), h.get(b("1")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void copyIsDeep(boolean table) {
        HashValue h = hash(table, "a", "1", "b", "2");
        HashValue c = h.copy();
        assertNotSame(h, c);
        h.set(b("a"), b("changed"), ENTRIES, VALUE);
        h.delete(b("b"));
        assertEquals(Map.of("a", "1", "b", "2"), contents(c));
        assertEquals(h.encoding(), c.encoding());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void randomPairsWithRepetitionCoverTheHash(boolean table) {
        HashValue h = hash(table, "a", "1", "b", "2", "c", "3");
        Collect f = new Collect();
        Collect v = new Collect();
        h.randomPairs(3000, new Random(5), f, v);
        assertEquals(3000, f.out.size());
        assertEquals(Set.of("a", "b", "c"), new HashSet<>(f.out));
        for (int i = 0; i < 3000; i++) {
            assertEquals(Map.of("a", "1", "b", "2", "c", "3").get(f.out.get(i)), v.out.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void uniqueRandomPairsAreDistinctAndUniform(boolean table) {
        HashValue h = new HashValue();
        if (table) {
            h.convert();
        }
        for (int i = 0; i < 100; i++) {
            h.set(b("f" + i), b("v" + i), 1000, 64);
        }
        Random rnd = new Random(11);
        Map<String, Integer> hits = new HashMap<>();
        for (int count : new int[] {1, 10, 40, 99}) { // both table strategies: count*3 <= / > size
            for (int round = 0; round < 200; round++) {
                Collect f = new Collect();
                Collect v = new Collect();
                h.uniqueRandomPairs(count, rnd, f, v);
                assertEquals(count, f.out.size());
                assertEquals(count, new HashSet<>(f.out).size(), "distinct");
                for (int i = 0; i < count; i++) {
                    assertEquals("v" + f.out.get(i).substring(1), v.out.get(i));
                    hits.merge(f.out.get(i), 1, Integer::sum);
                }
            }
        }
        assertEquals(100, hits.size(), "every field can be drawn");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void scanReturnsAllPairs(boolean table) {
        HashValue h = new HashValue();
        if (table) {
            h.convert();
        }
        for (int i = 0; i < 300; i++) {
            h.set(b("f" + i), b("v" + i), 1000, 64);
        }
        Map<String, String> seen = new HashMap<>();
        long cursor = 0;
        int calls = 0;
        do {
            cursor = h.scan(cursor, 10, (f, v) -> seen.put(new String(f, StandardCharsets.UTF_8),
                    new String(v, StandardCharsets.UTF_8)));
            calls++;
        } while (cursor != 0);
        assertEquals(300, seen.size());
        assertEquals("v7", seen.get("f7"));
        assertEquals(table ? true : calls == 1, table ? calls > 1 : true, "a listpack is returned whole");
    }

    @Test
    void deletesGiveBackListpackCapacity() {
        HashValue h = new HashValue();
        for (int i = 0; i < 100; i++) {
            h.set(b("field" + i), b("value" + i), 1000, 64);
        }
        long full = h.memoryUsage();
        for (int i = 0; i < 95; i++) {
            h.delete(b("field" + i));
        }
        assertEquals("listpack", h.encoding());
        assertTrue(h.memoryUsage() < full / 4, full + " -> " + h.memoryUsage());
        assertEquals(5, h.size());
        assertArrayEquals(b("value99"), h.get(b("field99")));
    }

    @Test
    void memoryUsageFollowsChanges() {
        HashValue h = new HashValue();
        long empty = h.memoryUsage();
        assertEquals(16 + 24, empty, "object + an empty 7-byte listpack array");
        h.set(b("field"), b("value"), ENTRIES, VALUE);
        assertTrue(h.memoryUsage() > empty);
        h.convert();
        long table = h.memoryUsage();
        h.set(b("field2"), b("value2".repeat(10)), ENTRIES, VALUE);
        assertTrue(h.memoryUsage() > table);
    }
}
