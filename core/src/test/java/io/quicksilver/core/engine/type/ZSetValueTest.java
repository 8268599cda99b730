package io.quicksilver.core.engine.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.EncodingConfig;
import io.quicksilver.core.util.DoubleFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ZSetValue in both encodings against a simple model (a list kept sorted as Redis orders a
 * sorted set), the listpack layout against redis-server's DUMP bytes, conversions, copies, and
 * the score parsing and printing of {@link ZScore}.
 */
class ZSetValueTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] buf, int off, int len) {
        return new String(buf, off, len, StandardCharsets.UTF_8);
    }

    private static EncodingConfig config(boolean skiplist) {
        EncodingConfig c = new EncodingConfig();
        if (skiplist) {
            c.zsetMaxListpackEntries = 0;
        } else {
            c.zsetMaxListpackEntries = 1_000_000;
            c.zsetMaxListpackValue = 1_000_000;
        }
        return c;
    }

    private record Member(String name, double score) {}

    /** Redis's order: by score (with -0 equal to 0), then member bytes unsigned. */
    private static int order(Member a, Member b) {
        if (a.score < b.score) {
            return -1;
        }
        if (a.score > b.score) {
            return 1;
        }
        return Arrays.compareUnsigned(b(a.name), b(b.name));
    }

    private static List<Member> contents(ZSetValue z, long from, boolean reverse) {
        List<Member> out = new ArrayList<>();
        z.walk(from, reverse, (buf, off, len, sc) -> out.add(new Member(s(buf, off, len), sc)));
        return out;
    }

    private static List<Member> all(ZSetValue z) {
        List<Member> out = new ArrayList<>();
        z.forEach((buf, off, len, sc) -> {
            out.add(new Member(s(buf, off, len), sc));
            return true;
        });
        return out;
    }

    // ------------------------------------------------------------------ model checks

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void randomOperationsAgreeWithAModel(boolean skiplist) {
        EncodingConfig cfg = config(skiplist);
        for (int seed = 0; seed < 6; seed++) {
            Random rnd = new Random(seed);
            ZSetValue z = new ZSetValue();
            Map<String, Double> model = new HashMap<>();
            for (int step = 0; step < 1500; step++) {
                String m = rnd.nextInt(10) == 0 ? Integer.toString(rnd.nextInt(50) - 10) : "m" + rnd.nextInt(120);
                int op = rnd.nextInt(10);
                double score = rnd.nextInt(40) / 2.0 - 5;
                if (op < 5) {
                    boolean existed = model.containsKey(m);
                    int out = z.add(b(m), score, 0, null, cfg);
                    double old = existed ? model.get(m) : Double.NaN;
                    model.put(m, score);
                    assertEquals(!existed ? ZSetValue.OUT_ADDED : old != score ? ZSetValue.OUT_UPDATED : 0, out);
                } else if (op < 6) {
                    double[] ns = new double[1];
                    int out = z.add(b(m), score, ZSetValue.IN_INCR | ZSetValue.IN_XX, ns, cfg);
                    if (model.containsKey(m)) {
                        double sum = model.get(m) + score;
                        assertEquals(sum, ns[0]);
                        assertEquals(score != 0 ? ZSetValue.OUT_UPDATED : 0, out);
                        model.put(m, sum);
                    } else {
                        assertEquals(ZSetValue.OUT_NOP, out);
                    }
                } else if (op < 8) {
                    assertEquals(model.remove(m) != null, z.remove(b(m)));
                } else if (op < 9 && !model.isEmpty()) {
                    List<Member> sorted = sorted(model);
                    int from = rnd.nextInt(sorted.size());
                    int to = Math.min(sorted.size() - 1, from + rnd.nextInt(4));
                    assertEquals(to - from + 1, z.removeRange(from, to));
                    for (int i = from; i <= to; i++) {
                        model.remove(sorted.get(i).name);
                    }
                } else {
                    checkRanges(z, sorted(model), rnd);
                }
                assertEquals(model.size(), z.size());
            }
            z.verify();
            List<Member> expected = sorted(model);
            assertEquals(expected, all(z));
            for (int i = 0; i < expected.size(); i++) {
                Member e = expected.get(i);
                assertEquals(e.score, z.score(b(e.name)));
                assertEquals(i, z.rank(b(e.name), false));
                assertEquals(expected.size() - 1 - i, z.rank(b(e.name), true));
            }
            assertTrue(Double.isNaN(z.score(b("nosuch"))));
            assertEquals(-1, z.rank(b("nosuch"), false));
            assertEquals(skiplist ? "skiplist" : "listpack", z.encoding());
        }
    }

    private static List<Member> sorted(Map<String, Double> model) {
        List<Member> l = new ArrayList<>();
        model.forEach((k, v) -> l.add(new Member(k, v)));
        l.sort(ZSetValueTest::order);
        return l;
    }

    private static void checkRanges(ZSetValue z, List<Member> sorted, Random rnd) {
        if (!sorted.isEmpty()) {
            int from = rnd.nextInt(sorted.size());
            List<Member> fwd = sorted.subList(from, sorted.size());
            assertEquals(fwd, contents(z, from, false));
            List<Member> back = new ArrayList<>(sorted.subList(0, from + 1));
            java.util.Collections.reverse(back);
            assertEquals(back, contents(z, from, true));
        }
        double lo = rnd.nextInt(40) / 2.0 - 5;
        double hi = lo + rnd.nextInt(10) / 2.0;
        boolean loEx = rnd.nextBoolean();
        boolean hiEx = rnd.nextBoolean();
        ZSetValue.ScoreRange r = new ZSetValue.ScoreRange(lo, loEx, hi, hiEx);
        int first = -1;
        int last = -1;
        for (int i = 0; i < sorted.size(); i++) {
            double sc = sorted.get(i).score;
            if (r.gteMin(sc) && r.lteMax(sc)) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        assertEquals(first, z.firstInRange(r), r.toString());
        assertEquals(last, z.lastInRange(r), r.toString());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void lexRangesOnEqualScores(boolean skiplist) {
        EncodingConfig cfg = config(skiplist);
        ZSetValue z = new ZSetValue();
        for (String m : new String[] {"a", "b", "c", "d", "e", "ab", "\u00e9"}) {
            z.add(b(m), 0, 0, null, cfg);
        }
        // a ab b c d e é(0xC3 0xA9 sorts last, unsigned)
        assertEquals(0, z.firstInRange(new ZSetValue.LexRange(ZSetValue.LEX_MIN, true, ZSetValue.LEX_MAX, true)));
        assertEquals(6, z.lastInRange(new ZSetValue.LexRange(ZSetValue.LEX_MIN, true, ZSetValue.LEX_MAX, true)));
        assertEquals(2, z.firstInRange(new ZSetValue.LexRange(b("ab"), true, b("d"), false)));
        assertEquals(4, z.lastInRange(new ZSetValue.LexRange(b("ab"), true, b("d"), false)));
        assertEquals(-1, z.firstInRange(new ZSetValue.LexRange(b("d"), false, b("b"), false)));
        assertEquals(-1, z.firstInRange(new ZSetValue.LexRange(b("b"), true, b("b"), false)));
        assertEquals(-1, z.firstInRange(new ZSetValue.LexRange(ZSetValue.LEX_MAX, true, ZSetValue.LEX_MAX, true)));
        ZSetValue.LexRange upper = new ZSetValue.LexRange(b("f"), false, ZSetValue.LEX_MAX, true);
        assertEquals(6, z.firstInRange(upper));
        assertEquals(6, z.lastInRange(upper));
        ZSetValue.LexRange lower = new ZSetValue.LexRange(ZSetValue.LEX_MIN, true, b("a"), true);
        assertEquals(-1, z.firstInRange(lower));
        assertEquals(-1, z.lastInRange(lower));
    }

    /**
     * The member index rehashes incrementally: a SCAN interleaved with growth and shrinking
     * (two tables alive between steps) still visits every member present all along, and the
     * tree's invariants hold throughout.
     */
    @Test
    void scanSurvivesIncrementalRehashing() {
        Random rnd = new Random(5);
        for (int round = 0; round < 20; round++) {
            ZTree l = new ZTree(6);
            int stable = 50 + rnd.nextInt(500);
            for (int i = 0; i < stable; i++) {
                l.insert(b("s" + i), i);
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            long cursor = 0;
            int extra = 0;
            List<byte[]> extras = new ArrayList<>();
            do {
                cursor = l.scanStep(cursor, n -> seen.add(new String(n.ele, StandardCharsets.UTF_8)));
                int action = rnd.nextInt(3);
                for (int k = 0; k < rnd.nextInt(200); k++) {
                    if (action == 0) {
                        byte[] e = b("x" + extra++);
                        l.insert(e, -1);
                        extras.add(e);
                    } else if (action == 1 && !extras.isEmpty()) {
                        l.delete(l.find(extras.remove(extras.size() - 1)));
                    }
                }
            } while (cursor != 0);
            for (int i = 0; i < stable; i++) {
                assertTrue(seen.contains("s" + i), "s" + i + " in round " + round);
            }
            l.verify();
            for (byte[] e : extras) {
                l.delete(l.find(e));
            }
            l.verify();
            assertEquals(stable, l.length());
        }
    }

    // ------------------------------------------------------------------ encodings

    @Test
    void convertsPastTheThresholdsAndNeverBack() {
        EncodingConfig cfg = new EncodingConfig();
        cfg.zsetMaxListpackEntries = 3;
        cfg.zsetMaxListpackValue = 5;
        ZSetValue z = new ZSetValue();
        z.add(b("a"), 1, 0, null, cfg);
        z.add(b("b"), 2, 0, null, cfg);
        z.add(b("c"), 3, 0, null, cfg);
        assertEquals("listpack", z.encoding());
        z.add(b("c"), 30, 0, null, cfg); // an update adds nothing
        assertEquals("listpack", z.encoding());
        z.add(b("d"), 4, 0, null, cfg);
        assertEquals("skiplist", z.encoding());
        z.removeRange(0, 3);
        assertEquals(0, z.size());
        z.add(b("e"), 1, 0, null, cfg);
        assertEquals("skiplist", z.encoding(), "never converts back");

        ZSetValue y = new ZSetValue();
        y.add(b("abcde"), 1, 0, null, cfg);
        assertEquals("listpack", y.encoding());
        y.add(b("abcdef"), 1, 0, null, cfg);
        assertEquals("skiplist", y.encoding());
        assertEquals(List.of(new Member("abcde", 1), new Member("abcdef", 1)), all(y));
        y.verify();
    }

    @Test
    void buildChoosesTheEncodingOfAStoredResult() {
        EncodingConfig cfg = new EncodingConfig();
        cfg.zsetMaxListpackEntries = 2;
        byte[][] m = {b("y"), b("x")};
        double[] sc = {2, 2};
        ZSetValue small = ZSetValue.build(m, sc, 2, cfg);
        assertEquals("listpack", small.encoding());
        assertEquals(List.of(new Member("x", 2), new Member("y", 2)), all(small));
        ZSetValue big = ZSetValue.build(new byte[][] {b("c"), b("a"), b("b")}, new double[] {1, 3, 2}, 3, cfg);
        assertEquals("skiplist", big.encoding());
        assertEquals(List.of(new Member("c", 1), new Member("b", 2), new Member("a", 3)), all(big));
        big.verify();
        assertArrayEquals(new int[] {1, 0, 2}, ZSetValue.sortOrder(new byte[][] {b("b"), b("a"), b("c")},
                new double[] {0.0, -0.0, 0.0}, 3), "-0 ties with 0");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void copiesAreDeepAndKeepTheEncoding(boolean skiplist) {
        EncodingConfig cfg = config(skiplist);
        ZSetValue z = new ZSetValue();
        for (int i = 0; i < 50; i++) {
            z.add(b("m" + i), i % 7, 0, null, cfg);
        }
        ZSetValue c = z.copy();
        assertNotSame(z, c);
        assertEquals(z.encoding(), c.encoding());
        assertEquals(all(z), all(c));
        c.remove(b("m1"));
        c.add(b("new"), 100, 0, null, cfg);
        assertEquals(50, z.size());
        assertTrue(Double.isNaN(z.score(b("new"))));
        assertEquals(1.0, z.score(b("m1")));
        c.verify();
        z.verify();
    }

    @Test
    void memoryEstimateFollowsChanges() {
        EncodingConfig cfg = config(true);
        ZSetValue z = new ZSetValue();
        long empty = new ZSetValue().memoryUsage();
        for (int i = 0; i < 1000; i++) {
            z.add(b("member:" + i), i, 0, null, cfg);
        }
        long full = z.memoryUsage();
        assertTrue(full > 1000 * 60 && full < 1000 * 200, "about 100 bytes a member: " + full);
        z.removeRange(0, 999);
        // what stays: an empty leaf, and the old hash table until its incremental shrink is done
        assertTrue(z.memoryUsage() < full / 10, "removals give the memory back: " + z.memoryUsage());
        assertTrue(empty > 0);
    }

    /**
     * The listpack of a compact sorted set is byte for byte the one in redis-server 7.0.15's DUMP
     * of {@code ZADD z 1 a 2.5 b -0 c 0.1 d 100000 e -7 f 4611686018427387904 g 1e20 h inf i
     * -inf j 123 456} (rdbcompression off): integral scores as integer entries, -0 as 0, the
     * others as %.17g text, members that are integers as integers.
     */
    @Test
    void listpackLayoutIsRedis() {
        EncodingConfig cfg = new EncodingConfig();
        ZSetValue z = new ZSetValue();
        String[] args = "1 a 2.5 b -0 c 0.1 d 100000 e -7 f 4611686018427387904 g 1e20 h inf i -inf j 123 456"
                .split(" ");
        for (int i = 0; i < args.length; i += 2) {
            z.add(b(args[i + 1]), ZScore.parseStrict(b(args[i])), 0, null, cfg);
        }
        String dump = "6c0000001600816a02842d696e6605816602dff902816302000181640293302e31303030303030303030"
                + "3030303030303114816102010181620283322e3504c1c8027b01816502f2a0860104816702f400000000"
                + "00000040098168028531652b32300681690283696e6604ff";
        assertEquals(dump, HexFormat.of().formatHex(z.listpackBytes()));
        assertEquals(0.0, z.score(b("c")));
        assertEquals(0.1, z.score(b("d")));
        assertEquals(Double.NEGATIVE_INFINITY, z.score(b("j")));
        assertEquals(123.0, z.score(b("456")));
    }

    // ------------------------------------------------------------------ ZScore

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|1.0|1",
        "-2.5|-2.5|4",
        "'  7'|7.0|3",
        "1e3|1000.0|3",
        "1e|1.0|1",
        "1e+|1.0|1",
        ".5|0.5|2",
        "5.|5.0|2",
        "0x10|16.0|4",
        "0x1p-2|0.25|6",
        "0x1P+3|8.0|6",
        "0x1p|1.0|3",
        "0x1p+|1.0|3",
        "1E-2|0.01|4",
        "2E|2.0|1",
        "0x|0.0|1",
        "0xg|0.0|1",
        "inf|Infinity|3",
        "-Infinity|-Infinity|9",
        "infin|Infinity|3",
        "nan|NaN|3",
        "nan(123)|NaN|8",
        "abc|0.0|0",
        "' '|0.0|0",
        "1e400|Infinity|5",
        "12abc|12.0|2",
    })
    void strtodAsGlibc(String text, double value, int consumed) {
        byte[] t = b(text);
        int[] end = new int[2];
        double v = ZScore.strtod(t, 0, t.length, end);
        assertEquals(value, v, text);
        assertEquals(consumed, end[0], text);
    }

    @Test
    void strictParsingAsString2d() {
        assertEquals(1.5, ZScore.parseStrict(b("1.5")));
        assertEquals(Double.POSITIVE_INFINITY, ZScore.parseStrict(b("+inf")));
        assertEquals(16.0, ZScore.parseStrict(b("0x10")));
        for (String bad : new String[] {"", " 1", "1 ", "nan", "1e400", "-1e400", "1e-400", "abc", "1x"}) {
            assertTrue(Double.isNaN(ZScore.parseStrict(b(bad))), bad);
        }
        assertEquals(0.0, ZScore.parseStrict(b("0e-400")), "zero itself is no underflow");
        assertEquals(4.9e-324, ZScore.parseStrict(b("4.9e-324")), "a denormal is accepted");
    }

    /** Texts as redis-server 7.0.15 printed these scores (ZRANGE ... WITHSCORES, RESP2). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.1|0.10000000000000001",
        "1.5|1.5",
        "3|3",
        "1e20|1e+20",
        "-2.5e-10|-2.5000000000000002e-10",
        "123456789012345678|1.2345678901234568e+17",
        "1e15|1000000000000000",
        "1e16|10000000000000000",
        "1e17|1e+17",
        "0.3333333333333333|0.33333333333333331",
        "3.0000000000000004|3.0000000000000004",
        "1e-5|1.0000000000000001e-05",
        "12345.678|12345.678",
        "1e308|1e+308",
        "4.9e-324|4.9406564584124654e-324",
        "4611686018427387904|4.6116860184273879e+18",
        "-inf|-inf",
        "-0|-0",
    })
    void printsAsPercent17g(String in, String expected) {
        assertEquals(expected, DoubleFormat.g17(ZScore.parseStrict(b(in))));
    }

    @Test
    void listpackIntegersAndScanText() {
        assertTrue(ZScore.isListpackInteger(4611686018427387903.0));
        assertFalse(ZScore.isListpackInteger(4611686018427387904.0 * 2));
        assertTrue(ZScore.isListpackInteger(-0.0));
        assertFalse(ZScore.isListpackInteger(0.5));
        assertFalse(ZScore.isListpackInteger(Double.POSITIVE_INFINITY));
        assertEquals("100000000000000000", ZScore.scanText(1e17, true));
        assertEquals("1e+17", ZScore.scanText(1e17, false));
        assertEquals("1.5", ZScore.scanText(1.5, true));
    }
}
