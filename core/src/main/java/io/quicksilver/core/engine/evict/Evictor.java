package io.quicksilver.core.engine.evict;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.Segment;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * maxmemory and key eviction, as Redis 7.0's performEvictions (evict.c).
 *
 * <p>Before a command runs (see the dispatcher), {@link #perform()} compares the dataset estimate
 * ({@link Engine#usedMemory()}) with maxmemory and, while it is over, evicts keys chosen by the
 * policy:
 * <ul>
 * <li>LRU, LFU, TTL: every database with candidates gives {@code maxmemory-samples} keys, taken
 *     from consecutive buckets of a random segment onwards (Redis's dictGetSomeKeys); each is
 *     scored (idle seconds; 255 minus the decayed LFU counter; Long.MAX_VALUE minus the expiry)
 *     and offered to a pool of the 16 best candidates kept across calls; the best live one is
 *     evicted;</li>
 * <li>random: one random key of the next database with candidates, in turn;</li>
 * <li>volatile-*: only keys with a TTL are candidates.</li>
 * </ul>
 * An evicted key is removed under its segment lock, counted in evicted_keys, touches its
 * watchers and fires the "evicted" event (class 'e'). Redis counts no dirty change for it, nor do
 * we.
 *
 * <p>The loop stops when enough bytes were freed, when there is nothing left to evict
 * ({@link Result#FAIL}: the caller rejects commands that would grow memory with the OOM error),
 * or when {@code maxmemory-eviction-tenacity}'s time limit passed: then the engine's scheduler
 * goes on evicting in the background and the result is {@link Result#RUNNING}, as Redis's
 * eviction time proc.
 *
 * <p>Threading: settings are volatile. One eviction runs at a time (a mutex); {@link #perform()}
 * must be called with no segment lock held: it locks one segment at a time.
 */
public final class Evictor {

    /** The outcome of {@link #perform()} (Redis's EVICT_OK, EVICT_RUNNING, EVICT_FAIL). */
    public enum Result {
        /** Under maxmemory (or no limit). */
        OK,
        /** Still over, and eviction goes on in the background. */
        RUNNING,
        /** Over maxmemory and nothing can be evicted. */
        FAIL
    }

    /**
     * Redis's shared.oomerr: the error of a write refused over maxmemory when nothing more can be
     * evicted (the dispatcher's reply, and the embedded store's exception message).
     */
    public static final String OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";

    /** EVPOOL_SIZE. */
    static final int POOL_SIZE = 16;

    private final Engine engine;
    private volatile long maxmemory;
    private volatile EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private volatile int samples = 5;
    private volatile int tenacity = 10;
    private volatile int lfuLogFactor = 10;
    private volatile int lfuDecayTime = 1;

    private final ReentrantLock mutex = new ReentrantLock();
    // the pool and the round-robin database of the random policies: guarded by mutex
    private final byte[][] poolKey = new byte[POOL_SIZE][];
    private final long[] poolIdle = new long[POOL_SIZE];
    private final int[] poolDb = new int[POOL_SIZE];
    private int nextDb;
    private boolean background;
    // INFO's total/current_eviction_exceeded_time: written under mutex, read by INFO
    private volatile boolean exceeding;
    private volatile long exceedingSince;
    private volatile long totalExceededNanos;

    public Evictor(Engine engine) {
        this.engine = engine;
    }

    // ------------------------------------------------------------------ settings

    /** maxmemory in bytes, unsigned (as Redis's unsigned long long); 0 = no limit. */
    public long maxmemory() {
        return maxmemory;
    }

    public void maxmemory(long bytes) {
        this.maxmemory = bytes;
    }

    public EvictionPolicy policy() {
        return policy;
    }

    public void policy(EvictionPolicy policy) {
        this.policy = policy;
    }

    /** maxmemory-samples: keys sampled per database per round. */
    public int samples() {
        return samples;
    }

    public void samples(int samples) {
        this.samples = Math.max(1, samples);
    }

    /** maxmemory-eviction-tenacity, 0..100. */
    public int tenacity() {
        return tenacity;
    }

    public void tenacity(int tenacity) {
        this.tenacity = Math.max(0, Math.min(100, tenacity));
    }

    public int lfuLogFactor() {
        return lfuLogFactor;
    }

    public void lfuLogFactor(int factor) {
        this.lfuLogFactor = factor;
    }

    /** lfu-decay-time, minutes per counter decrement (0: never). */
    public int lfuDecayTime() {
        return lfuDecayTime;
    }

    public void lfuDecayTime(int minutes) {
        this.lfuDecayTime = minutes;
    }

    // ------------------------------------------------------------------ access tracking

    /**
     * The access field of a key created now: the LFU initial counter under an LFU policy, else
     * {@code lruClock} (Redis's createObject).
     */
    public int initialAccess(int lruClock) {
        return policy.isLfu() ? Lfu.initial(engine.clock().millis()) : lruClock;
    }

    /** The access field after an access (Redis's lookupKey: updateLFU, or the LRU clock). */
    public int touchedAccess(int current, int lruClock) {
        if (policy.isLfu()) {
            return Lfu.update(current, engine.clock().millis(), lfuLogFactor, lfuDecayTime,
                    ThreadLocalRandom.current().nextDouble());
        }
        return lruClock;
    }

    /**
     * The access field of a key whose value was overwritten (Redis's dbOverwrite): kept under an
     * LFU policy, the LRU clock otherwise.
     */
    public int overwrittenAccess(int current, int lruClock) {
        return policy.isLfu() ? current : lruClock;
    }

    /** OBJECT FREQ: the decayed LFU counter of an entry, not stored (LFUDecrAndReturn). */
    public int frequency(Entry e) {
        return Lfu.decrAndReturn(e.accessed(), engine.clock().millis(), lfuDecayTime);
    }

    // ------------------------------------------------------------------ eviction

    /** True when maxmemory is set and the dataset estimate is above it. */
    public boolean overLimit() {
        long max = maxmemory;
        return max != 0 && Long.compareUnsigned(engine.usedMemory(), max) > 0;
    }

    /**
     * Whether {@link #perform()} has anything to do: maxmemory is set and the dataset is over it,
     * or was over it at the last call (the exceeded-time spell is still to be closed). Cheap.
     */
    public boolean pending() {
        return maxmemory != 0 && (exceeding || overLimit());
    }

    /**
     * Evicts keys until the dataset estimate is under maxmemory (Redis's performEvictions). Call
     * with no segment lock held.
     *
     * @return OK when under the limit, RUNNING when the time limit passed and eviction goes on in
     *         the background, FAIL when over the limit with nothing evictable (noeviction, or no
     *         candidate key)
     */
    public Result perform() {
        if (maxmemory == 0 || (!exceeding && !overLimit())) {
            return Result.OK;
        }
        mutex.lock();
        try {
            return performLocked();
        } finally {
            mutex.unlock();
        }
    }

    private Result performLocked() {
        long max = maxmemory;
        long used = engine.usedMemory();
        Result result;
        if (max == 0 || Long.compareUnsigned(used, max) <= 0) {
            result = Result.OK;
        } else if (policy == EvictionPolicy.NOEVICTION) {
            result = Result.FAIL;
        } else {
            result = evict(used - max);
        }
        if (result == Result.OK) {
            if (exceeding) {
                totalExceededNanos += System.nanoTime() - exceedingSince;
                exceeding = false;
            }
        } else if (!exceeding) {
            exceedingSince = System.nanoTime();
            exceeding = true;
        }
        return result;
    }

    /**
     * The eviction loop: evicts the policy's best candidate until {@code toFree} bytes were
     * freed, checking the time limit every 16 keys.
     *
     * @param toFree bytes over maxmemory
     */
    private Result evict(long toFree) {
        long start = System.nanoTime();
        long limit = timeLimitNanos(tenacity);
        EvictionPolicy p = policy;
        long freed = 0;
        int keys = 0;
        while (freed < toFree) {
            long f = p.rank() == EvictionPolicy.Rank.RANDOM ? evictRandom(p) : evictFromPool(p);
            if (f < 0) {
                return Result.FAIL;
            }
            freed += f;
            keys++;
            if ((keys & 15) == 0 && System.nanoTime() - start > limit) {
                startBackground();
                break;
            }
        }
        return background ? Result.RUNNING : Result.OK;
    }

    /** Redis's evictionTimeLimitUs, in nanoseconds: 50 us per step to 10, then +15% per step, 100: none. */
    static long timeLimitNanos(int tenacity) {
        if (tenacity <= 10) {
            return 50_000L * tenacity;
        }
        if (tenacity < 100) {
            return (long) (500.0 * Math.pow(1.15, tenacity - 10.0)) * 1000;
        }
        return Long.MAX_VALUE;
    }

    /** Evicts one key picked through the pool; returns the bytes freed, or -1 if there is none. */
    private long evictFromPool(EvictionPolicy p) {
        long now = engine.clock().millis();
        while (true) {
            long candidates = 0;
            int sampled = 0;
            for (int i = 0; i < engine.databaseCount(); i++) {
                Database db = engine.db(i);
                long n = p.volatileOnly() ? db.volatileCount() : db.size();
                if (n != 0) {
                    candidates += n;
                    sampled += populate(i, db, p, now);
                }
            }
            if (candidates == 0 || (sampled == 0 && poolEmpty())) {
                return -1;
            }
            for (int k = POOL_SIZE - 1; k >= 0; k--) {
                byte[] key = poolKey[k];
                if (key == null) {
                    continue;
                }
                int db = poolDb[k];
                poolKey[k] = null;
                poolIdle[k] = 0;
                long f = evictKey(db, key, p.volatileOnly());
                if (f >= 0) {
                    return f;
                }
                // a ghost: the key went away since it was sampled
            }
        }
    }

    private boolean poolEmpty() {
        for (byte[] k : poolKey) {
            if (k != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Redis's evictionPoolPopulate: samples up to maxmemory-samples candidates of one database,
     * from a random segment onwards, and offers each to the pool. Returns how many were sampled.
     */
    private int populate(int dbIndex, Database db, EvictionPolicy p, long now) {
        int want = samples;
        int got = 0;
        int start = ThreadLocalRandom.current().nextInt(Engine.SEGMENTS);
        for (int i = 0; i < Engine.SEGMENTS && got < want; i++) {
            got += db.sample((start + i) & (Engine.SEGMENTS - 1), p.volatileOnly(), want - got,
                    e -> offer(dbIndex, e.key(), score(e, p, now)));
        }
        return got;
    }

    /** The eviction score of a candidate: greater is evicted first. Under its segment lock. */
    private long score(Entry e, EvictionPolicy p, long now) {
        switch (p.rank()) {
            case LRU:
                return engine.idleSeconds(e);
            case LFU:
                return 255 - Lfu.decrAndReturn(e.accessed(), now, lfuDecayTime);
            default: // TTL: the nearest expiry first
                return Long.MAX_VALUE - e.expireAt();
        }
    }

    /**
     * Inserts a candidate in the pool, kept sorted by ascending score, as Redis does: into a
     * free slot or before the first better one; when full, the worst is dropped, and a candidate
     * worse than all is not taken.
     */
    private void offer(int db, byte[] key, long idle) {
        int k = 0;
        while (k < POOL_SIZE && poolKey[k] != null && poolIdle[k] < idle) {
            k++;
        }
        if (k == 0 && poolKey[POOL_SIZE - 1] != null) {
            return;
        } else if (k < POOL_SIZE && poolKey[k] == null) {
            // a free slot: nothing to move
        } else if (poolKey[POOL_SIZE - 1] == null) {
            shift(k, k + 1, POOL_SIZE - k - 1); // room on the right
        } else {
            k--; // full: drop the worst (leftmost)
            shift(1, 0, k);
        }
        poolKey[k] = key;
        poolIdle[k] = idle;
        poolDb[k] = db;
    }

    private void shift(int from, int to, int n) {
        System.arraycopy(poolKey, from, poolKey, to, n);
        System.arraycopy(poolIdle, from, poolIdle, to, n);
        System.arraycopy(poolDb, from, poolDb, to, n);
    }

    /**
     * The random policies: a random candidate of the next database that has one, databases taken
     * in turn. Returns the bytes freed, or -1 when no database has a candidate.
     */
    private long evictRandom(EvictionPolicy p) {
        int dbs = engine.databaseCount();
        while (true) {
            byte[] key = null;
            int db = -1;
            for (int i = 0; i < dbs && key == null; i++) {
                nextDb = (nextDb + 1) % dbs;
                Database d = engine.db(nextDb);
                if ((p.volatileOnly() ? d.volatileCount() : d.size()) != 0) {
                    key = randomKey(d, p.volatileOnly());
                    db = nextDb;
                }
            }
            if (key == null) {
                return -1;
            }
            long f = evictKey(db, key, p.volatileOnly());
            if (f >= 0) {
                return f;
            }
        }
    }

    private static byte[] randomKey(Database db, boolean volatileOnly) {
        byte[][] found = new byte[1][];
        int start = ThreadLocalRandom.current().nextInt(Engine.SEGMENTS);
        for (int i = 0; i < Engine.SEGMENTS && found[0] == null; i++) {
            db.sample((start + i) & (Engine.SEGMENTS - 1), volatileOnly, 1, e -> found[0] = e.key());
        }
        return found[0];
    }

    /** Evicts one key under its segment lock; the bytes freed, or -1 if it is gone. */
    private long evictKey(int db, byte[] key, boolean volatileOnly) {
        Database d = engine.db(db);
        Segment s = d.segmentFor(key);
        s.lock();
        try {
            return d.evict(key, volatileOnly);
        } finally {
            s.unlock();
        }
    }

    /** Redis's startEvictionTimeProc: go on evicting on the engine's scheduler. Under mutex. */
    private void startBackground() {
        if (background) {
            return;
        }
        background = true;
        try {
            engine.scheduler().execute(this::backgroundRound);
        } catch (RejectedExecutionException e) {
            background = false; // the engine is closing
        }
    }

    /** Redis's evictionTimeProc: one more round; again while still RUNNING. */
    private void backgroundRound() {
        mutex.lock();
        try {
            if (performLocked() != Result.RUNNING) {
                background = false;
                return;
            }
            try {
                engine.scheduler().execute(this::backgroundRound);
            } catch (RejectedExecutionException e) {
                background = false;
            }
        } finally {
            mutex.unlock();
        }
    }

    // ------------------------------------------------------------------ INFO

    /** INFO total_eviction_exceeded_time: milliseconds spent over maxmemory, the current spell included. */
    public long totalExceededMillis() {
        return (totalExceededNanos + currentExceededNanos()) / 1_000_000;
    }

    /** INFO current_eviction_exceeded_time: milliseconds since the memory went over, 0 if it is not. */
    public long currentExceededMillis() {
        return currentExceededNanos() / 1_000_000;
    }

    private long currentExceededNanos() {
        return exceeding ? System.nanoTime() - exceedingSince : 0;
    }

    /** CONFIG RESETSTAT: forgets the time spent over maxmemory. */
    public void resetStats() {
        mutex.lock();
        try {
            totalExceededNanos = 0;
            exceeding = false;
        } finally {
            mutex.unlock();
        }
    }
}
