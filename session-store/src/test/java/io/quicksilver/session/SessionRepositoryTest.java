package io.quicksilver.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.store.EngineStore;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The repository and session model on an embedded store, without any servlet container. */
class SessionRepositoryTest {
    private final Engine engine = Engine.builder().build();
    private final EngineStore store = new EngineStore(engine, 0);
    private final SessionRepository repo = new SessionRepository(store, SessionSettings.defaults(),
            new AttributeCodec(new JavaSerializer(), getClass().getClassLoader()), Clock.systemUTC());

    @AfterEach
    void close() {
        store.close();
        engine.close();
    }

    @Test
    void textAndSerializedValuesAreToldApartByTheirFirstByte() {
        AttributeCodec c = new AttributeCodec(new JavaSerializer(), null);
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), c.encode("héllo"));
        assertEquals("", c.decode(c.encode("")));
        assertEquals(List.of(1, 2), c.decode(c.encode(new ArrayList<>(List.of(1, 2)))));
        assertEquals(7L, c.decode(c.encode(7L)));
        String lone = "a\uD800b";
        assertTrue(AttributeCodec.isSerialized(c.encode(lone)), "UTF-8 cannot carry a lone surrogate");
        assertEquals(lone, c.decode(c.encode(lone)));
        assertFalse(c.accepts(new Object()));
        AttributeCodec bad = new AttributeCodec(new AttributeSerializer() {
            @Override
            public boolean accepts(Object value) {
                return true;
            }

            @Override
            public byte[] serialize(Object value) {
                return "{}".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Object deserialize(byte[] bytes, ClassLoader loader) {
                return null;
            }
        }, null);
        assertThrows(IllegalStateException.class, () -> bad.encode(1), "a form that would read as text");
    }

    @Test
    void fieldNamesCannotCollideWithMetadata() {
        assertEquals("user", SessionData.field("user"));
        assertEquals("###created", SessionData.field("##created"));
        assertEquals("##created", SessionData.field("#created"));
        assertEquals("#created", SessionData.attributeName("##created"));
        assertNull(SessionData.attributeName("#created"));
    }

    @Test
    void saveWritesOnlyTheDeltaAndNeverResurrectsASession() {
        SessionData s = repo.create(60);
        s.set("a", "1");
        s.set("b", "2");
        assertTrue(repo.save(s));
        SessionData r1 = repo.find(s.id());
        SessionData r2 = repo.find(s.id());
        r1.set("a", "changed");
        r2.set("c", "3");
        assertTrue(repo.save(r2));
        assertTrue(repo.save(r1));
        SessionData back = repo.find(s.id());
        assertEquals("changed", back.get("a"));
        assertEquals("2", back.get("b"));
        assertEquals("3", back.get("c"));
        assertTrue(repo.delete(back));
        r1.set("d", "4");
        assertFalse(repo.save(r1), "invalidated meanwhile: not brought back");
        assertNull(store.hgetAll(repo.key(s.id())));
    }

    /**
     * After a save (the one before the response commits), a session has changed since only when
     * the next save would write more than the same access time: what the end of the request asks.
     */
    @Test
    void changedSinceSaveIsWhatAnotherSaveWouldAdd() {
        SessionData s = repo.create(60);
        assertTrue(s.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES), "not stored yet");
        s.set("list", new ArrayList<>(List.of("a")));
        assertTrue(repo.save(s));
        assertFalse(s.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES));
        while (System.currentTimeMillis() <= s.thisAccessedTime()) {
            Thread.onSpinWait(); // a find in the same millisecond has the same access time
        }
        SessionData r = repo.find(s.id());
        assertTrue(r.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES), "a new access time to write");
        assertTrue(repo.save(r));
        assertFalse(r.changedSinceSave(WriteContents.ALL_SESSION_ATTRIBUTES), "nothing read or changed");
        @SuppressWarnings("unchecked")
        List<String> l = (List<String>) r.get("list");
        assertFalse(r.changedSinceSave(WriteContents.GET_AND_SET_ATTRIBUTES), "read, unchanged");
        l.add("b");
        assertFalse(r.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES), "a mutation is not a set");
        assertTrue(r.changedSinceSave(WriteContents.GET_AND_SET_ATTRIBUTES), "mutated in place");
        assertTrue(r.changedSinceSave(WriteContents.ALL_SESSION_ATTRIBUTES));
        r.remove("list");
        assertTrue(r.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES), "a removal");
        assertTrue(repo.save(r));
        assertFalse(r.changedSinceSave(WriteContents.GET_AND_SET_ATTRIBUTES), "read, then removed and saved");
        r.maxInactiveSeconds(120);
        assertTrue(r.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES), "metadata");
        assertTrue(repo.save(r));
        r.principal("alice");
        assertTrue(r.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES), "the principal");
    }

    /**
     * A hash without {@code #created} is what a remote store's one-round-trip update leaves for a
     * moment when the session was gone (it then deletes it): no reader takes it for a session.
     */
    @Test
    void aHashWithoutCreationTimeIsNoSession() {
        SessionData s = repo.create(60);
        s.principal("alice");
        s.set("a", "1");
        assertTrue(repo.save(s));
        assertEquals(List.of(s.id()), repo.findIdsByPrincipal("alice"));
        store.delete(repo.key(s.id())); // expired, say
        store.hupdate(repo.key(s.id()), Map.of(SessionData.ACCESSED, "1".getBytes(StandardCharsets.UTF_8),
                "a", "2".getBytes(StandardCharsets.UTF_8)), List.of(), 60_000, false);
        assertNull(repo.find(s.id()));
        assertEquals(List.of(), repo.findIdsByPrincipal("alice"));
        String old = repo.changeId(s);
        assertNotEquals(old, s.id());
        assertNull(store.hgetAll(repo.key(s.id())), "nothing copied to the new ID");
    }

    @Test
    void unknownOrMalformedIdsFindNothing() {
        assertNull(repo.find("nope"));
        assertNull(repo.find("qs:session:x"));
        assertNull(repo.find("0123456789abcdef0123456789abcdef"));
        assertNotEquals(repo.create(1).id(), repo.create(1).id());
    }

    /**
     * With a touch interval, a session whose only change is its access time needs no write until
     * the stored access time is that old (capped at half the max inactive interval); any other
     * change needs one at once; without, every access does.
     */
    @Test
    void aTouchIntervalSkipsTheWriteOfAnAccessTimeThatIsNotDue() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        Clock clock = clockAt(now);
        SessionRepository r = new SessionRepository(store, SessionSettings.defaults(),
                new AttributeCodec(new JavaSerializer(), null), clock);
        SessionData s = r.create(600); // half: 300 s
        assertTrue(s.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES, 60_000), "a new session is written");
        s.set("user", "alice");
        r.save(s);
        now.addAndGet(59_999);
        SessionData read = r.find(s.id());
        assertFalse(read.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES, 60_000), "accessed 59.999 s ago");
        assertTrue(read.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES), "without a touch interval");
        assertTrue(read.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES, 0), "0: no touch interval");
        read.get("user");
        assertFalse(read.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES, 60_000), "a read changes nothing");
        now.addAndGet(1);
        assertTrue(r.find(s.id()).changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES, 60_000), "60 s: due");
        SessionData set = r.find(s.id());
        set.set("cart", "3 items");
        assertTrue(set.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES, 3_600_000), "an attribute set is written");
        SessionData max = r.find(s.id());
        max.maxInactiveSeconds(1200);
        assertTrue(max.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES, 3_600_000), "so is a new interval");

        now.addAndGet(299_999); // 6 minutes since the write: not due with an hour's interval, but half of 600 s is
        assertTrue(r.find(s.id()).changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES, 3_600_000),
                "capped at half the max inactive interval");

        SessionData listed = r.find(s.id());
        listed.set("items", new ArrayList<>(List.of("a")));
        r.save(listed);
        now.addAndGet(1000);
        SessionData mutated = r.find(s.id());
        @SuppressWarnings("unchecked")
        List<String> items = (List<String>) mutated.get("items");
        assertFalse(mutated.changedSinceSave(WriteContents.GET_AND_SET_ATTRIBUTES, 60_000), "read, not mutated");
        items.add("b");
        assertTrue(mutated.changedSinceSave(WriteContents.GET_AND_SET_ATTRIBUTES, 60_000),
                "an attribute mutated in place is a change (get-and-set-attributes)");
    }

    @Test
    void anExpiredSessionIsReportedWithItsAttributes() throws Exception {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        io.quicksilver.core.engine.Clock clock = new io.quicksilver.core.engine.Clock() {
            @Override
            public long millis() {
                return now.get();
            }

            @Override
            public long nanos() {
                return now.get() * 1_000_000L;
            }
        };
        try (Engine e = Engine.builder().clock(clock).activeExpiry(false).build(); EngineStore st = new EngineStore(e, 0)) {
            SessionRepository r = new SessionRepository(st, SessionSettings.defaults(),
                    new AttributeCodec(new JavaSerializer(), null), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
            List<SessionRepository.Expired> seen = new ArrayList<>();
            r.onExpired(seen::add);
            SessionData s = r.create(1);
            s.set("user", "alice");
            s.principal("alice");
            r.save(s);
            now.addAndGet(1000);
            assertNull(r.find(s.id()));
            assertEquals(1, seen.size(), "the index key's expiry is no session's");
            assertEquals(s.id(), seen.get(0).id());
            assertEquals("alice", seen.get(0).data().get("user"));
            assertTrue(r.claimExpiry(s.id()));
            assertFalse(r.claimExpiry(s.id()), "one claimant only");
        }
    }

    @Test
    void aPreparedWriteCarriesWhatChangedBeforeItAndAChangeAfterItStaysPending() {
        SessionData s = repo.create(60);
        s.set("a", "1");
        SessionRepository.Write w = repo.prepareSave(s);
        assertFalse(s.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES), "taken: marked written");
        s.set("b", "2"); // after the write was taken, before it is made (another thread's change)
        assertTrue(s.changedSinceSave(WriteContents.ONLY_SET_ATTRIBUTES), "not cleared by the write");
        assertNull(repo.find(s.id()), "nothing written until applied");
        assertTrue(w.apply());
        SessionData read = repo.find(s.id());
        assertEquals("1", read.get("a"));
        assertNull(read.get("b"), "the write carries what it took, not what came later");
        assertTrue(repo.prepareSave(s).apply());
        assertEquals("2", repo.find(s.id()).get("b"));
        repo.delete(s);
        assertFalse(repo.prepareSave(s).apply(), "gone meanwhile: not brought back");
        assertNull(repo.find(s.id()));
    }

    @Test
    void settingsParse() {
        Map<String, String> m = Map.of("quicksilver.session.write-contents", "GET_AND_SET_ATTRIBUTES",
                "quicksilver.session.write-frequency", "on-set", "quicksilver.session.timeout", "90",
                "quicksilver.session.cookie.same-site", "", "quicksilver.session.id-bytes", "32");
        SessionSettings s = SessionSettings.from(k -> Optional.ofNullable(m.get(k)));
        assertEquals(WriteContents.GET_AND_SET_ATTRIBUTES, s.writeContents());
        assertEquals(WriteFrequency.ON_SET, s.writeFrequency());
        assertEquals(90, s.timeoutSeconds());
        assertEquals("", s.sameSite(), "empty: no SameSite attribute");
        assertEquals(64, new SessionIds(s.idBytes()).next().length());
        assertThrows(IllegalArgumentException.class, () -> new SessionIds(8), "fewer than 128 bits");
        assertThrows(IllegalArgumentException.class,
                () -> SessionSettings.from(k -> k.endsWith("cookie.secure") ? Optional.of("maybe") : Optional.empty()));
    }

    @Test
    void theSweepFindsExpiriesNobodyWasToldOfOnceAndOnlyThose() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        io.quicksilver.core.engine.Clock engineClock = new io.quicksilver.core.engine.Clock() {
            @Override
            public long millis() {
                return now.get();
            }

            @Override
            public long nanos() {
                return now.get() * 1_000_000L;
            }
        };
        Clock clock = clockAt(now);
        try (Engine e = Engine.builder().clock(engineClock).activeExpiry(false).build(); EngineStore st = new EngineStore(e, 0)) {
            SessionSettings settings = SessionSettings.from(k -> k.endsWith("expiry-bucket") ? Optional.of("1000") : Optional.empty());
            SessionRepository r = new SessionRepository(st, settings, new AttributeCodec(new JavaSerializer(), null), clock);
            r.trackExpiries(true);
            List<String> fired = new ArrayList<>();
            assertEquals(0, r.sweepExpired(x -> fired.add(x.id())), "nothing yet");
            SessionData expiring = r.create(2);
            r.save(expiring);
            SessionData invalidated = r.create(2);
            r.save(invalidated);
            SessionData kept = r.create(2);
            r.save(kept);
            SessionData notified = r.create(2);
            r.save(notified);
            now.addAndGet(1500);
            SessionData k2 = r.find(kept.id());
            r.save(k2); // accessed: its deadline moves to a later bucket
            r.delete(r.find(invalidated.id()));
            now.addAndGet(1000);
            assertNull(r.find(expiring.id()), "expired in the engine (lazily, on this read)");
            assertTrue(r.claimExpiry(notified.id()), "as the keyspace notification's handler would");
            now.addAndGet(3000);
            assertEquals(1, r.sweepExpired(x -> fired.add(x.id())));
            assertEquals(List.of(expiring.id()), fired);
            assertEquals(0, r.sweepExpired(x -> fired.add(x.id())), "once");
            now.addAndGet(2000);
            assertEquals(1, r.sweepExpired(x -> fired.add(x.id())), "the accessed one, at its own deadline");
            assertEquals(List.of(expiring.id(), kept.id()), fired);
        }
    }

    @Test
    void thePrincipalIndexIsWrittenWhenThePrincipalChangesAndThenAboutHourly() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        io.quicksilver.core.engine.Clock engineClock = new io.quicksilver.core.engine.Clock() {
            @Override
            public long millis() {
                return now.get();
            }

            @Override
            public long nanos() {
                return now.get() * 1_000_000L;
            }
        };
        Clock clock = clockAt(now);
        try (Engine e = Engine.builder().clock(engineClock).activeExpiry(false).build(); EngineStore st = new EngineStore(e, 0)) {
            SessionRepository r = new SessionRepository(st, SessionSettings.defaults(),
                    new AttributeCodec(new JavaSerializer(), null), clock);
            SessionData s = r.create(1800);
            s.principal("alice");
            r.save(s);
            byte[] alice = r.indexKey("alice");
            assertEquals(List.of(s.id()), r.findIdsByPrincipal("alice"));
            assertEquals(1800_000 + SessionRepository.INDEX_SLACK_MILLIS, st.ttl(alice), "the session's TTL and an hour");
            st.delete(alice); // so that a write of it would show
            now.addAndGet(60_000);
            SessionData again = r.find(s.id());
            r.save(again);
            assertFalse(st.exists(alice), "a request within the hour writes no index entry");
            long t0 = now.get() - 60_000;
            while (!st.exists(alice)) { // a request every 20 minutes keeps the session alive
                now.addAndGet(1_200_000);
                again = r.find(s.id());
                r.save(again);
                assertTrue(now.get() > t0 + SessionRepository.INDEX_SLACK_MILLIS || !st.exists(alice),
                        "not extended within the hour");
            }
            assertTrue(now.get() - t0 <= SessionRepository.INDEX_SLACK_MILLIS + 1_200_000, "extended once past the hour");
            assertTrue(st.ttl(alice) >= 1800_000, "it outlives the session");
            again.principal("bob");
            r.save(again);
            assertEquals(List.of(), r.findIdsByPrincipal("alice"), "moved to the new principal");
            assertEquals(List.of(s.id()), r.findIdsByPrincipal("bob"));
            String old = r.changeId(again);
            r.save(again);
            assertEquals(List.of(again.id()), r.findIdsByPrincipal("bob"));
            assertNotEquals(old, again.id());
            r.delete(again);
            assertEquals(List.of(), r.findIdsByPrincipal("bob"));
        }
    }

    /** A java.time clock that reads {@code now} (epoch milliseconds) each time it is asked. */
    private static Clock clockAt(AtomicLong now) {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
    }
}
