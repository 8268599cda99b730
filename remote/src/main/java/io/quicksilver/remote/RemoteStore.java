package io.quicksilver.remote;

import io.lettuce.core.ExpireArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.quicksilver.core.store.Mutation;
import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.Disposable;

/**
 * A {@link Store} on a RESP server (Quicksilver, Redis, Valkey), a Sentinel-managed master or a
 * Redis Cluster, through Lettuce with {@code byte[]} keys and values.
 *
 * <p>Plain operations are one command each on one shared connection (Lettuce pipelines
 * concurrent callers on it). {@link #compute} is optimistic: WATCH, GET + PTTL, the mutation,
 * MULTI / write / EXEC, again while EXEC reports a conflict, on a dedicated connection from a small
 * pool (in a cluster, one to the key's master). The session store's hash and set writes
 * ({@link #hupdate}, {@link #sadd}) are one round trip: MULTI, a TYPE + PTTL probe, the writes, EXEC
 * pipelined on such a connection. Prefix scans run SCAN MATCH with the prefix's glob
 * metacharacters escaped, on every master. Messages and expiry events arrive on the store's event
 * thread ({@link Channels}).
 *
 * <p>Thread-safe. Every backend failure is a {@link StoreException} carrying the server's message.
 */
public final class RemoteStore implements Store {
    /** How many conflicting EXECs one compute tolerates before it gives up. */
    static final int MAX_COMPUTE_ATTEMPTS = 1000;
    private static final int SCAN_COUNT = 1000;
    private static final int DELETE_BATCH = 1000;

    private final RemoteSettings settings;
    private final ClientResources resources;
    private final Backend backend;
    private final Channels channels;
    private final Disposable events;
    private volatile boolean closed;

    private RemoteStore(RemoteSettings settings, ClientResources resources, Backend backend) {
        this.settings = settings;
        this.resources = resources;
        this.backend = backend;
        this.channels = new Channels(backend, settings.database(), settings.description());
        // a reconnect may land on another server (restart, fail-over), a cluster may gain masters:
        // expiry events need a re-check
        AtomicBoolean reconnecting = new AtomicBoolean();
        this.events = resources.eventBus().get().subscribe(e -> {
            if (e instanceof ReconnectAttemptEvent) {
                reconnecting.set(true);
            } else if (e instanceof ConnectionActivatedEvent && reconnecting.getAndSet(false)
                    || e instanceof ClusterTopologyChangedEvent) {
                channels.reconnected();
            }
        });
    }

