package io.quicksilver.core.store;

import static io.quicksilver.core.store.EngineStoreTest.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.CommandHarness;
import io.quicksilver.core.command.RecordingConnection;
import io.quicksilver.core.engine.event.NotifyFlags;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** publish/subscribe through the engine's pub/sub, between the store, RESP clients and keyspace notifications. */
class EngineStorePubSubTest {

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void storeAndClientsShareChannels() throws Exception {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            Store.Subscription sub = store.subscribe(b("ch"), (ch, msg) ->
                    got.add(str(ch) + " " + str(msg) + " " + Thread.currentThread().getName()));
            RecordingConnection conn = new RecordingConnection();
            Client client = h.newClient(conn);
            h.runAll(client, "SUBSCRIBE", "ch");
            conn.drain();

            assertEquals(2, store.publish(b("ch"), b("hello")));
            String m = got.poll(10, TimeUnit.SECONDS);
            assertTrue(m.startsWith("ch hello quicksilver-store-listener-"), m);
            assertEquals(List.of(List.of("message", "ch", "hello")), conn.drain());

            assertEquals(2L, h.run("PUBLISH", "ch", "from-cli"));
            assertTrue(got.poll(10, TimeUnit.SECONDS).startsWith("ch from-cli "));
            assertEquals(0, store.publish(b("nobody"), b("x")));

            sub.close();
            sub.close(); // twice is harmless
            assertEquals(1, store.publish(b("ch"), b("after")), "only the client is left");
            assertNull(got.poll(100, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void keyspaceNotificationsReachAListenerThatMayCallTheStore() throws Exception {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            h.engine.notifyFlags(NotifyFlags.parse("E$"));
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            store.subscribe(b("__keyevent@0__:set"), (ch, key) -> {
                // published under the key's lock; delivered on another thread, so this cannot deadlock
                got.add(str(key) + "=" + str((byte[]) store.get(key)));
            });
            store.set(b("k"), b("v"), Store.PERSIST);
            assertEquals("k=v", got.poll(10, TimeUnit.SECONDS));
            h.run("SET", "j", "w");
            assertEquals("j=w", got.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingTheStoreEndsItsSubscriptions() throws Exception {
        try (CommandHarness h = new CommandHarness()) {
            EngineStore store = new EngineStore(h.engine, 0);
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            store.subscribe(b("ch"), (ch, msg) -> got.add(str(msg)));
            store.onExpired(b(""), (k, v, e) -> got.add("expired"));
            store.close();
            assertEquals(0L, h.run("PUBLISH", "ch", "x"));
            h.run("SET", "k", "v", "PX", "1");
            h.clock.advance(1);
            assertNull(h.run("GET", "k"));
            assertNull(got.poll(100, TimeUnit.MILLISECONDS));
            try (EngineStore again = new EngineStore(h.engine, 0)) {
                assertEquals(0, again.publish(b("ch"), b("y")));
            }
        }
    }
}
