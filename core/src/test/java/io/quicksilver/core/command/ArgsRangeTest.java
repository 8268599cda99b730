package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Args#rangeStart} / {@link Args#rangeEnd} against Redis's own index normalisation. */
class ArgsRangeTest {

    /**
     * Redis 7.0's addListRangeReply / zrangeGenericCommand / ltrimCommand, written out: the
     * normalised {start, end}, or null for an empty range.
     */
    private static long[] redis(long start, long end, long llen) {
        if (start < 0) {
            start = llen + start;
        }
        if (end < 0) {
            end = llen + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= llen) {
            return null;
        }
        if (end >= llen) {
            end = llen - 1;
        }
        return new long[] {start, end};
    }

    @Test
    void sameRangesAsRedis() {
        long[] edges = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1_000_000, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        int checked = 0;
        for (long llen = 0; llen <= 6; llen++) {
            for (long start = -9; start <= 9 + edges.length; start++) {
                for (long end = -9; end <= 9 + edges.length; end++) {
                    long s = start > 9 ? edges[(int) (start - 10)] : start;
                    long e = end > 9 ? edges[(int) (end - 10)] : end;
                    long[] want = redis(s, e, llen);
                    long gotStart = Args.rangeStart(s, llen);
                    long gotEnd = Args.rangeEnd(e, llen);
                    String at = "start " + s + " end " + e + " size " + llen;
                    if (want == null) {
                        assertEquals(true, gotStart > gotEnd, at);
                    } else {
                        assertEquals(want[0], gotStart, at);
                        assertEquals(want[1], gotEnd, at);
                    }
                    checked++;
                }
            }
        }
        assertEquals(7 * 24 * 24, checked);
    }
}
