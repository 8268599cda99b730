package io.quicksilver.remote;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Map;

/**
 * The connections a {@link RemoteStore} talks through: one server (or a Sentinel-managed
 * master), or a Redis Cluster. The store's logic is the same for both; only where a command goes
 * differs.
 *
 * <p>Thread-safe.
 */
abstract class Backend implements AutoCloseable {
    /** The shared connection's commands, for plain one-command operations (thread-safe, pipelined by Lettuce). */
    abstract RedisClusterCommands<byte[], byte[]> commands();

    /** The same connection, asynchronously (for PING with its own time limit). */
    abstract RedisClusterAsyncCommands<byte[], byte[]> async();

    /** Every master, by "host:port", for commands that must reach all of them (SCAN, CONFIG). */
    abstract Map<String, RedisClusterCommands<byte[], byte[]>> masters();

    /** The dedicated connections for a compute on {@code key} (in a cluster: to the key's master). */
    abstract ComputePool computePool(byte[] key);

    /** A compute was redirected (MOVED/ASK): the slot map is stale. */
    abstract void topologyChanged();

    /** The pub/sub connection for the store's channels, opened on first use. */
    abstract StatefulRedisPubSubConnection<byte[], byte[]> pubSub();

    /**
     * Pub/sub connections on which keyevent channels must be subscribed, by "host:port": the
     * one pub/sub connection of a single server, one per master in a cluster (keyspace
     * notifications are local to the node where the key lives).
     */
    abstract Map<String, StatefulRedisPubSubConnection<byte[], byte[]>> keyEventConnections();

    @Override
    public abstract void close();

    /** Client options shared by both kinds: every command (sync or async) times out. */
    static ClientOptions.Builder options(ClientOptions.Builder b, Duration timeout) {
        return b.timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build());
    }
}
