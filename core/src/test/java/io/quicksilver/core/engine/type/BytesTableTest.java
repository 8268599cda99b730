package io.quicksilver.core.engine.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Slabs;
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

    /** The value of a record that holds it (not in a chunk). */
    private static String value(byte[] rec) {
        return s(rec, rec.length - BytesMap.valueLen(rec), BytesMap.valueLen(rec));
    }

    @Test
    void recordsHoldKeyAndValueWithVarintLength() {
        // the varint holds twice the key's length (plus one for a value in a chunk)
        for (int klen : new int[] {0, 1, 63, 64, 8191, 8192, 70000}) {
            byte[] k = "k".repeat(klen).getBytes(StandardCharsets.US_ASCII);
            byte[] rec = BytesMap.record(k, 0, k.length, b("value"), 0, 5);
            assertEquals(klen, BytesMap.keyLen(rec));
            assertEquals(klen < 64 ? 1 : klen < 8192 ? 2 : 3, BytesMap.keyStart(rec));
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

    /** A value of {@code len} bytes that tells which key and version it is. */
    private static byte[] val(String k, int version, int len) {
        byte[] v = new byte[len];
        byte[] tag = b(k + "/" + version + "/");
        for (int i = 0; i < len; i++) {
            v[i] = tag[i % tag.length];
        }
        return v;
    }

    /**
     * With slabs, values of 512 B to 32 KiB live in chunks: random puts of every kind of length
     * change (same length, same class, another class, into and out of the slab range), removes
     * and a copy agree with a model, and every chunk is given back by removes and release.
     */
    @Test
    void mapWithSlabsAgreesWithHashMapAndGivesEveryChunkBack() {
        Slabs slabs = new Slabs();
        Random rnd = new Random(11);
        BytesMap m = new BytesMap(0, slabs);
        Map<String, byte[]> model = new HashMap<>();
        int[] lengths = {0, 5, 100, 511, 512, 513, 600, 640, 641, 1024, 1100, 4096, 32 * 1024, 32 * 1024 + 1, 40_000};
        for (int step = 0; step < 20_000; step++) {
            String k = "f" + rnd.nextInt(step < 10_000 ? 400 : 50);
            if (rnd.nextInt(4) == 0) {
                assertEquals(model.remove(k) != null, m.remove(b(k)));
            } else {
                byte[] v = val(k, step, lengths[rnd.nextInt(lengths.length)]);
                assertEquals(model.put(k, v) == null, m.put(b(k), v), k);
            }
        }
        long chunks = 0;
        for (Map.Entry<String, byte[]> e : model.entrySet()) {
            assertArrayEquals(e.getValue(), m.get(b(e.getKey())), e.getKey());
            byte[] rec = m.record(m.find(b(e.getKey())));
            int len = e.getValue().length;
            assertEquals(len, BytesMap.valueLen(rec));
            assertEquals(Slabs.holds(len), BytesMap.inChunk(rec), "length " + len);
            assertTrue(!BytesMap.inChunk(rec) || rec.length < 64, "a record in a chunk is small: " + rec.length);
            if (Slabs.holds(len)) {
                chunks++;
            }
            byte[][] got = new byte[1][];
            m.value(rec, new Listpack.EntrySink() {
                @Override
                public void bytes(byte[] buf, int off, int l) {
                    got[0] = java.util.Arrays.copyOfRange(buf, off, off + l);
                }

                @Override
                public void integer(long value) {
                    throw new AssertionError();
                }
            });
            assertArrayEquals(e.getValue(), got[0]);
        }
        assertTrue(chunks > 10, "some values are in chunks: " + chunks);
        long held = slabs.chunkBytes();
        assertTrue(held > 0);
        assertTrue(m.memoryUsage() > held, "memory usage counts the chunks");

        BytesMap copy = m.copy();
        assertEquals(2 * held, slabs.chunkBytes(), "the copy has chunks of its own");
        m.release();
        assertEquals(held, slabs.chunkBytes(), "release frees the original's chunks");
        assertThrows(IllegalStateException.class, () -> m.get(b(model.keySet().iterator().next())));
        for (Map.Entry<String, byte[]> e : model.entrySet()) {
            assertArrayEquals(e.getValue(), copy.get(b(e.getKey())), "the copy keeps " + e.getKey());
        }
        for (String k : model.keySet()) {
            assertTrue(copy.remove(b(k)));
        }
        assertEquals(0, slabs.chunkBytes(), "removes free the copy's chunks");
    }

    @Test
    void aValueRewrittenInItsSizeClassStaysInItsChunk() {
        Slabs slabs = new Slabs();
        BytesMap m = new BytesMap(0, slabs);
        m.put(b("f"), val("f", 0, 600));
        byte[] rec = m.record(m.find(b("f")));
        long usage = m.memoryUsage();
        m.put(b("f"), val("f", 1, 640)); // same class (513..640)
        assertTrue(m.record(m.find(b("f"))) == rec, "the same record, the same chunk");
        assertEquals(usage, m.memoryUsage());
        assertArrayEquals(val("f", 1, 640), m.get(b("f")));
        m.put(b("f"), val("f", 2, 641)); // the next class
        assertNotEquals(usage, m.memoryUsage());
        assertEquals(704, slabs.chunkBytes(), "the old chunk (640) was freed for one of 704");
        m.put(b("f"), val("f", 3, 10)); // out of the slabs
        assertEquals(0, slabs.chunkBytes());
        assertArrayEquals(val("f", 3, 10), m.get(b("f")));
    }

    @Test
    void valuesStayInRecordsWhenTheSlabsAreFull() {
        Slabs slabs = new Slabs(0);
        BytesMap m = new BytesMap(0, slabs);
        m.put(b("f"), val("f", 0, 1000));
        assertFalse(BytesMap.inChunk(m.record(m.find(b("f")))));
        assertArrayEquals(val("f", 0, 1000), m.get(b("f")));
        m.release();
    }
}
