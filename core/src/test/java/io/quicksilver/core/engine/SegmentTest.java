package io.quicksilver.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * One segment's hash table: growth, shrink, lookups across resizes, the counters it keeps, and
 * the reverse-binary bucket cursor. The table's capacity is observed through
 * {@link Segment#scanBucket}: a full cursor cycle visits each bucket once.
 */
class SegmentTest {

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.UTF_8);
    }

    /** A well-spread hash for key i (the segment only uses the low bits). */
    private static int hash(int i) {
        long x = i * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }

    private static Segment segment() {
        return new Segment(0);
    }

    /** Buckets in the table: cursor steps until the cycle closes; 0 when there is no table. */
    private static int capacity(Segment s) {
        int steps = 0;
        long v = 0;
        do {
            v = s.scanBucket(v, e -> { });
            steps++;
        } while (v != 0);
        // an absent table answers 0 at once without visiting anything
        return s.size() == 0 && steps == 1 ? 0 : steps;
    }

    private static Entry insert(Segment s, int i) {
        return s.insert(key(i), hash(i), ("v" + i).getBytes(StandardCharsets.UTF_8), Entry.NO_EXPIRY);
    }

    @Test
    void growsByDoublingFromFour() {
        Segment s = segment();
        assertEquals(0, capacity(s));
        for (int n = 1; n <= 1000; n++) {
            insert(s, n);
            int expected = Math.max(4, Integer.highestOneBit(n - 1) << 1);
            assertEquals(expected, capacity(s), "after " + n + " inserts");
            assertEquals(n, s.size());
        }
        for (int i = 1; i <= 1000; i++) {
            Entry e = s.find(key(i), hash(i));
            assertNotNull(e, "key " + i);
            assertEquals("v" + i, new String((byte[]) e.value(), StandardCharsets.UTF_8));
        }
        assertNull(s.find(key(1001), hash(1001)));
    }

    @Test
    void shrinksWhenAnEighthFullAndDropsTheTableWhenEmpty() {
        Segment s = segment();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            entries.add(insert(s, i));
        }
        assertEquals(1024, capacity(s));
        int size = 1024;
        for (int i = 0; i < 1024; i++) {
            int before = capacity(s);
            assertTrue(s.remove(entries.get(i)));
            size--;
            assertEquals(size, s.size());
            int after = capacity(s);
            if (size == 0) {
                assertEquals(0, after, "an empty segment has no table");
            } else if (size < before / 8 && before > 4) {
                assertEquals(Math.max(4, Integer.highestOneBit(size) << 1), after, "shrink at " + size);
            } else {
                assertEquals(before, after, "no resize at " + size);
            }
            // every remaining entry is still found after the resizes
            if (size % 97 == 0) {
                for (int j = i + 1; j < 1024; j++) {
                    assertSame(entries.get(j), s.find(key(j), hash(j)));
                }
            }
        }
        assertFalse(s.remove(entries.get(0)), "removing twice");
        assertEquals(0, s.usedBytes());
    }

    @Test
    void replacedAndRemovedValuesSubtractWhatTheyWereCountedFor() {
        Segment s = segment();
        Entry e = s.insert(key(1), hash(1), new MutableString(new byte[10], 0), Entry.NO_EXPIRY);
        long one = s.usedBytes();
        MutableString m = (MutableString) e.value();
        m.append(new byte[100]);
        assertEquals(one, s.usedBytes(), "an in-place change counts once told");
        s.resized(e);
        long grown = s.usedBytes();
        assertEquals(one + m.memoryUsage() - Memory.value(new MutableString(new byte[10], 0)), grown);
        s.resized(e);
        assertEquals(grown, s.usedBytes(), "telling twice changes nothing");
        s.setValue(e, new byte[5]);
        assertEquals(Memory.entry(key(1)) + Memory.value(new byte[5]), s.usedBytes());
        s.setValue(e, new byte[5]);
        assertEquals(Memory.entry(key(1)) + Memory.value(new byte[5]), s.usedBytes(), "same size, same count");
        assertTrue(s.remove(e));
        assertEquals(0, s.usedBytes());
    }

    @Test
    void countersFollowInsertsRemovesAndExpiries() {
        Segment s = segment();
        long bytes = 0;
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] v = new byte[i];
            Entry e = s.insert(key(i), hash(i), v, i % 3 == 0 ? 1000 + i : Entry.NO_EXPIRY);
            entries.add(e);
            bytes += Memory.entry(key(i)) + Memory.value(v);
        }
        assertEquals(bytes, s.usedBytes());
        assertEquals(34, s.volatileCount());
        s.setExpire(entries.get(1), 5);
        s.setExpire(entries.get(0), Entry.NO_EXPIRY);
        s.setExpire(entries.get(3), 7); // volatile to volatile
        assertEquals(34, s.volatileCount());
        s.setValue(entries.get(2), new byte[1000]);
        bytes += Memory.value(new byte[1000]) - Memory.value(new byte[2]);
        assertEquals(bytes, s.usedBytes());
        for (Entry e : entries) {
            s.remove(e);
        }
        assertEquals(0, s.volatileCount());
        assertEquals(0, s.usedBytes());
        assertEquals(0, s.size());
    }

    @Test
    void bucketCursorVisitsEveryEntryOnceWithoutResize() {
        Segment s = segment();
        for (int i = 0; i < 300; i++) {
            insert(s, i);
        }
        List<Entry> seen = new ArrayList<>();
        long v = 0;
        do {
            v = s.scanBucket(v, seen::add);
        } while (v != 0);
        assertEquals(300, seen.size());
        assertEquals(300, new HashSet<>(seen).size());
    }

    @Test
    void bucketCursorSurvivesGrowthAndShrinkBetweenSteps() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int round = 0; round < 200; round++) {
            Segment s = segment();
            int stable = 1 + rnd.nextInt(40);
            Set<Entry> stableEntries = new HashSet<>();
            for (int i = 0; i < stable; i++) {
                stableEntries.add(insert(s, i));
            }
            List<Entry> transients = new ArrayList<>();
            int next = 1_000_000;
            Set<Entry> seen = new HashSet<>();
            long v = 0;
            int steps = 0;
            do {
                v = s.scanBucket(v, seen::add);
                // between steps: grow a lot, or shrink back, at random
                if (rnd.nextBoolean()) {
                    int n = rnd.nextInt(200);
                    for (int i = 0; i < n; i++) {
                        transients.add(insert(s, next++));
                    }
                } else {
                    for (int n = rnd.nextInt(transients.size() + 1); n > 0; n--) {
                        s.remove(transients.remove(transients.size() - 1));
                    }
                }
                assertTrue(++steps < 100_000);
            } while (v != 0);
            for (Entry e : stableEntries) {
                assertTrue(seen.contains(e), "round " + round + ": missed " + new String(e.key));
            }
        }
    }

    @Test
    void removeIfRemovesExactlyTheMatchesAcrossShrinks() {
        for (int n : new int[] {1, 7, 64, 1000}) {
            Segment s = segment();
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                entries.add(insert(s, i));
            }
            int removed = s.removeIf(e -> true);
            assertEquals(n, removed, "all of " + n);
            assertEquals(0, s.size());
            for (int i = 0; i < n; i++) {
                entries.add(insert(s, i));
            }
            List<Entry> kept = new ArrayList<>();
            Set<String> tested = new HashSet<>();
            removed = s.removeIf(e -> {
                assertTrue(tested.add(new String(e.key)), "tested twice: " + new String(e.key));
                String k = new String(e.key);
                return !k.endsWith("3");
            });
            for (int i = 0; i < n; i++) {
                Entry e = s.find(key(i), hash(i));
                if (("key:" + i).endsWith("3")) {
                    assertNotNull(e, "kept " + i);
                    kept.add(e);
                } else {
                    assertNull(e, "removed " + i);
                }
            }
            assertEquals(n, tested.size(), "each entry tested once");
            assertEquals(n - kept.size(), removed);
            assertEquals(kept.size(), s.size());
        }
    }

    @Test
    void randomPicksOnlyPresentEntries() {
        Segment s = segment();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        assertNull(s.random(rnd));
        Set<Entry> all = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            all.add(insert(s, i));
        }
        Set<Entry> picked = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            Entry e = s.random(rnd);
            assertTrue(all.contains(e));
            picked.add(e);
        }
        assertEquals(all, picked);
    }

    @Test
    void swapContentsExchangesEverything() {
        Segment a = segment();
        Segment b = new Segment(1);
        for (int i = 0; i < 10; i++) {
            a.insert(key(i), hash(i), new byte[1], i < 3 ? 99 : Entry.NO_EXPIRY);
        }
        long bytesA = a.usedBytes();
        a.swapContents(b);
        assertEquals(0, a.size());
        assertEquals(0, a.volatileCount());
        assertEquals(0, a.usedBytes());
        assertEquals(10, b.size());
        assertEquals(3, b.volatileCount());
        assertEquals(bytesA, b.usedBytes());
        assertNotNull(b.find(key(5), hash(5)));
        assertNull(a.find(key(5), hash(5)));
    }
}
