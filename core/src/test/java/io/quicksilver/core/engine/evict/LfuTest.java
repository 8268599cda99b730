package io.quicksilver.core.engine.evict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Redis's LFU arithmetic (evict.c), value by value. */
class LfuTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % MINUTE; // a whole minute

    @Test
    void initialCounterAndTime() {
        int packed = Lfu.initial(T0);
        assertEquals(Lfu.INIT_VAL, packed & 0xFF);
        assertEquals((T0 / MINUTE) & 0xFFFF, packed >>> 8);
        assertEquals(Lfu.INIT_VAL, Lfu.decrAndReturn(packed, T0 + 59_999, 1), "less than a minute: no decay");
    }

    @Test
    void logIncrProbability() {
        // at or below INIT_VAL the counter always grows
        assertEquals(1, Lfu.logIncr(0, 10, 0.999));
        assertEquals(6, Lfu.logIncr(5, 10, 0.999));
        // above: p = 1 / ((counter - 5) * factor + 1); at 6 with factor 10: 1/11
        assertEquals(7, Lfu.logIncr(6, 10, 1.0 / 11 - 1e-9));
        assertEquals(6, Lfu.logIncr(6, 10, 1.0 / 11));
        assertEquals(101, Lfu.logIncr(100, 0, 0.999), "factor 0: every access counts");
        assertEquals(255, Lfu.logIncr(255, 0, 0.0), "saturates");
    }

    @Test
    void decayByPeriodsOfDecayTime() {
        int packed = (Lfu.minutes(T0) << 8) | 20;
        assertEquals(20, Lfu.decrAndReturn(packed, T0 + 9 * MINUTE, 0), "decay time 0: never");
        assertEquals(11, Lfu.decrAndReturn(packed, T0 + 9 * MINUTE, 1));
        assertEquals(17, Lfu.decrAndReturn(packed, T0 + 9 * MINUTE, 3));
        assertEquals(0, Lfu.decrAndReturn(packed, T0 + 25 * MINUTE, 1), "not below 0");
    }

    @Test
    void elapsedCountsOneWrapOfTheSixteenBitClock() {
        assertEquals(3, Lfu.elapsed(10, 13));
        assertEquals(0, Lfu.elapsed(10, 10));
        // Redis's LFUTimeElapsed: 65535 - ldt + now (one short of the true distance, as Redis)
        assertEquals(65535 - 65530 + 2, Lfu.elapsed(65530, 2));
    }

    @Test
    void updateStoresTheDecayedCounterPlusOneAndTheTime() {
        int packed = (Lfu.minutes(T0) << 8) | 9;
        int updated = Lfu.update(packed, T0 + 4 * MINUTE, 0, 1, 0.5);
        assertEquals(6, updated & 0xFF, "9 - 4 minutes + 1");
        assertEquals(Lfu.minutes(T0 + 4 * MINUTE), updated >>> 8);
    }
}
