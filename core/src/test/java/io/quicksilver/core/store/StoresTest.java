package io.quicksilver.core.store;

import static io.quicksilver.core.store.EngineStoreTest.b;
import static io.quicksilver.core.store.EngineStoreTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Stores.open and the JVM's named embedded engines. */
class StoresTest {

    private static String unique() {
        return "t-" + UUID.randomUUID();
    }

    @Test
    void embeddedStoresOfOneNameShareTheEngine() {
        String name = unique();
        URI uri = URI.create("quicksilver:embedded:" + name);
        try (Store a = Stores.open(uri, Map.of()); Store b = Stores.open(uri, Map.of())) {
            assertEquals("embedded", a.describe());
            assertTrue(a.byReference());
            assertTrue(a.ping(Duration.ofSeconds(1)));
            a.set(b("k"), b("shared"), Store.PERSIST);
            assertEquals("shared", s(b.get(b("k"))));
            assertSame(EmbeddedEngines.find(name), ((EngineStore) a).engine());
            assertTrue(EmbeddedEngines.find(name).activeExpireEnabled());
        } finally {
            assertTrue(EmbeddedEngines.close(name));
        }
        assertNull(EmbeddedEngines.find(name));
        assertFalse(EmbeddedEngines.close(name));
    }

    @Test
    void theDefaultEngine() {
        assertEquals(URI.create("quicksilver:embedded"), Stores.EMBEDDED);
        try (Store a = Stores.open(Stores.EMBEDDED, Map.of());
                Store named = Stores.open(URI.create("quicksilver:embedded:default"), null)) {
            assertSame(EmbeddedEngines.engine(EmbeddedEngines.DEFAULT), ((EngineStore) a).engine());
            assertSame(((EngineStore) a).engine(), ((EngineStore) named).engine());
            byte[] key = b("stores-test:" + unique());
            a.set(key, b("v"), 1000);
            assertEquals("v", s(named.get(key)));
            assertTrue(a.delete(key));
        }
    }

    @Test
    void databaseProperty() {
        String name = unique();
        URI uri = URI.create("quicksilver:embedded:" + name);
        try (Store zero = Stores.open(uri, Map.of()); Store five = Stores.open(uri, Map.of("database", "5"))) {
            five.set(b("k"), b("5"), Store.PERSIST);
            assertNull(zero.get(b("k")));
            assertEquals(5, ((EngineStore) five).database());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Stores.open(uri, Map.of("database", "16")));
            assertEquals("database 16 is out of range 0..15", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Stores.open(uri, Map.of("database", "x")));
        } finally {
            EmbeddedEngines.close(name);
        }
    }

    @Test
    void registeredEngine() {
        String name = unique();
        ManualClock clock = new ManualClock();
        Engine engine = Engine.builder().clock(clock).activeExpiry(false).build();
        EmbeddedEngines.register(name, engine);
        EmbeddedEngines.register(name, engine); // the same one again: fine
        assertThrows(IllegalStateException.class, () -> EmbeddedEngines.register(name, Engine.builder().build()));
        try (Store st = Stores.open(URI.create("quicksilver:embedded:" + name), Map.of())) {
            assertSame(engine, ((EngineStore) st).engine());
            st.set(b("k"), b("v"), 10);
            clock.advance(10);
            assertNull(st.get(b("k")), "the registered engine's clock");
            EmbeddedEngines.close(name);
            assertTrue(engine.isClosed());
            assertFalse(st.ping(Duration.ofSeconds(1)));
            assertThrows(StoreException.class, () -> st.get(b("k")));
        }
        try (Store fresh = Stores.open(URI.create("quicksilver:embedded:" + name), Map.of())) {
            assertNotSame(engine, ((EngineStore) fresh).engine(), "a closed name starts afresh");
        } finally {
            EmbeddedEngines.close(name);
        }
    }

    @Test
    void otherSchemesNeedAProvider() {
        IllegalArgumentException redis = assertThrows(IllegalArgumentException.class,
                () -> Stores.open(URI.create("redis://:secret@localhost:6379/0"), Map.of()));
        assertTrue(redis.getMessage().contains("add io.quicksilver:quicksilver-remote for redis:// URIs"),
                redis.getMessage());
        assertFalse(redis.getMessage().contains("secret"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Stores.open(URI.create("memcached://u:pw@host"), Map.of()));
        assertTrue(other.getMessage().contains("quicksilver:embedded"), other.getMessage());
        assertFalse(other.getMessage().contains("pw"), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Stores.open(URI.create("quicksilver:remote"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Stores.open(URI.create("quicksilver:embedded:"), Map.of()));
    }
}
