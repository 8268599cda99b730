package io.quicksilver.remote;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.quicksilver.core.store.StoreException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Redis Cluster. Plain commands go through Lettuce's cluster connection (which routes by slot
 * and splits MGET/UNLINK per slot); SCAN and CONFIG are sent to every master; compute opens its
 * dedicated connections straight to the master that holds the key's slot.
 */
final class ClusterBackend extends Backend {
    private final RedisClusterClient client;
    /** Opens the dedicated (WATCH) connections to single nodes. */
    private final RedisClient nodeClient;
    private final StatefulRedisClusterConnection<byte[], byte[]> connection;
    private final RemoteSettings settings;
    private final Map<String, ComputePool> pools = new ConcurrentHashMap<>();
    private volatile StatefulRedisClusterPubSubConnection<byte[], byte[]> pubSub;

    ClusterBackend(ClientResources resources, RemoteSettings settings) {
        this.settings = settings;
        this.client = RedisClusterClient.create(resources, settings.uris());
        ClusterClientOptions.Builder b = ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        // a store that only listens gets no redirections: without this it would
                        // never learn of a new master (and never hear its expiry events)
                        .enablePeriodicRefresh(settings.topologyRefresh()).build());
        options(b, settings.timeout());
        client.setOptions(b.build());
        this.nodeClient = RedisClient.create(resources);
        nodeClient.setOptions(options(ClientOptions.builder(), settings.timeout()).build());
        try {
            this.connection = client.connect(ByteArrayCodec.INSTANCE);
        } catch (RuntimeException e) {
            nodeClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    @Override
    RedisClusterCommands<byte[], byte[]> commands() {
        return connection.sync();
    }

    @Override
    RedisClusterAsyncCommands<byte[], byte[]> async() {
        return connection.async();
    }

    @Override
    Map<String, RedisClusterCommands<byte[], byte[]>> masters() {
        Map<String, RedisClusterCommands<byte[], byte[]>> m = new LinkedHashMap<>();
        for (RedisClusterNode n : connection.getPartitions()) {
            if (n.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                m.put(address(n), connection.getConnection(n.getNodeId()).sync());
            }
        }
        return m;
    }

    @Override
    ComputePool computePool(byte[] key) {
        RedisClusterNode n = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        if (n == null) throw new StoreException("no master serves the slot of the key (cluster topology unknown)");
        RedisURI nodeUri = RedisURI.builder(settings.uris().get(0))
                .withHost(n.getUri().getHost()).withPort(n.getUri().getPort()).build();
        String address = address(n);
        return pools.computeIfAbsent(address, a -> new ComputePool(a,
                () -> nodeClient.connect(ByteArrayCodec.INSTANCE, nodeUri),
                settings.computeConnections(), settings.timeout()));
    }

    @Override
    void topologyChanged() {
        client.refreshPartitions();
    }

    private StatefulRedisClusterPubSubConnection<byte[], byte[]> clusterPubSub() {
        StatefulRedisClusterPubSubConnection<byte[], byte[]> p = pubSub;
        if (p == null) {
            synchronized (this) {
                p = pubSub;
                if (p == null) pubSub = p = client.connectPubSub(ByteArrayCodec.INSTANCE);
            }
        }
        return p;
    }

    @Override
    StatefulRedisPubSubConnection<byte[], byte[]> pubSub() {
        return clusterPubSub();
    }

    @Override
    Map<String, StatefulRedisPubSubConnection<byte[], byte[]>> keyEventConnections() {
        StatefulRedisClusterPubSubConnection<byte[], byte[]> p = clusterPubSub();
        Map<String, StatefulRedisPubSubConnection<byte[], byte[]>> m = new LinkedHashMap<>();
        for (RedisClusterNode n : connection.getPartitions()) {
            if (n.is(RedisClusterNode.NodeFlag.UPSTREAM)) m.put(address(n), p.getConnection(n.getNodeId()));
        }
        return m;
    }

    private static String address(RedisClusterNode n) {
        return n.getUri().getHost() + ":" + n.getUri().getPort();
    }

    @Override
    public void close() {
        pools.values().forEach(ComputePool::close);
        // shutdown closes every connection each client opened
        nodeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
