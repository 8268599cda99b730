package io.quicksilver.core.engine.evict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.CommandHarness;
import io.quicksilver.core.command.RecordingConnection;
import io.quicksilver.core.command.RecordingReply;
import io.quicksilver.core.engine.event.NotifyFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * maxmemory and eviction through the real dispatcher: which keys each policy evicts, the OOM
 * error and where Redis 7.0 raises it (MULTI, EXEC), the "evicted" event, WATCH, the LFU
 * counter under the manual clock, INFO.
 *
 * <p>Keys of one test have equal sizes, so "free N keys' worth" evicts exactly N. With
 * maxmemory-samples above the number of keys every key is sampled, which makes the LRU, LFU and
 * TTL choices exact; tenacity 100 keeps every eviction in the calling thread.
 */
class EvictionTest {
    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private static CommandHarness harness(String policy) {
        CommandHarness h = new CommandHarness();
        h.run("CONFIG", "SET", "maxmemory-policy", policy, "maxmemory-samples", "1000",
                "maxmemory-eviction-tenacity", "100");
        return h;
    }

    /** Sets maxmemory so that exactly {@code keys} keys of {@code perKey} bytes must go. */
    private static void limitToFree(CommandHarness h, int keys, long perKey) {
        long max = h.engine.usedMemory() - (long) keys * perKey;
        assertEquals("OK", h.run("CONFIG", "SET", "maxmemory", Long.toString(max)));
    }

    /** The bytes one more key of this shape adds to the dataset estimate. */
    private static long sizeOf(CommandHarness h, String key, String value) {
        long before = h.engine.usedMemory();
        h.run("SELECT", "15");
        h.run("SET", key, value);
        long size = h.engine.usedMemory() - before;
        h.run("DEL", key);
        h.run("SELECT", "0");
        return size;
    }

    private static boolean exists(CommandHarness h, String key) {
        return (Long) h.run("EXISTS", key) == 1L; // EXISTS does not touch the access time
    }

