package io.quicksilver.core.engine.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The open-addressing tables of the large encodings: {@link BytesMap} and {@link BytesSet}. */
class BytesTableTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    private static String key(byte[] rec) {
        return s(rec, BytesMap.keyStart(rec), BytesMap.keyLen(rec));
    }

    private static String value(byte[] rec) {
        return s(rec, BytesMap.valueStart(rec), BytesMap.valueLen(rec));
    }

    @Test
    void recordsHoldKeyAndValueWithVarintLength() {
        for (int klen : new int[] {0, 1, 127, 128, 16383, 16384, 70000}) {
            byte[] k = "k".repeat(klen).getBytes(StandardCharsets.US_ASCII);
            byte[] rec = BytesMap.record(k, 0, k.length, b("value"), 0, 5);
            assertEquals(klen, BytesMap.keyLen(rec));
            assertEquals(klen < 128 ? 1 : klen < 16384 ? 2 : 3, BytesMap.keyStart(rec));
            assertEquals("value", value(rec));
        }
    }

    /** Random puts, overwrites and removes against java.util.HashMap, through grows and shrinks. */
    @Test
    void mapAgreesWithHashMap() {
        Random rnd = new Random(7);
        BytesMap m = new BytesMap();
        Map<String, String> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            String k = "f" + rnd.nextInt(step < 100_000 ? 5000 : 300);
            int op = rnd.nextInt(step < 100_000 ? 3 : 2);
            if (op == 0) {
                assertEquals(model.remove(k) != null, m.remove(b(k)));
            } else {
                String v = "v" + rnd.nextInt(1000);
                assertEquals(model.put(k, v) == null, m.put(b(k), b(v)), k);
            }
            assertEquals(model.size(), m.size());
        }
        // the table shrank back after most keys went away
        assertTrue(m.capacity() <= 4 * Math.max(8, Integer.highestOneBit(m.size()) * 2), "capacity " + m.capacity());
        for (Map.Entry<String, String> e : model.entrySet()) {
            assertArrayEquals(b(e.getValue()), m.get(b(e.getKey())));
        }
        assertNull(m.get(b("absent")));
        Map<String, String> seen = new HashMap<>();
        for (int slot = m.nextSlot(0); slot >= 0; slot = m.nextSlot(slot + 1)) {
            seen.put(key(m.record(slot)), value(m.record(slot)));
        }
        assertEquals(model, seen);
        BytesMap copy = m.copy();
        m.put(b("new"), b("x"));
        assertFalse(copy.containsKey(b("new")));
        assertEquals(model.size(), copy.size());
    }

    @Test
    void putIfAbsentAndSetValueAt() {
        BytesMap m = new BytesMap();
        assertTrue(m.putIfAbsent(b("a"), b("1")));
        assertFalse(m.putIfAbsent(b("a"), b("2")));
        assertArrayEquals(b("1"), m.get(b("a")));
        long before = m.memoryUsage();
        m.setValueAt(m.find(b("a")), b("a much longer value than before"));
        assertArrayEquals(b("a much longer value than before"), m.get(b("a")));
        assertTrue(m.memoryUsage() > before, "the record estimate follows the new value");
    }

    @Test
    void setAddsRemovesAndKeepsMembersByReference() {
        BytesSet set = new BytesSet();
        byte[] m = b("member");
        assertTrue(set.add(m));
        assertFalse(set.add(b("member")));
        assertTrue(set.contains(b("member")));
        assertTrue(set.record(set.find(b("member"))) == m, "stored by reference");
        assertTrue(set.remove(b("member")));
        assertFalse(set.remove(b("member")));
        assertEquals(0, set.size());
    }

    /**
     * Redis's SCAN guarantee: members present from the start to the end of a scan are returned,
     * even when the table grows and shrinks between the calls.
     */
    @Test
    void scanReturnsEveryStableMemberAcrossResizes() {
        Random rnd = new Random(3);
        for (int round = 0; round < 20; round++) {
            BytesSet set = new BytesSet();
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                set.add(b("stable" + i));
                stable.add("stable" + i);
            }
            Set<String> returned = new HashSet<>();
            long cursor = 0;
            int calls = 0;
            do {
                cursor = set.scan(cursor, 1 + rnd.nextInt(20), r -> returned.add(new String(r, StandardCharsets.UTF_8)));
                // churn: grow a lot or shrink back, between calls
                if (rnd.nextBoolean()) {
                    for (int i = 0; i < 300; i++) {
                        set.add(b("tmp" + rnd.nextInt(100_000)));
                    }
                } else {
                    for (int i = 0; i < 100_000 && set.size() > 500; i++) {
                        set.remove(b("tmp" + i));
                    }
                }
                calls++;
            } while (cursor != 0 && calls < 100_000);
            assertEquals(0, cursor);
            assertTrue(returned.containsAll(stable), "round " + round);
        }
    }

    @Test
    void scanOfAStableTableVisitsEachMemberOnce() {
        BytesSet set = new BytesSet();
        for (int i = 0; i < 1000; i++) {
            set.add(b("m" + i));
        }
        Map<String, Integer> counts = new HashMap<>();
        long cursor = 0;
        int calls = 0;
        do {
            cursor = set.scan(cursor, 10, r -> counts.merge(new String(r, StandardCharsets.UTF_8), 1, Integer::sum));
            calls++;
        } while (cursor != 0);
        assertEquals(1000, counts.size());
        assertTrue(counts.values().stream().allMatch(c -> c == 1));
        assertTrue(calls > 50, "COUNT 10 takes many calls: " + calls);
    }

    @Test
    void randomSlotIsRoughlyUniform() {
        BytesSet set = new BytesSet();
        for (int i = 0; i < 10; i++) {
            set.add(b("m" + i));
        }
        Map<String, Integer> counts = new HashMap<>();
        Random rnd = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            counts.merge(new String(set.record(set.randomSlot(rnd)), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        assertEquals(10, counts.size());
        for (int c : counts.values()) {
            assertTrue(c > 9000 && c < 11000, "count " + c);
        }
        int[] slots = set.slots();
        assertEquals(10, slots.length);
    }

    @Test
    void memoryUsageTracksRecords() {
        BytesMap m = new BytesMap();
        long empty = m.memoryUsage();
        for (int i = 0; i < 1000; i++) {
            m.put(b("field:" + i), b("value:" + i));
        }
        long full = m.memoryUsage();
        assertTrue(full - empty > 1000 * 32, "at least one array header and bytes per record: " + (full - empty));
        for (int i = 0; i < 1000; i++) {
            m.remove(b("field:" + i));
        }
        assertEquals(empty, m.memoryUsage(), "back to an empty minimum-size table");
    }
}
