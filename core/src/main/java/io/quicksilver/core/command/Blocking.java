package io.quicksilver.core.command;

import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.ValueType;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Clients blocked on keys (BLPOP, BRPOP, BLMOVE, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP): Redis's
 * blocking_keys and ready_keys. A blocked client parks no thread: it is a {@link Waiter} in the
 * FIFO queue of each key it waits on, plus a timer.
 *
 * <p>How a waiter is served: a command that adds data to a key someone waits on calls
 * {@link Context#signalReady}; when that command (or the whole EXEC) has finished, the
 * dispatcher, still on the same thread, re-runs each waiting command of each ready key in the
 * order the clients blocked, as an ordinary atomic command. If the data is there the command
 * writes its reply, which is handed to the waiter's connection, and the client is unblocked; if
 * not (another waiter took it), the handler asks to block again and the waiter keeps its place.
 * A waiter whose key now holds another type is not tried, as in Redis 7.0.
 *
 * <p>Threading: queues are guarded by this object's monitor; serving runs without it, taking
 * the command's segment locks like any command. A waiter is finished exactly once (served,
 * timed out, unblocked by CLIENT UNBLOCK, or disconnected), decided by {@link Waiter#finish}.
 */
public final class Blocking {

    private record BlockKey(int db, ByteBuffer key) {}

    /** One blocked command. */
    public static final class Waiter {
        final Client client;
        final CommandSpec spec;
        final byte[][] args;
        final int db;
        final byte[][] keys;
        final ValueType type;
        final Consumer<Reply> onTimeout;
        /** Guarded by this waiter's monitor, which serving also holds while it runs. */
        private boolean finished;
        volatile ScheduledFuture<?> timer;

        Waiter(Client client, CommandSpec spec, byte[][] args, int db, byte[][] keys, ValueType type,
                Consumer<Reply> onTimeout) {
            this.client = client;
            this.spec = spec;
            this.args = args;
            this.db = db;
            this.keys = keys;
            this.type = type;
            this.onTimeout = onTimeout;
        }

        /** True for the one caller that gets to finish this waiter. */
        synchronized boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            return true;
        }

        public Client client() {
            return client;
        }
    }

    private final Node node;
    private final Map<BlockKey, LinkedHashSet<Waiter>> byKey = new ConcurrentHashMap<>();
    private final ThreadLocal<ArrayDeque<BlockKey>> ready = ThreadLocal.withInitial(ArrayDeque::new);

    Blocking(Node node) {
        this.node = node;
    }

    /** Number of blocked clients (INFO clients: blocked_clients). */
    public synchronized int blockedClients() {
        java.util.Set<Client> clients = new java.util.HashSet<>();
        for (LinkedHashSet<Waiter> set : byKey.values()) {
            for (Waiter w : set) {
                clients.add(w.client);
            }
        }
        return clients.size();
    }

    /** Blocked clients whose wait has a timeout (INFO clients: clients_in_timeout_table). */
    public synchronized int clientsWithTimeout() {
        java.util.Set<Client> clients = new java.util.HashSet<>();
        for (LinkedHashSet<Waiter> set : byKey.values()) {
            for (Waiter w : set) {
                if (w.timer != null) {
                    clients.add(w.client);
                }
            }
        }
        return clients.size();
    }

    /** Number of keys with blocked clients (INFO clients: total_blocking_keys). */
    public int blockingKeys() {
        return byKey.size();
    }

    /**
     * Parks {@code ctx.client} on {@code keys}; called through {@link Context#block}.
     *
     * @param timeoutMillis relative timeout, 0 = forever
     */
    void block(Context ctx, byte[][] keys, ValueType type, long timeoutMillis, Consumer<Reply> onTimeout) {
        Waiter w = new Waiter(ctx.client, ctx.spec, ctx.args, ctx.client.db, keys, type, onTimeout);
        synchronized (this) {
            for (byte[] k : keys) {
                byKey.computeIfAbsent(new BlockKey(w.db, ByteBuffer.wrap(k)), x -> new LinkedHashSet<>()).add(w);
            }
        }
        ctx.client.blocked = w;
        if (timeoutMillis > 0) {
            w.timer = node.engine().scheduler().schedule(() -> timeout(w), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void timeout(Waiter w) {
        if (!w.finish()) {
            return;
        }
        remove(w);
        release(w, w.onTimeout);
    }

    /**
     * CLIENT UNBLOCK: ends the client's wait with its timeout reply, or with the UNBLOCKED error.
     * Returns false when the client was not blocked on keys.
     */
    public boolean unblock(Client client, boolean error) {
        Waiter w = client.blocked;
        if (w == null || !w.finish()) {
            return false;
        }
        remove(w);
        release(w, error ? r -> r.error("UNBLOCKED client unblocked via CLIENT UNBLOCK") : w.onTimeout);
        return true;
    }

    /** The client disconnected: forget its wait without replying. */
    public void cancel(Client client) {
        Waiter w = client.blocked;
        if (w != null && w.finish()) {
            remove(w);
            client.blocked = null;
        }
    }

    private void release(Waiter w, Consumer<Reply> reply) {
        ScheduledFuture<?> t = w.timer;
        if (t != null) {
            t.cancel(false);
        }
        // the answer is queued before the client counts as unblocked, so none of its later
        // commands can overtake it
        Client.Connection conn = w.client.connection();
        if (conn != null) {
            conn.push(reply);
        }
        w.client.blocked = null;
        if (conn != null) {
            conn.unblocked();
        }
    }

    private synchronized void remove(Waiter w) {
        for (byte[] k : w.keys) {
            BlockKey bk = new BlockKey(w.db, ByteBuffer.wrap(k));
            LinkedHashSet<Waiter> set = byKey.get(bk);
            if (set != null) {
                set.remove(w);
                if (set.isEmpty()) {
                    byKey.remove(bk);
                }
            }
        }
    }

    /** A key received data; if someone waits on it, remember it for {@link #serveReady}. */
    void signal(int db, byte[] key) {
        if (byKey.isEmpty()) {
            return;
        }
        BlockKey bk = new BlockKey(db, ByteBuffer.wrap(key));
        if (byKey.containsKey(bk)) {
            ready.get().add(bk);
        }
    }

    boolean hasReady() {
        return !byKey.isEmpty() && !ready.get().isEmpty();
    }

    /**
     * Serves the waiters of the keys made ready on this thread, in blocking order, until no
     * ready keys remain (serving may make more keys ready: BLMOVE pushes).
     */
    void serveReady(Dispatcher dispatcher) {
        ArrayDeque<BlockKey> queue = ready.get();
        while (!queue.isEmpty()) {
            BlockKey bk = queue.poll();
            List<Waiter> waiters;
            synchronized (this) {
                LinkedHashSet<Waiter> set = byKey.get(bk);
                if (set == null) {
                    continue;
                }
                waiters = new ArrayList<>(set);
            }
            byte[] key = bk.key().array();
            for (Waiter w : waiters) {
                if (!typeMatches(bk.db(), key, w.type)) {
                    break; // the key is gone or of another type: nobody on it can be served now
                }
                serve(dispatcher, w);
            }
        }
    }

    private boolean typeMatches(int db, byte[] key, ValueType type) {
        try (var l = node.engine().lockKeys(db, key)) {
            Entry e = node.engine().db(db).peek(key);
            return e != null && e.type() == type;
        }
    }

    /**
     * Re-runs a waiter's command. Holds the waiter's monitor throughout, so a timeout or CLIENT
     * UNBLOCK cannot finish it between taking the data and claiming the waiter.
     */
    private void serve(Dispatcher dispatcher, Waiter w) {
        RecordedReply reply;
        synchronized (w) {
            if (w.finished) {
                return;
            }
            reply = new RecordedReply(w.client.protocol);
            if (!dispatcher.retry(w.client, w.spec, w.args, w.db, reply)) {
                return;
            }
            w.finished = true;
        }
        remove(w);
        release(w, reply);
    }

    /** Waiters of a client, for tests and CLIENT LIST. */
    synchronized Collection<Waiter> waitersOn(int db, byte[] key) {
        LinkedHashSet<Waiter> set = byKey.get(new BlockKey(db, ByteBuffer.wrap(key)));
        return set == null ? List.of() : new ArrayList<>(set);
    }
}
