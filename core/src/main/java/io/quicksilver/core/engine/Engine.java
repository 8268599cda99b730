package io.quicksilver.core.engine;

import io.quicksilver.core.engine.event.KeyspaceListener;
import io.quicksilver.core.engine.evict.Evictor;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.pubsub.PubSub;
import io.quicksilver.core.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The keyspace: numbered databases of segments, the clock, expiry, WATCH, keyspace events and
 * pub/sub. One engine serves the RESP server, the JCache provider and the session store alike.
 * See the package documentation for the concurrency model.
 */
public final class Engine implements AutoCloseable {
    /** Segments per database: 256, chosen by the top 8 bits of a key's hash. */
    public static final int SEGMENT_BITS = 8;
    public static final int SEGMENTS = 1 << SEGMENT_BITS;

    private final Clock clock;
    private final Database[] databases;
    private final long seed;
    private final long startMillis;
    private final String runId;
    private final Stats stats = new Stats();
    /** The dataset estimate: the sum of every segment's usedBytes, kept by the segments. */
    private final Counter usedMemory = new Counter();
    /** Where the long strings commands write are kept, outside the heap (declared before the databases use it). */
    private final Slabs slabs = new Slabs();
    private final Evictor evictor = new Evictor(this);
    private final EncodingConfig encodings = new EncodingConfig();
    private final WatchRegistry watches = new WatchRegistry();
    private final PubSub pubsub = new PubSub();
    /** Every listener: {@link #fireExpired} calls them all. */
    private final List<KeyspaceListener> listeners = new CopyOnWriteArrayList<>();
    /** The listeners that hear events ({@link KeyspaceListener#hearsEvents}), walked by every change. */
    private volatile KeyspaceListener[] eventListeners = new KeyspaceListener[0];
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final ActiveExpiry activeExpiry;
    private volatile int notifyFlags;
    private volatile int hz = 10;
    private volatile boolean activeExpireEnabled = true;
    private volatile boolean closed;
    private ScheduledFuture<?> expiryTask;
    /**
     * The LRU clock as of the last tick ({@link #LRU_TICK_MILLIS}), or -1 when it is computed
     * from the clock at each use (a clock other than {@link Clock#SYSTEM}, as tests drive, or a
     * closed engine). Redis's cached server.lruclock: a read of a key then costs no clock call.
     */
    private volatile int lruTick = -1;
    private ScheduledFuture<?> lruTask;
    static final long LRU_TICK_MILLIS = 100;