    /** Connects to what {@code settings} name; a server that cannot be reached is a StoreException. */
    static RemoteStore open(RemoteSettings settings) {
        ClientResources resources = DefaultClientResources.create();
        try {
            Backend backend = settings.cluster() ? new ClusterBackend(resources, settings)
                    : new StandaloneBackend(resources, settings);
            return new RemoteStore(settings, resources, backend);
        } catch (RedisException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new StoreException("cannot connect to " + settings.description() + ": " + messageOf(e), e);
        } catch (RuntimeException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    // ---- plain commands --------------------------------------------------------------------

    @Override
    public Object get(byte[] key) {
        Objects.requireNonNull(key, "key");
        return call(() -> cmd().get(key));
    }

    @Override
    public List<Object> getAll(List<byte[]> keys) {
        if (keys.isEmpty()) return new ArrayList<>();
        byte[][] array = keys.toArray(new byte[0][]);
        for (byte[] k : array) Objects.requireNonNull(k, "key");
        List<KeyValue<byte[], byte[]>> kvs = call(() -> cmd().mget(array));
        List<Object> out = new ArrayList<>(kvs.size());
        for (KeyValue<byte[], byte[]> kv : kvs) out.add(kv.hasValue() ? kv.getValue() : null);
        return out;
    }

    @Override
    public boolean exists(byte[] key) {
        Objects.requireNonNull(key, "key");
        return call(() -> cmd().exists(key)) > 0;
    }

    @Override
    public void set(byte[] key, Object value, long ttlMillis) {
        Objects.requireNonNull(key, "key");
        byte[] v = bytes(value);
        if (deletes(ttlMillis)) {
            call(() -> cmd().del(key));
        } else {
            call(() -> cmd().set(key, v, setArgs(ttlMillis)));
        }
    }

    @Override
    public Object getAndSet(byte[] key, Object value, long ttlMillis) {
        Objects.requireNonNull(key, "key");
        byte[] v = bytes(value);
        if (deletes(ttlMillis)) return call(() -> cmd().getdel(key));
        return call(() -> cmd().setGet(key, v, setArgs(ttlMillis)));
    }

    @Override
    public boolean setIfAbsent(byte[] key, Object value, long ttlMillis) {
        Objects.requireNonNull(key, "key");
        byte[] v = bytes(value);
        // already expired: the write happens if the key is absent, and leaves nothing behind
        if (deletes(ttlMillis)) return call(() -> cmd().exists(key)) == 0;
        SetArgs args = ttlMillis > 0 ? new SetArgs().nx().px(ttlMillis) : new SetArgs().nx();
        return "OK".equals(call(() -> cmd().set(key, v, args)));
    }

    @Override
    public boolean delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        return call(() -> cmd().del(key)) > 0;
    }

    @Override
    public Object getAndDelete(byte[] key) {
        Objects.requireNonNull(key, "key");
        return call(() -> cmd().getdel(key));
    }

    @Override
    public boolean expire(byte[] key, long ttlMillis) {
        Objects.requireNonNull(key, "key");
        if (ttlMillis == PERSIST) {
            // PERSIST answers 0 both for an absent key and for one without TTL
            return call(() -> cmd().persist(key)) || call(() -> cmd().exists(key)) > 0;
        }
        if (ttlMillis == KEEP_TTL) return call(() -> cmd().exists(key)) > 0;
        if (ttlMillis <= 0) return call(() -> cmd().del(key)) > 0;
        return call(() -> cmd().pexpire(key, ttlMillis));
    }

    @Override
    public long ttl(byte[] key) {
        Objects.requireNonNull(key, "key");
        return call(() -> cmd().pttl(key));
    }

    // ---- compute ---------------------------------------------------------------------------

    /*
     * compute: the optimistic transaction, in two round trips per attempt.
     *   key       the one key read and written; WATCHed on a connection of the caller's own
     *   mutation  run once per attempt with the value and PTTL read under WATCH; it may run again
     *             when another client wrote the key before our EXEC (EXEC answers nil)
     * Round trip 1 pipelines WATCH, GET, PTTL (the server runs them in order, so both reads are
     * under the WATCH); round trip 2 pipelines MULTI, the write, EXEC. A read where GET and PTTL
     * disagree (the key expired or appeared between them) is retried without running the
     * mutation. A decision that writes nothing sends UNWATCH without waiting (the connection's
     * next user queues behind it). Attempts are capped (MAX_COMPUTE_ATTEMPTS) with a small random
     * back-off once conflicts repeat. A connection is reused after an error reply (its state is
     * known: no MULTI, no WATCH) and closed after a timeout or a lost connection.
     */
    @Override
    public <R> R compute(byte[] key, Mutation<R> mutation) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mutation, "mutation");
        checkOpen();
        Mutation.Decision decision = new Mutation.Decision();
        for (int attempt = 1; attempt <= MAX_COMPUTE_ATTEMPTS; attempt++) {
            ComputePool pool = backend.computePool(key);
            StatefulRedisConnection<byte[], byte[]> c = pool.borrow();
            boolean broken = true;
            try {
                Attempt<R> a = attempt(c.async(), key, mutation, decision);
                broken = false;
                if (a.applied) return a.result;
            } catch (RedisCommandExecutionException e) {
                broken = false;
                String m = messageOf(e);
                if (m.startsWith("MOVED") || m.startsWith("ASK") || m.startsWith("TRYAGAIN")) {
                    backend.topologyChanged();
                    continue;
                }
                throw new StoreException(m, e);
            } catch (RedisException e) {
                throw new StoreException(messageOf(e), e);
            } catch (RuntimeException | Error e) {
                // the mutation (or its decision's value) failed: attempt() sent UNWATCH first
                broken = false;
                throw e;
            } finally {
                pool.release(c, broken);
            }
            if (attempt > 2) backOff(attempt);
        }
        throw new StoreException("compute on a key gave up after " + MAX_COMPUTE_ATTEMPTS
                + " attempts: other clients kept writing it between our WATCH and EXEC");
    }

    private record Attempt<R>(boolean applied, R result) {}

    private <R> Attempt<R> attempt(RedisAsyncCommands<byte[], byte[]> c, byte[] key, Mutation<R> mutation,
            Mutation.Decision decision) {
        RedisFuture<String> watched = c.watch(key);
        RedisFuture<byte[]> read = c.get(key);
        RedisFuture<Long> pttl = c.pttl(key);
        boolean watching = true;
        try {
            await(watched);
            byte[] current = await(read);
            long ttl = await(pttl);
            if ((current == null) != (ttl == NO_KEY)) return new Attempt<>(false, null);
            decision.reset();
            R result = mutation.apply(current, current == null ? NO_KEY : ttl, decision);
            int kind = decision.kind();
            long t = decision.ttlMillis();
            byte[] value = kind == Mutation.Decision.SET ? bytes(decision.value()) : null;
            boolean noop = kind == Mutation.Decision.NONE
                    || current == null && (kind == Mutation.Decision.DELETE || kind == Mutation.Decision.EXPIRE
                        || kind == Mutation.Decision.SET && deletes(t))
                    || kind == Mutation.Decision.EXPIRE && t == KEEP_TTL;
            if (noop) return new Attempt<>(true, result);
            watching = false; // EXEC (or DISCARD after a queueing error) ends the WATCH
            c.multi();
            queue(c, key, kind, value, t);
            TransactionResult tx = await(c.exec());
            if (tx.wasDiscarded()) return new Attempt<>(false, null);
            for (Object reply : tx) {
                if (reply instanceof Exception e) throw new StoreException(messageOf(e), e);
            }
            return new Attempt<>(true, result);
        } finally {
            if (watching) c.unwatch();
        }
    }

    private <T> T await(RedisFuture<T> f) {
        return LettuceFutures.awaitOrCancel(f, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void queue(RedisAsyncCommands<byte[], byte[]> c, byte[] key, int kind, byte[] value, long ttl) {
        switch (kind) {
            case Mutation.Decision.SET -> {
                if (deletes(ttl)) c.del(key);
                else c.set(key, value, setArgs(ttl));
            }
            case Mutation.Decision.DELETE -> c.del(key);
            case Mutation.Decision.EXPIRE -> {
                if (ttl == PERSIST) c.persist(key);
                else if (ttl <= 0) c.del(key);
                else c.pexpire(key, ttl);
            }
            default -> throw new IllegalStateException("unknown decision " + kind);
        }
    }

    private static void backOff(int attempt) {
        long maxMicros = Math.min(5_000, 50L * attempt);
        try {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(maxMicros + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted during compute", e);
        }
    }

    // ---- hashes and sets (the session store's values) --------------------------------------

    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    @Override
    public Map<String, byte[]> hgetAll(byte[] key) {
        Objects.requireNonNull(key, "key");
        Map<byte[], byte[]> all = call(() -> cmd().hgetall(key));
        if (all == null || all.isEmpty()) return null; // HGETALL answers an empty map for an absent key
        Map<String, byte[]> out = new LinkedHashMap<>();
        all.forEach((f, v) -> out.put(new String(f, StandardCharsets.UTF_8), v));
        return out;
    }

    @Override
    public byte[] hget(byte[] key, String field) {
        Objects.requireNonNull(key, "key");
        byte[] f = field.getBytes(StandardCharsets.UTF_8);
        return call(() -> cmd().hget(key, f));
    }

    /*
     * hupdate: one round trip. MULTI, TYPE + PTTL (the probe: whether the key exists, is a hash,
     * and its TTL before), HSET, HDEL, then PEXPIRE or PERSIST, EXEC, pipelined on a dedicated
     * connection (no WATCH: the probe runs inside the transaction, so it sees the key exactly as the
     * writes do). What the probe finds is repaired afterwards, in the rare cases that need it:
     *   absent, onlyIfExists  the HSET made a hash of only these fields (no session metadata: the
     *                         session store reads such a hash as no session); it is deleted (DEL,
     *                         a second round trip) and false returned. Another writer may see that
     *                         hash in between; a write with onlyIfExists that does is applied to it
     *                         and then lost to the DEL, as if it came just before the key was gone.
     *   another type          HSET/HDEL failed (WRONGTYPE) but PEXPIRE/PERSIST did not: the TTL the
     *                         probe read is put back (PEXPIRE of what was left, or PERSIST), then
     *                         WRONGTYPE thrown; the value itself was never touched.
     * A TTL that deletes (0 or less) keeps the checked two-round-trip path (watched): nothing of a
     * key of another type may be deleted.
     */
    @Override
    public boolean hupdate(byte[] key, Map<String, byte[]> set, Collection<String> delete, long ttlMillis,
            boolean onlyIfExists) {
        Objects.requireNonNull(key, "key");
        Map<byte[], byte[]> sets = new LinkedHashMap<>();
        set.forEach((f, v) -> sets.put(f.getBytes(StandardCharsets.UTF_8), Objects.requireNonNull(v, "field value")));
        List<byte[]> dels = new ArrayList<>();
        for (String f : delete) {
            if (!set.containsKey(f)) dels.add(f.getBytes(StandardCharsets.UTF_8));
        }
        byte[][] delArray = dels.toArray(new byte[0][]);
        if (deletes(ttlMillis)) {
            return watched(key, type -> {
                boolean absent = "none".equals(type);
                if (!absent && !"hash".equals(type)) throw new StoreException(WRONGTYPE);
                if (absent) return Step.done(!onlyIfExists);
                return Step.write(c -> c.del(key), tx -> true);
            });
        }
        boolean ttlChange = ttlMillis > 0 || ttlMillis == PERSIST;
        TransactionResult tx = transaction(key, (c, queued) -> {
            queued.add(c.type(key));
            queued.add(c.pttl(key));
            if (!sets.isEmpty()) queued.add(c.hset(key, sets));
            if (!dels.isEmpty()) queued.add(c.hdel(key, delArray));
            if (ttlMillis > 0) queued.add(c.pexpire(key, ttlMillis));
            else if (ttlMillis == PERSIST) queued.add(c.persist(key));
        });
        String type = String.valueOf((Object) tx.get(0));
        if (!"none".equals(type) && !"hash".equals(type)) {
            throw wrongType(key, tx, ttlChange);
        }
        failIfError(tx);
        if ("none".equals(type) && onlyIfExists) {
            if (!sets.isEmpty()) call(() -> cmd().del(key)); // the partial hash the HSET made
            return false;
        }
        return true;
    }

    /*
     * sadd: one round trip, as hupdate: MULTI, TYPE + PTTL, SADD, then the TTL made at least
     * ttlMillis (PEXPIRE NX sets one on a key without, PEXPIRE GT only lengthens) or PERSIST, EXEC.
     * A key of another type: SADD failed, its TTL is put back, WRONGTYPE thrown.
     */
    @Override
    public long sadd(byte[] key, Collection<byte[]> members, long ttlMillis) {
        Objects.requireNonNull(key, "key");
        if (members.isEmpty()) return 0;
        byte[][] array = members.toArray(new byte[0][]);
        for (byte[] m : array) Objects.requireNonNull(m, "member");
        boolean ttlChange = ttlMillis > 0 || ttlMillis == PERSIST;
        TransactionResult tx = transaction(key, (c, queued) -> {
            queued.add(c.type(key));
            queued.add(c.pttl(key));
            queued.add(c.sadd(key, array));
            if (ttlMillis > 0) {
                queued.add(c.pexpire(key, ttlMillis, ExpireArgs.Builder.nx()));
                queued.add(c.pexpire(key, ttlMillis, ExpireArgs.Builder.gt()));
            } else if (ttlMillis == PERSIST) {
                queued.add(c.persist(key));
            }
        });
        String type = String.valueOf((Object) tx.get(0));
        if (!"none".equals(type) && !"set".equals(type)) {
            throw wrongType(key, tx, ttlChange);
        }
        failIfError(tx);
        return ((Number) tx.get(2)).longValue();
    }

    /**
     * The WRONGTYPE of a probed transaction (replies 0 and 1: TYPE and PTTL) on a key of another
     * type, after putting back the TTL its PEXPIRE/PERSIST changed (if {@code ttlChanged}).
     */
    private StoreException wrongType(byte[] key, TransactionResult tx, boolean ttlChanged) {
        String message = WRONGTYPE;
        for (Object reply : tx) {
            if (reply instanceof Exception e) {
                message = messageOf(e);
                break;
            }
        }
        if (ttlChanged && tx.get(1) instanceof Long before) {
            if (before == -1) {
                call(() -> cmd().persist(key));
            } else if (before > 0) {
                call(() -> cmd().pexpire(key, before));
            }
        }
        return new StoreException(message);
    }

    private static void failIfError(TransactionResult tx) {
        for (Object reply : tx) {
            if (reply instanceof Exception e) throw new StoreException(messageOf(e), e);
        }
    }

    @Override
    public long srem(byte[] key, Collection<byte[]> members) {
        Objects.requireNonNull(key, "key");
        if (members.isEmpty()) return 0;
        byte[][] array = members.toArray(new byte[0][]);
        return call(() -> cmd().srem(key, array));
    }

    @Override
    public List<byte[]> smembers(byte[] key) {
        Objects.requireNonNull(key, "key");
        return new ArrayList<>(call(() -> cmd().smembers(key)));
    }

    /** What a watched write does once it knows the key's type: nothing ({@code done}) or a transaction. */
    private record Step<R>(R immediate, Consumer<RedisAsyncCommands<byte[], byte[]>> writes,
            Function<TransactionResult, R> result) {
        static <R> Step<R> done(R value) {
            return new Step<>(value, null, null);
        }

        static <R> Step<R> write(Consumer<RedisAsyncCommands<byte[], byte[]>> writes, Function<TransactionResult, R> result) {
            return new Step<>(null, writes, result);
        }
    }

    /*
     * transaction: MULTI, what queue sends, EXEC, written together on a dedicated connection (in a
     * cluster, one to the key's master) and awaited once: one round trip. Again after a
     * redirection (MOVED/ASK/TRYAGAIN, also when it only aborted the EXEC), as compute; an EXEC
     * aborted for another refusal throws the refused command's error, not EXECABORT.
     */
    private TransactionResult transaction(byte[] key,
            BiConsumer<RedisAsyncCommands<byte[], byte[]>, List<RedisFuture<?>>> queue) {
        checkOpen();
        for (int attempt = 1; attempt <= MAX_COMPUTE_ATTEMPTS; attempt++) {
            ComputePool pool = backend.computePool(key);
            StatefulRedisConnection<byte[], byte[]> conn = pool.borrow();
            // a failure before the flush leaves commands in the connection's buffer: it is closed
            boolean broken = true;
            List<RedisFuture<?>> queued = new ArrayList<>(8);
            try {
                RedisAsyncCommands<byte[], byte[]> c = conn.async();
                conn.setAutoFlushCommands(false);
                TransactionResult tx;
                try {
                    c.multi();
                    queue.accept(c, queued);
                    RedisFuture<TransactionResult> exec = c.exec();
                    conn.flushCommands();
                    tx = await(exec);
                } finally {
                    conn.setAutoFlushCommands(true);
                }
                broken = false;
                return tx;
            } catch (RedisCommandExecutionException e) {
                broken = false;
                String m = messageOf(e);
                if (m.startsWith("EXECABORT")) {
                    // a command was refused when queued (Lettuce fails its future with the reason)
                    String refused = queued.stream().map(RemoteStore::refusal).filter(Objects::nonNull)
                            .findFirst().orElse(null);
                    if (refused != null) m = refused;
                }
                if (!redirected(m)) throw new StoreException(m, e);
                backend.topologyChanged(); // and again, backed off as a slot migration may take a while
            } catch (RedisException e) {
                throw new StoreException(messageOf(e), e);
            } finally {
                pool.release(conn, broken);
            }
            if (attempt > 2) backOff(attempt);
        }
        throw new StoreException("a write on a key gave up after " + MAX_COMPUTE_ATTEMPTS + " redirections");
    }

    private static boolean redirected(String m) {
        return m.startsWith("MOVED") || m.startsWith("ASK") || m.startsWith("TRYAGAIN");
    }

    /** Why the server refused a command queued in a MULTI (its error at queueing), or null. */
    private static String refusal(RedisFuture<?> f) {
        if (!f.isDone()) return null;
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? null : messageOf(e.getCause());
        } catch (InterruptedException | CancellationException e) {
            return null;
        }
    }

    /*
     * watched: WATCH + TYPE (one round trip), then plan's writes as MULTI/EXEC (a second), on a
     * dedicated connection, again while EXEC reports a conflict; capped and backed off as compute.
     */
    private <R> R watched(byte[] key, Function<String, Step<R>> plan) {
        checkOpen();
        for (int attempt = 1; attempt <= MAX_COMPUTE_ATTEMPTS; attempt++) {
            ComputePool pool = backend.computePool(key);
            StatefulRedisConnection<byte[], byte[]> conn = pool.borrow();
            boolean broken = true;
            try {
                RedisAsyncCommands<byte[], byte[]> c = conn.async();
                RedisFuture<String> watched = c.watch(key);
                RedisFuture<String> type = c.type(key);
                boolean watching = true;
                try {
                    await(watched);
                    Step<R> step = plan.apply(await(type));
                    if (step.writes() == null) {
                        broken = false;
                        return step.immediate();
                    }
                    watching = false;
                    c.multi();
                    step.writes().accept(c);
                    TransactionResult tx = await(c.exec());
                    broken = false;
                    if (!tx.wasDiscarded()) {
                        for (Object reply : tx) {
                            if (reply instanceof Exception e) throw new StoreException(messageOf(e), e);
                        }
                        return step.result().apply(tx);
                    }
                } finally {
                    if (watching) c.unwatch();
                }
            } catch (RedisCommandExecutionException e) {
                broken = false;
                String m = messageOf(e);
                if (m.startsWith("MOVED") || m.startsWith("ASK") || m.startsWith("TRYAGAIN")) {
                    backend.topologyChanged();
                    continue;
                }
                throw new StoreException(m, e);
            } catch (RedisException e) {
                throw new StoreException(messageOf(e), e);
            } catch (RuntimeException | Error e) {
                broken = false; // WRONGTYPE found by the plan, or a bad argument: UNWATCH was sent
                throw e;
            } finally {
                pool.release(conn, broken);
            }
            if (attempt > 2) backOff(attempt);
        }
        throw new StoreException("a write on a key gave up after " + MAX_COMPUTE_ATTEMPTS
                + " attempts: other clients kept writing it between our WATCH and EXEC");
    }

    // ---- prefixes --------------------------------------------------------------------------

    @Override
    public void scan(byte[] prefix, Consumer<byte[]> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        Set<ByteBuffer> seen = new HashSet<>();
        scanKeys(prefix, batch -> {
            for (byte[] k : batch) {
                // SCAN may return a key twice (rehashing): the contract says never twice
                if (seen.add(ByteBuffer.wrap(k))) consumer.accept(k);
            }
        });
    }

    @Override
    public long deleteByPrefix(byte[] prefix) {
        long[] deleted = {0};
        scanKeys(prefix, batch -> {
            for (int i = 0; i < batch.size(); i += DELETE_BATCH) {
                byte[][] part = batch.subList(i, Math.min(batch.size(), i + DELETE_BATCH)).toArray(new byte[0][]);
                // in a cluster Lettuce splits a multi-key UNLINK per slot
                deleted[0] += call(() -> cmd().unlink(part));
            }
        });
        return deleted[0];
    }

    /** SCAN MATCH prefix* COUNT 1000 over every master, one page at a time to {@code page}. */
    private void scanKeys(byte[] prefix, Consumer<List<byte[]>> page) {
        Objects.requireNonNull(prefix, "prefix");
        checkOpen();
        ScanArgs args = ScanArgs.Builder.matches(Patterns.prefixGlob(prefix)).limit(SCAN_COUNT);
        for (RedisClusterCommands<byte[], byte[]> node : call(backend::masters).values()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                ScanCursor from = cursor;
                KeyScanCursor<byte[]> r = call(() -> node.scan(from, args));
                List<byte[]> keys = new ArrayList<>(r.getKeys().size());
                for (byte[] k : r.getKeys()) {
                    if (Patterns.startsWith(k, prefix)) keys.add(k);
                }
                if (!keys.isEmpty()) page.accept(keys);
                cursor = r;
            } while (!cursor.isFinished());
        }
    }

    // ---- messages --------------------------------------------------------------------------

    @Override
    public long publish(byte[] channel, byte[] message) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        return call(() -> cmd().publish(channel, message));
    }

    @Override
    public Subscription subscribe(byte[] channel, MessageListener listener) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(listener, "listener");
        return channels.subscribe(channel, listener);
    }

    @Override
    public Subscription onExpired(byte[] prefix, ExpiryListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        return channels.onExpired(prefix, listener);
    }

    // ---- the rest --------------------------------------------------------------------------

    @Override
    public boolean ping(Duration timeout) {
        if (closed) return false;
        try {
            String pong = backend.async().ping().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return "PONG".equalsIgnoreCase(pong);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public boolean byReference() {
        return false;
    }

    @Override
    public String describe() {
        return settings.description();
    }

    @Override
    public void close() {
        if (closed) return;
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            events.dispose();
            channels.close();
            backend.close();
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "RemoteStore[" + describe() + "]";
    }

    // ---- helpers ---------------------------------------------------------------------------

    private RedisClusterCommands<byte[], byte[]> cmd() {
        checkOpen();
        return backend.commands();
    }

    private void checkOpen() {
        if (closed) throw new StoreException("store closed: " + settings.description());
    }

    /** A write with this TTL deletes the key ("already expired"). */
    private static boolean deletes(long ttlMillis) {
        return ttlMillis <= 0 && ttlMillis != PERSIST && ttlMillis != KEEP_TTL;
    }

    private static SetArgs setArgs(long ttlMillis) {
        if (ttlMillis == KEEP_TTL) return new SetArgs().keepttl();
        if (ttlMillis > 0) return new SetArgs().px(ttlMillis);
        return new SetArgs();
    }

    private static byte[] bytes(Object value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof byte[] b) return b;
        throw new IllegalArgumentException("a remote store holds byte[] values only, not "
                + value.getClass().getName() + " (store-by-reference needs the embedded store)");
    }

    private static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            // error replies, timeouts, lost connections, interrupts: all RedisException in Lettuce
            throw new StoreException(messageOf(e), e);
        }
    }

    private static String messageOf(Throwable e) {
        return ComputePool.message(e);
    }
}
