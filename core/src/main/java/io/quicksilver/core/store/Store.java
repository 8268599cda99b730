package io.quicksilver.core.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A keyspace of string values, as the JCache provider and the session store need it: plain reads
 * and writes that are each one atomic command, an atomic read-modify-write of one key
 * ({@link #compute}), prefix scans and deletes, and messages between the JVMs sharing it.
 *
 * <p>Values are {@code byte[]} (an ordinary Redis string). An embedded store may also hold any
 * other object <em>by reference</em> (JCache store-by-reference), which redis-cli sees as a key
 * of type {@code java-object}; a remote store accepts only {@code byte[]}.
 *
 * <p>TTL arguments are milliseconds from now; {@link #PERSIST} means no expiry and
 * {@link #KEEP_TTL} keeps the key's current one (a new key then gets none). A TTL of 0 or less
 * (other than those two) means "already expired": a write with it deletes the key.
 *
 * <p>Thread-safe. Methods throw {@link StoreException} when the backend fails (connection lost,
 * server error); never for an absent key.
 */
public interface Store extends AutoCloseable {
    /** TTL argument: no expiry. */
    long PERSIST = -1;
    /** TTL argument: keep the key's current TTL. */
    long KEEP_TTL = -2;
    /** {@link #ttl} result for an absent key, as PTTL's -2. */
    long NO_KEY = -2;

    /** The value of {@code key}, or null when absent or expired. Does not change its TTL. */
    Object get(byte[] key);

    /** The values of {@code keys} in order, null for each absent one (one round trip per slot remotely). */
    List<Object> getAll(List<byte[]> keys);

    boolean exists(byte[] key);

    /** Sets {@code key} (SET with PX, or KEEPTTL). */
    void set(byte[] key, Object value, long ttlMillis);

    /** Sets {@code key} and returns its previous value, or null (SET ... GET). */
    Object getAndSet(byte[] key, Object value, long ttlMillis);

    /** Sets {@code key} only if absent (SET NX); true if it did. */
    boolean setIfAbsent(byte[] key, Object value, long ttlMillis);

    /** Deletes {@code key}; true if it existed. */
    boolean delete(byte[] key);

    /** Deletes {@code key} and returns its value, or null (GETDEL). */
    Object getAndDelete(byte[] key);

    /** Sets the TTL of an existing key ({@link #PERSIST} removes it; 0 or less deletes the key); false if absent. */
    boolean expire(byte[] key, long ttlMillis);

    /** The remaining TTL in milliseconds, {@link #PERSIST} (-1) if none, {@link #NO_KEY} (-2) if absent (PTTL). */
    long ttl(byte[] key);

    /**
     * Atomically reads {@code key} and applies what {@code mutation} decides. No other write to
     * the key happens between the read and the write. An embedded store runs the mutation once,
     * holding the key's lock (the mutation must not touch other keys of the store); a remote store
     * runs it optimistically (WATCH/MULTI/EXEC) and may run it more than once, so it must have no
     * side effects beyond its {@link Mutation.Decision} and its result.
     *
     * @return what the mutation returned on the run that was applied
     */
    <R> R compute(byte[] key, Mutation<R> mutation);

    // ---- hashes and sets (the session store's values) ---------------------------------------

    /**
     * Every field of the hash at {@code key} (HGETALL), field names decoded as UTF-8, or null
     * when the key is absent. Does not change its TTL.
     *
     * @throws StoreException WRONGTYPE if the key holds something other than a hash
     */
    Map<String, byte[]> hgetAll(byte[] key);

    /** One field of the hash at {@code key} (HGET, field encoded as UTF-8), or null. */
    byte[] hget(byte[] key, String field);

    /**
     * One atomic change of the hash at {@code key}: HSET of {@code set}, HDEL of {@code delete},
     * then the TTL (PEXPIRE {@code ttlMillis} &gt; 0; {@link #PERSIST}; {@link #KEEP_TTL}; 0 or less
     * deletes the key), as one MULTI/EXEC: no reader sees half of it. A hash emptied by the deletes
     * is removed (as HDEL does). Field names are encoded as UTF-8; a field in both {@code set} and
     * {@code delete} is set.
     *
     * @param onlyIfExists true: an absent key is left absent and false returned (a session that was
     *                     invalidated or expired meanwhile is not brought back). A remote store
     *                     checks inside the same transaction, so the fields of {@code set} may exist
     *                     for a moment, as a hash of only them, before it deletes the key again:
     *                     readers tell a real value by a field that only its creation writes
     * @return false only when {@code onlyIfExists} and the key was absent
     * @throws StoreException WRONGTYPE if the key holds something other than a hash
     */
    boolean hupdate(byte[] key, Map<String, byte[]> set, Collection<String> delete, long ttlMillis,
            boolean onlyIfExists);

    /**
     * SADD of {@code members} to the set at {@code key}, then its TTL made at least
     * {@code ttlMillis} (never shortened: PEXPIRE NX + PEXPIRE GT; {@link #PERSIST} removes it), in
     * one MULTI/EXEC. Returns how many members were new.
     */
    long sadd(byte[] key, Collection<byte[]> members, long ttlMillis);

    /** SREM; a set emptied is removed. Returns how many members were removed. */
    long srem(byte[] key, Collection<byte[]> members);

    /** SMEMBERS: the members of the set at {@code key}, empty when absent (WRONGTYPE otherwise). */
    List<byte[]> smembers(byte[] key);

    /**
     * Calls {@code consumer} with every key that starts with {@code prefix} (SCAN MATCH). Weakly
     * consistent: keys added or removed meanwhile may or may not be seen; no key is seen twice.
     * The consumer may call other methods of this store.
     */
    void scan(byte[] prefix, Consumer<byte[]> consumer);

    /** Deletes every key that starts with {@code prefix}, in batches, and returns how many. */
    long deleteByPrefix(byte[] prefix);

    /** Publishes {@code message} on {@code channel} (PUBLISH); returns how many subscribers received it. */
    long publish(byte[] channel, byte[] message);

    /** Calls {@code listener} with every message published on {@code channel}, on a thread of the store's, until closed. */
    Subscription subscribe(byte[] channel, MessageListener listener);

    /**
     * Calls {@code listener} when a key starting with {@code prefix} expires or is evicted in the
     * backend. Embedded: always, on the expiring thread, with the value. Remote: through keyspace
     * notifications (the store enables class "Ex" if it may, and says in its log if it may not),
     * without the value. The value of an expired hash is given (embedded) as an unmodifiable
     * {@code Map<String, byte[]>} of its fields.
     */
    Subscription onExpired(byte[] prefix, ExpiryListener listener);

    /** True if the backend answers within {@code timeout} (PING). Never throws. */
    boolean ping(Duration timeout);

    /** True if values may be objects held by reference (embedded stores only). */
    boolean byReference();

    /** "embedded" or the server's address, for logs, health checks and MXBeans. */
    String describe();

    /** Releases connections and listeners; an embedded store leaves its engine running. */
    @Override
    void close();

    /** A message listener for {@link #subscribe}. */
    @FunctionalInterface
    interface MessageListener {
        void onMessage(byte[] channel, byte[] message);
    }

    /** An expiry listener for {@link #onExpired}. */
    @FunctionalInterface
    interface ExpiryListener {
        /**
         * @param key     the expired key
         * @param value   its last value, or null if the store cannot know it (remote)
         * @param evicted true if maxmemory evicted it rather than its TTL expiring
         */
        void onExpired(byte[] key, Object value, boolean evicted);
    }

    /** A registration to cancel. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
