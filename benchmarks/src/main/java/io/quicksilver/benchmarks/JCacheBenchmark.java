package io.quicksilver.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
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
 * Cache.get, Cache.put and a mix of 80 % gets and 20 % puts over {@value Workload#KEYS} keys
 * (all present, chosen uniformly at random), for each JCache provider in its own fork:
 * <ul>
 * <li>{@code quicksilver-ref}, {@code quicksilver-value}: our provider, embedded engine,
 *     store-by-reference and store-by-value;</li>
 * <li>{@code caffeine-ref}: Caffeine's JCache provider (store-by-reference, its default);</li>
 * <li>{@code ehcache-value}: Ehcache 3's JCache provider store-by-value (its default), which
 *     our store-by-value is compared with;</li>
 * <li>{@code caffeine-value}, {@code ehcache-ref}: the other mode of each peer (not in the
 *     default run; {@code -p impl=...}).</li>
 * </ul>
 * Every provider gets the same plain {@link MutableConfiguration}: String types, eternal, no
 * size bound (none of them evicts), statistics and management off; the provider is chosen by
 * its class name. The thread count comes from the runner ({@link JCacheRun}: 1, 2 and 4).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class JCacheBenchmark {
    /** Our provider. */
    static final String QUICKSILVER = "io.quicksilver.jcache.QuicksilverCachingProvider";
    static final String CAFFEINE = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
    static final String EHCACHE = "org.ehcache.jsr107.EhcacheCachingProvider";

    @Param({"quicksilver-ref", "quicksilver-value", "caffeine-ref", "ehcache-value"})
    public String impl;

    private CachingProvider provider;
    private CacheManager manager;
    private Cache<String, String> cache;

    @Setup(Level.Trial)
    public void setUp() {
        int dash = impl.lastIndexOf('-');
        String name = impl.substring(0, dash);
        boolean byValue = switch (impl.substring(dash + 1)) {
            case "value" -> true;
            case "ref" -> false;
            default -> throw new IllegalArgumentException("impl must end in -ref or -value: " + impl);
        };
        String providerClass = switch (name) {
            case "quicksilver" -> QUICKSILVER;
            case "caffeine" -> CAFFEINE;
            case "ehcache" -> EHCACHE;
            default -> throw new IllegalArgumentException("unknown provider " + name);
        };
        provider = Caching.getCachingProvider(providerClass);
        manager = provider.getCacheManager();
        cache = manager.createCache("bench", configuration(byValue));
        for (int i = 0; i < Workload.KEYS; i++) {
            cache.put(Workload.loadKey(i), Workload.value(i));
        }
        if (cache.get(Workload.key(Workload.KEYS - 1)) == null) {
            throw new IllegalStateException(impl + " lost a key it was given");
        }
    }

    /** The configuration every provider gets. */
    static MutableConfiguration<String, String> configuration(boolean byValue) {
        return new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setStoreByValue(byValue)
                .setExpiryPolicyFactory(EternalExpiryPolicy.factoryOf())
                .setStatisticsEnabled(false)
                .setManagementEnabled(false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.destroyCache("bench");
        manager.close();
        provider.close();
    }

    @Benchmark
    public String get() {
        return cache.get(Workload.key(ThreadLocalRandom.current().nextInt(Workload.KEYS)));
    }

    @Benchmark
    public void put() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        cache.put(Workload.key(r.nextInt(Workload.KEYS)), Workload.value(r.nextInt()));
    }

    /** 80 % get, 20 % put. */
    @Benchmark
    public String mixed() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String key = Workload.key(r.nextInt(Workload.KEYS));
        if (r.nextInt(10) < 8) {
            return cache.get(key);
        }
        cache.put(key, Workload.value(r.nextInt()));
        return null;
    }
}
