package io.quicksilver.jcache.annotation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import javax.cache.CacheException;

/**
 * Runs a computation at most once at a time per key: a caller that finds a computation for an
 * equal key running waits for it and shares its outcome (its value, or the very throwable it
 * threw) instead of running its own. There is no global lock: callers with different keys never
 * wait for each other, and a key's entry is removed as soon as its computation ends, so nothing
 * is kept for keys no longer being computed. A computation that calls back for its own key on
 * its own thread runs that call directly rather than wait for itself.
 *
 * <p>Thread-safe. Like any per-key lock, two computations that each wait for the other's key
 * deadlock; a waiter that is interrupted stops waiting with a {@link CacheException} and keeps
 * its interrupt status.
 */
final class SingleFlight {
    /** A computation that may throw anything. */
    @FunctionalInterface
    interface Computation {
        Object compute() throws Throwable;
    }

    private final ConcurrentMap<Object, Flight> flights = new ConcurrentHashMap<>();

    /**
     * Runs {@code computation} unless one for {@code key} is running; then waits for it and
     * returns {@code shared} applied to its value, or throws what it threw.
     *
     * @param key the key (its {@code equals} and {@code hashCode} decide who shares)
     * @param computation the work; its result may be null
     * @param shared maps the running computation's value for a waiter (e.g. re-reads a copy)
     */
    Object execute(Object key, Computation computation, UnaryOperator<Object> shared) throws Throwable {
        Flight mine = new Flight();
        Flight running = flights.putIfAbsent(key, mine);
        if (running != null) {
            if (running.owner == Thread.currentThread()) {
                return computation.compute();
            }
            return shared.apply(running.await());
        }
        try {
            Object value = computation.compute();
            mine.outcome.complete(value);
            return value;
        } catch (Throwable t) {
            mine.outcome.completeExceptionally(t);
            throw t;
        } finally {
            flights.remove(key, mine);
        }
    }

    /** How many keys are being computed now (for tests: nothing must stay behind). */
    int inFlight() {
        return flights.size();
    }

    private static final class Flight {
        final Thread owner = Thread.currentThread();
        final CompletableFuture<Object> outcome = new CompletableFuture<>();

        Object await() throws Throwable {
            try {
                return outcome.get();
            } catch (ExecutionException e) {
                throw e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CacheException("interrupted while waiting for another thread computing the same cache entry", e);
            }
        }
    }
}
