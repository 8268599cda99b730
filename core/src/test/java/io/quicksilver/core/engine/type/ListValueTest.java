package io.quicksilver.core.engine.type;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Slabs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quicklist behind lists: every operation checked against a plain {@code ArrayList} model,
 * for node limits by size (-1, -2, -5) and by count (1, 3, 128), with the structure verified
 * after each step (no empty node, every node within the fill, byte accounting exact).
 */
class ListValueTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] v) {
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static List<String> contents(ListValue l) {
        List<String> out = new ArrayList<>();
        ListValue.Cursor c = l.cursor(0, true);
        while (c.next()) {
            out.add(s(c.bytes()));
        }
        return out;
    }

    private static List<String> reversed(ListValue l) {
        List<String> out = new ArrayList<>();
        ListValue.Cursor c = l.cursor(-1, false);
        while (c.next()) {
            out.add(0, s(c.bytes()));
        }
        return out;
    }

    /** Elements of every encoding: small and large integers, non-canonical numbers, strings up to 5000 bytes. */
    private static String element(Random rnd) {
        switch (rnd.nextInt(9)) {
            case 0:
                return Integer.toString(rnd.nextInt(128));
            case 1:
                return Integer.toString(rnd.nextInt(8192) - 4096);
            case 2:
                return Long.toString(rnd.nextLong());
            case 3:
                return Integer.toString(rnd.nextInt());
            case 4:
                return "0" + rnd.nextInt(10); // leading zero: stays a string
            case 5:
                return "x".repeat(60 + rnd.nextInt(10)); // around the 6-bit string limit
            case 6:
                return rnd.nextInt(20) == 0 ? "y".repeat(4090 + rnd.nextInt(20)) : "e" + rnd.nextInt(5);
            default:
                return "m" + rnd.nextInt(6);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, -1, -5, 1, 3, 128})
    void randomOperationsMatchAModel(long fill) {
        runModel(fill, null);
    }

    /**
     * The same, with lists grown longer (padded pushes, short trims) and their interior nodes
     * moved into slab chunks as pushes pass them: every operation
     * reads or edits them there or brings them back; when the list is released every chunk is
     * free again.
     */
    @ParameterizedTest
    @ValueSource(longs = {-2, -1, -5, 1, 3, 128})
    void randomOperationsMatchAModelWithNodesOffTheHeap(long fill) {
        Slabs slabs = new Slabs();
        int[] mostFrozen = runModel(fill, slabs);
        if (fill == -1 || fill == -2 || fill == 128) { // -5's 64 KiB nodes are over a chunk's 32 KiB
            assertTrue(mostFrozen[0] > 2, "nodes went off the heap: " + mostFrozen[0]);
        }
        assertEquals(0, slabs.chunkBytes(), "every chunk freed");
    }

    /** A pushed element; with slabs, often padded so that nodes pass a chunk's 512 bytes. */
    private static String pushed(Random rnd, Slabs slabs) {
        String v = element(rnd);
        return slabs != null && rnd.nextBoolean() ? v + "p".repeat(100 + rnd.nextInt(300)) : v;
    }

