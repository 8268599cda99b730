package io.quicksilver.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.quicksilver.server.QuicksilverServer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A remote get: our JCache provider in remote mode ({@code redis://} manager URI, store-by-value
 * as remote mode must be) against our RESP server, beside the same GET through Lettuce directly
 * (one shared connection, synchronous API, String codec), the floor our provider adds to. The
 * server is started in this JVM ({@link QuicksilverServer}, loopback, port picked), so client
 * and server share the CPUs; both clients see the same server and the same
 * {@value Workload#KEYS} keys of {@value Workload#VALUE_LENGTH}-character values.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class RemoteGetBenchmark {
    @Param({"quicksilver-remote", "lettuce"})
    public String impl;

    private QuicksilverServer server;
    private CachingProvider provider;
    private CacheManager manager;
    private Cache<String, String> cache;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @Setup(Level.Trial)
    public void setUp() {
        server = QuicksilverServer.builder().port(0).bind("127.0.0.1").build().start();
        String uri = "redis://127.0.0.1:" + server.port();
        switch (impl) {
            case "quicksilver-remote" -> {
                provider = Caching.getCachingProvider(JCacheBenchmark.QUICKSILVER);
                manager = provider.getCacheManager(URI.create(uri), RemoteGetBenchmark.class.getClassLoader());
                cache = manager.createCache("bench", JCacheBenchmark.configuration(true));
                Map<String, String> batch = new LinkedHashMap<>();
                for (int i = 0; i < Workload.KEYS; i++) {
                    batch.put(Workload.loadKey(i), Workload.value(i));
                    if (batch.size() == 1000 || i == Workload.KEYS - 1) {
                        cache.putAll(batch);
                        batch.clear();
                    }
                }
                check(cache.get(Workload.key(Workload.KEYS - 1)));
            }
            case "lettuce" -> {
                client = RedisClient.create(uri);
                connection = client.connect();
                redis = connection.sync();
                Map<String, String> batch = new LinkedHashMap<>();
                for (int i = 0; i < Workload.KEYS; i++) {
                    batch.put(Workload.loadKey(i), Workload.value(i));
                    if (batch.size() == 1000 || i == Workload.KEYS - 1) {
                        redis.mset(batch);
                        batch.clear();
                    }
                }
                check(redis.get(Workload.key(Workload.KEYS - 1)));
            }
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        }
    }

    private void check(String last) {
        if (!Workload.value(Workload.KEYS - 1).equals(last)) {
            throw new IllegalStateException(impl + ": the last key reads back " + last);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (manager != null) {
            manager.destroyCache("bench");
            manager.close();
            provider.close();
        }
        if (client != null) {
            connection.close();
            client.shutdown();
        }
        server.close();
    }

    @Benchmark
    public String get() {
        String key = Workload.key(ThreadLocalRandom.current().nextInt(Workload.KEYS));
        return cache != null ? cache.get(key) : redis.get(key);
    }
}
