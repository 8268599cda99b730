package io.quicksilver.core.engine.type;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The sorted set's B+tree against a model (a TreeSet in Redis's order), with small fanouts so that
 * a few hundred members already make trees four and five levels deep, where splits, merges and
 * the sharing of entries between neighbours happen at every level.
 */
class ZTreeTest {
    private static final Comparator<Object[]> ORDER = (a, b) -> {
        double x = (double) a[0];
        double y = (double) b[0];
        return x < y ? -1 : x > y ? 1 : Arrays.compareUnsigned((byte[]) a[1], (byte[]) b[1]);
    };

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Object[] key(double s, byte[] e) {
        return new Object[] {s, e};
    }

    private static List<Object[]> order(TreeSet<Object[]> model) {
        return new ArrayList<>(model);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7, 8, 64})
    void randomOperationsAgreeWithAModel(int fanout) {
        for (int seed = 0; seed < 4; seed++) {
            Random rnd = new Random(seed * 31L + fanout);
            ZTree t = new ZTree(fanout);
            TreeSet<Object[]> model = new TreeSet<>(ORDER);
            Map<String, Double> scores = new HashMap<>();
            int maxHeight = 1;
            for (int step = 0; step < 6000; step++) {
                String m = "m" + rnd.nextInt(rnd.nextBoolean() ? 400 : 1500);
                double score = rnd.nextInt(4) == 0 ? 7 : rnd.nextInt(300) / 4.0 - 10; // many ties
                int op = rnd.nextInt(20);
                if (step < 3000 && op >= 9 && op < 15) {
                    op = 0; // grow first, so that the tree gets deep
                }
                ZTree.Node n = t.find(b(m));
                assertEquals(scores.containsKey(m), n != null);
                if (op < 9) {
                    if (n == null) {
                        t.insert(b(m), score);
                        model.add(key(score, b(m)));
                        scores.put(m, score);
                    } else {
                        model.remove(key(n.score, n.ele));
                        assertSame(n, t.updateScore(n, score));
                        model.add(key(score, n.ele));
                        scores.put(m, score);
                    }
                } else if (op < 13) {
                    if (n != null) {
                        t.delete(n);
                        model.remove(key(n.score, n.ele));
                        scores.remove(m);
                    }
                } else if (op < 15 && !model.isEmpty()) {
                    List<Object[]> all = order(model);
                    int from = rnd.nextInt(all.size());
                    int len = rnd.nextInt(10) == 0 ? rnd.nextInt(all.size() - from) + 1
                            : Math.min(all.size() - from, 1 + rnd.nextInt(12));
                    assertEquals(len, t.deleteRankRange(from + 1, from + len));
                    for (int i = from; i < from + len; i++) {
                        model.remove(all.get(i));
                        scores.remove(new String((byte[]) all.get(i)[1], StandardCharsets.UTF_8));
                    }
                } else if (op < 17 && !model.isEmpty()) {
                    List<Object[]> all = order(model);
                    int r = rnd.nextInt(all.size());
                    ZTree.Node x = t.find((byte[]) all.get(r)[1]);
                    assertEquals(r + 1, t.rankOf(x));
                    ZTree.Cursor c = t.byRank(r + 1);
                    assertSame(x, c.node());
                    // walk a little both ways from there
                    int steps = rnd.nextInt(2 * fanout + 2);
                    int i = r;
                    boolean back = rnd.nextBoolean();
                    while (c.valid() && steps-- > 0) {
                        assertEquals(all.get(i)[0], c.node().score);
                        assertTrue(Arrays.equals((byte[]) all.get(i)[1], c.node().ele));
                        if (back) {
                            c.prev();
                            i--;
                        } else {
                            c.next();
                            i++;
                        }
                    }
                    if (steps >= 0) {
                        assertTrue(i == -1 || i == all.size(), "walked off an end at " + i);
                    }
                } else if (op < 19) {
                    // a score threshold, and one inside a run of ties (score, then member)
                    double lim = rnd.nextInt(300) / 4.0 - 10;
                    byte[] le = b("m" + rnd.nextInt(1500));
                    long below = model.stream().filter(k -> (double) k[0] < lim).count();
                    assertEquals(below, t.countWhere((e, s) -> s < lim));
                    long upTo = model.stream().filter(k -> ORDER.compare(k, key(lim, le)) <= 0).count();
                    assertEquals(upTo, t.countWhere((e, s) -> ORDER.compare(key(s, e), key(lim, le)) <= 0));
                } else {
                    t.verify();
                }
                assertEquals(model.size(), t.length());
                maxHeight = Math.max(maxHeight, t.height());
            }
            t.verify();
            List<Object[]> all = order(model);
            int i = 0;
            for (ZTree.Cursor c = t.first(); c.valid(); c.next(), i++) {
                assertEquals(all.get(i)[0], c.node().score);
                assertTrue(Arrays.equals((byte[]) all.get(i)[1], c.node().ele));
            }
            assertEquals(all.size(), i);
            i = all.size() - 1;
            for (ZTree.Cursor c = t.last(); c.valid(); c.prev(), i--) {
                assertTrue(Arrays.equals((byte[]) all.get(i)[1], c.node().ele));
            }
            assertEquals(-1, i);
            if (fanout <= 8) {
                assertTrue(maxHeight >= 4, "the test reached a tree of height " + maxHeight);
            }
            t.deleteRankRange(1, t.length());
            t.verify();
            assertEquals(0, t.length());
            assertFalse(t.first().valid());
            assertFalse(t.last().valid());
            assertNull(t.find(b("m1")));
        }
    }

    /** Members added in order leave full leaves (an append does not halve the leaf it fills). */
    @Test
    void membersAddedInOrderFillTheirLeaves() {
        ZTree inOrder = new ZTree();
        ZTree shuffled = new ZTree();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            inOrder.insert(b("e" + i), i);
            ids.add(i);
        }
        java.util.Collections.shuffle(ids, new Random(1));
        for (int i : ids) {
            shuffled.insert(b("e" + i), i);
        }
        inOrder.verify();
        shuffled.verify();
        assertTrue(inOrder.memoryUsage() < shuffled.memoryUsage(),
                inOrder.memoryUsage() + " in order, " + shuffled.memoryUsage() + " shuffled");
        assertEquals(3, inOrder.height()); // 100k / 64 leaves under 25 inner nodes under the root
        assertEquals(50_001, inOrder.rankOf(inOrder.find(b("e50000"))));
        assertEquals(50_001, shuffled.rankOf(shuffled.find(b("e50000"))));
    }

    /** A score changed within its neighbours stays in place; elsewhere the node moves. */
    @Test
    void updateScoreInPlaceAndByMoving() {
        ZTree t = new ZTree(6);
        for (int i = 0; i < 200; i++) {
            t.insert(b("k" + i), i);
        }
        ZTree.Node x = t.find(b("k100"));
        t.updateScore(x, 100.5);
        assertEquals(101, t.rankOf(x));
        t.updateScore(x, -1);
        assertEquals(1, t.rankOf(x));
        t.updateScore(x, 1000);
        assertEquals(200, t.rankOf(x));
        assertEquals(1000.0, t.byRank(200).node().score);
        t.verify();
    }

    @Test
    void aNodeNotInTheTreeIsRefused() {
        ZTree t = new ZTree(6);
        for (int i = 0; i < 50; i++) {
            t.insert(b("k" + i), i);
        }
        ZTree.Node stranger = new ZTree(6).insert(b("k7"), 7);
        assertThrows(IllegalStateException.class, () -> t.rankOf(stranger));
        assertThrows(IllegalStateException.class, () -> t.updateScore(stranger, 3));
        assertThrows(IllegalArgumentException.class, () -> new ZTree(5));
        t.verify();
    }
}