    private static List<String> surviving(CommandHarness h, List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (exists(h, k)) {
                out.add(k);
            }
        }
        return out;
    }

    private static List<String> keys(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static Map<String, String> info(CommandHarness h, String section) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : ((String) h.run("INFO", section)).split("\r\n")) {
            int colon = l.indexOf(':');
            if (!l.startsWith("#") && colon > 0) {
                m.put(l.substring(0, colon), l.substring(colon + 1));
            }
        }
        return m;
    }

    private static void assertOom(CommandHarness h, Client c, String... args) {
        Object r = h.run(c, args);
        assertEquals(new RecordingReply.Err(OOM), r, String.join(" ", args));
    }

    // ------------------------------------------------------------------ policies

    @Test
    void allkeysLruEvictsTheLeastRecentlyUsed() {
        try (CommandHarness h = harness("allkeys-lru")) {
            List<String> keys = keys("k", 10);
            for (String k : keys) {
                h.run("SET", k, "v");
                h.clock.advance(10_000);
            }
            for (int i = 0; i < 5; i++) { // k0..k4 are read again: k5 is now the least recent
                h.run("GET", "k" + i);
                h.clock.advance(10_000);
            }
            limitToFree(h, 3, sizeOf(h, "kx", "v"));
            assertEquals("PONG", h.run("PING"), "any command evicts first");
            assertEquals(List.of("k0", "k1", "k2", "k3", "k4", "k8", "k9"), surviving(h, keys));
            assertEquals("3", info(h, "stats").get("evicted_keys"));
            assertTrue(h.engine.usedMemory() <= h.engine.evictor().maxmemory());
        }
    }

    @Test
    void withDefaultSamplesLruStillPicksOldKeys() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "maxmemory-eviction-tenacity", "100");
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                keys.add(String.format("k%04d", i));
                h.run("SET", keys.get(i), "v");
                h.clock.advance(1_000);
            }
            limitToFree(h, 100, sizeOf(h, "kxxxx", "v"));
            h.run("PING");
            List<String> alive = surviving(h, keys);
            assertEquals(900, alive.size());
            long oldHalfEvicted = keys.subList(0, 500).stream().filter(k -> !alive.contains(k)).count();
            // 5 samples per round and a pool of 16: the approximation Redis documents
            assertTrue(oldHalfEvicted >= 90, "evicted from the older half: " + oldHalfEvicted);
        }
    }

    @Test
    void lruCandidatesComeFromEveryDatabase() {
        try (CommandHarness h = harness("allkeys-lru")) {
            h.run("SELECT", "3");
            h.run("SET", "old", "v");
            h.clock.advance(60_000);
            h.run("SELECT", "0");
            h.run("SET", "new", "v");
            limitToFree(h, 1, sizeOf(h, "xyz", "v"));
            h.run("PING");
            assertTrue(exists(h, "new"));
            h.run("SELECT", "3");
            assertFalse(exists(h, "old"), "the older key, in another database, went");
        }
    }

    @Test
    void volatileLruEvictsOnlyKeysWithATtlThenRefusesWrites() {
        try (CommandHarness h = harness("volatile-lru")) {
            List<String> persistent = keys("p", 5);
            List<String> expiring = keys("e", 5);
            for (int i = 0; i < 5; i++) {
                h.run("SET", persistent.get(i), "v"); // older than every volatile key
                h.clock.advance(1_000);
            }
            for (int i = 0; i < 5; i++) {
                h.run("SET", expiring.get(i), "v", "EX", "100000");
                h.clock.advance(1_000);
            }
            long perKey = sizeOf(h, "px", "v");
            limitToFree(h, 3, perKey);
            h.run("PING");
            assertEquals(persistent, surviving(h, persistent));
            assertEquals(List.of("e3", "e4"), surviving(h, expiring), "the oldest volatile keys");
            limitToFree(h, 4, perKey);
            assertOom(h, h.client, "SET", "another", "v");
            assertEquals(persistent, surviving(h, persistent), "nothing but volatile keys is evicted");
            assertEquals(List.of(), surviving(h, expiring));
            assertEquals("v", h.run("GET", "p0"), "reads still run");
            assertEquals(2L, h.run("DEL", "p0", "p1"), "DEL is not denyoom");
            assertEquals("OK", h.run("SET", "p0", "v"), "under the limit again");
        }
    }

    @Test
    void allkeysLfuEvictsTheLeastFrequentlyUsed() {
        try (CommandHarness h = harness("allkeys-lfu")) {
            h.run("CONFIG", "SET", "lfu-log-factor", "0"); // every access counts: deterministic
            List<String> keys = List.of("a", "b", "c", "d", "e");
            for (int i = 0; i < keys.size(); i++) {
                h.run("SET", keys.get(i), "v");
                for (int n = 0; n < i; n++) {
                    h.run("GET", keys.get(i));
                }
            }
            h.clock.advance(1_000);
            for (int i = 0; i < keys.size(); i++) {
                assertEquals((long) Lfu.INIT_VAL + i, h.run("OBJECT", "FREQ", keys.get(i)));
            }
            limitToFree(h, 2, sizeOf(h, "x", "v"));
            h.run("PING");
            assertEquals(List.of("c", "d", "e"), surviving(h, keys));
        }
    }

    @Test
    void volatileLfuSparesPersistentKeys() {
        try (CommandHarness h = harness("volatile-lfu")) {
            h.run("CONFIG", "SET", "lfu-log-factor", "0");
            h.run("SET", "cold", "v"); // least frequent, but persistent
            h.run("SET", "e1", "v", "PX", "100000");
            h.run("SET", "e2", "v", "PX", "100000");
            h.run("GET", "e2");
            limitToFree(h, 1, sizeOf(h, "zz", "v"));
            h.run("PING");
            assertEquals(List.of("cold", "e2"), surviving(h, List.of("cold", "e1", "e2")));
        }
    }

    @Test
    void volatileTtlEvictsTheNearestExpiryFirst() {
        try (CommandHarness h = harness("volatile-ttl")) {
            h.run("SET", "forever", "v");
            h.run("SET", "t1", "v", "EX", "500");
            h.run("SET", "t2", "v", "EX", "100");
            h.run("SET", "t3", "v", "EX", "900");
            h.run("SET", "t4", "v", "EX", "300");
            limitToFree(h, 2, sizeOf(h, "xy", "v"));
            h.run("PING");
            assertEquals(List.of("forever", "t1", "t3"),
                    surviving(h, List.of("forever", "t1", "t2", "t3", "t4")));
        }
    }

    @Test
    void allkeysRandomEvictsFromEveryDatabaseUntilUnder() {
        try (CommandHarness h = harness("allkeys-random")) {
            List<String> keys = keys("r", 40);
            for (String k : keys) {
                h.run("SET", k, "v");
            }
            h.run("SELECT", "1");
            for (String k : keys) {
                h.run("SET", k, "v");
            }
            h.run("SELECT", "0");
            limitToFree(h, 60, sizeOf(h, "rx", "v"));
            h.run("PING");
            int db0 = surviving(h, keys).size();
            h.run("SELECT", "1");
            int db1 = surviving(h, keys).size();
            assertEquals(20, db0 + db1);
            // databases are taken in turn: each gave about half
            assertTrue(db0 >= 5 && db1 >= 5, db0 + " / " + db1);
            assertEquals("60", info(h, "stats").get("evicted_keys"));
        }
    }

    @Test
    void volatileRandomEvictsOnlyVolatileKeys() {
        try (CommandHarness h = harness("volatile-random")) {
            List<String> persistent = keys("p", 10);
            List<String> expiring = keys("e", 10);
            for (int i = 0; i < 10; i++) {
                h.run("SET", persistent.get(i), "v");
                h.run("SET", expiring.get(i), "v", "EX", "1000");
            }
            limitToFree(h, 6, sizeOf(h, "px", "v"));
            h.run("PING");
            assertEquals(persistent, surviving(h, persistent));
            assertEquals(4, surviving(h, expiring).size());
        }
    }

    // ------------------------------------------------------------------ OOM

    @Test
    void noevictionRefusesDenyoomCommandsWithRedisText() {
        try (CommandHarness h = harness("noeviction")) {
            h.run("SET", "a", "1");
            h.run("RPUSH", "l", "x");
            h.run("CONFIG", "SET", "maxmemory", "1");
            assertOom(h, h.client, "SET", "b", "1");
            assertOom(h, h.client, "INCR", "a");
            assertOom(h, h.client, "RPUSH", "l", "y");
            assertOom(h, h.client, "SETNX", "c", "1");
            assertEquals("1", h.run("GET", "a"));
            assertEquals("x", h.run("LPOP", "l"), "LPOP is not denyoom");
            assertEquals(1L, h.run("DBSIZE"));
            assertEquals("0", info(h, "stats").get("evicted_keys"));
            assertTrue(info(h, "errorstats").get("errorstat_OOM").startsWith("count=4"));
            assertEquals("OK", h.run("CONFIG", "SET", "maxmemory", "0"));
            assertEquals("OK", h.run("SET", "b", "1"));
        }
    }

    @Test
    void oomInsideMultiAndAtExecAsRedis() {
        try (CommandHarness h = harness("noeviction")) {
            Client admin = h.newClient();
            h.run("SET", "a", "1");
            // over the limit: everything queued is refused, which aborts EXEC
            h.run(admin, "CONFIG", "SET", "maxmemory", "1");
            assertEquals("OK", h.run("MULTI"));
            assertOom(h, h.client, "GET", "a");
            assertOom(h, h.client, "PING");
            h.assertError("EXECABORT Transaction discarded because of previous errors.", "EXEC");
            assertEquals("OK", h.run("MULTI"));
            assertEquals("OK", h.run("DISCARD"), "DISCARD is never refused");
            // queued under the limit, EXEC over it: refused only if a denyoom command is queued
            h.run(admin, "CONFIG", "SET", "maxmemory", "0");
            h.run("MULTI");
            assertEquals("QUEUED", h.run("SET", "b", "1"));
            h.run(admin, "CONFIG", "SET", "maxmemory", "1");
            h.assertError("EXECABORT Transaction discarded because of: " + OOM, "EXEC");
            assertEquals(0L, h.run("EXISTS", "b"));
            h.run(admin, "CONFIG", "SET", "maxmemory", "0");
            h.run("MULTI");
            assertEquals("QUEUED", h.run("GET", "a"));
            h.run(admin, "CONFIG", "SET", "maxmemory", "1");
            assertEquals(List.of("1"), h.run("EXEC"), "EXEC of reads runs");
        }
    }

    @Test
    void noEvictionWhileClientsArePaused() {
        try (CommandHarness h = harness("allkeys-lru")) {
            h.run("SET", "a", "1");
            h.run("CLIENT", "PAUSE", "100000", "WRITE");
            h.run("CONFIG", "SET", "maxmemory", "1");
            assertEquals(1L, h.run("DBSIZE"), "as Redis, no eviction during a pause");
            h.run("CLIENT", "UNPAUSE");
            assertEquals(0L, h.run("DBSIZE"));
        }
    }

    // ------------------------------------------------------------------ effects of an eviction

    @Test
    void evictedKeysFireTheEventTouchWatchersAndCountNoDirtyChange() {
        try (CommandHarness h = harness("allkeys-lru")) {
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            h.engine.addListener((db, key, type, event) -> {
                if (type == NotifyFlags.EVICTED) {
                    events.add(db + ":" + new String(key, StandardCharsets.UTF_8) + ":" + event);
                }
            });
            h.run("SELECT", "2");
            h.run("SET", "w", "v");
            h.clock.advance(5_000);
            h.run("SET", "other", "v");
            Client watcher = h.newClient();
            h.run(watcher, "SELECT", "2");
            h.run(watcher, "WATCH", "w");
            long perKey = sizeOf(h, "ww", "v");
            String dirty = info(h, "persistence").get("rdb_changes_since_last_save");
            limitToFree(h, 1, perKey);
            h.run("PING");
            assertEquals(List.of("2:w:evicted"), events);
            assertEquals(dirty, info(h, "persistence").get("rdb_changes_since_last_save"),
                    "as Redis, an eviction is no dirty change");
            h.run(watcher, "MULTI");
            h.run(watcher, "PING");
            assertNull(h.run(watcher, "EXEC"), "the evicted key was touched");
        }
    }

    @Test
    void evictedEventIsPublishedAsKeyspaceNotification() {
        try (CommandHarness h = harness("allkeys-random")) {
            h.run("CONFIG", "SET", "notify-keyspace-events", "Ee");
            h.run("SET", "gone", "v");
            RecordingConnection conn = new RecordingConnection();
            Client sub = h.newClient(conn);
            h.runAll(sub, "SUBSCRIBE", "__keyevent@0__:evicted");
            h.run("CONFIG", "SET", "maxmemory", "1");
            h.run("PING");
            assertEquals(List.of(List.of("message", "__keyevent@0__:evicted", "gone")), conn.drain());
        }
    }

    // ------------------------------------------------------------------ LFU counter

    @Test
    void lfuCounterStartsAtFiveGrowsAndDecaysWithTheClock() {
        try (CommandHarness h = harness("allkeys-lfu")) {
            h.run("CONFIG", "SET", "lfu-log-factor", "0");
            h.run("SET", "k", "v");
            assertEquals(5L, h.run("OBJECT", "FREQ", "k"));
            h.run("GET", "k");
            h.run("GET", "k");
            assertEquals(7L, h.run("OBJECT", "FREQ", "k"), "OBJECT FREQ itself does not count");
            h.run("SET", "k", "v2");
            assertEquals(8L, h.run("OBJECT", "FREQ", "k"), "SET's lookup counts; the overwrite keeps it");
            h.clock.advance(3 * 60_000);
            assertEquals(5L, h.run("OBJECT", "FREQ", "k"), "one off per lfu-decay-time minute");
            h.run("CONFIG", "SET", "lfu-decay-time", "2");
            assertEquals(7L, h.run("OBJECT", "FREQ", "k"), "decay is computed when read, not stored");
            h.run("CONFIG", "SET", "lfu-decay-time", "0");
            assertEquals(8L, h.run("OBJECT", "FREQ", "k"), "0 never decays");
            h.run("CONFIG", "SET", "lfu-decay-time", "1");
            h.run("GET", "k"); // the access stores the decayed counter plus one
            h.run("CONFIG", "SET", "lfu-decay-time", "0");
            assertEquals(6L, h.run("OBJECT", "FREQ", "k"));
            h.clock.advance(1000L * 60_000);
            h.run("CONFIG", "SET", "lfu-decay-time", "1");
            assertEquals(0L, h.run("OBJECT", "FREQ", "k"), "decays to 0, not below");
            assertNull(h.run("OBJECT", "FREQ", "missing"));
        }
    }

    @Test
    void lfuLogFactorMakesTheCounterLogarithmic() {
        try (CommandHarness h = harness("allkeys-lfu")) {
            h.run("SET", "k", "v");
            for (int i = 0; i < 1000; i++) {
                h.run("GET", "k");
            }
            long f = (Long) h.run("OBJECT", "FREQ", "k");
            // redis.conf's table for factor 10: 100 hits give 10, 1000 hits 18 (from 0; we start at 5)
            assertTrue(f > 8 && f < 40, "counter after 1000 hits at factor 10: " + f);
            for (int i = 0; i < 300; i++) {
                h.run("GET", "k");
            }
            assertTrue((Long) h.run("OBJECT", "FREQ", "k") >= f, "never decreases without time");
        }
    }

    @Test
    void objectIdletimeAndFreqFollowThePolicy() {
        try (CommandHarness h = harness("volatile-lfu")) {
            h.run("SET", "k", "v");
            h.assertError("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note "
                    + "that when switching between policies at runtime LRU and LFU data will take some "
                    + "time to adjust.", "OBJECT", "IDLETIME", "k");
            assertNull(h.run("OBJECT", "IDLETIME", "missing"), "a missing key answers nil first");
            h.run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            h.run("SET", "k", "v");
            h.clock.advance(4_000);
            assertEquals(4L, h.run("OBJECT", "IDLETIME", "k"));
            h.assertError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                    + "Please note that when switching between policies at runtime LRU and LFU data "
                    + "will take some time to adjust.", "OBJECT", "FREQ", "k");
        }
    }

    // ------------------------------------------------------------------ time limit, INFO

    @Test
    void evictionPastTheTimeLimitGoesOnInTheBackground() throws InterruptedException {
        try (CommandHarness h = harness("allkeys-random")) {
            h.run("CONFIG", "SET", "maxmemory-eviction-tenacity", "0"); // a limit of 0 us
            for (int i = 0; i < 100; i++) {
                h.run("SET", String.format("key:%03d", i), "value");
            }
            limitToFree(h, 60, sizeOf(h, "key:xyz", "value"));
            assertEquals("PONG", h.run("PING"), "RUNNING is no OOM");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((h.engine.evictor().overLimit() || h.engine.stats().evictedKeys.sum() < 60)
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertFalse(h.engine.evictor().overLimit(), "the scheduler finished the job");
            Thread.sleep(50);
            assertEquals(60L, h.engine.stats().evictedKeys.sum(), "and stopped under the limit");
        }
    }

    @Test
    void longEvictionCyclesAreRecordedByTheLatencyMonitor() {
        try (CommandHarness h = harness("allkeys-lru")) {
            h.run("CONFIG", "SET", "maxmemory-samples", "5", "latency-monitor-threshold", "1");
            for (int i = 0; i < 5000; i++) {
                h.run("SET", "k" + i, "v");
            }
            h.run("CONFIG", "SET", "maxmemory", "1");
            h.run("PING"); // evicts 5000 keys in one cycle: milliseconds
            assertEquals(0L, h.run("DBSIZE"));
            List<?> latest = (List<?>) h.run("LATENCY", "LATEST");
            assertTrue(latest.stream().anyMatch(e -> ((List<?>) e).get(0).equals("eviction-cycle")),
                    latest.toString());
        }
    }

    @Test
    void timeLimitFollowsRedisTenacityScale() {
        assertEquals(0, Evictor.timeLimitNanos(0));
        assertEquals(500_000, Evictor.timeLimitNanos(10));
        assertEquals((long) (500.0 * Math.pow(1.15, 40)) * 1000, Evictor.timeLimitNanos(50));
        assertEquals(Long.MAX_VALUE, Evictor.timeLimitNanos(100));
    }

    @Test
    void infoShowsMaxmemoryAndWhatItIsComparedWith() {
        try (CommandHarness h = harness("allkeys-lru")) {
            h.run("SET", "k", "v");
            h.run("CONFIG", "SET", "maxmemory", "100mb");
            Map<String, String> m = info(h, "memory");
            assertEquals("104857600", m.get("maxmemory"));
            assertEquals("100.00M", m.get("maxmemory_human"));
            assertEquals("allkeys-lru", m.get("maxmemory_policy"));
            assertEquals(Long.toString(h.engine.usedMemory()), m.get("used_memory_dataset"));
            long used = Long.parseLong(m.get("used_memory"));
            long notCounted = Long.parseLong(m.get("mem_not_counted_for_evict"));
            assertEquals(Math.max(0, used - h.engine.usedMemory()), notCounted);
            h.run("CONFIG", "SET", "maxmemory", "18446744073709551615");
            m = info(h, "memory");
            assertEquals("18446744073709551615", m.get("maxmemory"));
            assertEquals("18446744073709551615B", m.get("maxmemory_human"));
            Map<String, String> s = info(h, "stats");
            assertEquals("0", s.get("evicted_keys"));
            assertEquals("0", s.get("current_eviction_exceeded_time"));
            assertTrue(s.containsKey("total_eviction_exceeded_time"));
        }
    }

    @Test
    void exceededTimeRunsWhileOverTheLimitAndResets() throws InterruptedException {
        try (CommandHarness h = harness("noeviction")) {
            h.run("SET", "k", "v");
            h.run("CONFIG", "SET", "maxmemory", "1");
            h.run("GET", "k");
            Thread.sleep(30);
            h.run("GET", "k");
            Map<String, String> s = info(h, "stats");
            assertTrue(Long.parseLong(s.get("current_eviction_exceeded_time")) >= 20, s.toString());
            h.run("CONFIG", "SET", "maxmemory", "1gb");
            h.run("GET", "k"); // under again: the spell ends
            s = info(h, "stats");
            assertEquals("0", s.get("current_eviction_exceeded_time"));
            assertTrue(Long.parseLong(s.get("total_eviction_exceeded_time")) >= 20);
            h.run("CONFIG", "RESETSTAT");
            assertEquals("0", info(h, "stats").get("total_eviction_exceeded_time"));
        }
    }

    @Test
    void concurrentWritersStayBoundedAndEveryKeyIsAccountedFor() throws Exception {
        try (CommandHarness h = new CommandHarness()) {
            h.run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            long perKey = sizeOf(h, "t0:00000", "v");
            h.run("CONFIG", "SET", "maxmemory", Long.toString(300 * perKey));
            int threads = 4;
            int rounds = 1500;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    done.add(pool.submit(() -> {
                        Client c = h.newClient();
                        int written = 0;
                        for (int i = 0; i < rounds; i++) {
                            String k = String.format("t%d:%05d", id, i);
                            switch (i % 3) {
                                case 0 -> {
                                    assertEquals("OK", h.run(c, "SET", k, "v"));
                                    written++;
                                }
                                case 1 -> {
                                    assertEquals("OK", h.run(c, "MSET", k, "v", k + "b", "v"));
                                    written += 2;
                                }
                                default -> {
                                    h.run(c, "MULTI");
                                    h.run(c, "SET", k, "v");
                                    h.run(c, "GET", String.format("t%d:%05d", id, i - 1));
                                    assertEquals(2, ((List<?>) h.run(c, "EXEC")).size());
                                    written++;
                                }
                            }
                        }
                        return written;
                    }));
                }
                int written = 0;
                for (java.util.concurrent.Future<Integer> f : done) {
                    written += f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
                h.run("CONFIG", "SET", "maxmemory-eviction-tenacity", "100");
                h.run("PING"); // whatever the background round left, this one finishes
                assertTrue(h.engine.usedMemory() <= 300 * perKey * 2, "bounded: " + h.engine.usedMemory());
                assertFalse(h.engine.evictor().overLimit());
                long evicted = h.engine.stats().evictedKeys.sum();
                assertEquals(written, evicted + (Long) h.run("DBSIZE"), "each key is alive or was evicted once");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void datasetCounterFollowsEveryChange() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(0, h.engine.usedMemory());
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < 200; i++) {
                String k = "k" + rnd.nextInt(50);
                switch (rnd.nextInt(5)) {
                    case 0 -> h.run("SET", k, "x".repeat(rnd.nextInt(100)));
                    case 1 -> h.run("APPEND", k, "yy");
                    case 2 -> h.run("DEL", k);
                    case 3 -> h.run("RPUSH", "l" + k, "a", "b");
                    default -> h.run("HSET", "h" + k, "f", "v".repeat(rnd.nextInt(80)));
                }
            }
            long sum = 0;
            for (int i = 0; i < h.engine.databaseCount(); i++) {
                sum += h.engine.db(i).usedBytes();
            }
            assertEquals(sum, h.engine.usedMemory());
            h.run("SWAPDB", "0", "1");
            assertEquals(sum, h.engine.usedMemory());
            h.run("FLUSHALL");
            assertEquals(0, h.engine.usedMemory());
        }
    }
}
