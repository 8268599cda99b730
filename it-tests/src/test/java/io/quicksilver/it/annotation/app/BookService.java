package io.quicksilver.it.annotation.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * The application's service: every cached method counts its real invocations per method and
 * argument, so a test tells a cache hit (count unchanged) from a miss.
 */
@ApplicationScoped
@CacheDefaults(cacheName = "books")
public class BookService {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** Cache {@code books}, key the isbn. */
    @CacheResult
    public String title(String isbn) {
        return "Title of " + isbn + " #" + count("title:" + isbn);
    }

    /** Cache {@code quotes}; its IllegalArgumentException is kept in {@code quote-failures}. */
    @CacheResult(cacheName = "quotes", exceptionCacheName = "quote-failures",
            cachedExceptions = IllegalArgumentException.class)
    public String quote(String id) {
        int n = count("quote:" + id);
        if (id.startsWith("bad")) {
            throw new IllegalArgumentException("no quote " + id + " #" + n);
        }
        return "quote " + id;
    }

    /** Stores {@code title} in {@code books} under the isbn, after the method ran. */
    @CachePut
    public void save(@CacheKey String isbn, @CacheValue String title) {
        count("save:" + isbn);
    }

    /** Removes the isbn's entry from {@code books}. */
    @CacheRemove
    public void delete(String isbn) {
        count("delete:" + isbn);
    }

    /** Empties {@code books}. */
    @CacheRemoveAll
    public void deleteAll() {
        count("deleteAll");
    }

    /** Cache {@code slow}: the computation waits at the gate (at most 20 s) before answering. */
    @CacheResult(cacheName = "slow")
    public String slow(String key) {
        int n = count("slow:" + key);
        try {
            if (!gate.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return key + "#" + n;
    }

    /** Holds later {@link #slow} computations until {@code gate} opens. */
    public void setGate(CountDownLatch gate) {
        this.gate = gate;
    }

    /** How many times {@code what} (e.g. {@code title:42}) really ran. */
    public int calls(String what) {
        AtomicInteger n = calls.get(what);
        return n == null ? 0 : n.get();
    }

    private int count(String what) {
        return calls.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }
}
