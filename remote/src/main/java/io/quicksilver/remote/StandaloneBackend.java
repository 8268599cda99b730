package io.quicksilver.remote;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Map;

/** One server, or the master a Sentinel set names (Lettuce follows fail-overs). */
final class StandaloneBackend extends Backend {
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final ComputePool pool;
    private final String address;
    private final RedisURI uri;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> pubSub;

    StandaloneBackend(ClientResources resources, RemoteSettings settings) {
        RedisURI uri = settings.uris().get(0);
        this.client = RedisClient.create(resources);
        client.setOptions(options(ClientOptions.builder(), settings.timeout()).build());
        try {
            this.connection = client.connect(ByteArrayCodec.INSTANCE, uri);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
        this.address = uri.getSentinels().isEmpty() ? uri.getHost() + ":" + uri.getPort()
                : "sentinel master " + uri.getSentinelMasterId();
        this.pool = new ComputePool(address, () -> client.connect(ByteArrayCodec.INSTANCE, uri),
                settings.computeConnections(), settings.timeout());
        this.uri = uri;
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
        return Map.of(address, connection.sync());
    }

    @Override
    ComputePool computePool(byte[] key) {
        return pool;
    }

    @Override
    void topologyChanged() {
        // one server: nothing to refresh
    }

    @Override
    StatefulRedisPubSubConnection<byte[], byte[]> pubSub() {
        StatefulRedisPubSubConnection<byte[], byte[]> p = pubSub;
        if (p == null) {
            synchronized (this) {
                p = pubSub;
                if (p == null) pubSub = p = client.connectPubSub(ByteArrayCodec.INSTANCE, uri);
            }
        }
        return p;
    }

    @Override
    Map<String, StatefulRedisPubSubConnection<byte[], byte[]>> keyEventConnections() {
        return Map.of(address, pubSub());
    }

    @Override
    public void close() {
        pool.close();
        // shutdown closes every connection the client opened (main, pub/sub, compute pool)
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
