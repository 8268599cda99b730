package io.quicksilver.session;

import io.quicksilver.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sessions in a {@link Store}: one hash per session at {@code <prefix><id>} (schema in
 * {@link SessionData}) with a TTL equal to its max inactive interval, so the store expires it; a
 * principal index (a set of session IDs per user at {@code <prefix>principal:<user>}, whose TTL
 * is kept at least as long as its newest session's); expiry reports.
 *
 * <p>Independent of any servlet API: the servlet filter and the app-server plugins use it alike.
 * Thread-safe. Store failures surface as {@link io.quicksilver.core.store.StoreException}.
 */
public final class SessionRepository {
    private static final Logger LOG = Logger.getLogger(SessionRepository.class.getName());
    /** How long an expiry bucket is kept after its last second: how far back a sweep can catch up. */
    static final long BUCKET_RETENTION_MILLIS = 3_600_000;
    /**
     * How long the claim that one node fires a session's expiry listeners is kept: longer than a
     * bucket, so a sweep never fires a session a notification fired already.
     */
    static final long CLAIM_TTL_MILLIS = BUCKET_RETENTION_MILLIS + 600_000;
    /** How much longer than the session a principal index entry is extended, so it is extended seldom. */
    static final long INDEX_SLACK_MILLIS = 3_600_000;

    private final Store store;
    private final String prefix;
    private final byte[] prefixBytes;
    private final AttributeCodec codec;
    private final SessionIds ids;
    private final WriteContents contents;
    private final boolean principalIndex;
    private final Clock clock;
    private final long bucketMillis;
    private volatile boolean trackExpiries;
    private long sweptUpTo = Long.MIN_VALUE; // guarded by this: the last bucket swept

    /**
     * @param store    the store (not closed by this repository)
     * @param settings key prefix, ID length, write contents, principal index
     * @param codec    attribute values to bytes
     * @param clock    the time sessions are stamped with
     */
    public SessionRepository(Store store, SessionSettings settings, AttributeCodec codec, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefix = settings.keyPrefix();
        this.prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
        this.codec = Objects.requireNonNull(codec, "codec");
        this.ids = new SessionIds(settings.idBytes());
        this.contents = settings.writeContents();
        this.principalIndex = settings.principalIndex();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bucketMillis = settings.expiryBucketMillis();
    }

    /**
     * Keeps (true) or not the expiry buckets {@link #sweepExpired} reads: sets
     * {@code <prefix>expiring:<n>} of the IDs of sessions whose deadline falls in the n-th bucket of
     * {@code expiry-bucket} milliseconds. Costs one SADD (and one SREM) per request whose deadline
     * moved to another bucket. Off by default.
     */
    public void trackExpiries(boolean on) {
        this.trackExpiries = on;
    }

    public Store store() {
        return store;
    }

    public AttributeCodec codec() {
        return codec;
    }

    /** Milliseconds now, by this repository's clock. */
    public long now() {
        return clock.millis();
    }

    /** A new session with a fresh ID; it is stored by the first {@link #save}. */
    public SessionData create(int maxInactiveSeconds) {
        return SessionData.create(codec, ids.next(), clock.millis(), maxInactiveSeconds);
    }

    /** The session {@code id}, accessed now, or null when it does not exist (never did, expired, invalidated). */
    public SessionData find(String id) {
        if (!SessionIds.isWellFormed(id)) {
            return null;
        }
        Map<String, byte[]> fields = store.hgetAll(key(id));
        return fields == null ? null : SessionData.fromFields(codec, id, fields, clock.millis());
    }

    /**
     * Writes what changed (see {@link WriteContents}), the access time and the TTL (the max inactive
     * interval), in one atomic update. A session that was stored before and is gone now
     * (invalidated or expired meanwhile) is not brought back: answers false.
     */
    public boolean save(SessionData s) {
        Plan p = plan(s);
        return write(p, () -> {
            s.saved(p.delta());
            return s.storedDeadline();
        });
    }

    /**
     * A {@link #save} in two halves, for writes made on another thread (write-mode async): this
     * call, on the thread that uses the session, takes what a save would write and marks it saved
     * at once, in one step under the session's lock, so a change made afterwards (by this thread
     * or another of the request) is pending for the next save and never cleared by a write that
     * did not carry it; the returned {@link Write} then makes the store calls, which touch no
     * session state. A write that fails or finds the session gone loses the changes it carried
     * (the session believes them stored): the price of not waiting for the store.
     */
    public Write prepareSave(SessionData s) {
        Plan p;
        long newDeadline;
        synchronized (s) { // SessionData's methods lock the session itself: nothing changes in between
            p = plan(s);
            s.saved(p.delta());
            newDeadline = s.storedDeadline();
        }
        return new Write(p.id(), () -> write(p, () -> newDeadline));
    }

    /**
     * What a save of {@code s} writes: its delta, TTL and whether the principal index entry is
     * extended (the index entry is extended only when the session could outlive what it was
     * extended to last, with an hour of slack, so a request of a signed-in user costs no index
     * write as a rule; {@code s}'s indexedUntil is moved on here).
     */
    private Plan plan(SessionData s) {
        int max = s.maxInactiveSeconds();
        long ttl = max > 0 ? max * 1000L : Store.PERSIST;
        String principal = s.principal();
        String before = s.storedPrincipal();
        long now = clock.millis();
        boolean index = principalIndex && principal != null
                && (!principal.equals(before) || ttl == Store.PERSIST && s.indexedUntil() != Long.MAX_VALUE
                        || ttl > 0 && s.indexedUntil() < now + ttl);
        long keep = ttl > 0 ? ttl + INDEX_SLACK_MILLIS : Store.PERSIST;
        if (index) {
            s.indexedUntil(ttl > 0 ? now + keep : Long.MAX_VALUE);
        }
        return new Plan(s.id(), before, principal, ttl, index, keep, s.delta(contents), s.storedDeadline(),
                trackExpiries);
    }

    /**
     * The store calls of a save: the index entry (its TTL only ever grows), the atomic hash
     * update, then, once {@code written} has marked the session saved and given its new deadline,
     * the expiry bucket and the old principal's index entry. False when the session is gone.
     */
    private boolean write(Plan p, LongSupplier written) {
        if (p.index()) {
            store.sadd(indexKey(p.principal()), List.of(bytes(p.id())), p.keep());
        }
        if (!store.hupdate(key(p.id()), p.delta().set(), p.delta().delete(), p.ttl(), !p.delta().creates())) {
            return false;
        }
        long newDeadline = written.getAsLong();
        if (p.track()) {
            moveBucket(p.id(), p.oldDeadline(), p.id(), newDeadline);
        }
        if (principalIndex && p.before() != null && !p.before().equals(p.principal())) {
            store.srem(indexKey(p.before()), List.of(bytes(p.id())));
        }
        return true;
    }

    /** A save's decisions, taken from the session before any store call. */
    private record Plan(String id, String before, String principal, long ttl, boolean index, long keep,
            SessionData.Delta delta, long oldDeadline, boolean track) {}

    /** A session write taken by {@link #prepareSave}, to be made on any thread, once. */
    public static final class Write {
        private final String id;
        private final java.util.function.BooleanSupplier calls;

        Write(String id, java.util.function.BooleanSupplier calls) {
            this.id = id;
            this.calls = calls;
        }

        /** The ID of the session written. */
        public String id() {
            return id;
        }

        /**
         * Makes the store calls: true when written, false when the session was stored before and
         * is gone now (invalidated or expired meanwhile; not brought back).
         */
        public boolean apply() {
            return calls.getAsBoolean();
        }
    }

    /** Deletes the session (invalidation) and its principal index entry; true if it existed. */
    public boolean delete(SessionData s) {
        String id = s.id();
        boolean existed = store.delete(key(id));
        if (trackExpiries) {
            moveBucket(id, s.storedDeadline(), null, -1);
        }
        String p = s.storedPrincipal();
        if (principalIndex && p != null) {
            store.srem(indexKey(p), List.of(bytes(id)));
        }
        return existed;
    }

    /**
     * Gives the session a new ID (session fixation protection): the stored hash is copied to the new
     * key and the old one deleted; pending changes stay pending. Returns the old ID.
     */
    public String changeId(SessionData s) {
        String old = s.id();
        String fresh = ids.next();
        if (s.isStored()) {
            Map<String, byte[]> fields = store.hgetAll(key(old));
            if (fields != null && fields.containsKey(SessionData.CREATED)) {
                int max = s.maxInactiveSeconds();
                store.hupdate(key(fresh), fields, List.of(), max > 0 ? max * 1000L : Store.PERSIST, false);
                store.delete(key(old));
                if (trackExpiries) {
                    moveBucket(old, s.storedDeadline(), fresh, s.storedDeadline());
                }
                String p = s.storedPrincipal();
                if (principalIndex && p != null) {
                    store.srem(indexKey(p), List.of(bytes(old)));
                    long keep = max > 0 ? max * 1000L + INDEX_SLACK_MILLIS : Store.PERSIST;
                    store.sadd(indexKey(p), List.of(bytes(fresh)), keep);
                    s.indexedUntil(max > 0 ? clock.millis() + keep : Long.MAX_VALUE);
                }
            }
        }
        s.id(fresh);
        return old;
    }

    /**
     * The IDs of the live sessions of {@code principal}; IDs of sessions gone meanwhile are
     * dropped from the index as they are found.
     */
    public List<String> findIdsByPrincipal(String principal) {
        List<String> out = new ArrayList<>();
        List<byte[]> stale = new ArrayList<>();
        for (byte[] m : store.smembers(indexKey(principal))) {
            String id = new String(m, StandardCharsets.UTF_8);
            if (live(id)) {
                out.add(id);
            } else {
                stale.add(m);
            }
        }
        if (!stale.isEmpty()) {
            store.srem(indexKey(principal), stale);
        }
        return out;
    }

    /**
     * Calls {@code handler} once per session the store expires (or evicts), with the session's ID
     * and, when the store gives the expired value (embedded), the session as it was; null data
     * otherwise (remote: keyspace notifications carry the key only). The handler runs on the store's
     * thread: an embedded store calls it under an engine lock, so it must hand work off.
     */
    public Store.Subscription onExpired(Consumer<Expired> handler) {
        Objects.requireNonNull(handler, "handler");
        return store.onExpired(prefixBytes, (key, value, evicted) -> {
            String rest = new String(key, prefixBytes.length, key.length - prefixBytes.length, StandardCharsets.UTF_8);
            if (!SessionIds.isWellFormed(rest)) {
                return; // an index or claim key
            }
            SessionData data = null;
            if (value instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, byte[]> fields = (Map<String, byte[]>) m;
                data = SessionData.fromFields(codec, rest, fields, clock.millis());
            }
            try {
                handler.accept(new Expired(rest, data, evicted));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session expiry handler failed for " + rest, e);
            }
        });
    }

    /**
     * Finds sessions that expired without their expiry notification reaching any node (every
     * node was disconnected, the server restarted with its data, notifications were switched
     * off): every bucket whose time is over (with two seconds' grace for the server's active
     * expiry) and not swept yet by this repository is read, and each session of it that no longer
     * exists and that this node claims ({@link #claimExpiry}) is handed to {@code handler} (with
     * null data). The first sweep goes back {@value #BUCKET_RETENTION_MILLIS} ms. Only sessions
     * saved while {@link #trackExpiries} was on are found.
     *
     * @return how many sessions were handed over
     */
    public synchronized int sweepExpired(Consumer<Expired> handler) {
        long last = Math.floorDiv(clock.millis() - 2_000, bucketMillis) - 1;
        long from = sweptUpTo == Long.MIN_VALUE ? last - BUCKET_RETENTION_MILLIS / bucketMillis : sweptUpTo + 1;
        int n = 0;
        for (long b = from; b <= last; b++) {
            List<byte[]> ids = store.smembers(bucketKey(b));
            for (byte[] m : ids) {
                String id = new String(m, StandardCharsets.UTF_8);
                if (SessionIds.isWellFormed(id) && !live(id) && claimExpiry(id)) {
                    n++;
                    try {
                        handler.accept(new Expired(id, null, false));
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "session expiry handler failed for " + id, e);
                    }
                }
            }
            sweptUpTo = b;
        }
        return n;
    }

    /** Moves an ID from the bucket of one deadline to that of another (-1: none). */
    private void moveBucket(String oldId, long oldDeadline, String newId, long newDeadline) {
        long ob = oldDeadline < 0 ? Long.MIN_VALUE : Math.floorDiv(oldDeadline, bucketMillis);
        long nb = newDeadline < 0 ? Long.MIN_VALUE : Math.floorDiv(newDeadline, bucketMillis);
        if (ob == nb && Objects.equals(oldId, newId)) {
            return;
        }
        if (newId != null && nb != Long.MIN_VALUE) {
            long keep = (nb + 1) * bucketMillis - clock.millis() + BUCKET_RETENTION_MILLIS;
            store.sadd(bucketKey(nb), List.of(bytes(newId)), keep);
        }
        if (ob != Long.MIN_VALUE) {
            store.srem(bucketKey(ob), List.of(bytes(oldId)));
        }
    }

    private byte[] bucketKey(long bucket) {
        return bytes(prefix + "expiring:" + bucket);
    }

    /**
     * Claims the right to fire the expiry listeners of session {@code id}: true for exactly one
     * caller across every node sharing the store (SET NX on {@code <prefix>expired:<id>}, kept for a
     * minute).
     */
    public boolean claimExpiry(String id) {
        return store.setIfAbsent(bytes(prefix + "expired:" + id), new byte[] {'1'}, CLAIM_TTL_MILLIS);
    }

    /**
     * Whether session {@code id} exists: its hash has a creation time. A hash without one is not a
     * session: a remote store's one-round-trip update of a session that was gone meanwhile leaves
     * such a hash for a moment before deleting it ({@link Store#hupdate} with onlyIfExists).
     */
    private boolean live(String id) {
        return store.hget(key(id), SessionData.CREATED) != null;
    }

    /** The key of session {@code id}. */
    public byte[] key(String id) {
        return bytes(prefix + id);
    }

    /** The principal index key of {@code principal}. */
    public byte[] indexKey(String principal) {
        return bytes(prefix + "principal:" + principal);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A session the store expired.
     *
     * @param id      its ID
     * @param data    its last state, or null when the store cannot give it (remote)
     * @param evicted true if maxmemory evicted it rather than its TTL running out
     */
    public record Expired(String id, SessionData data, boolean evicted) {}
}