    /** Pops through the slice-handing form ({@link ListValue#pop(boolean, Listpack.EntrySink)}); null when empty. */
    private static String popped(ListValue l, boolean head) {
        StringBuilder out = new StringBuilder();
        int[] calls = {0};
        Listpack.EntrySink sink = new Listpack.EntrySink() {
            @Override
            public void bytes(byte[] buf, int off, int len) {
                calls[0]++;
                out.append(new String(buf, off, len, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void integer(long value) {
                calls[0]++;
                out.append(value);
            }
        };
        boolean found = l.pop(head, sink);
        assertEquals(found ? 1 : 0, calls[0]);
        return found ? out.toString() : null;
    }

    /** Runs the model check; returns {most nodes off the heap at once}. Releases what it made. */
    private static int[] runModel(long fill, Slabs slabs) {
        int[] mostFrozen = {0};
        Random rnd = new Random(fill * 31 + 7);
        ListValue l = new ListValue(fill, slabs);
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 4000; step++) {
            int op = rnd.nextInt(100);
            if (op < 25) {
                String v = pushed(rnd, slabs);
                l.pushTail(b(v));
                model.add(v);
            } else if (op < 45) {
                String v = pushed(rnd, slabs);
                l.pushHead(b(v));
                model.add(0, v);
            } else if (op < 53) {
                String expected = model.isEmpty() ? null : model.remove(0);
                assertEquals(expected, rnd.nextBoolean() ? s(l.pop(true)) : popped(l, true));
            } else if (op < 61) {
                String expected = model.isEmpty() ? null : model.remove(model.size() - 1);
                assertEquals(expected, rnd.nextBoolean() ? s(l.pop(false)) : popped(l, false));
            } else if (op < 67) {
                long idx = rnd.nextInt(model.size() * 2 + 3) - model.size() - 1;
                String v = element(rnd);
                long i = idx < 0 ? model.size() + idx : idx;
                boolean ok = i >= 0 && i < model.size();
                assertEquals(ok, l.set(idx, b(v)));
                if (ok) {
                    model.set((int) i, v);
                }
            } else if (op < 73) {
                String pivot = element(rnd);
                String v = element(rnd);
                boolean after = rnd.nextBoolean();
                int at = model.indexOf(pivot);
                assertEquals(at >= 0, l.insert(b(pivot), b(v), after));
                if (at >= 0) {
                    model.add(after ? at + 1 : at, v);
                }
            } else if (op < 78) {
                String v = element(rnd);
                boolean fromTail = rnd.nextBoolean();
                long limit = rnd.nextInt(3);
                long removed = l.remove(b(v), fromTail, limit);
                long expected = 0;
                if (!fromTail) {
                    for (int i = 0; i < model.size() && (limit == 0 || expected < limit); ) {
                        if (model.get(i).equals(v)) {
                            model.remove(i);
                            expected++;
                        } else {
                            i++;
                        }
                    }
                } else {
                    for (int i = model.size() - 1; i >= 0 && (limit == 0 || expected < limit); i--) {
                        if (model.get(i).equals(v)) {
                            model.remove(i);
                            expected++;
                        }
                    }
                }
                assertEquals(expected, removed);
            } else if (op < 81) {
                int n = rnd.nextInt(slabs != null ? 6 : Math.max(1, model.size() / 3 + 2));
                l.removeHead(n);
                model.subList(0, Math.min(n, model.size())).clear();
            } else if (op < 84) {
                int n = rnd.nextInt(slabs != null ? 6 : Math.max(1, model.size() / 3 + 2));
                l.removeTail(n);
                model.subList(Math.max(0, model.size() - n), model.size()).clear();
            } else {
                long idx = rnd.nextInt(model.size() * 2 + 3) - model.size() - 1;
                long i = idx < 0 ? model.size() + idx : idx;
                assertEquals(i >= 0 && i < model.size() ? model.get((int) i) : null, s(l.get(idx)));
            }
            l.verify();
            mostFrozen[0] = Math.max(mostFrozen[0], l.frozenNodes());
            assertEquals(model.size(), l.size());
            if (step % 50 == 0) {
                assertEquals(model, contents(l));
                assertEquals(model, reversed(l));
            }
        }
        assertEquals(model, contents(l));
        ListValue copy = l.copy();
        copy.verify();
        assertEquals(model, contents(copy));
        copy.pushTail(b("only-in-copy"));
        assertEquals(model, contents(l), "the copy is deep");
        l.release();
        copy.release();
        return mostFrozen;
    }

    /** A list released by its key frees its chunks; a read of such a node then fails loudly. */
    @Test
    void releasedNodesFailLoudly() {
        Slabs slabs = new Slabs();
        ListValue l = new ListValue(-1, slabs); // 4 KiB nodes
        for (int i = 0; i < 100; i++) {
            l.pushTail(b("v".repeat(1000) + i));
        }
        l.verify();
        assertTrue(l.frozenNodes() > 20, "interior nodes off the heap: " + l.frozenNodes());
        assertTrue(slabs.chunkBytes() > 0);
        int frozen = l.frozenNodes();
        long chunks = slabs.chunkBytes();
        assertEquals("v".repeat(1000) + 50, s(l.get(50)));
        assertEquals(frozen, l.frozenNodes(), "reading does not bring a node back");
        assertEquals(chunks, slabs.chunkBytes());
        l.release();
        assertEquals(0, slabs.chunkBytes());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> l.get(50));
        assertTrue(e.getMessage().contains("after its key dropped it"), e.getMessage());
        assertEquals("v".repeat(1000) + 0, s(l.get(0)), "the end nodes stay on the heap");
    }

    @Test
    void elementsRoundTripExactly() {
        String[] values = {"0", "-0", "1", "127", "128", "-1", "-4096", "4095", "4096", "-4097", "32767",
            "-32768", "32768", "8388607", "-8388608", "8388608", "2147483647", "-2147483648", "2147483648",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
            "007", "+5", " 5", "5 ", "1e3", "", "x".repeat(63), "x".repeat(64), "x".repeat(4095),
            "x".repeat(4096), "x".repeat(20000)};
        ListValue l = new ListValue(-2);
        for (String v : values) {
            l.pushTail(b(v));
        }
        l.verify();
        assertEquals(Arrays.asList(values), contents(l));
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], s(l.get(i)));
            ListValue.Cursor c = l.cursor(i, true);
            assertTrue(c.next());
            assertTrue(c.matches(b(values[i])), values[i]);
        }
        // a canonical integer matches only its own decimal form
        ListValue.Cursor c = l.cursor(2, true); // "1"
        assertTrue(c.next());
        assertTrue(c.isInt());
        assertFalse(c.matches(b("01")));
        assertFalse(c.matches(b("+1")));
        ListValue.Cursor z = l.cursor(1, true); // "-0" is a string
        assertTrue(z.next());
        assertFalse(z.isInt());
        assertFalse(z.matches(b("0")));
    }

    @Test
    void sizeFillLimitsNodeBytes() {
        ListValue l = new ListValue(-2); // 8 KiB per node
        for (int i = 0; i < 10_000; i++) {
            l.pushTail(b("member:" + i));
        }
        l.verify();
        assertTrue(l.nodeCount() > 10 && l.nodeCount() < 30, "nodes: " + l.nodeCount());
        for (int i = 0; i < l.nodeCount(); i++) {
            assertTrue(l.nodeUsedBytes(i) <= 8192);
            if (i < l.nodeCount() - 1) {
                assertTrue(l.nodeUsedBytes(i) > 8000, "a sealed node is nearly full: " + l.nodeUsedBytes(i));
            }
        }
        // one element larger than the limit gets a node of its own
        l.pushTail(b("z".repeat(10_000)));
        l.pushTail(b("after"));
        l.verify();
        assertEquals(1, l.nodeEntries(l.nodeCount() - 2));
        assertEquals("after", s(l.pop(false)));
        assertEquals("z".repeat(10_000), s(l.pop(false)));
    }

    @Test
    void countFillLimitsNodeEntries() {
        ListValue l = new ListValue(3);
        for (int i = 0; i < 10; i++) {
            l.pushHead(b(Integer.toString(i)));
        }
        l.verify();
        assertEquals(4, l.nodeCount());
        assertEquals(List.of("9", "8", "7", "6", "5", "4", "3", "2", "1", "0"), contents(l));
        // a middle insert into a full node splits it
        assertTrue(l.insert(b("5"), b("new"), false));
        l.verify();
        assertEquals(List.of("9", "8", "7", "6", "new", "5", "4", "3", "2", "1", "0"), contents(l));
        // fill below -5 is taken as -5, above 32767 as 32767
        assertEquals(-5, new ListValue(-100).fill());
        assertEquals(32767, new ListValue(1L << 40).fill());
    }

    @Test
    void indexNearTheEndsAndOutOfRange() {
        ListValue l = new ListValue(-2);
        for (int i = 0; i < 100_000; i++) {
            l.pushTail(b(Integer.toString(i)));
        }
        assertEquals("0", s(l.get(0)));
        assertEquals("99999", s(l.get(-1)));
        assertEquals("50000", s(l.get(50_000)));
        assertEquals("49999", s(l.get(-50_001)));
        assertNull(l.get(100_000));
        assertNull(l.get(-100_001));
        assertNull(l.get(Long.MIN_VALUE));
        assertFalse(l.cursor(Long.MAX_VALUE, true).next());
        assertFalse(new ListValue(-2).cursor(0, true).next());
    }

    /**
     * A queue drained from the head of a long list: each node coming back from its chunk is read
     * into the array of the node the pops just emptied, the values come out in order, and the
     * kept array is counted in the memory and dropped with the last element.
     */
    @Test
    void drainedNodesComeBackIntoTheArrayTheLastOneLeft() {
        Slabs slabs = new Slabs();
        ListValue l = new ListValue(-2, slabs); // 8 KiB nodes, 7 elements of 1 KiB each
        long empty = l.memoryUsage();
        for (int i = 0; i < 300; i++) {
            l.pushTail(b(String.format("%04d", i) + "v".repeat(1020)));
        }
        assertTrue(l.frozenNodes() > 30, "interior nodes off the heap: " + l.frozenNodes());
        int reused = 0;
        for (int i = 0; i < 300; i++) {
            boolean held = l.holdsSpare();
            int frozen = l.frozenNodes();
            assertEquals(String.format("%04d", i) + "v".repeat(1020), popped(l, true));
            l.verify();
            if (held && !l.holdsSpare() && l.frozenNodes() == frozen - 1) {
                reused++;
            }
        }
        assertTrue(reused > 30, "nodes read back into the emptied array: " + reused);
        assertEquals(0, l.size());
        assertFalse(l.holdsSpare());
        assertEquals(empty, l.memoryUsage());
        assertEquals(0, slabs.chunkBytes());
    }

    /**
     * A list growing by pushes at either end fills, for each new end node, the array its last
     * node moved into a chunk left (which was not trimmed first): no node array is allocated once
     * the list is long, and the structure stays what verify() expects.
     */
    @Test
    void pushedNodesFillTheArrayTheLastFrozenNodeLeft() {
        for (boolean head : new boolean[] {true, false}) {
            Slabs slabs = new Slabs();
            ListValue l = new ListValue(-2, slabs); // 8 KiB nodes, 7 elements of 1 KiB each
            long empty = l.memoryUsage();
            int reused = 0;
            for (int i = 0; i < 700; i++) {
                int nodes = l.nodeCount();
                byte[] v = b(String.format("%04d", i) + "v".repeat(1020));
                if (head) {
                    l.pushHead(v);
                } else {
                    l.pushTail(v);
                }
                l.verify();
                int end = head ? 0 : l.nodeCount() - 1;
                if (l.nodeCount() > nodes && nodes > 8) {
                    assertEquals(8192, l.nodeCapacity(end), "new end node's array, push " + i);
                    int next = head ? 1 : l.nodeCount() - 2;
                    assertEquals(8192, l.nodeCapacity(next), "the node it retired is not trimmed");
                    reused++;
                }
            }
            assertTrue(reused > 80, "new end nodes in a reused array: " + reused);
            assertTrue(l.frozenNodes() > 90, "interior nodes off the heap: " + l.frozenNodes());
            for (int i = 699; i >= 0; i--) {
                assertEquals(String.format("%04d", i) + "v".repeat(1020), popped(l, head));
            }
            l.verify();
            assertEquals(empty, l.memoryUsage());
            assertEquals(0, slabs.chunkBytes());
        }
    }

    /** A retired node that gets no chunk (slabs full) is trimmed like one in a list without slabs. */
    @Test
    void aRetiredNodeThatGetsNoChunkIsTrimmed() {
        ListValue l = new ListValue(-2, new Slabs(256 * 1024)); // room for 32 nodes of 8 KiB
        for (int i = 0; i < 7 * 60; i++) {
            l.pushHead(b(String.format("%04d", i) + "v".repeat(1020)));
            l.verify(); // interior nodes on the heap keep at most an eighth to spare
        }
        assertTrue(l.frozenNodes() >= 20 && l.frozenNodes() < l.nodeCount() - 10,
                "some interior nodes stayed on the heap: " + l.frozenNodes() + " of " + l.nodeCount());
    }

    /** A node inserted between an end and the untrimmed node next to it moves that one inwards: trimmed. */
    @Test
    void aNodeInsertedNextToTheHeadSettlesTheOneItMovesInwards() {
        ListValue l = new ListValue(-2, new Slabs());
        for (int i = 0; i < 7 * 20; i++) {
            l.pushHead(b(String.format("%04d", i) + "v".repeat(1020)));
        }
        l.verify();
        assertEquals(8192, l.nodeCapacity(1));
        // the head node is full: an insert in it splits it, and its second half becomes node 1
        assertTrue(l.insert(b(String.format("%04d", 7 * 20 - 2) + "v".repeat(1020)), b("x".repeat(1024)), true));
        l.verify();
        assertEquals(7 * 20 + 1, l.size());
    }

    @Test
    void memoryUsageFollowsTheContent() {
        ListValue l = new ListValue(-2);
        long empty = l.memoryUsage();
        for (int i = 0; i < 1_000_000; i++) {
            l.pushTail(b(Integer.toString(i)));
        }
        l.verify();
        long full = l.memoryUsage();
        // redis-server 7.0.15 reports MEMORY USAGE 5005144 for RPUSH of 0..999999
        assertTrue(full < 5_005_144L * 3 / 2, "1M small integers take " + full + " bytes");
        assertTrue(full > 4_000_000L, "the estimate counts the packed bytes: " + full);
        l.removeHead(999_990);
        l.verify();
        assertTrue(l.memoryUsage() < empty + 1000, "popped nodes are released: " + l.memoryUsage());
        l.removeTail(10);
        assertEquals(0, l.size());
        assertEquals(0, l.nodeCount());
        assertEquals(empty, l.memoryUsage());
    }

    @Test
    void poppingShrinksTheEndNode() {
        ListValue l = new ListValue(-5); // 64 KiB nodes
        for (int i = 0; i < 5000; i++) {
            l.pushTail(b("element-" + i));
        }
        long before = l.memoryUsage();
        for (int i = 0; i < 4990; i++) {
            l.pop(false);
        }
        l.verify();
        assertTrue(l.memoryUsage() < before / 4, "spare capacity is released: " + l.memoryUsage());
        assertArrayEquals(b("element-0"), l.get(0));
    }
}
