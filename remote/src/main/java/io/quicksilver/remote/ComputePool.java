package io.quicksilver.remote;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quicksilver.core.store.StoreException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small pool of dedicated connections to one server, for {@code compute}: WATCH belongs to a
 * connection, so each optimistic transaction needs a connection nobody else writes on meanwhile.
 * Connections are opened on demand, at most {@code max} at a time; a caller waits up to the
 * timeout for one. A connection that failed is closed rather than handed back.
 *
 * <p>Thread-safe.
 */
final class ComputePool implements AutoCloseable {
    private final Supplier<StatefulRedisConnection<byte[], byte[]>> opener;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<StatefulRedisConnection<byte[], byte[]>> idle = new ConcurrentLinkedDeque<>();
    private final Duration timeout;
    private final String name;
    private volatile boolean closed;

    ComputePool(String name, Supplier<StatefulRedisConnection<byte[], byte[]>> opener, int max, Duration timeout) {
        this.name = name;
        this.opener = opener;
        this.permits = new Semaphore(max);
        this.timeout = timeout;
    }

    /** A connection for the caller alone; hand it back with {@link #release}. */
    StatefulRedisConnection<byte[], byte[]> borrow() {
        if (closed) throw new StoreException("store closed");
        try {
            if (!permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreException("no connection to " + name + " free for compute within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a connection to " + name, e);
        }
        StatefulRedisConnection<byte[], byte[]> c;
        while ((c = idle.pollFirst()) != null) {
            if (c.isOpen()) return c;
            c.closeAsync();
        }
        try {
            return opener.get();
        } catch (RedisException | StoreException e) {
            permits.release();
            throw e instanceof StoreException se ? se : new StoreException(message(e), e);
        }
    }

    /**
     * Hands {@code c} back.
     *
     * @param broken true if a command failed on it in a way that may leave it in an unknown state
     *               (timeout, lost connection): it is closed instead of reused
     */
    void release(StatefulRedisConnection<byte[], byte[]> c, boolean broken) {
        try {
            if (broken || closed || !c.isOpen()) {
                c.closeAsync();
            } else {
                idle.addFirst(c);
                if (closed && idle.remove(c)) c.closeAsync();
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        // the idle connections are closed by the client's shutdown, which follows
        closed = true;
        idle.clear();
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
