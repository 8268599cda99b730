package io.quicksilver.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.event.KeyspaceListener;
import io.quicksilver.core.engine.event.NotifyFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the read and write paths rely on to skip work: an entry knows its segment from the hash it
 * keeps (no second hash of its key), with the system clock the LRU clock is a ticked value, and
 * a change calls only the listeners that hear events.
 */
class EngineHotPathTest {

    @Test
    void anEntryFindsItsSegmentWithoutHashingItsKeyAgain() {
        try (Engine engine = Engine.builder().databases(2).activeExpiry(false).build()) {
            Database db = engine.db(1);
            int seen = 0;
            boolean[] segments = new boolean[Engine.SEGMENTS];
            for (int i = 0; i < 5000; i++) {
                byte[] key = ("key:" + i).getBytes(StandardCharsets.UTF_8);
                long h = db.hash(key);
                Segment s = db.segment(h);
                s.lock();
                try {
                    Entry e = db.add(key, h, new byte[] {1}, Entry.NO_EXPIRY);
                    assertSame(s, db.segmentOf(e), "segment of entry " + i);
                    assertSame(e, db.peek(key, h));
                    assertSame(e, db.peek(key.clone())); // another array, hashed afresh
                    db.setValue(e, new byte[] {1, 2, 3}); // would fail its lock assertion elsewhere
                    db.setExpire(e, Long.MAX_VALUE);
                } finally {
                    s.unlock();
                }
                if (!segments[s.ordinal - Engine.SEGMENTS]) {
                    segments[s.ordinal - Engine.SEGMENTS] = true;
                    seen++;
                }
            }
            assertEquals(Engine.SEGMENTS, seen, "keys spread over every segment");
            assertEquals(5000, db.size());
            assertEquals(5000, db.volatileCount());
        }
    }

    @Test
    void theLruClockTicksWithTheSystemClockAndIsComputedAfterClose() throws InterruptedException {
        Engine engine = Engine.builder().activeExpiry(false).build();
        try {
            assertEquals(0, engine.lruClock());
            // the tick runs every 100 ms on the engine's scheduler; a loaded machine may delay it
            long deadline = System.currentTimeMillis() + 10_000;
            while (engine.lruClock() < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            int ticked = engine.lruClock();
            long exact = (System.currentTimeMillis() - engine.startMillis()) / 1000;
            assertTrue(ticked >= 1 && ticked <= exact, "ticked " + ticked + ", exact " + exact);
        } finally {
            engine.close();
        }
        long exact = (System.currentTimeMillis() - engine.startMillis()) / 1000;
        assertEquals(exact, engine.lruClock(), 1);
    }

    @Test
    void aManualClockIsReadAtEachUse() {
        ManualClock clock = new ManualClock(1_000_000);
        try (Engine engine = Engine.builder().clock(clock).activeExpiry(false).build()) {
            assertEquals(0, engine.lruClock());
            clock.advance(5_000);
            assertEquals(5, engine.lruClock());
        }
    }

    @Test
    void aListenerOfExpiriesOnlyIsNotCalledForEventsButHearsItsExpiries() {
        ManualClock clock = new ManualClock(1_000_000);
        try (Engine engine = Engine.builder().clock(clock).activeExpiry(false).build()) {
            List<String> heard = new ArrayList<>();
            KeyspaceListener events = (db, key, type, event) -> heard.add("event " + event);
            KeyspaceListener expiries = new KeyspaceListener() {
                @Override
                public void onEvent(int db, byte[] key, int type, String event) {
                    heard.add("expiries-only heard " + event);
                }

                @Override
                public void onExpired(int db, byte[] key, Object value, boolean evicted) {
                    heard.add("expired " + new String(key, StandardCharsets.UTF_8));
                }

                @Override
                public boolean hearsEvents() {
                    return false;
                }
            };
            engine.addListener(events);
            engine.addListener(expiries);
            byte[] key = "k".getBytes(StandardCharsets.UTF_8);
            Database db = engine.db(0);
            try (Locks l = engine.lockKeys(0, key)) {
                db.add(key, new byte[] {1}, clock.millis() + 10);
                engine.keyChanged(0, key, NotifyFlags.STRING, "set");
            }
            clock.advance(20);
            try (Locks l = engine.lockKeys(0, key)) {
                assertEquals(null, db.lookup(key));
            }
            assertEquals(List.of("event new", "event set", "event expired", "expired k"), heard);

            heard.clear();
            engine.removeListener(events);
            try (Locks l = engine.lockKeys(0, key)) {
                db.add(key, new byte[] {1}, Entry.NO_EXPIRY);
            }
            assertEquals(List.of(), heard, "a removed listener hears nothing");
            engine.removeListener(expiries);
            engine.addListener(events);
            try (Locks l = engine.lockKeys(0, key)) {
                engine.keyChanged(0, key, NotifyFlags.GENERIC, "del");
            }
            assertEquals(List.of("event del"), heard);
        }
    }
}
