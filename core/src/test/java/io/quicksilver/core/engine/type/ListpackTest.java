package io.quicksilver.core.engine.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed codec. The byte-level vectors are listpacks taken from redis-server 7.0.15 (DUMP of
 * a listpack-encoded hash with rdbcompression off), so the layout is Redis's exactly.
 */
class ListpackTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] of(String... entries) {
        byte[] lp = Listpack.create();
        for (String e : entries) {
            lp = Listpack.append(lp, b(e));
        }
        return lp;
    }

    private static List<String> entries(byte[] lp) {
        List<String> out = new ArrayList<>();
        for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, p)) {
            out.add(Listpack.toString(lp, p));
        }
        return out;
    }

    private static List<String> entriesBackwards(byte[] lp) {
        List<String> out = new ArrayList<>();
        for (int p = Listpack.last(lp); p >= 0; p = Listpack.prev(lp, p)) {
            out.add(0, Listpack.toString(lp, p));
        }
        return out;
    }

    private static byte[] used(byte[] lp) {
        return java.util.Arrays.copyOf(lp, Listpack.bytes(lp));
    }

    @Test
    void emptyListpack() {
        byte[] lp = Listpack.create();
        assertEquals("07000000" + "0000" + "ff", HexFormat.of().formatHex(used(lp)));
        assertEquals(0, Listpack.count(lp));
        assertEquals(-1, Listpack.first(lp));
        assertEquals(-1, Listpack.last(lp));
        assertTrue(Listpack.isEmpty(lp));
        assertEquals(-1, Listpack.seek(lp, 0));
        assertEquals(-1, Listpack.find(lp, Listpack.first(lp), b("x"), 0));
    }

    /** Every integer width and the strings that look like integers but are not canonical. */
    @Test
    void integerAndShortStringEncodingsMatchRedis() {
        String[] pairs = {"a", "1", "b", "127", "c", "128", "d", "-1", "e", "4095", "f", "-4096",
            "g", "4096", "h", "-32768", "i", "32767", "j", "8388607", "k", "-8388608",
            "l", "2147483647", "m", "-2147483648", "n", "9223372036854775807",
            "o", "-9223372036854775808", "p", "01", "q", "-0", "r", "+1", "s", ""};
        byte[] lp = of(pairs);
        String redis = "94000000260081610201018162027f01816302c08002816402dfff02816502cfff02816602d000"
                + "02816702f1001003816802f1008003816902f1ff7f03816a02f2ffff7f04816b02f200008004816c"
                + "02f3ffffff7f05816d02f30000008005816e02f4ffffffffffffff7f09816f02f40000000000000080"
                + "0981700282303103817102822d3003817202822b31038173028001ff";
        assertEquals(redis, HexFormat.of().formatHex(used(lp)));
        assertEquals(List.of(pairs), entries(lp));
        assertEquals(List.of(pairs), entriesBackwards(lp));
        int p = Listpack.seek(lp, 29); // "-9223372036854775808"
        assertTrue(Listpack.isInt(lp, p));
        assertEquals(Long.MIN_VALUE, Listpack.intValue(lp, p));
        assertEquals(20, Listpack.length(lp, p));
        p = Listpack.seek(lp, 33); // "-0" is a string
        assertFalse(Listpack.isInt(lp, p));
        assertEquals(2, Listpack.strLength(lp, p));
    }

    /** Long strings: 12-bit and 32-bit string headers, 2- and 3-byte back-lengths. */
    @Test
    void longStringEncodingsMatchRedis() throws Exception {
        byte[] lp = Listpack.create();
        String[][] pairs = {{"s63", "x", "63"}, {"s64", "x", "64"}, {"s126", "y", "126"},
            {"s127", "y", "127"}, {"s4095", "z", "4095"}, {"s4096", "z", "4096"},
            {"s16378", "w", "16378"}, {"s16379", "w", "16379"}};
        List<String> expected = new ArrayList<>();
        for (String[] pr : pairs) {
            String value = pr[1].repeat(Integer.parseInt(pr[2]));
            lp = Listpack.append(lp, b(pr[0]));
            lp = Listpack.append(lp, b(value));
            expected.add(pr[0]);
            expected.add(value);
        }
        byte[] exact = used(lp);
        assertEquals(41427, exact.length);
        assertEquals("d3a1000010008373363304bf", HexFormat.of().formatHex(exact, 0, 12));
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(exact);
        assertEquals("6376251b7d14d9e9cd2e483a527410f006f1bc03b8e73042b6c2a83bee320529",
                HexFormat.of().formatHex(sha));
        assertEquals(expected, entries(lp));
        assertEquals(expected, entriesBackwards(lp));
    }

    @Test
    void insertReplaceDeleteKeepOrderAndCount() {
        byte[] lp = of("b", "d");
        lp = Listpack.prepend(lp, b("a"));
        lp = Listpack.insert(lp, Listpack.seek(lp, 2), b("c"));
        lp = Listpack.append(lp, 5L);
        assertEquals(List.of("a", "b", "c", "d", "5"), entries(lp));
        assertEquals(5, Listpack.count(lp));

        int p = Listpack.seek(lp, 1);
        lp = Listpack.replace(lp, p, b("a much longer replacement than before"));
        assertEquals(List.of("a", "a much longer replacement than before", "c", "d", "5"), entries(lp));
        lp = Listpack.replace(lp, Listpack.seek(lp, 1), 1_000_000_000_000L);
        assertEquals(List.of("a", "1000000000000", "c", "d", "5"), entries(lp));
        assertEquals(entries(lp), entriesBackwards(lp));

        p = Listpack.seek(lp, 1);
        lp = Listpack.delete(lp, p, 2);
        assertEquals("d", Listpack.toString(lp, p), "what followed moves into place");
        assertEquals(List.of("a", "d", "5"), entries(lp));
        assertEquals(3, Listpack.count(lp));
        lp = Listpack.delete(lp, Listpack.seek(lp, -1), 10);
        assertEquals(List.of("a", "d"), entries(lp));
        assertEquals(-1, Listpack.at(lp, Listpack.end(lp)));
        lp = Listpack.deleteRange(lp, -2, 2);
        assertTrue(Listpack.isEmpty(lp));
        assertEquals(Listpack.EMPTY_BYTES, Listpack.bytes(lp));
    }

    @Test
    void seekFromBothEnds() {
        byte[] lp = Listpack.create();
        for (int i = 0; i < 100; i++) {
            lp = Listpack.append(lp, b("e" + i));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals("e" + i, Listpack.toString(lp, Listpack.seek(lp, i)));
            assertEquals("e" + i, Listpack.toString(lp, Listpack.seek(lp, i - 100)));
        }
        assertEquals(-1, Listpack.seek(lp, 100));
        assertEquals(-1, Listpack.seek(lp, -101));
    }

    @Test
    void findComparesIntegersNumericallyAndStepsOverValues() {
        byte[] lp = of("f1", "v1", "10", "x", "v1", "f1", "-0", "y");
        int first = Listpack.first(lp);
        assertEquals(Listpack.seek(lp, 0), Listpack.find(lp, first, b("f1"), 1));
        assertEquals(Listpack.seek(lp, 2), Listpack.find(lp, first, b("10"), 1));
        assertEquals(Listpack.seek(lp, 4), Listpack.find(lp, first, b("v1"), 1), "skips the value v1");
        assertEquals(Listpack.seek(lp, 1), Listpack.find(lp, first, b("v1"), 0));
        assertEquals(Listpack.seek(lp, 6), Listpack.find(lp, first, b("-0"), 1), "-0 is not 0");
        assertEquals(-1, Listpack.find(lp, first, b("010"), 1));
        assertEquals(-1, Listpack.find(lp, first, b("x"), 1), "x is a value");
        assertEquals(-1, Listpack.find(lp, -1, b("f1"), 1));
        assertTrue(Listpack.equals(lp, Listpack.seek(lp, 2), b("10")));
        assertFalse(Listpack.equals(lp, Listpack.seek(lp, 2), b("+10")));
        assertTrue(Listpack.compare(lp, Listpack.seek(lp, 2), b("9")) < 0, "\"10\" < \"9\" as bytes");
        assertEquals(0, Listpack.compare(lp, Listpack.seek(lp, 0), b("f1")));
        assertTrue(Listpack.compare(lp, Listpack.seek(lp, 0), b("f")) > 0);
    }

    @Test
    void canonicalIntegers() {
        for (String s : new String[] {"0", "-1", "9223372036854775807", "-9223372036854775808", "42"}) {
            assertTrue(Listpack.isCanonicalLong(b(s), 0, s.length()), s);
        }
        for (String s : new String[] {"", "-", "-0", "00", "01", "+1", " 1", "1 ", "9223372036854775808",
            "-9223372036854775809", "1.0", "abc", "123456789012345678901"}) {
            assertFalse(Listpack.isCanonicalLong(b(s), 0, s.length()), s);
        }
        assertEquals(20, Listpack.digits(Long.MIN_VALUE));
        assertEquals(19, Listpack.digits(Long.MAX_VALUE));
        assertEquals(1, Listpack.digits(0));
        assertEquals(2, Listpack.digits(-5));
    }

    @Test
    void capacityGrowsGeometricallyAndTrims() {
        byte[] lp = Listpack.create();
        assertEquals(Listpack.EMPTY_BYTES, lp.length);
        lp = Listpack.append(lp, b("abc"));
        assertEquals(16, lp.length, "small listpacks grow to the next multiple of 8 only");
        int reallocations = 0;
        byte[] prev = lp;
        for (int i = 0; i < 10_000; i++) {
            lp = Listpack.append(lp, b("element-" + i));
            if (lp != prev) {
                reallocations++;
                prev = lp;
            }
        }
        assertTrue(reallocations < 60, "amortised O(1) append: " + reallocations + " copies");
        assertEquals(10_001, Listpack.count(lp));
        byte[] t = Listpack.trim(lp);
        assertEquals(Listpack.bytes(lp), t.length);
        assertSame(t, Listpack.trim(t));
        assertEquals(entries(lp), entries(t));
    }

    @Test
    void countSaturatesAndWalksAboveLimit() {
        byte[] lp = Listpack.create();
        for (int i = 0; i < 70_000; i++) {
            lp = Listpack.append(lp, i);
        }
        assertEquals(70_000, Listpack.count(lp));
        assertEquals(0xFF, lp[4] & 0xFF);
        assertEquals(0xFF, lp[5] & 0xFF);
        assertEquals(69_999, Listpack.intValue(lp, Listpack.seek(lp, -1)));
        lp = Listpack.deleteRange(lp, 0, 10_000);
        assertEquals(60_000, Listpack.count(lp));
        assertEquals(60_000, (lp[4] & 0xFF) | (lp[5] & 0xFF) << 8, "known again below the limit");
        assertEquals(10_000, Listpack.intValue(lp, Listpack.first(lp)));
    }

    /** Random operations against a plain list model, reading forwards and backwards. */
    @Test
    void randomOperationsAgreeWithAListModel() {
        Random rnd = new Random(42);
        byte[] lp = Listpack.create();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 5000; step++) {
            String s = randomEntry(rnd);
            int op = rnd.nextInt(4);
            if (op == 0 || model.isEmpty()) {
                int i = model.isEmpty() ? 0 : rnd.nextInt(model.size() + 1);
                int p = i == model.size() ? Listpack.end(lp) : Listpack.seek(lp, i);
                lp = Listpack.insert(lp, p, b(s));
                model.add(i, s);
            } else if (op == 1) {
                int i = rnd.nextInt(model.size());
                lp = Listpack.replace(lp, Listpack.seek(lp, i), b(s));
                model.set(i, s);
            } else if (op == 2) {
                int i = rnd.nextInt(model.size());
                int n = 1 + rnd.nextInt(3);
                lp = Listpack.delete(lp, Listpack.seek(lp, i), n);
                for (int k = 0; k < n && i < model.size(); k++) {
                    model.remove(i);
                }
            } else {
                int i = rnd.nextInt(model.size());
                int p = Listpack.find(lp, Listpack.first(lp), b(model.get(i)), 0);
                assertEquals(model.indexOf(model.get(i)), indexOf(lp, p));
            }
            assertEquals(model.size(), Listpack.count(lp));
        }
        assertEquals(model, entries(lp));
        assertEquals(model, entriesBackwards(lp));
        byte[] copy = Listpack.copy(lp);
        assertArrayEquals(used(lp), copy);
    }

    private static int indexOf(byte[] lp, int target) {
        int i = 0;
        for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, p), i++) {
            if (p == target) {
                return i;
            }
        }
        return -1;
    }

    private static String randomEntry(Random rnd) {
        switch (rnd.nextInt(6)) {
            case 0:
                return Long.toString(rnd.nextLong());
            case 1:
                return Integer.toString(rnd.nextInt(10000) - 5000);
            case 2:
                return "x".repeat(rnd.nextInt(200));
            case 3:
                return "0" + rnd.nextInt(100);
            case 4:
                return "y".repeat(4090 + rnd.nextInt(10));
            default:
                return "k" + rnd.nextInt(50);
        }
    }

    @Test
    void readHandsOutSlicesAndIntegers() {
        byte[] lp = of("hello", "-12");
        StringBuilder sb = new StringBuilder();
        Listpack.EntrySink sink = new Listpack.EntrySink() {
            @Override
            public void bytes(byte[] buf, int off, int len) {
                sb.append("s:").append(new String(buf, off, len, StandardCharsets.UTF_8)).append(' ');
            }

            @Override
            public void integer(long value) {
                sb.append("i:").append(value).append(' ');
            }
        };
        for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, p)) {
            Listpack.read(lp, p, sink);
        }
        assertEquals("s:hello i:-12 ", sb.toString());
        assertTrue(Listpack.safeToAdd(lp, 100));
        assertFalse(Listpack.safeToAdd(lp, Listpack.MAX_SAFE_BYTES));
    }
}
