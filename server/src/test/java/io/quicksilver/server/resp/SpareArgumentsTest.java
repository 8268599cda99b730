package io.quicksilver.server.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpareArgumentsTest {
    @Test
    void anArrayHandedBackServesTheNextArgumentOfItsLengthOnce() {
        SpareArguments spares = new SpareArguments();
        byte[] a = spares.take(1024);
        assertEquals(1024, a.length);
        spares.give(a);
        spares.give(a); // twice: kept once
        assertEquals(1, spares.count());
        assertNotSame(a, spares.take(1000), "another length gets a new array");
        assertSame(a, spares.take(1024));
        assertNotSame(a, spares.take(1024), "taken out: never given to two arguments");
        assertEquals(0, spares.count());
    }

    @Test
    void onlyLongArgumentsUpToTheIncrementalReadAreKept() {
        SpareArguments spares = new SpareArguments();
        spares.give(new byte[SpareArguments.MIN - 1]);
        spares.give(new byte[SpareArguments.MAX + 1]);
        assertEquals(0, spares.count());
        byte[] min = new byte[SpareArguments.MIN];
        byte[] max = new byte[SpareArguments.MAX];
        spares.give(min);
        spares.give(max);
        assertSame(min, spares.take(SpareArguments.MIN));
        assertSame(max, spares.take(SpareArguments.MAX));
    }

    @Test
    void boundedInCountPerLengthInLengthsAndInBytes() {
        SpareArguments spares = new SpareArguments();
        for (int i = 0; i < SpareArguments.DEPTH + 5; i++) {
            spares.give(new byte[600]);
        }
        assertEquals(SpareArguments.DEPTH, spares.count());
        // more lengths than slots: older lengths give way, the newest is always kept
        for (int len = 700; len < 700 + SpareArguments.LENGTHS * 2; len++) {
            byte[] a = new byte[len];
            spares.give(a);
            assertSame(a, spares.take(len));
            spares.give(a);
        }
        assertTrue(spares.count() <= SpareArguments.LENGTHS * SpareArguments.DEPTH);
        // the byte budget: 32 KiB arrays fill it after 32, and a new length still gets room
        SpareArguments big = new SpareArguments();
        for (int i = 0; i < 40; i++) {
            big.give(new byte[SpareArguments.MAX]);
        }
        assertEquals(SpareArguments.MAX_BYTES / SpareArguments.MAX, big.count());
        assertTrue(big.bytes() <= SpareArguments.MAX_BYTES);
        byte[] other = new byte[SpareArguments.MAX - 1];
        big.give(other);
        assertSame(other, big.take(SpareArguments.MAX - 1));
        assertTrue(big.bytes() <= SpareArguments.MAX_BYTES);
    }

    @Test
    void randomGivesAndTakesNeverHandOutAnArrayTwice() {
        SpareArguments spares = new SpareArguments();
        Random rnd = new Random(7);
        IdentityHashMap<byte[], Boolean> out = new IdentityHashMap<>();
        List<byte[]> held = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            if (held.isEmpty() || rnd.nextBoolean()) {
                int len = SpareArguments.MIN + rnd.nextInt(12) * 1000;
                byte[] a = spares.take(len);
                assertEquals(len, a.length);
                assertTrue(out.put(a, Boolean.TRUE) == null, "an array handed out while still out");
                held.add(a);
            } else {
                byte[] a = held.remove(rnd.nextInt(held.size()));
                out.remove(a);
                spares.give(a);
                if (rnd.nextInt(10) == 0) {
                    spares.give(a); // a second hand-back is ignored
                }
            }
            assertTrue(spares.bytes() <= SpareArguments.MAX_BYTES);
        }
    }
}
