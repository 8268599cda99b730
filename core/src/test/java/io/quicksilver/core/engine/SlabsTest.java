package io.quicksilver.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlabsTest {
    @Test
    void everyLengthGetsTheSmallestClassThatHoldsItWithUnderAnEighthToSpare() {
        assertEquals(0, Slabs.classOf(Slabs.MIN));
        assertEquals(Slabs.MIN, Slabs.sizeOf(0));
        int classes = Slabs.classOf(Slabs.MAX) + 1;
        for (int c = 1; c < classes; c++) {
            assertTrue(Slabs.sizeOf(c) > Slabs.sizeOf(c - 1), "classes grow");
            assertEquals(c, Slabs.classOf(Slabs.sizeOf(c)));
            assertEquals(c, Slabs.classOf(Slabs.sizeOf(c - 1) + 1));
        }
        assertEquals(Slabs.MAX, Slabs.sizeOf(classes - 1));
        for (int n = Slabs.MIN; n <= Slabs.MAX; n++) {
            int size = Slabs.sizeOf(Slabs.classOf(n));
            assertTrue(size >= n, "class of " + n + " holds it");
            assertTrue(size - n <= n / 8, "class of " + n + " wastes at most an eighth: " + size);
        }
        assertEquals(49, classes, "eight per power of two");
        assertEquals(7680, Slabs.sizeOf(Slabs.classOf(7210)), "a full 8 KiB node of seven 1 KiB elements");
        assertTrue(Slabs.holds(512) && Slabs.holds(32768));
        assertFalse(Slabs.holds(511) || Slabs.holds(32769));
    }

    @Test
    void chunksKeepTheirBytesApartAndFreedOnesServeTheirClassAgain() {
        Slabs slabs = new Slabs();
        Random rnd = new Random(7);
        int n = 2000; // several slabs of several classes
        long[] handles = new long[n];
        byte[][] values = new byte[n][];
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < n; i++) {
            values[i] = new byte[Slabs.MIN + rnd.nextInt(Slabs.MAX - Slabs.MIN + 1)];
            rnd.nextBytes(values[i]);
            handles[i] = slabs.allocate(values[i].length);
            assertTrue(handles[i] >= 0);
            assertTrue(distinct.add(handles[i]));
            slabs.write(handles[i], 0, values[i], 0, values[i].length);
        }
        long used = 0;
        for (int i = 0; i < n; i++) {
            byte[] back = new byte[values[i].length];
            slabs.read(handles[i], 0, back, 0, back.length);
            assertArrayEquals(values[i], back);
            ByteBuffer view = slabs.view(handles[i], 1, 10);
            assertEquals(values[i][1], view.get(0));
            assertEquals(10, view.remaining());
            used += Slabs.capacity(handles[i]);
        }
        assertEquals(used, slabs.chunkBytes());
        assertTrue(slabs.slabBytes() >= used);
        long slabBytes = slabs.slabBytes();
        slabs.free(handles[0]);
        assertEquals(handles[0], slabs.allocate(values[0].length), "the freed chunk is reused first");
        for (long h : handles) {
            slabs.free(h);
        }
        assertEquals(0, slabs.chunkBytes());
        for (int i = 0; i < n; i++) {
            slabs.allocate(values[i].length);
        }
        assertEquals(slabBytes, slabs.slabBytes(), "freed chunks served the same lengths again");
        long h = slabs.allocate(600);
        long c = slabs.allocate(600);
        slabs.write(h, 0, values[0], 0, 600);
        slabs.copy(h, c, 600);
        byte[] back = new byte[600];
        slabs.read(c, 0, back, 0, 600);
        assertArrayEquals(java.util.Arrays.copyOf(values[0], 600), back);
    }

    @Test
    void accessIsBoundedByTheChunk() {
        Slabs slabs = new Slabs();
        long h = slabs.allocate(600); // a 640-byte chunk
        byte[] b = new byte[700];
        assertThrows(IllegalStateException.class, () -> slabs.write(h, 0, b, 0, 641));
        assertThrows(IllegalStateException.class, () -> slabs.read(h, 600, b, 0, 41));
        assertThrows(IllegalStateException.class, () -> slabs.view(h, -1, 1));
        assertThrows(IllegalStateException.class, () -> slabs.read(Slabs.NONE, 0, b, 0, 1));
        slabs.write(h, 0, b, 0, 640);
    }

    @Test
    void withoutMemoryForASlabAllocationAnswersNone() {
        Slabs slabs = new Slabs(Slabs.SLAB_BYTES);
        int perSlab = Slabs.SLAB_BYTES / 1024;
        for (int i = 0; i < perSlab; i++) {
            assertNotEquals(Slabs.NONE, slabs.allocate(1024));
        }
        assertEquals(Slabs.NONE, slabs.allocate(1024), "the one slab is full");
        assertEquals(Slabs.NONE, slabs.allocate(600), "no slab for another class");
        assertEquals(Slabs.SLAB_BYTES, slabs.slabBytes());
    }

    @Test
    void theDirectMemoryLimitIsReadAsTheJvmReadsIt() {
        assertEquals(512L << 20, Slabs.parseSize("512m"));
        assertEquals(2L << 30, Slabs.parseSize("2G"));
        assertEquals(1048576, Slabs.parseSize("1048576"));
        assertEquals(64L << 10, Slabs.parseSize("64k"));
        assertEquals(-1, Slabs.parseSize("lots"));
        assertEquals(-1, Slabs.parseSize(""));
        assertTrue(Slabs.maxDirectMemory() > 0);
    }
}
