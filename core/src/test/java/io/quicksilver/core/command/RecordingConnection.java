package io.quicksilver.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A fake {@link Client.Connection} for tests: records every push (pub/sub messages, MONITOR
 * lines) as Java values through a {@link RecordingReply}. Thread-safe: publishers push from any
 * thread, the test reads and waits.
 */
public final class RecordingConnection implements Client.Connection {
    private final RecordingReply reply;
    private boolean closed;
    private final List<byte[]> reused = new ArrayList<>();

    public RecordingConnection() {
        this(2);
    }

    /** @param protocol what {@link Reply#protocol()} answers to the pushed writers */
    public RecordingConnection(int protocol) {
        this.reply = new RecordingReply(protocol);
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:50000";
    }

    @Override
    public String localAddress() {
        return "127.0.0.1:6379";
    }

    @Override
    public synchronized void close(boolean flushFirst) {
        closed = true;
    }

    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void push(Consumer<Reply> message) {
        int before = reply.values().size();
        message.accept(reply);
        if (reply.values().size() != before + 1) {
            throw new AssertionError("a push must write exactly one value");
        }
        notifyAll();
    }

    @Override
    public long outputBufferBytes() {
        return 0;
    }

    @Override
    public long queryBufferBytes() {
        return 0;
    }

    @Override
    public synchronized void reuse(byte[] argument) {
        reused.add(argument);
    }

    /** The arrays commands handed back ({@link Client.Connection#reuse}) so far, and forgets them. */
    public synchronized List<byte[]> drainReused() {
        List<byte[]> out = new ArrayList<>(reused);
        reused.clear();
        return out;
    }

    /** Everything pushed so far, in order. */
    public synchronized List<Object> messages() {
        return new ArrayList<>(reply.values());
    }

    /** Returns what was pushed so far and forgets it. */
    public synchronized List<Object> drain() {
        List<Object> out = new ArrayList<>(reply.values());
        reply.values().clear();
        return out;
    }

    /** Waits until at least {@code n} messages were pushed (or the timeout passed); returns them. */
    public synchronized List<Object> await(int n, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (reply.values().size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return new ArrayList<>(reply.values());
    }
}