    private Engine(Builder b) {
        this.clock = b.clock;
        this.databases = new Database[b.databases];
        for (int i = 0; i < databases.length; i++) {
            databases[i] = new Database(this, i);
        }
        SecureRandom random = new SecureRandom();
        this.seed = random.nextLong();
        byte[] id = new byte[20];
        random.nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        this.startMillis = clock.millis();
        this.ownScheduler = b.scheduler == null;
        this.scheduler = ownScheduler ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quicksilver-cron");
            t.setDaemon(true);
            return t;
        }) : b.scheduler;
        this.activeExpiry = new ActiveExpiry(this);
        if (b.activeExpiry) {
            reschedule();
        }
        if (clock == Clock.SYSTEM) {
            lruTick = computeLruClock();
            try {
                lruTask = scheduler.scheduleAtFixedRate(() -> lruTick = closed ? -1 : computeLruClock(),
                        LRU_TICK_MILLIS, LRU_TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                lruTick = -1; // a scheduler already shut down: compute at each use
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Engine options; every one has a default that works. */
    public static final class Builder {
        private Clock clock = Clock.SYSTEM;
        private int databases = 16;
        private ScheduledExecutorService scheduler;
        private boolean activeExpiry = true;

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder databases(int databases) {
            if (databases < 1) {
                throw new IllegalArgumentException("databases must be at least 1");
            }
            this.databases = databases;
            return this;
        }

        /** Runs the active expiry cycle on this executor instead of a thread of its own. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Off in tests that drive {@link Engine#activeExpireCycle} by hand. */
        public Builder activeExpiry(boolean on) {
            this.activeExpiry = on;
            return this;
        }

        public Engine build() {
            return new Engine(this);
        }
    }

    // ------------------------------------------------------------------ structure

    public Clock clock() {
        return clock;
    }

    public int databaseCount() {
        return databases.length;
    }

    public Database db(int index) {
        return databases[index];
    }

    public Stats stats() {
        return stats;
    }

    /** maxmemory, the eviction policy and its LFU settings. */
    public Evictor evictor() {
        return evictor;
    }

    /**
     * The dataset estimate in bytes: what the keys and values of every database hold (see
     * {@code Memory}), kept up to date by every change. What maxmemory is compared against, and
     * INFO's used_memory_dataset; unlike the JVM heap it does not depend on the GC. A racy sum:
     * exact when no write is under way.
     */
    public long usedMemory() {
        return usedMemory.sum();
    }

    Counter memoryCounter() {
        return usedMemory;
    }

    /** The allocator of long strings' chunks, outside the heap ({@link Slabs}). */
    public Slabs slabs() {
        return slabs;
    }

    /** The compact-encoding thresholds of collections (CONFIG SET *-max-listpack-*). */
    public EncodingConfig encodings() {
        return encodings;
    }

    /** The engine's scheduler thread: active expiry, blocking-command timeouts. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public WatchRegistry watches() {
        return watches;
    }

    public PubSub pubsub() {
        return pubsub;
    }

    public String runId() {
        return runId;
    }

    public long startMillis() {
        return startMillis;
    }

    long hash(byte[] key) {
        return Hashing.hash(seed, key);
    }

    /**
     * The LRU clock: seconds since the engine started (wraps after 68 years). With the system
     * clock, the value of the last tick (at most {@value #LRU_TICK_MILLIS} ms old, as Redis's
     * LRU_CLOCK with its cached server.lruclock), so the reads that touch keys read no clock.
     */
    int lruClock() {
        int t = lruTick;
        return t >= 0 && !closed ? t : computeLruClock();
    }

    private int computeLruClock() {
        return (int) ((clock.millis() - startMillis) / 1000);
    }

    /** The access field of a new entry: LRU clock, or the initial LFU counter under an LFU policy. */
    void initAccess(Entry e) {
        e.accessed = evictor.initialAccess(lruClock());
    }

    /** Records an access to {@code e} (a lookup): LRU clock, or the LFU counter's update. */
    void touch(Entry e) {
        int a = evictor.touchedAccess(e.accessed, lruClock());
        if (a != e.accessed) { // the LRU clock ticks once a second: most reads leave the entry clean
            e.accessed = a;
        }
    }

    /**
     * True if a lookup reading an entry whose access field is {@code accessed} would leave that
     * field as it is ({@link #touch}): the LRU clock has not moved since its last access, and the
     * policy is not an LFU one (whose counter update draws a random number at each access). An
     * optimistic read ({@link Database#readValue}) may skip the lock only then.
     */
    boolean touchKeeps(int accessed) {
        return accessed == lruClock() && !evictor.policy().isLfu();
    }

    /** Records that {@code e}'s value was replaced: the LFU counter is kept, as Redis's dbOverwrite. */
    void overwritten(Entry e) {
        int a = evictor.overwrittenAccess(e.accessed, lruClock());
        if (a != e.accessed) {
            e.accessed = a;
        }
    }

    /** Seconds since {@code entry} was last read or written (OBJECT IDLETIME). */
    public long idleSeconds(Entry entry) {
        return Math.max(0, lruClock() - entry.accessed);
    }

    // ------------------------------------------------------------------ locking

    /** An empty lock set to add keys, databases or everything to, then {@link Locks#lock()}. */
    public Locks locks() {
        return new Locks(this);
    }

    /** Locks the segments of {@code keys} in database {@code db}, in the global order. */
    public Locks lockKeys(int db, byte[]... keys) {
        Locks l = new Locks(this);
        for (byte[] k : keys) {
            l.key(db, k);
        }
        return l.lock();
    }

    /** Locks every segment of one database (KEYS, FLUSHDB, DBSIZE, RANDOMKEY). */
    public Locks lockDb(int db) {
        return new Locks(this).db(db).lock();
    }

    /** Locks every segment of every database: the exclusive path (FLUSHALL, SWAPDB). */
    public Locks lockAll() {
        return new Locks(this).all().lock();
    }

    // ------------------------------------------------------------------ events

    /**
     * Records that {@code key} changed: touches its watchers, counts the change, and fires the
     * keyspace event to in-process listeners and, if {@code notify-keyspace-events} enables its
     * class, to pub/sub. Called under the key's segment lock.
     *
     * @param db    database index
     * @param key   the key that changed
     * @param type  the event class ({@link NotifyFlags} type bit)
     * @param event the event name ("set", "del", "expire", ...), or null for a change that
     *              touches watchers without an event
     */
    public void keyChanged(int db, byte[] key, int type, String event) {
        watches.touch(db, key);
        stats.dirty.increment();
        if (event != null) {
            notify(db, key, type, event);
        }
    }

    /**
     * True if {@link #notify} with event class {@code type} would reach anyone now: an in-process
     * listener that hears events, or a pub/sub subscriber with the class enabled in
     * {@code notify-keyspace-events}. A reader that skips the lock asks this before it skips a
     * "keymiss" event, which must fire under the key's lock.
     */
    public boolean notifies(int type) {
        return eventListeners.length > 0 || ((notifyFlags & type) != 0 && pubsub.hasListeners());
    }

    /** Fires an event without touching watchers (key misses, "new"). */
    public void notify(int db, byte[] key, int type, String event) {
        for (KeyspaceListener l : eventListeners) {
            l.onEvent(db, key, type, event);
        }
        int flags = notifyFlags;
        if ((flags & type) == 0 || !pubsub.hasListeners()) {
            return;
        }
        if ((flags & NotifyFlags.KEYSPACE) != 0) {
            byte[] prefix = ("__keyspace@" + db + "__:").getBytes(StandardCharsets.US_ASCII);
            byte[] channel = new byte[prefix.length + key.length];
            System.arraycopy(prefix, 0, channel, 0, prefix.length);
            System.arraycopy(key, 0, channel, prefix.length, key.length);
            pubsub.publish(channel, event.getBytes(StandardCharsets.US_ASCII));
        }
        if ((flags & NotifyFlags.KEYEVENT) != 0) {
            byte[] channel = ("__keyevent@" + db + "__:" + event).getBytes(StandardCharsets.US_ASCII);
            pubsub.publish(channel, key);
        }
    }

    /**
     * Tells the listeners that a key expired (lazily, actively) or was evicted, with the value
     * being removed ({@link KeyspaceListener#onExpired}). Called under the key's segment lock,
     * after the entry was removed and its "expired" / "evicted" event fired.
     */
    void fireExpired(int db, byte[] key, Object value, boolean evicted) {
        for (KeyspaceListener l : listeners) {
            l.onExpired(db, key, value, evicted);
        }
    }

    public synchronized void addListener(KeyspaceListener listener) {
        listeners.add(listener);
        if (listener.hearsEvents()) {
            KeyspaceListener[] a = java.util.Arrays.copyOf(eventListeners, eventListeners.length + 1);
            a[a.length - 1] = listener;
            eventListeners = a;
        }
    }

    public synchronized void removeListener(KeyspaceListener listener) {
        listeners.remove(listener);
        KeyspaceListener[] a = eventListeners;
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(listener)) { // the first equal one, as List.remove
                KeyspaceListener[] b = new KeyspaceListener[a.length - 1];
                System.arraycopy(a, 0, b, 0, i);
                System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                eventListeners = b;
                return;
            }
        }
    }

    public int notifyFlags() {
        return notifyFlags;
    }

    public void notifyFlags(int flags) {
        this.notifyFlags = flags;
    }

    // ------------------------------------------------------------------ whole keyspace

    /** FLUSHDB: empties one database; the caller holds {@link #lockDb}. */
    public void flush(int db) {
        Database d = databases[db];
        watches.touchDb(db, d::exists);
        d.clear();
        stats.dirty.increment();
    }

    /** SWAPDB; the caller holds {@link #lockAll}. */
    public void swap(int a, int b) {
        Database da = databases[a];
        Database dbb = databases[b];
        watches.touchDb(a, k -> da.exists(k) || dbb.exists(k));
        watches.touchDb(b, k -> da.exists(k) || dbb.exists(k));
        da.swapWith(dbb);
        stats.dirty.increment();
    }

    // ------------------------------------------------------------------ expiry

    public int hz() {
        return hz;
    }

    /** Sets how often per second the active expiry cycle runs (1..500, as Redis's hz). */
    public synchronized void hz(int hz) {
        this.hz = Math.max(1, Math.min(500, hz));
        if (expiryTask != null) {
            reschedule();
        }
    }

    private synchronized void reschedule() {
        if (expiryTask != null) {
            expiryTask.cancel(false);
        }
        long period = 1_000_000L / hz;
        expiryTask = scheduler.scheduleAtFixedRate(() -> {
            if (activeExpireEnabled) {
                activeExpiry.cycle(period / 4);
            }
        }, period, period, TimeUnit.MICROSECONDS);
    }

    /** Whether the scheduled active expiry cycle runs (DEBUG SET-ACTIVE-EXPIRE); lazy expiry always does. */
    public boolean activeExpireEnabled() {
        return activeExpireEnabled;
    }

    public void activeExpireEnabled(boolean enabled) {
        this.activeExpireEnabled = enabled;
    }

    /**
     * Runs one active expiry cycle now, with a time budget in microseconds; returns the number of
     * keys it reclaimed.
     */
    public long activeExpireCycle(long budgetMicros) {
        return activeExpiry.cycle(budgetMicros);
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the active expiry cycle and the engine's own scheduler; the keys stay readable. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (expiryTask != null) {
                expiryTask.cancel(false);
                expiryTask = null;
            }
            if (lruTask != null) {
                lruTask.cancel(false);
                lruTask = null;
            }
        }
        lruTick = -1;
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
    }
}
