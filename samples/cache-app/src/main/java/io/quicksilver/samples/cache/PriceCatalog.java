package io.quicksilver.samples.cache;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow system of record the cache saves calls to: every lookup takes {@link #LATENCY_MS} and
 * is counted, so a caller can tell a cache hit (no new lookup) from a miss.
 */
@ApplicationScoped
public class PriceCatalog {
    /** How long a lookup takes, in milliseconds. */
    public static final long LATENCY_MS = 1000;

    private final AtomicLong lookups = new AtomicLong();

    /**
     * The list price of {@code sku}: made up from its name, the same every time (cents from its
     * hash), after a {@link #LATENCY_MS} wait.
     *
     * @throws IllegalArgumentException if {@code sku} is blank
     */
    public String lookup(String sku) {
        if (sku.isBlank()) {
            throw new IllegalArgumentException("no sku");
        }
        lookups.incrementAndGet();
        try {
            TimeUnit.MILLISECONDS.sleep(LATENCY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up " + sku, e);
        }
        int cents = 100 + Math.floorMod(sku.hashCode(), 9900);
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    /** How many lookups have been made since the application started. */
    public long lookups() {
        return lookups.get();
    }
}
