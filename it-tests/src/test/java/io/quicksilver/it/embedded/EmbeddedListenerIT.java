package io.quicksilver.it.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.listener.EmbeddedListeners;
import io.quicksilver.core.store.EmbeddedEngines;
import java.net.URI;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * An embedded JCache manager configured with {@code quicksilver.server.port} serves its engine
 * over RESP (quicksilver-server on the class path): Jedis reads and writes the cache's live
 * entries, and closing the manager stops the listener.
 */
class EmbeddedListenerIT {
    private static final String PROVIDER = "io.quicksilver.jcache.QuicksilverCachingProvider";

    @Test
    void redisClientSeesTheCacheOfAnEmbeddedManager() {
        String engineName = "listener-it-" + UUID.randomUUID();
        CachingProvider provider = Caching.getCachingProvider(PROVIDER);
        Properties props = new Properties();
        props.setProperty("quicksilver.server.port", "0");
        CacheManager manager = provider.getCacheManager(URI.create("quicksilver:embedded:" + engineName),
                getClass().getClassLoader(), props);
        int port;
        try {
            Cache<String, String> books = manager.createCache("books",
                    new MutableConfiguration<String, String>().setTypes(String.class, String.class));
            books.put("1", "Dune");
            Engine engine = EmbeddedEngines.find(engineName);
            port = EmbeddedListeners.port(engine).orElseThrow();
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                assertEquals(Set.of("jcache:books:1"), jedis.keys("jcache:books:*"));
                assertEquals("Dune", jedis.get("jcache:books:1"));
                jedis.set("jcache:books:2", "Hyperion"); // an operator fixing an entry by hand
                assertEquals("Hyperion", books.get("2"));
                books.remove("1");
                assertFalse(jedis.exists("jcache:books:1"));
            }
        } finally {
            manager.close();
        }
        assertEquals(Optional.empty(), EmbeddedListeners.port(EmbeddedEngines.find(engineName)));
        assertThrows(JedisConnectionException.class, () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                jedis.ping();
            }
        });
        EmbeddedEngines.close(engineName);
    }

    @Test
    void aListenerBeyondLoopbackWithoutAPasswordIsRefused() {
        String engineName = "listener-it-" + UUID.randomUUID();
        Properties props = new Properties();
        props.setProperty("quicksilver.server.port", "0");
        props.setProperty("quicksilver.server.bind", "0.0.0.0");
        CachingProvider provider = Caching.getCachingProvider(PROVIDER);
        RuntimeException e = assertThrows(RuntimeException.class, () -> provider.getCacheManager(
                URI.create("quicksilver:embedded:" + engineName), getClass().getClassLoader(), props));
        assertTrue(String.valueOf(e.getMessage()).contains("quicksilver.requirepass"), e.toString());
        assertTrue(e instanceof IllegalArgumentException || e instanceof CacheException, e.toString());
        EmbeddedEngines.close(engineName);
    }
}
