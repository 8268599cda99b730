package io.quicksilver.jcache.annotation.beans;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/** {@code @CacheResult} in its variants. */
@ApplicationScoped
public class ResultBean {
    private final Calls calls = new Calls();

    public Calls calls() {
        return calls;
    }
    /** Held shut by the stampede tests while a computation runs. */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public void setGate(CountDownLatch gate) {
        this.gate = gate;
    }

    @CacheResult(cacheName = "results")
    public String compute(String a, int b) {
        return a + b + "#" + calls.count("compute");
    }

    @CacheResult(cacheName = "keyed")
    public String keyed(String ignored, @CacheKey String id, @CacheKey int n) {
        return id + n + ignored + "#" + calls.count("keyed");
    }

    @CacheResult
    public String defaultName(String s) {
        return s + "#" + calls.count("defaultName");
    }

    @CacheResult
    public String defaultNameOfMany(String s, int[] numbers) {
        return s + Arrays.toString(numbers) + "#" + calls.count("defaultNameOfMany");
    }

    @CacheResult(cacheName = "arrays")
    public String arrays(String s, int[] numbers) {
        return s + Arrays.toString(numbers) + "#" + calls.count("arrays");
    }

    @CacheResult(cacheName = "skip", skipGet = true)
    public String skipGet(String id) {
        return id + "#" + calls.count("skipGet");
    }

    @CacheResult(cacheName = "nulls")
    public String nullResult(String id) {
        calls.count("nullResult");
        return null;
    }

    /** Throws an IOException (or a FileNotFoundException for "fnf"). */
    @CacheResult(cacheName = "failing", exceptionCacheName = "failures")
    public String failing(String id) throws IOException {
        int n = calls.count("failing");
        if (id.equals("fnf")) {
            throw new FileNotFoundException(id + "#" + n);
        }
        throw new IOException(id + "#" + n);
    }

    /** Throws what it is given; only IllegalStateExceptions that are not UnsupportedOperation... are cached. */
    @CacheResult(cacheName = "filtered", exceptionCacheName = "filteredFailures",
            cachedExceptions = RuntimeException.class, nonCachedExceptions = IllegalArgumentException.class)
    public String filtered(@CacheKey String id, RuntimeException toThrow) {
        calls.count("filtered:" + id);
        throw toThrow;
    }

    /** An exception that cannot be serialized, so a store-by-value exception cache cannot take it. */
    public static class UnserializableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings({"unused", "serial"})
        private final Object notSerializable = new Object();

        public UnserializableFailure(String message) {
            super(message);
        }
    }

    @CacheResult(cacheName = "unserializable", exceptionCacheName = "unserializableFailures")
    public String throwsUnserializable(String id) {
        throw new UnserializableFailure(id + "#" + calls.count("throwsUnserializable"));
    }

    /** No exception cache: exceptions are never cached. */
    @CacheResult(cacheName = "uncachedFailures")
    public String throwsUncached(String id) {
        throw new IllegalStateException(id + "#" + calls.count("throwsUncached"));
    }

    /** Waits for {@link #gate}, so concurrent callers pile up behind the first. */
    @CacheResult(cacheName = "slow")
    public String slow(String id) throws InterruptedException {
        int n = calls.count("slow:" + id);
        if (!gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
        return id + "#" + n;
    }

    /** Waits for {@link #gate}, then fails. */
    @CacheResult(cacheName = "slowFailing")
    public String slowFailing(String id) throws Exception {
        int n = calls.count("slowFailing:" + id);
        if (!gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
        throw new IOException(id + "#" + n);
    }
}
