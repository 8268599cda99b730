package io.quicksilver.core.pubsub;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wraps an in-process {@link Subscriber} so that it runs on an executor instead of the publisher's
 * thread. Use it for any subscriber that may block or call back into the engine (run a command,
 * take a lock): keyspace notifications are published while the changing thread holds a segment
 * lock, and a subscriber that ran a command there could lock segments out of the global order and
 * deadlock the engine.
 *
 * <p>Messages reach the target in the order they were published to this wrapper, one at a time
 * (never two concurrently), on the executor's threads. At most {@code capacity} messages wait;
 * beyond that new messages are dropped and counted in {@link #dropped()}, the in-process
 * counterpart of Redis disconnecting a pub/sub client over its output buffer limit. A target that
 * throws is skipped for that message.
 *
 * <p>Thread-safe: the publishing side may be called from any number of threads.
 */
public final class HandOffSubscriber implements Subscriber {
    private static final Logger LOG = Logger.getLogger(HandOffSubscriber.class.getName());

    private final Subscriber target;
    private final Executor executor;
    private final int capacity;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();

    /**
     * @param target   the subscriber that does the work, called on {@code executor}
     * @param executor where {@code target} runs; any executor (a shared pool is fine: this
     *                 wrapper never runs two of its messages at once)
     * @param capacity how many messages may wait before new ones are dropped (at least 1)
     */
    public HandOffSubscriber(Subscriber target, Executor executor, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.target = Objects.requireNonNull(target, "target");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.capacity = capacity;
    }

    /** With room for 65536 waiting messages. */
    public HandOffSubscriber(Subscriber target, Executor executor) {
        this(target, executor, 1 << 16);
    }

    @Override
    public void message(byte[] channel, byte[] message) {
        enqueue(() -> target.message(channel, message));
    }

    @Override
    public void patternMessage(byte[] pattern, byte[] channel, byte[] message) {
        enqueue(() -> target.patternMessage(pattern, channel, message));
    }

    @Override
    public void shardMessage(byte[] channel, byte[] message) {
        enqueue(() -> target.shardMessage(channel, message));
    }

    /** Messages dropped because {@code capacity} were already waiting. */
    public long dropped() {
        return dropped.sum();
    }

    /** Messages waiting to be delivered. */
    public int pending() {
        return queued.get();
    }

    private void enqueue(Runnable delivery) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.add(delivery);
        schedule();
    }

    /** Starts a drain on the executor unless one is running; a drain empties the queue. */
    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // executor shut down: nobody will deliver; forget what waits
                int n = 0;
                while (queue.poll() != null) {
                    n++;
                }
                queued.addAndGet(-n);
                dropped.add(n);
                draining.set(false);
            }
        }
    }

    private void drain() {
        for (;;) {
            Runnable r;
            while ((r = queue.poll()) != null) {
                queued.decrementAndGet();
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "subscriber " + target + " failed", e); // loses this message only
                }
            }
            draining.set(false);
            // a message enqueued after our last poll but before the flag was cleared saw the
            // drain running and did not schedule one: pick it up ourselves
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "hand-off to " + target;
    }
}
