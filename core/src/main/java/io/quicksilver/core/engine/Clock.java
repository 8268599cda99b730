package io.quicksilver.core.engine;

/**
 * The engine's time source, injected so that expiry can be tested without sleeping.
 * Implementations are thread-safe.
 */
public interface Clock {

    /** Wall-clock milliseconds since the epoch: what TTLs and EXPIREAT are measured against. */
    long millis();

    /** A monotonic nanosecond counter for durations (slowlog, latency, timeouts). */
    long nanos();

    Clock SYSTEM = new Clock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }
    };
}
