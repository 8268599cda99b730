package io.quicksilver.jcache.annotation.beans;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts real invocations by name. Thread-safe. */
public final class Calls {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Counts one call of {@code name} and returns how many there have been. */
    public int count(String name) {
        return counts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    }

    /** How many times {@code name} ran. */
    public int of(String name) {
        AtomicInteger c = counts.get(name);
        return c == null ? 0 : c.get();
    }

    public void reset() {
        counts.clear();
    }
}
