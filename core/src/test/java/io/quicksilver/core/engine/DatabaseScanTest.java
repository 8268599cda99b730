package io.quicksilver.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#scan} (SCAN's engine side) and lazy expiry: a key present for the whole scan is
 * returned at least once while other keys come and go (segments grow and shrink between calls,
 * and concurrently); an expired key is never returned by any lookup.
 */
class DatabaseScanTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Engine engine(ManualClock clock) {
        return Engine.builder().clock(clock).activeExpiry(false).build();
    }

    private static void add(Database db, String key, long expireAt) {
        byte[] k = b(key);
        try (Locks l = db.engine().lockKeys(db.id(), k)) {
            Entry e = db.set(k, b("v"), false);
            db.setExpire(e, expireAt);
        }
    }

    private static void remove(Database db, String key) {
        byte[] k = b(key);
        try (Locks l = db.engine().lockKeys(db.id(), k)) {
            db.delete(k);
        }
    }

    /** One SCAN step's keys, as strings. */
    private static long step(Database db, long cursor, int count, Set<String> into) {
        return db.scan(cursor, count, e -> into.add(new String(e.key(), StandardCharsets.UTF_8)));
    }

    @Test
    void emptyDatabaseScansInOneCall() {
        try (Engine engine = engine(new ManualClock())) {
            Set<String> seen = new HashSet<>();
            assertEquals(0, step(engine.db(0), 0, 10, seen));
            assertTrue(seen.isEmpty());
        }
    }

    @Test
    void fullScanReturnsEveryKeyExactlyOnceWhenNothingChanges() {
        try (Engine engine = engine(new ManualClock())) {
            Database db = engine.db(3);
            for (int i = 0; i < 20_000; i++) {
                add(db, "k" + i, Entry.NO_EXPIRY);
            }
            for (int count : new int[] {1, 10, 1000}) {
                List<String> seen = new ArrayList<>();
                long cursor = 0;
                int calls = 0;
                do {
                    cursor = db.scan(cursor, count, e -> seen.add(new String(e.key(), StandardCharsets.UTF_8)));
                    calls++;
                } while (cursor != 0);
                assertEquals(20_000, seen.size(), "count " + count);
                assertEquals(20_000, new HashSet<>(seen).size(), "count " + count);
                if (count == 1000) {
                    assertTrue(calls < 100, "calls " + calls);
                }
            }
        }
    }

    @Test
    void aKeyPresentForTheWholeScanIsNeverMissedWhileOthersComeAndGo() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        try (Engine engine = engine(new ManualClock())) {
            Database db = engine.db(0);
            for (int round = 0; round < 20; round++) {
                Set<String> stable = new HashSet<>();
                int nStable = 1 + rnd.nextInt(3000);
                for (int i = 0; i < nStable; i++) {
                    add(db, "stable:" + round + ":" + i, Entry.NO_EXPIRY);
                    stable.add("stable:" + round + ":" + i);
                }
                List<String> transients = new ArrayList<>();
                int next = 0;
                Set<String> seen = new HashSet<>();
                long cursor = 0;
                int calls = 0;
                do {
                    cursor = step(db, cursor, 1 + rnd.nextInt(50), seen);
                    // between calls: grow every segment severalfold, or shrink back
                    if (rnd.nextInt(3) != 0) {
                        int n = rnd.nextInt(5000);
                        for (int i = 0; i < n; i++) {
                            String k = "t:" + round + ":" + next++;
                            add(db, k, Entry.NO_EXPIRY);
                            transients.add(k);
                        }
                    } else {
                        int n = rnd.nextInt(transients.size() + 1);
                        for (int i = 0; i < n; i++) {
                            remove(db, transients.remove(transients.size() - 1));
                        }
                    }
                    assertTrue(++calls < 1_000_000);
                } while (cursor != 0);
                Set<String> missed = new HashSet<>(stable);
                missed.removeAll(seen);
                assertEquals(Set.of(), missed, "round " + round);
                for (String k : transients) {
                    remove(db, k);
                }
                for (String k : stable) {
                    remove(db, k);
                }
                try (Locks l = engine.lockDb(0)) {
                    assertEquals(0, db.size());
                }
            }
        }
    }

    @Test
    void concurrentWritersNeverHideAStableKey() throws Exception {
        try (Engine engine = engine(new ManualClock())) {
            Database db = engine.db(0);
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 5000; i++) {
                add(db, "s" + i, Entry.NO_EXPIRY);
                stable.add("s" + i);
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    int next = 0;
                    while (!stop.get()) {
                        int n = rnd.nextInt(20_000);
                        for (int i = 0; i < n; i++) {
                            add(db, "w" + (next + i), Entry.NO_EXPIRY);
                        }
                        for (int i = 0; i < n; i++) {
                            remove(db, "w" + (next + i));
                        }
                        next += n;
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "scan-writer");
            writer.start();
            try {
                for (int scan = 0; scan < 30; scan++) {
                    Set<String> seen = new HashSet<>();
                    long cursor = 0;
                    do {
                        cursor = step(db, cursor, 20, seen);
                    } while (cursor != 0);
                    assertTrue(seen.containsAll(stable), "scan " + scan + " missed a stable key");
                }
            } finally {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertFalse(writer.isAlive());
            assertNull(failure.get());
        }
    }

    @Test
    void scanNeverReturnsExpiredKeys() {
        ManualClock clock = new ManualClock();
        try (Engine engine = engine(clock)) {
            Database db = engine.db(0);
            long now = clock.millis();
            for (int i = 0; i < 2000; i++) {
                add(db, "k" + i, i % 2 == 0 ? now + 10 : Entry.NO_EXPIRY);
            }
            clock.advance(10);
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            do {
                cursor = step(db, cursor, 7, seen);
            } while (cursor != 0);
            assertEquals(1000, seen.size());
            for (String k : seen) {
                assertEquals(1, Integer.parseInt(k.substring(1)) % 2, k);
            }
        }
    }

    @Test
    void lazyExpiryNeverReturnsAnExpiredKey() {
        ManualClock clock = new ManualClock();
        try (Engine engine = engine(clock)) {
            Database db = engine.db(0);
            List<String> events = new ArrayList<>();
            engine.addListener((d, key, type, event) -> events.add(event + ":" + new String(key, StandardCharsets.UTF_8)));
            long at = clock.millis() + 100;
            String[] keys = {"lookup", "peek", "exists", "delete", "set", "random", "forEach"};
            for (String k : keys) {
                add(db, k, at);
            }
            events.clear();
            clock.advance(99);
            try (Locks l = engine.lockDb(0)) {
                for (String k : keys) {
                    assertTrue(db.exists(b(k)), "live 1 ms before its time: " + k);
                }
            }
            clock.advance(1); // expireAt <= now: expired
            try (Locks l = engine.lockDb(0)) {
                List<String> visited = new ArrayList<>();
                db.forEach(e -> visited.add(new String(e.key(), StandardCharsets.UTF_8)));
                assertEquals(List.of(), visited);
                assertEquals(7, db.size(), "forEach does not reclaim");
                assertNull(db.lookup(b("lookup")));
                assertNull(db.peek(b("peek")));
                assertFalse(db.exists(b("exists")));
                assertFalse(db.delete(b("delete")));
                Entry fresh = db.set(b("set"), b("new"), true);
                assertEquals(Entry.NO_EXPIRY, fresh.expireAt(), "KEEPTTL of an expired key keeps nothing");
                assertEquals("new", new String((byte[]) fresh.value(), StandardCharsets.UTF_8));
                for (int i = 0; i < 10; i++) {
                    Entry e = db.randomEntry();
                    assertTrue(e == null || "set".equals(new String(e.key(), StandardCharsets.UTF_8)));
                }
            }
            assertTrue(events.containsAll(List.of("expired:lookup", "expired:peek", "expired:exists",
                    "expired:delete", "expired:set")), events.toString());
            List<String> expired = events.stream().filter(e -> e.startsWith("expired:")).toList();
            assertEquals(new HashSet<>(expired).size(), expired.size(), "each key expires once: " + events);
        }
    }

    @Test
    void randomEntryFindsTheOneLiveKeyAmongManyExpired() {
        ManualClock clock = new ManualClock();
        try (Engine engine = engine(clock)) {
            Database db = engine.db(0);
            for (int i = 0; i < 3000; i++) {
                add(db, "gone" + i, clock.millis() + 1);
            }
            add(db, "live", Entry.NO_EXPIRY);
            clock.advance(1);
            try (Locks l = engine.lockDb(0)) {
                Entry e = db.randomEntry();
                assertEquals("live", new String(e.key(), StandardCharsets.UTF_8));
                assertTrue(db.size() >= 1);
                db.delete(b("live"));
                assertNull(db.randomEntry());
                assertEquals(0, db.size(), "every expired key met was reclaimed");
            }
        }
    }

    @Test
    void scanLocksOneSegmentAtATime() throws Exception {
        try (Engine engine = engine(new ManualClock())) {
            Database db = engine.db(0);
            for (int i = 0; i < 1000; i++) {
                add(db, "k" + i, Entry.NO_EXPIRY);
            }
            Segment first = db.segments[0];
            Thread holder = new Thread(() -> {
                first.lock();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // released by the test
                } finally {
                    first.unlock();
                }
            }, "segment-holder");
            holder.start();
            while (!first.isLocked()) {
                Thread.onSpinWait();
            }
            // from segment 1 on, a scan does not need segment 0
            Set<String> seen = new HashSet<>();
            long cursor = 1; // segment 1, bucket cursor 0
            do {
                cursor = step(db, cursor, 100, seen);
            } while (cursor != 0);
            assertTrue(seen.size() > 900, "keys outside segment 0: " + seen.size());
            for (Segment s : db.segments) {
                assertFalse(s.isHeldByCurrentThread(), "no lock held after a step");
            }
            // a scan that reaches segment 0 waits for it
            AtomicBoolean done = new AtomicBoolean();
            Thread scanner = new Thread(() -> {
                step(db, 0, 10, new HashSet<>());
                done.set(true);
            }, "scanner");
            scanner.start();
            Thread.sleep(200);
            assertFalse(done.get(), "scanned segment 0 while another thread held it");
            holder.interrupt();
            holder.join();
            scanner.join(10_000);
            assertTrue(done.get());
        }
    }
}
