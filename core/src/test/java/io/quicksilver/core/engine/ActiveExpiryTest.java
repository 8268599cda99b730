package io.quicksilver.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The active expiry cycle ({@link Engine#activeExpireCycle}): it reclaims keys nobody reads, with
 * their "expired" events and WATCH touches, leaves live keys alone, and resumes where a cycle
 * that ran out of budget stopped.
 */
class ActiveExpiryTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void add(Engine engine, int db, String key, long expireAt) {
        try (Locks l = engine.lockKeys(db, b(key))) {
            Entry e = engine.db(db).set(b(key), b("v"), false);
            engine.db(db).setExpire(e, expireAt);
        }
    }

    private static long totalSize(Engine engine) {
        try (Locks l = engine.lockAll()) {
            long n = 0;
            for (int i = 0; i < engine.databaseCount(); i++) {
                n += engine.db(i).size();
            }
            return n;
        }
    }

    @Test
    void reclaimsExpiredKeysInEveryDatabaseAndNothingElse() {
        ManualClock clock = new ManualClock();
        try (Engine engine = Engine.builder().clock(clock).activeExpiry(false).build()) {
            long now = clock.millis();
            for (int db = 0; db < 16; db += 5) {
                for (int i = 0; i < 500; i++) {
                    add(engine, db, "soon" + i, now + 100);
                    add(engine, db, "later" + i, now + 100_000);
                    add(engine, db, "never" + i, Entry.NO_EXPIRY);
                }
            }
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            engine.addListener((db, key, type, event) ->
                    events.add(db + ":" + event + ":" + new String(key, StandardCharsets.UTF_8)));
            assertEquals(0, engine.activeExpireCycle(1_000_000), "nothing has expired yet");
            assertEquals(6000, totalSize(engine));

            clock.advance(100);
            assertEquals(2000, engine.activeExpireCycle(1_000_000));
            assertEquals(4000, totalSize(engine));
            assertEquals(2000, engine.stats().expiredKeys.sum());
            assertEquals(2000, events.size());
            assertTrue(events.stream().allMatch(e -> e.matches("(0|5|10|15):expired:soon\\d+")), events.get(0));
            assertEquals(2000, new HashSet<>(events).size());
            for (int db = 0; db < 16; db += 5) {
                try (Locks l = engine.lockDb(db)) {
                    assertEquals(500, engine.db(db).volatileCount());
                    assertFalse(engine.db(db).exists(b("soon7")));
                    assertTrue(engine.db(db).exists(b("later7")));
                    assertTrue(engine.db(db).exists(b("never7")));
                }
            }
            assertEquals(0, engine.activeExpireCycle(1_000_000));

            clock.advance(100_000);
            assertEquals(2000, engine.activeExpireCycle(1_000_000));
            assertEquals(2000, totalSize(engine));
            assertEquals(4000, engine.stats().expiredKeys.sum());
        }
    }

    @Test
    void reclaimingTouchesWatchers() {
        ManualClock clock = new ManualClock();
        try (Engine engine = Engine.builder().clock(clock).activeExpiry(false).build()) {
            add(engine, 2, "k", clock.millis() + 10);
            add(engine, 2, "other", Entry.NO_EXPIRY);
            boolean[] touched = new boolean[2];
            engine.watches().watch(2, b("k"), () -> touched[0] = true);
            engine.watches().watch(2, b("other"), () -> touched[1] = true);
            clock.advance(10);
            assertEquals(1, engine.activeExpireCycle(1_000));
            assertTrue(touched[0]);
            assertFalse(touched[1]);
        }
    }

    /** A clock whose nanosecond counter jumps by a millisecond each time it is read. */
    private static final class JumpingClock implements Clock {
        final ManualClock wall = new ManualClock();
        final AtomicLong nanos = new AtomicLong();

        @Override
        public long millis() {
            return wall.millis();
        }

        @Override
        public long nanos() {
            return nanos.addAndGet(1_000_000);
        }
    }

    @Test
    void aCycleOutOfBudgetStopsAfterOneSegmentAndTheNextResumes() {
        JumpingClock clock = new JumpingClock();
        try (Engine engine = Engine.builder().clock(clock).activeExpiry(false).build()) {
            Database db = engine.db(7);
            Set<Segment> segments = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < 40; i++) {
                add(engine, 7, "k" + i, clock.millis() + 1);
                segments.add(db.segmentFor(b("k" + i)));
            }
            clock.wall.advance(1);
            int cycles = 0;
            long reclaimed = 0;
            while (reclaimed < 40) {
                long n = engine.activeExpireCycle(1); // 1 µs: less than one clock tick
                assertTrue(n > 0, "each cycle sweeps one segment holding expired keys");
                reclaimed += n;
                assertTrue(++cycles <= 40);
            }
            assertEquals(40, reclaimed);
            assertEquals(segments.size(), cycles, "one segment per cycle, none swept twice");
            try (Locks l = engine.lockDb(7)) {
                assertEquals(0, db.size());
                assertEquals(0, db.volatileCount());
            }
        }
    }

    @Test
    void theSchedulerRunsTheCycleByItself() throws Exception {
        try (Engine engine = Engine.builder().build()) { // system clock, own scheduler
            engine.hz(100);
            long now = System.currentTimeMillis();
            for (int i = 0; i < 100; i++) {
                add(engine, 0, "k" + i, now + 50);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (totalSize(engine) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, totalSize(engine), "keys nobody read were reclaimed");
            assertEquals(100, engine.stats().expiredKeys.sum());
        }
    }
}
