package io.quicksilver.core.engine;

/**
 * Estimates of the heap bytes a key and its value hold (object headers, arrays, the entry and its
 * share of the bucket table), kept per segment for INFO and maxmemory.
 */
final class Memory {
    private Memory() {}

    /** The entry and its key, without the value ({@link #value}). */
    static long entry(byte[] key) {
        return 48 + array(key.length);
    }

    static long value(Object value) {
        if (value instanceof byte[] b) {
            return array(b.length);
        }
        if (value instanceof MutableString m) {
            return m.memoryUsage();
        }
        if (value instanceof TypedValue t) {
            return t.memoryUsage();
        }
        return 16;
    }

    static long array(int length) {
        return (16 + length + 7) & ~7L;
    }
}
