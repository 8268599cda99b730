package io.quicksilver.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.store.EngineStore;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-node memory of recently written sessions that gives remote expiry listeners their attributes. */
class RecentSessionsTest {
    @Test
    void remembersWhatWasStoredBoundedLeastRecentlyWrittenFirst() {
        try (Engine engine = Engine.builder().build(); EngineStore store = new EngineStore(engine, 0)) {
            SessionRepository repo = new SessionRepository(store, SessionSettings.defaults(),
                    new AttributeCodec(new JavaSerializer(), null), Clock.systemUTC());
            RecentSessions recent = new RecentSessions(2);
            SessionData a = repo.create(60);
            a.set("user", "alice");
            a.set("#odd", 42);
            recent.remember(a);
            assertEquals(Map.of(), recent.take(a.id()), "never stored: nothing to remember");
            repo.save(a);
            a.set("pending", "not stored yet");
            recent.remember(a);
            Map<String, byte[]> fields = recent.take(a.id());
            assertEquals(fields.keySet(), store.hgetAll(repo.key(a.id())).keySet(), "the hash as stored");
            SessionData back = SessionData.fromFields(repo.codec(), a.id(), fields, 0);
            assertEquals("alice", back.get("user"));
            assertEquals(42, back.get("#odd"));
            assertNull(back.get("pending"));
            assertEquals(60, back.maxInactiveSeconds());
            assertNull(recent.take(a.id()), "taken once");

            SessionData b = repo.create(60);
            SessionData c = repo.create(60);
            for (SessionData s : new SessionData[] {a, b, c}) {
                repo.save(s);
            }
            recent.remember(a);
            recent.remember(b);
            recent.remember(a);
            recent.remember(c);
            assertEquals(2, recent.size());
            assertTrue(recent.holds(a.id()));
            assertFalse(recent.holds(b.id()), "least recently written goes first");
            recent.forget(a.id());
            assertFalse(recent.holds(a.id()));
        }
    }
}
