package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Args#bytes(long)} writes the digits itself: the same text as {@link Long#toString}. */
class ArgsBytesTest {

    private static void check(long v) {
        assertArrayEquals(Long.toString(v).getBytes(StandardCharsets.US_ASCII), Args.bytes(v), Long.toString(v));
    }

    @Test
    void sameTextAsLongToString() {
        long[] edges = {0, 1, -1, 9, 10, -9, -10, 99, 100, -100, Integer.MAX_VALUE, Integer.MIN_VALUE,
            999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -1_000_000_000_000_000_000L,
            Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long v : edges) {
            check(v);
        }
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) { // every length, both sides of it
            check(p);
            check(p - 1);
            check(-p);
            check(-p + 1);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            check(v);
        }
    }
}
