package io.quicksilver.core.engine.type;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The set value in both encodings: the intset (packed sorted integers, widths 2/4/8) checked
 * against a {@code TreeSet<Long>} model, conversion to a hashtable as Redis's setTypeAdd does it,
 * the hashtable checked against a {@code HashSet<String>} model, random members, and SSCAN's
 * guarantee across resizes.
 */
class SetValueTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] v) {
        return new String(v, StandardCharsets.UTF_8);
    }

    private static List<String> members(SetValue v) {
        List<String> out = new ArrayList<>();
        v.forEach(m -> out.add(s(m)));
        return out;
    }

    // ---------------------------------------------------------------- intset

    @Test
    void canonicalIntegersOnly() {
        for (String ok : new String[] {"0", "1", "-1", "12345", "9223372036854775807", "-9223372036854775808"}) {
            assertTrue(IntSet.isCanonical(b(ok)), ok);
            assertEquals(Long.parseLong(ok), IntSet.parse(b(ok)));
        }
        for (String no : new String[] {"", "-", "01", "-0", "+1", " 1", "1 ", "1.0", "1e3", "0x1",
                "9223372036854775808", "-9223372036854775809", "99999999999999999999", "a"}) {
            assertFalse(IntSet.isCanonical(b(no)), no);
        }
    }

    @Test
    void intsetKeepsSortedOrderAndUpgradesWidth() {
        SetValue v = SetValue.newIntset();
        assertTrue(v.add(b("5"), 512));
        assertTrue(v.add(b("-3"), 512));
        assertFalse(v.add(b("5"), 512));
        assertEquals(2, intset(v).width());
        assertTrue(v.add(b("100000"), 512));
        assertEquals(4, intset(v).width());
        assertTrue(v.add(b("-9223372036854775808"), 512));
        assertEquals(8, intset(v).width());
        assertTrue(v.add(b("0"), 512));
        assertEquals(List.of("-9223372036854775808", "-3", "0", "5", "100000"), members(v));
        assertEquals("intset", v.encoding());
        assertTrue(v.contains(b("100000")));
        assertFalse(v.contains(b("100001")));
        assertFalse(v.contains(b("05")), "not canonical: not the member 5");
        assertFalse(v.remove(b("05")));
        assertTrue(v.remove(b("-9223372036854775808")));
        assertEquals(8, intset(v).width(), "an intset never downgrades");
        assertEquals(List.of("-3", "0", "5", "100000"), members(v));
    }

    private static IntSet intset(SetValue v) {
        try {
            java.lang.reflect.Field f = SetValue.class.getDeclaredField("ints");
            f.setAccessible(true);
            return (IntSet) f.get(v);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void intsetMatchesModel() {
        Random rnd = new Random(7);
        for (int round = 0; round < 20; round++) {
            SetValue v = SetValue.newIntset();
            TreeSet<Long> model = new TreeSet<>();
            for (int step = 0; step < 2000; step++) {
                long x = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(64) - 32;
                    case 1 -> rnd.nextInt(1 << 20) - (1 << 19);
                    case 2 -> rnd.nextLong() >> rnd.nextInt(64);
                    default -> model.isEmpty() ? 0 : model.first();
                };
                byte[] m = b(Long.toString(x));
                if (rnd.nextInt(3) == 0) {
                    assertEquals(model.remove(x), v.remove(m));
                } else {
                    assertEquals(model.add(x), v.add(m, Long.MAX_VALUE));
                }
                assertEquals(model.size(), v.size());
            }
            List<String> expected = new ArrayList<>();
            for (long x : model) {
                expected.add(Long.toString(x));
            }
            assertEquals(expected, members(v));
            assertEquals("intset", v.encoding());
        }
    }

    // ---------------------------------------------------------------- conversion

    @Test
    void forMemberChoosesEncodingAsSetTypeCreate() {
        assertEquals("intset", SetValue.forMember(b("12")).encoding());
        assertEquals("hashtable", SetValue.forMember(b("012")).encoding());
        assertEquals("hashtable", SetValue.forMember(b("a")).encoding());
    }

    @Test
    void nonIntegerMemberConvertsToHashtable() {
        SetValue v = SetValue.newIntset();
        v.add(b("1"), 512);
        v.add(b("2"), 512);
        assertTrue(v.add(b("x"), 512));
        assertEquals("hashtable", v.encoding());
        assertEquals(Set.of("1", "2", "x"), new HashSet<>(members(v)));
        assertTrue(v.remove(b("x")));
        assertEquals("hashtable", v.encoding(), "never converts back");
        assertTrue(v.contains(b("1")));
    }

    @Test
    void tooManyEntriesConvertsToHashtable() {
        SetValue v = SetValue.newIntset();
        for (int i = 0; i < 4; i++) {
            v.add(b(Integer.toString(i)), 4);
        }
        assertEquals("intset", v.encoding(), "exactly the limit stays an intset");
        assertFalse(v.add(b("3"), 4), "a duplicate does not convert");
        assertEquals("intset", v.encoding());
        v.add(b("4"), 4);
        assertEquals("hashtable", v.encoding());
        assertEquals(5, v.size());
        for (int i = 0; i < 5; i++) {
            assertTrue(v.contains(b(Integer.toString(i))));
        }
    }

    // ---------------------------------------------------------------- hashtable

    @Test
    void hashtableMatchesModel() {
        Random rnd = new Random(11);
        SetValue v = SetValue.newHashtable(0);
        Set<String> model = new HashSet<>();
        for (int step = 0; step < 50_000; step++) {
            String m = "m" + rnd.nextInt(5000);
            int op = rnd.nextInt(10);
            if (op < 5) {
                assertEquals(model.add(m), v.add(b(m), 512));
            } else if (op < 9) {
                assertEquals(model.remove(m), v.remove(b(m)));
            } else {
                assertEquals(model.contains(m), v.contains(b(m)));
            }
            assertEquals(model.size(), v.size());
        }
        assertEquals(model, new HashSet<>(members(v)));
        Set<String> iterated = new HashSet<>();
        for (Iterator<byte[]> it = v.iterator(); it.hasNext(); ) {
            assertTrue(iterated.add(s(it.next())));
        }
        assertEquals(model, iterated);
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void memoryUsageFollowsChanges(String encoding) {
        SetValue v = "intset".equals(encoding) ? SetValue.newIntset() : SetValue.newHashtable(0);
        long empty = v.memoryUsage();
        for (int i = 0; i < 300; i++) {
            v.add(b(Integer.toString(i * 1000)), 512);
        }
        assertEquals(encoding, v.encoding());
        long full = v.memoryUsage();
        assertTrue(full > empty + 300 * 2, "grows with the members: " + empty + " -> " + full);
        for (int i = 0; i < 300; i++) {
            v.remove(b(Integer.toString(i * 1000)));
        }
        assertTrue(v.memoryUsage() < full, "shrinks back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void copyIsIndependent(String encoding) {
        SetValue v = "intset".equals(encoding) ? SetValue.newIntset() : SetValue.newHashtable(0);
        v.add(b("1"), 512);
        v.add(b("2"), 512);
        SetValue c = v.copy();
        c.add(b("3"), 512);
        c.remove(b("1"));
        assertEquals(Set.of("1", "2"), new HashSet<>(members(v)));
        assertEquals(Set.of("2", "3"), new HashSet<>(members(c)));
        assertEquals(encoding, c.encoding());
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void randomAndPopReachEveryMemberFairly(String encoding) {
        SetValue v = "intset".equals(encoding) ? SetValue.newIntset() : SetValue.newHashtable(0);
        for (int i = 0; i < 10; i++) {
            v.add(b(Integer.toString(i)), 512);
        }
        Random rnd = new Random(3);
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            hits.merge(s(v.random(rnd)), 1, Integer::sum);
        }
        assertEquals(10, hits.size());
        for (int n : hits.values()) {
            assertTrue(n > 800 && n < 1200, "uniform draws: " + hits);
        }
        Set<String> popped = new HashSet<>();
        while (!v.isEmpty()) {
            assertTrue(popped.add(s(v.pop(rnd))));
        }
        assertEquals(10, popped.size());
    }

    // ---------------------------------------------------------------- scan

    @Test
    void intsetScanReturnsAllWithCursorZero() {
        SetValue v = SetValue.newIntset();
        for (int i = 0; i < 100; i++) {
            v.add(b(Integer.toString(i)), 512);
        }
        List<String> seen = new ArrayList<>();
        assertEquals(0, v.scan(0, 1, m -> seen.add(s(m))));
        assertEquals(100, seen.size());
    }

    /**
     * SSCAN's promise on a hashtable: a member present from the first call to the last is
     * returned, while other members come and go and the table grows and shrinks in between.
     */
    @Test
    void hashtableScanNeverMissesStableMembersAcrossResizes() {
        Random rnd = new Random(5);
        for (int round = 0; round < 30; round++) {
            SetValue v = SetValue.newHashtable(0);
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                String m = "s" + round + ":" + i;
                v.add(b(m), 0);
                stable.add(m);
            }
            List<String> churn = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            int calls = 0;
            do {
                cursor = v.scan(cursor, 1 + rnd.nextInt(20), m -> seen.add(s(m)));
                calls++;
                // grow a lot, or shrink back: the table doubles and halves between calls
                if (rnd.nextBoolean()) {
                    for (int i = 0; i < rnd.nextInt(2000); i++) {
                        String m = "c" + rnd.nextInt(1_000_000);
                        if (v.add(b(m), 0)) {
                            churn.add(m);
                        }
                    }
                } else {
                    while (!churn.isEmpty() && rnd.nextInt(50) != 0) {
                        v.remove(b(churn.remove(churn.size() - 1)));
                    }
                }
            } while (cursor != 0 && calls < 100_000);
            assertEquals(0, cursor);
            for (String m : stable) {
                assertTrue(seen.contains(m), "missed " + m);
            }
            assertNotEquals(0, calls);
        }
    }
}
