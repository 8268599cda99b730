package io.quicksilver.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.EmbeddedEngines;
import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paths taken when the store is remote, on a stand-in remote store
 * ({@link FakeRemoteStoreProvider}): two managers of different class loaders play two JVMs.
 */
public class RemoteModeTest {
    private static final URI URI_ = URI.create("fakeremote://remote-mode-test");

    private CachingProvider provider;
    private CacheManager jvm1;
    private CacheManager jvm2;

    @BeforeEach
    void setUp() {
        provider = Caching.getCachingProvider(QuicksilverCachingProvider.class.getName());
        jvm1 = provider.getCacheManager(URI_, new ClassLoader(getClass().getClassLoader()) { });
        jvm2 = provider.getCacheManager(URI_, new ClassLoader(getClass().getClassLoader()) { });
    }

    @AfterEach
    void tearDown() {
        jvm1.close();
        jvm2.close();
        EmbeddedEngines.close("fakeremote-remote-mode-test");
    }

    /** Records events as TYPE key old new. */
    public static final class Recorder implements CacheEntryCreatedListener<String, String>,
            CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>, Serializable {
        private static final long serialVersionUID = 1L;
        static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

        public Recorder() {
        }

        private static void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            for (CacheEntryEvent<? extends String, ? extends String> e : events) {
                EVENTS.add(e.getEventType() + " " + e.getKey() + " " + e.getOldValue() + " " + e.getValue());
            }
        }

        @Override
        public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            record(events);
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            record(events);
        }

        @Override
        public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            record(events);
        }
    }

    @Test
    void listenersInAnotherJvmHearChangesAsynchronously() throws Exception {
        Recorder.EVENTS.clear();
        Cache<String, String> writer = jvm1.createCache("shared", new MutableConfiguration<>());
        MutableConfiguration<String, String> withListener = new MutableConfiguration<String, String>()
                .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                        FactoryBuilder.factoryOf(Recorder.class), null, true, false));
        Cache<String, String> listening = jvm2.createCache("shared", withListener);
        writer.put("k", "v1");
        writer.put("k", "v2");
        writer.remove("k");
        List<String> expected = List.of("CREATED k null v1", "UPDATED k v1 v2", "REMOVED k v2 v2");
        for (String e : expected) {
            assertEquals(e, Recorder.EVENTS.poll(10, TimeUnit.SECONDS));
        }
        // its own changes: heard once (locally), not again through the channel
        listening.put("own", "x");
        assertEquals("CREATED own null x", Recorder.EVENTS.poll(10, TimeUnit.SECONDS));
        assertNull(Recorder.EVENTS.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void storeByReferenceFallsBackToCopiesWhenTheProviderSaidItWasSupported() {
        // the default store is embedded, so the provider answers yes to STORE_BY_REFERENCE; an
        // application that then asks a remote manager for it (Open Liberty's sessionCache) gets copies
        assertTrue(provider.isSupported(javax.cache.configuration.OptionalFeature.STORE_BY_REFERENCE));
        Cache<String, StringBuilder> refs = jvm1.createCache("refs",
                new MutableConfiguration<String, StringBuilder>().setStoreByValue(false));
        assertTrue(refs.getConfiguration(MutableConfiguration.class).isStoreByValue());
        StringBuilder value = new StringBuilder("v");
        refs.put("k", value);
        value.append(" changed after put");
        assertEquals("v", refs.get("k").toString());
    }

    @Test
    void storeByReferenceIsRefusedWhenTheProviderSaidItWasNot() {
        String before = System.getProperty("quicksilver.jcache.uri");
        System.setProperty("quicksilver.jcache.uri", URI_.toString());
        try {
            assertTrue(!provider.isSupported(javax.cache.configuration.OptionalFeature.STORE_BY_REFERENCE));
            assertThrows(UnsupportedOperationException.class,
                    () -> jvm1.createCache("refs", new MutableConfiguration<>().setStoreByValue(false)));
            assertNull(jvm1.getCache("refs"));
            Cache<String, String> byValue = jvm1.createCache("values", new MutableConfiguration<>());
            byValue.put("k", "v");
            assertEquals("v", byValue.get("k"));
            assertTrue(byValue.getConfiguration(MutableConfiguration.class).isStoreByValue());
        } finally {
            if (before == null) {
                System.clearProperty("quicksilver.jcache.uri");
            } else {
                System.setProperty("quicksilver.jcache.uri", before);
            }
        }
    }
}
