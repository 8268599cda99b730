package io.quicksilver.core.engine.evict;

/**
 * Redis's LFU data (evict.c), packed in an entry's 32-bit access field as Redis packs it in the
 * 24 LRU bits of an object: the high 16 bits are the time of the last decrement in minutes
 * (unix minutes modulo 2^16), the low 8 bits a logarithmic access counter. A new key starts at
 * {@value #INIT_VAL}; each access increments the counter with probability
 * {@code 1 / ((counter - INIT_VAL) * lfu-log-factor + 1)}; every {@code lfu-decay-time} minutes
 * without access take one off. Pure functions; thread-safe.
 */
public final class Lfu {
    /** The counter of a new key (LFU_INIT_VAL), so it is not evicted before it had a chance. */
    public static final int INIT_VAL = 5;

    private Lfu() {}

    /** Redis's LFUGetTimeInMinutes: unix minutes, 16 bits. */
    static int minutes(long nowMillis) {
        return (int) ((nowMillis / 60_000) & 0xFFFF);
    }

    /** The packed LFU data of a key created at {@code nowMillis}. */
    public static int initial(long nowMillis) {
        return (minutes(nowMillis) << 8) | INIT_VAL;
    }

    /** Minutes since {@code ldt}, counting one wrap of the 16-bit clock (LFUTimeElapsed). */
    static long elapsed(int ldt, int now) {
        return now >= ldt ? now - ldt : 65535 - ldt + now;
    }

    /**
     * The counter after the decay due by now, without storing it (Redis's LFUDecrAndReturn,
     * what OBJECT FREQ answers).
     *
     * @param packed    the entry's access field
     * @param nowMillis the current time
     * @param decayTime lfu-decay-time in minutes; 0 never decays
     */
    public static int decrAndReturn(int packed, long nowMillis, int decayTime) {
        int ldt = (packed >>> 8) & 0xFFFF;
        int counter = packed & 0xFF;
        long periods = decayTime != 0 ? elapsed(ldt, minutes(nowMillis)) / decayTime : 0;
        if (periods > 0) {
            counter = periods > counter ? 0 : (int) (counter - periods);
        }
        return counter;
    }

    /**
     * Redis's LFULogIncr: increments {@code counter} (0..255) with probability
     * {@code 1 / ((counter - INIT_VAL) * logFactor + 1)}, saturating at 255.
     *
     * @param counter   the current counter
     * @param logFactor lfu-log-factor
     * @param random    a uniform random number in [0, 1)
     */
    public static int logIncr(int counter, int logFactor, double random) {
        if (counter == 255) {
            return 255;
        }
        double base = Math.max(0, counter - INIT_VAL);
        double p = 1.0 / (base * logFactor + 1);
        return random < p ? counter + 1 : counter;
    }

    /**
     * Redis's updateLFU, on each access: the decayed counter, incremented logarithmically, stored
     * with the current time.
     *
     * @param packed    the entry's access field
     * @param nowMillis the current time
     * @param logFactor lfu-log-factor
     * @param decayTime lfu-decay-time
     * @param random    a uniform random number in [0, 1)
     * @return the new access field
     */
    public static int update(int packed, long nowMillis, int logFactor, int decayTime, double random) {
        int counter = logIncr(decrAndReturn(packed, nowMillis, decayTime), logFactor, random);
        return (minutes(nowMillis) << 8) | counter;
    }
}
