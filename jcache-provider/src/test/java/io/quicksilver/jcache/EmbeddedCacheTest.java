package io.quicksilver.jcache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.store.EmbeddedEngines;
import io.quicksilver.core.store.Store;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.spi.CachingProvider;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider on an embedded engine of its own, checked from the engine's side: the keys and
 * values redis-cli would see (through core's real dispatcher), the TTLs the expiry policies set,
 * store-by-reference, and caches declared by properties.
 */
class EmbeddedCacheTest {
    private static final String ENGINE = "jcache-embedded-test";

    private Engine engine;
    private Resp resp;
    private CachingProvider provider;
    private CacheManager manager;

    @BeforeEach
    void setUp() {
        engine = Engine.builder().build();
        EmbeddedEngines.register(ENGINE, engine);
        resp = new Resp(engine);
        provider = Caching.getCachingProvider(QuicksilverCachingProvider.class.getName());
        manager = provider.getCacheManager(URI.create("quicksilver:embedded:" + ENGINE), getClass().getClassLoader());
    }

    @AfterEach
    void tearDown() {
        manager.close();
        EmbeddedEngines.close(ENGINE);
    }

    private Set<String> keys(String pattern) {
        Set<String> keys = new TreeSet<>();
        for (Object o : resp.run("KEYS", pattern)) {
            keys.add((String) o);
        }
        return keys;
    }

    @Test
    void entriesAreOrdinaryKeysRedisCliCanRead() {
        Cache<String, String> c = manager.createCache("c", new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class));
        c.put("a", "b");
        assertEquals("b", resp.bulk("GET", "jcache:c:a"));
        assertEquals("string", resp.bulk("TYPE", "jcache:c:a"));
        // and the other way round: a value written by redis-cli is the cache's
        resp.run("SET", "jcache:c:z", "from redis-cli");
        assertEquals("from redis-cli", c.get("z"));
        assertEquals(Set.of("jcache:c:a", "jcache:c:z"), keys("jcache:c:*"));
    }

    @Test
    void untypedCachesTagSimpleTypesAndEscapeHashStrings() {
        Cache<Object, Object> c = manager.createCache("users", new MutableConfiguration<>());
        c.put(42L, "#1 fan");
        c.put("plain", 7);
        c.put("uuid", java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertEquals(Set.of("jcache:users:#l:42", "jcache:users:plain", "jcache:users:uuid"), keys("jcache:users:*"));
        assertEquals("#s:#1 fan", resp.bulk("GET", "jcache:users:#l:42"));
        assertEquals("#i:7", resp.bulk("GET", "jcache:users:plain"));
        assertEquals("#u:123e4567-e89b-12d3-a456-426614174000", resp.bulk("GET", "jcache:users:uuid"));
        assertEquals("#1 fan", c.get(42L));
        assertEquals(7, c.get("plain"));
    }

    @Test
    void typedCachesWriteCanonicalText() {
        Cache<Long, Double> c = manager.createCache("prices", new MutableConfiguration<Long, Double>()
                .setTypes(Long.class, Double.class));
        c.put(42L, 1.5);
        assertEquals("1.5", resp.bulk("GET", "jcache:prices:42"));
        resp.run("SET", "jcache:prices:43", "2.25");
        assertEquals(2.25, c.get(43L));
    }

    @Test
    void otherObjectsAreJavaSerialized() {
        Cache<String, ArrayList<String>> c = manager.createCache("lists", new MutableConfiguration<>());
        ArrayList<String> list = new ArrayList<>(List.of("x", "y"));
        c.put("k", list);
        Store store = manager.unwrap(Store.class);
        byte[] raw = (byte[]) store.get("jcache:lists:k".getBytes(StandardCharsets.UTF_8));
        assertEquals(0xAC, raw[0] & 0xFF);
        assertEquals(0xED, raw[1] & 0xFF);
        ArrayList<String> back = c.get("k");
        assertEquals(list, back);
        assertNotSame(list, back);
    }

    @Test
    void cacheNamesAreEscapedSoOneCacheNeverSeesAnother() {
        Cache<String, String> a = manager.createCache("a", new MutableConfiguration<>());
        Cache<String, String> ab = manager.createCache("a:b", new MutableConfiguration<>());
        ab.put("k", "v");
        a.put("b:k", "w");
        assertEquals(Set.of("jcache:a:b:k", "jcache:a\\:b:k"), keys("jcache:*"));
        a.clear();
        assertEquals("v", ab.get("k"));
        assertFalse(a.iterator().hasNext());
        int n = 0;
        for (Cache.Entry<String, String> e : ab) {
            assertEquals("k", e.getKey());
            n++;
        }
        assertEquals(1, n);
    }

    @Test
    void managersOfOtherUrisAreNamespacedInTheDefaultStore() {
        Properties p = new Properties();
        p.setProperty("quicksilver.jcache.uri", "quicksilver:embedded:" + ENGINE);
        CacheManager other = provider.getCacheManager(URI.create("app://one"), getClass().getClassLoader(), p);
        try {
            Cache<String, String> mine = manager.createCache("c", new MutableConfiguration<>());
            Cache<String, String> theirs = other.createCache("c", new MutableConfiguration<>());
            mine.put("k", "mine");
            theirs.put("k", "theirs");
            assertEquals("mine", mine.get("k"));
            assertEquals("theirs", theirs.get("k"));
            Set<String> all = keys("jcache:*");
            assertEquals(2, all.size(), all.toString());
            assertTrue(all.contains("jcache:c:k"));
            String namespaced = all.stream().filter(k -> !k.equals("jcache:c:k")).findFirst().orElseThrow();
            assertTrue(namespaced.matches("jcache:@[0-9a-f]{8}:c:k"), namespaced);
            other.destroyCache("c");
            assertEquals("mine", mine.get("k"));
        } finally {
            other.close();
        }
    }

    @Test
    void prefixIsConfigurablePerManager() {
        Properties p = new Properties();
        p.setProperty("quicksilver.jcache.prefix", "app1:");
        CacheManager other = provider.getCacheManager(URI.create("quicksilver:embedded:" + ENGINE),
                new ClassLoader(getClass().getClassLoader()) { }, p);
        try {
            other.createCache("c", new MutableConfiguration<String, String>()).put("k", "v");
            assertEquals("v", resp.bulk("GET", "app1:c:k"));
        } finally {
            other.close();
        }
    }

    @Test
    void expiryDurationsAreKeyTtls() {
        Cache<String, String> created = manager.createCache("created", new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 10))));
        created.put("k", "v");
        long ttl = (Long) resp.run("PTTL", "jcache:created:k").get(0);
        assertTrue(ttl > 590_000 && ttl <= 600_000, "PTTL " + ttl);
        // an update keeps the TTL of a created-expiry entry
        resp.run("PEXPIRE", "jcache:created:k", "100000");
        created.put("k", "w");
        long kept = (Long) resp.run("PTTL", "jcache:created:k").get(0);
        assertTrue(kept > 90_000 && kept <= 100_000, "PTTL " + kept);

        Cache<String, String> eternal = manager.createCache("eternal", new MutableConfiguration<>());
        eternal.put("k", "v");
        assertEquals(-1L, resp.run("PTTL", "jcache:eternal:k").get(0));

        Cache<String, String> accessed = manager.createCache("accessed", new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 30))));
        accessed.put("k", "v");
        resp.run("PEXPIRE", "jcache:accessed:k", "1000");
        assertEquals("v", accessed.get("k"));
        long touched = (Long) resp.run("PTTL", "jcache:accessed:k").get(0);
        assertTrue(touched > 29_000, "an access resets the TTL, PTTL " + touched);

        Cache<String, String> zero = manager.createCache("zero", new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(Duration.ZERO)));
        zero.put("k", "v");
        assertEquals(0L, resp.run("EXISTS", "jcache:zero:k").get(0), "creation ZERO: not stored");
    }

    @Test
    void theEngineExpiresEntriesAndListenersHearIt() throws Exception {
        List<String> expired = java.util.Collections.synchronizedList(new ArrayList<>());
        MutableConfiguration<String, String> config = new MutableConfiguration<String, String>()
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 50)));
        config.addCacheEntryListenerConfiguration(new javax.cache.configuration.MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(new ExpiredKeys(expired)), null, true, true));
        Cache<String, String> c = manager.createCache("short", config);
        c.put("k", "v");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (expired.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // active expiry of the engine, no access from us
        }
        assertEquals(List.of("k=v"), expired);
        assertNull(c.get("k"));
    }

    /** Records expired entries as key=oldValue. */
    static final class ExpiredKeys implements javax.cache.event.CacheEntryExpiredListener<String, String>,
            java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final transient List<String> sink;

        ExpiredKeys(List<String> sink) {
            this.sink = sink;
        }

        @Override
        public void onExpired(Iterable<javax.cache.event.CacheEntryEvent<? extends String, ? extends String>> events) {
            for (javax.cache.event.CacheEntryEvent<? extends String, ? extends String> e : events) {
                sink.add(e.getKey() + "=" + e.getOldValue());
            }
        }
    }

    /** Not serializable: only a by-reference cache can hold it. */
    static final class Token {
        final String id;

        Token(String id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Token && ((Token) o).id.equals(id);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }

    @Test
    void storeByReferenceKeepsTheObjects() {
        Cache<Object, Object> c = manager.createCache("refs", new MutableConfiguration<>().setStoreByValue(false));
        Token value = new Token("v");
        c.put("k", value);
        assertSame(value, c.get("k"));
        assertEquals("java-object", resp.bulk("TYPE", "jcache:refs:k"));
        Token key = new Token("key");
        c.put(key, "x");
        assertEquals("x", c.get(new Token("key")), "a non-serializable key is found by equals");
        assertTrue(c.remove(new Token("key")));
        assertFalse(c.getConfiguration(MutableConfiguration.class).isStoreByValue());
    }

    @Test
    void storeByReferenceFindsTextKeysByEqualsAfterAnIdWasGiven() {
        Cache<Object, Object> c = manager.createCache("refids", new MutableConfiguration<>().setStoreByValue(false));
        c.put(new Token("key"), "token"); // not serializable: the cache gives it an id
        c.put(new String("k".toCharArray()), "string");
        c.put(42L, "long");
        assertEquals("string", c.get(new String("k".toCharArray())), "an equal String, another object");
        assertEquals("long", c.get(Long.valueOf(42L)));
        assertEquals("token", c.get(new Token("key")));
        assertEquals("java-object", resp.bulk("TYPE", "jcache:refids:k"));
        assertEquals("java-object", resp.bulk("TYPE", "jcache:refids:#l:42"));
        assertEquals("java-object", resp.bulk("TYPE", "jcache:refids:#r:1"));
        Set<Object> keys = new HashSet<>();
        c.forEach(e -> keys.add(e.getKey()));
        assertEquals(Set.of(new Token("key"), "k", 42L), keys);
    }

    @Test
    void storeByValueCopiesEveryGet() {
        Cache<String, ArrayList<String>> c = manager.createCache("values", new MutableConfiguration<>());
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        c.put("k", list);
        list.add("changed after put");
        assertEquals(List.of("a"), c.get("k"));
        assertNotSame(c.get("k"), c.get("k"));
    }

    @Test
    void notSerializableValuesAreRefusedByValue() {
        Cache<String, Object> c = manager.createCache("strict", new MutableConfiguration<>());
        assertThrows(javax.cache.CacheException.class, () -> c.put("k", new Token("t")));
        assertFalse(c.containsKey("k"));
    }

    @Test
    void cachesDeclaredByPropertiesExistAtStart() throws Exception {
        Properties p = new Properties();
        p.setProperty("quicksilver.cache.users.expiry.created", "10m");
        p.setProperty("quicksilver.cache.users.statistics", "true");
        p.setProperty("quicksilver.cache.sessions.management", "true");
        p.setProperty("quicksilver.cache.sessions.store-by-value", "false");
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) { };
        URI uri = URI.create("quicksilver:embedded:" + ENGINE);
        CacheManager declared = provider.getCacheManager(uri, loader, p);
        try {
            Set<String> names = new TreeSet<>();
            declared.getCacheNames().forEach(names::add);
            assertEquals(Set.of("sessions", "users"), names);
            Cache<Object, Object> users = declared.getCache("users");
            assertNotNull(users);
            users.put("u1", "Ada");
            long ttl = (Long) resp.run("PTTL", "jcache:users:u1").get(0);
            assertTrue(ttl > 590_000 && ttl <= 600_000, "PTTL " + ttl);
            assertEquals("Ada", users.get("u1"));
            ObjectName stats = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
                    + uri.toString().replace(':', '.') + ",Cache=users");
            assertEquals(1L, ManagementFactory.getPlatformMBeanServer().getAttribute(stats, "CacheHits"));
            Cache<Object, Object> sessions = declared.getCache("sessions");
            assertFalse(sessions.getConfiguration(MutableConfiguration.class).isStoreByValue());
            assertTrue(sessions.getConfiguration(MutableConfiguration.class).isManagementEnabled());
        } finally {
            declared.close();
        }
    }

    @Test
    void unwrapReachesOurClassesAndTheStore() {
        Cache<String, String> c = manager.createCache("u", new MutableConfiguration<>());
        assertSame(c, c.unwrap(QuicksilverCache.class));
        assertNotNull(c.unwrap(Store.class));
        assertSame(manager, manager.unwrap(QuicksilverCacheManager.class));
        assertThrows(IllegalArgumentException.class, () -> c.unwrap(String.class));
        c.put("k", "v");
        Cache.Entry<String, String> e = c.iterator().next();
        assertEquals("v", e.unwrap(QuicksilverEntry.class).getValue());
        assertArrayEquals("jcache:u:".getBytes(StandardCharsets.UTF_8),
                ((QuicksilverCacheManager) manager).keySchema().cachePrefix("u"));
    }

    @Test
    void entryProcessorsAndConditionalWritesAreAtomic() throws Exception {
        Cache<String, Long> c = manager.createCache("counters", new MutableConfiguration<String, Long>()
                .setTypes(String.class, Long.class));
        int threads = 4;
        int rounds = 250;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        c.invoke("n", (entry, args) -> {
                            entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
                            return null;
                        });
                        // a compare-and-set loop through replace(k, old, new)
                        while (true) {
                            Long old = c.get("m");
                            if (old == null ? c.putIfAbsent("m", 1L) : c.replace("m", old, old + 1)) {
                                break;
                            }
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals((long) threads * rounds, c.get("n"));
        assertEquals((long) threads * rounds, c.get("m"));
        assertEquals(String.valueOf(threads * rounds), resp.bulk("GET", "jcache:counters:n"));
    }

    @Test
    void whatRedisCliBreaksIsACacheExceptionNotACrash() {
        Cache<String, Long> c = manager.createCache("broken", new MutableConfiguration<String, Long>()
                .setTypes(String.class, Long.class));
        resp.run("HSET", "jcache:broken:h", "f", "v");
        resp.run("SET", "jcache:broken:s", "not a number");
        javax.cache.CacheException wrongType = assertThrows(javax.cache.CacheException.class, () -> c.get("h"));
        assertTrue(wrongType.getMessage().contains("WRONGTYPE"), wrongType.getMessage());
        assertThrows(javax.cache.CacheException.class, () -> c.get("s"));
        c.put("ok", 1L);
        assertEquals(1L, c.get("ok"));
        c.clear();
        assertEquals(0L, resp.run("EXISTS", "jcache:broken:h", "jcache:broken:s").get(0));
    }
}
