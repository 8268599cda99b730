package io.quicksilver.server.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.Locks;
import io.quicksilver.core.listener.EmbeddedListener;
import io.quicksilver.core.listener.EmbeddedListeners;
import io.quicksilver.server.QuicksilverServer;
import io.quicksilver.server.RawClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RESP listener an embedded application switches on: found through core's SPI, serving the live engine. */
class EmbeddedListenerTest {
    private Engine engine;

    @BeforeEach
    void engine() {
        engine = Engine.builder().build();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void redisClientSeesTheLiveEngineAndClosingStopsIt() throws IOException {
        put("cache:k1", "v1");
        EmbeddedListener listener = EmbeddedListeners.start(engine, Map.of(EmbeddedListeners.PORT, "0"));
        int port = listener.port();
        assertNotEquals(0, port);
        assertTrue(listener.describe().contains("127.0.0.1:" + port), listener.describe());
        try (RawClient c = new RawClient(port)) {
            assertEquals("+PONG", c.call("PING"));
            assertEquals("v1", c.call("GET", "cache:k1"));
            put("cache:k2", "written in-process after connecting");
            assertEquals("written in-process after connecting", c.call("GET", "cache:k2"));
            assertEquals(2L, c.call("DBSIZE"));
            // and the other way round: what redis-cli writes, the application reads
            assertEquals("+OK", c.call("SET", "from-cli", "x"));
            assertEquals("x", get("from-cli"));
        }
        assertEquals(Optional.of(port), EmbeddedListeners.port(engine));
        listener.close();
        listener.close(); // twice: nothing more
        assertEquals(Optional.empty(), EmbeddedListeners.port(engine));
        assertThrows(ConnectException.class, () -> connect(port));
        assertEquals("v1", get("cache:k1"), "closing the listener leaves the engine running");
        assertFalse(QuicksilverServer.running().stream().anyMatch(s -> s.port() == port));
    }

    @Test
    void sameSettingsShareOneListenerUntilTheLastHandleCloses() throws IOException {
        Map<String, String> settings = Map.of(EmbeddedListeners.PORT, "0");
        EmbeddedListener first = EmbeddedListeners.start(engine, settings);
        EmbeddedListener second = EmbeddedListeners.start(engine, settings);
        try {
            assertEquals(first.port(), second.port());
            IllegalStateException other = assertThrows(IllegalStateException.class, () -> EmbeddedListeners.start(engine,
                    Map.of(EmbeddedListeners.PORT, "0", EmbeddedListeners.REQUIREPASS, "secret")));
            assertTrue(other.getMessage().contains("other settings"), other.getMessage());
            assertFalse(other.getMessage().contains("secret"), "the password is not logged: " + other.getMessage());
            first.close();
            try (RawClient c = new RawClient(second.port())) {
                assertEquals("+PONG", c.call("PING"));
            }
        } finally {
            first.close();
            second.close();
        }
        assertThrows(ConnectException.class, () -> connect(first.port()));
    }

    @Test
    void passwordIsRequiredByTheListener() throws IOException {
        try (EmbeddedListener listener = EmbeddedListeners.start(engine,
                Map.of(EmbeddedListeners.PORT, "0", EmbeddedListeners.REQUIREPASS, "s3cret"));
                RawClient c = new RawClient(listener.port())) {
            assertTrue(((String) c.call("GET", "k")).startsWith("-NOAUTH"));
            assertEquals("+OK", c.call("AUTH", "s3cret"));
            assertEquals("+PONG", c.call("PING"));
        }
    }

    @Test
    void nothingListensBeyondLoopbackWithoutAPassword() {
        for (String bind : List.of("0.0.0.0", "*", "127.0.0.1 -::*", "192.0.2.1", "")) {
            Map<String, String> settings = new HashMap<>();
            settings.put(EmbeddedListeners.PORT, "0");
            settings.put(EmbeddedListeners.BIND, bind);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EmbeddedListeners.start(engine, settings), bind);
            assertTrue(e.getMessage().contains("quicksilver.requirepass"), e.getMessage());
            assertEquals(Optional.empty(), EmbeddedListeners.port(engine));
        }
        // loopback spellings are fine without one
        assertEquals(List.of(), ServerListenerProvider.beyondLoopback("127.0.0.1 -::1 localhost 127.0.0.2"));
        assertEquals(List.of("0.0.0.0", "-::*"), ServerListenerProvider.beyondLoopback("127.0.0.1 0.0.0.0 -::*"));
    }

    @Test
    void beyondLoopbackWithAPasswordListensOnEveryAddress() throws IOException {
        try (EmbeddedListener listener = EmbeddedListeners.start(engine, Map.of(EmbeddedListeners.PORT, "0",
                EmbeddedListeners.BIND, "0.0.0.0", EmbeddedListeners.REQUIREPASS, "pw"))) {
            // the wildcard (Netty may report it as the dual-stack "::")
            assertFalse(listener.describe().contains("127.0.0.1"), listener.describe());
            assertTrue(listener.describe().contains(":" + listener.port()), listener.describe());
        }
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThrows(IllegalArgumentException.class, () -> EmbeddedListeners.start(engine, Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedListeners.start(engine, Map.of(EmbeddedListeners.PORT, "70000")));
        assertTrue(e.getMessage().contains("quicksilver.server.port"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddedListeners.start(engine, Map.of(EmbeddedListeners.PORT, "0", "no-such-parameter", "1")));
        assertEquals(Optional.empty(), EmbeddedListeners.port(engine));
    }

    @Test
    void aBusyPortIsAClearError() throws IOException {
        try (QuicksilverServer other = QuicksilverServer.builder().port(0).bind("127.0.0.1").build().start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbeddedListeners.start(engine,
                    Map.of(EmbeddedListeners.PORT, Integer.toString(other.port()))));
            assertTrue(e.getMessage().contains(Integer.toString(other.port())), e.getMessage());
        }
        assertEquals(Optional.empty(), EmbeddedListeners.port(engine));
    }

    @Test
    void startIfConfiguredReadsTheDocumentedKeys() throws IOException {
        assertEquals(Optional.empty(), EmbeddedListeners.startIfConfigured(engine, key -> Optional.empty()));
        Map<String, String> config = Map.of("quicksilver.server.port", "0", "quicksilver.server.bind", " 127.0.0.1 ",
                "quicksilver.cache.books.statistics", "true");
        try (EmbeddedListener listener = EmbeddedListeners.startIfConfigured(engine,
                key -> Optional.ofNullable(config.get(key))).orElseThrow();
                RawClient c = new RawClient(listener.port())) {
            assertEquals("+PONG", c.call("PING"));
        }
    }

    private void put(String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        try (Locks l = engine.lockKeys(0, k)) {
            engine.db(0).set(k, value.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private String get(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        try (Locks l = engine.lockKeys(0, k)) {
            Entry e = engine.db(0).lookup(k);
            return e == null ? null : new String((byte[]) e.value(), StandardCharsets.UTF_8);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
    }
}
