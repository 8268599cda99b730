package io.quicksilver.remote;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's pub/sub side: message listeners per channel and expiry listeners per key prefix,
 * over the backend's pub/sub connection(s).
 *
 * <p>Listeners are called on one thread of the store's ("qs-remote-events-N"), in the order the
 * messages arrived, never on Lettuce's I/O thread: a listener may then call the store (a blocking
 * command on an I/O thread would wait for a reply that same thread must read). Registration
 * methods are synchronized; dispatch reads copy-on-write lists.
 */
final class Channels implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Channels.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final String NOTIFY = "notify-keyspace-events";

    private final Backend backend;
    private final String description;
    private final byte[] expiredChannel;
    private final byte[] evictedChannel;
    private final ExecutorService events;
    private final Map<ByteBuffer, CopyOnWriteArrayList<Store.MessageListener>> listeners = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ExpiryRegistration> expiry = new CopyOnWriteArrayList<>();
    private final Set<StatefulRedisPubSubConnection<byte[], byte[]>> userAdapterOn = new HashSet<>();
    private final Set<StatefulRedisPubSubConnection<byte[], byte[]>> keyEventAdapterOn = new HashSet<>();
    private List<StatefulRedisPubSubConnection<byte[], byte[]>> keyEventConnections = List.of();
    private boolean configChecked;
    private boolean warned;
    private volatile boolean keyEventsActive;
    private final AtomicBoolean recheckPending = new AtomicBoolean();
    private volatile boolean closed;

    private final RedisPubSubAdapter<byte[], byte[]> userAdapter = new RedisPubSubAdapter<>() {
        @Override
        public void message(byte[] channel, byte[] message) {
            List<Store.MessageListener> ls = listeners.get(ByteBuffer.wrap(channel));
            if (ls == null || ls.isEmpty()) return;
            dispatch(() -> {
                for (Store.MessageListener l : ls) {
                    try {
                        l.onMessage(channel, message);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "message listener failed on channel "
                                + new String(channel, StandardCharsets.UTF_8), e);
                    }
                }
            });
        }
    };

    private final RedisPubSubAdapter<byte[], byte[]> keyEventAdapter = new RedisPubSubAdapter<>() {
        @Override
        public void message(byte[] channel, byte[] key) {
            boolean evicted = Arrays.equals(channel, evictedChannel);
            if (!evicted && !Arrays.equals(channel, expiredChannel)) return;
            for (ExpiryRegistration r : expiry) {
                if (Patterns.startsWith(key, r.prefix)) dispatch(() -> r.deliver(key, evicted));
            }
        }
    };

    Channels(Backend backend, int database, String description) {
        this.backend = backend;
        this.description = description;
        this.expiredChannel = ("__keyevent@" + database + "__:expired").getBytes(StandardCharsets.US_ASCII);
        this.evictedChannel = ("__keyevent@" + database + "__:evicted").getBytes(StandardCharsets.US_ASCII);
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "qs-remote-events-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ex.allowCoreThreadTimeOut(true);
        this.events = ex;
    }

    private void dispatch(Runnable r) {
        if (closed) return;
        try {
            events.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            // store closing: the message is dropped, as it would be after close
        }
    }

    synchronized Store.Subscription subscribe(byte[] channel, Store.MessageListener listener) {
        checkOpen();
        ByteBuffer name = ByteBuffer.wrap(channel.clone());
        CopyOnWriteArrayList<Store.MessageListener> ls = listeners.get(name);
        if (ls == null) {
            StatefulRedisPubSubConnection<byte[], byte[]> p = call(backend::pubSub);
            if (userAdapterOn.add(p)) p.addListener(userAdapter);
            ls = new CopyOnWriteArrayList<>();
            ls.add(listener);
            listeners.put(name, ls);
            try {
                call(() -> {
                    p.sync().subscribe(name.array());
                    return null;
                });
            } catch (StoreException e) {
                listeners.remove(name);
                throw e;
            }
        } else {
            ls.add(listener);
        }
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) unsubscribe(name, listener);
        };
    }

    private synchronized void unsubscribe(ByteBuffer name, Store.MessageListener listener) {
        CopyOnWriteArrayList<Store.MessageListener> ls = listeners.get(name);
        if (ls == null) return;
        ls.remove(listener);
        if (!ls.isEmpty()) return;
        listeners.remove(name);
        if (closed || isKeyEventChannel(name.array()) && !expiry.isEmpty()) return;
        try {
            backend.pubSub().sync().unsubscribe(name.array());
        } catch (RedisException e) {
            // the listener is gone from our map already: a late message finds no one
            LOG.log(Level.DEBUG, "UNSUBSCRIBE failed: " + e.getMessage());
        }
    }

    synchronized Store.Subscription onExpired(byte[] prefix, Store.ExpiryListener listener) {
        checkOpen();
        ExpiryRegistration r = new ExpiryRegistration(prefix.clone(), listener);
        if (expiry.isEmpty()) startKeyEvents();
        expiry.add(r);
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) removeExpiry(r);
        };
    }

    private synchronized void removeExpiry(ExpiryRegistration r) {
        expiry.remove(r);
        if (!expiry.isEmpty() || closed) return;
        for (StatefulRedisPubSubConnection<byte[], byte[]> c : keyEventConnections) {
            List<byte[]> drop = new ArrayList<>();
            if (!listeners.containsKey(ByteBuffer.wrap(expiredChannel))) drop.add(expiredChannel);
            if (!listeners.containsKey(ByteBuffer.wrap(evictedChannel))) drop.add(evictedChannel);
            try {
                if (!drop.isEmpty()) c.sync().unsubscribe(drop.toArray(new byte[0][]));
            } catch (RedisException e) {
                LOG.log(Level.DEBUG, "UNSUBSCRIBE of keyevent channels failed: " + e.getMessage());
            }
        }
        keyEventConnections = List.of();
        keyEventsActive = false;
    }

    /** Makes sure the servers publish expiry and eviction events, then subscribes to them. */
    private void startKeyEvents() {
        if (!configChecked) {
            configChecked = true;
            enableNotifications();
        }
        Map<String, StatefulRedisPubSubConnection<byte[], byte[]>> conns = call(backend::keyEventConnections);
        for (StatefulRedisPubSubConnection<byte[], byte[]> c : conns.values()) {
            if (keyEventAdapterOn.add(c)) c.addListener(keyEventAdapter);
            call(() -> {
                c.sync().subscribe(expiredChannel, evictedChannel);
                return null;
            });
        }
        keyEventConnections = List.copyOf(conns.values());
        keyEventsActive = true;
    }

    /**
     * A connection of the store came back after a reconnect, or the cluster's topology changed:
     * the server may be another one now (restart, fail-over) whose notify-keyspace-events lacks
     * the expiry classes, so check them again, and subscribe on masters that are new (on the event
     * thread: these are blocking calls). Lettuce re-subscribes reconnected connections by itself.
     */
    void reconnected() {
        if (!keyEventsActive || closed || !recheckPending.compareAndSet(false, true)) return;
        dispatch(() -> {
            recheckPending.set(false);
            synchronized (this) {
                if (!keyEventsActive || closed) return;
                try {
                    enableNotifications();
                    subscribeNewMasters();
                } catch (StoreException | RedisException e) {
                    LOG.log(Level.DEBUG, "keyspace notification check after a reconnect failed: " + e.getMessage());
                }
            }
        });
    }

    private void subscribeNewMasters() {
        List<StatefulRedisPubSubConnection<byte[], byte[]>> now = new ArrayList<>(keyEventConnections);
        for (StatefulRedisPubSubConnection<byte[], byte[]> c : backend.keyEventConnections().values()) {
            if (now.contains(c)) continue;
            if (keyEventAdapterOn.add(c)) c.addListener(keyEventAdapter);
            c.sync().subscribe(expiredChannel, evictedChannel);
            now.add(c);
        }
        keyEventConnections = List.copyOf(now);
    }

    private void enableNotifications() {
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, RedisClusterCommands<byte[], byte[]>> m : call(backend::masters).entrySet()) {
            try {
                String current = m.getValue().configGet(NOTIFY).getOrDefault(NOTIFY, "");
                String wanted = Patterns.withExpiryEvents(current);
                if (!wanted.equals(current)) {
                    m.getValue().configSet(NOTIFY, wanted);
                    LOG.log(Level.INFO, "set " + NOTIFY + " to \"" + wanted + "\" (was \"" + current + "\") on "
                            + m.getKey() + " so that expiry events reach the store");
                }
            } catch (RedisException e) {
                refused.add(m.getKey() + ": " + ComputePool.message(e));
            }
        }
        if (!refused.isEmpty() && !warned) {
            warned = true;
            LOG.log(Level.WARNING, "Could not enable keyspace notifications for expired and evicted keys (CONFIG "
                    + NOTIFY + " needs class \"Exe\") on " + String.join("; ", refused) + ". Expiry events of "
                    + description + " will not be heard unless the server is configured with "
                    + NOTIFY + " including Exe (e.g. in redis.conf or the managed service's parameter group).");
        }
    }

    private boolean isKeyEventChannel(byte[] channel) {
        return Arrays.equals(channel, expiredChannel) || Arrays.equals(channel, evictedChannel);
    }

    private void checkOpen() {
        if (closed) throw new StoreException("store closed");
    }

    private static <T> T call(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (RedisException e) {
            throw new StoreException(ComputePool.message(e), e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        listeners.clear();
        expiry.clear();
        events.shutdown();
    }

    private static final class ExpiryRegistration {
        final byte[] prefix;
        final Store.ExpiryListener listener;

        ExpiryRegistration(byte[] prefix, Store.ExpiryListener listener) {
            this.prefix = prefix;
            this.listener = listener;
        }

        void deliver(byte[] key, boolean evicted) {
            try {
                listener.onExpired(key, null, evicted);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "expiry listener failed", e);
            }
        }
    }
}
