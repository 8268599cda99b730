package io.quicksilver.benchmarks;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.store.EngineStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * Diagnostics for {@link JCacheBenchmark}: where a cache get's time goes below the JCache layer.
 * {@code engine-store}: core's {@code EngineStore.get} on the provider's store keys
 * ({@code jcache:bench:key:N}, the very arrays stored, so the key comparison stops at identity),
 * by-reference values; {@code engine-store-encode}: the key encoded per call from an equal String,
 * as the provider does; {@code chm}: a
 * {@link ConcurrentHashMap} of the same String keys and values, the floor any on-heap cache shares.
 * Not part of the targets; run with {@code benchmarks/jcache-jmh.sh StoreLayerBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class StoreLayerBenchmark {
    private static final byte[] PREFIX = "jcache:bench:".getBytes(StandardCharsets.UTF_8);

    @Param({"engine-store", "engine-store-encode", "chm"})
    public String impl;

    private int mode; // 0 engine-store, 1 engine-store-encode, 2 chm: no String switch per call
    private Engine engine;
    private EngineStore store;
    private byte[][] storeKeys;
    private ConcurrentHashMap<String, String> map;

    @Setup(Level.Trial)
    public void setUp() {
        mode = switch (impl) {
            case "engine-store" -> 0;
            case "engine-store-encode" -> 1;
            case "chm" -> 2;
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
        if (mode == 2) {
            map = new ConcurrentHashMap<>();
            for (int i = 0; i < Workload.KEYS; i++) {
                map.put(Workload.loadKey(i), Workload.value(i));
            }
            return;
        }
        engine = Engine.builder().build();
        store = new EngineStore(engine, 0);
        storeKeys = new byte[Workload.KEYS][];
        for (int i = 0; i < Workload.KEYS; i++) {
            storeKeys[i] = storeKey(Workload.loadKey(i));
            store.set(storeKeys[i], Workload.value(i), EngineStore.PERSIST);
        }
    }

    private static byte[] storeKey(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(PREFIX, PREFIX.length + k.length);
        System.arraycopy(k, 0, out, PREFIX.length, k.length);
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (engine != null) {
            store.close();
            engine.close();
        }
    }

    @Benchmark
    public Object get() {
        int i = ThreadLocalRandom.current().nextInt(Workload.KEYS);
        if (mode == 0) {
            return store.get(storeKeys[i]);
        }
        return mode == 1 ? store.get(storeKey(Workload.key(i))) : map.get(Workload.key(i));
    }
}
