package io.quicksilver.core.store;

import static io.quicksilver.core.store.EngineStoreTest.b;
import static io.quicksilver.core.store.EngineStoreTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.CommandHarness;
import io.quicksilver.core.engine.Database;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** compute under contention (alone and against INCR through the dispatcher), scans and prefix deletes over thousands of keys. */
class EngineStoreConcurrencyTest {

    private static long increment(EngineStore store, byte[] key) {
        return store.compute(key, (cur, ttl, d) -> {
            long n = cur == null ? 0 : Long.parseLong(s(cur));
            d.set(Long.toString(n + 1).getBytes(StandardCharsets.US_ASCII), Store.KEEP_TTL);
            return n + 1;
        });
    }

    @Test
    void computeIncrementsAreExactUnderContention() throws Exception {
        int threads = 6;
        int perThread = 3000;
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            increment(store, b("counter"));
                            increment(store, b("other" + (i % 7)));
                        }
                        return null;
                    }));
                }
                // two RESP-path clients INCR the same key meanwhile
                for (int t = 0; t < 2; t++) {
                    Client c = h.newClient();
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            h.run(c, "INCR", "counter");
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long expected = (long) (threads + 2) * perThread;
            assertEquals(Long.toString(expected), s(store.get(b("counter"))));
            assertEquals(Long.toString(expected), h.run("GET", "counter"));
            long others = 0;
            for (int i = 0; i < 7; i++) {
                others += Long.parseLong(s(store.get(b("other" + i))));
            }
            assertEquals((long) threads * perThread, others);
        }
    }

    /** Keys that must match "user:1:", and neighbours that must not. */
    private static Set<String> fill(CommandHarness h, EngineStore store) {
        Set<String> wanted = new HashSet<>();
        for (int i = 0; i < 4000; i++) {
            String k = "user:1:" + i;
            wanted.add(k);
            store.set(b(k), b("v" + i), i % 3 == 0 ? 100_000 : Store.PERSIST);
        }
        for (int i = 0; i < 1000; i++) {
            store.set(b("user:10:" + i), b("n"), Store.PERSIST);
            h.run("SET", "user:2:" + i, "n");
        }
        store.set(b("user:1"), b("short"), Store.PERSIST);
        store.set(b("user:"), b("shorter"), Store.PERSIST);
        store.set(b("xuser:1:0"), b("shifted"), Store.PERSIST);
        h.run("RPUSH", "user:1:list", "a"); // another type under the prefix: a key all the same
        wanted.add("user:1:list");
        for (int i = 0; i < 20; i++) {
            store.set(b("user:1:gone" + i), b("x"), 5); // expired by the time of the walk
        }
        h.clock.advance(5);
        return wanted;
    }

    @Test
    void scanSeesEveryMatchingKeyOnceOutsideTheLock() {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            Set<String> wanted = fill(h, store);
            Database db = h.engine.db(0);
            List<String> seen = new ArrayList<>();
            AtomicInteger readBack = new AtomicInteger();
            store.scan(b("user:1:"), k -> {
                seen.add(new String(k, StandardCharsets.UTF_8));
                assertFalse(db.segmentFor(k).isHeldByCurrentThread(), "consumer runs outside the lock");
                if (!seen.get(seen.size() - 1).equals("user:1:list")) {
                    assertNotNull(store.get(k)); // the consumer may call the store
                    readBack.incrementAndGet();
                }
            });
            assertEquals(wanted.size(), seen.size(), "no key twice");
            assertEquals(wanted, new HashSet<>(seen));
            assertEquals(4000, readBack.get());
            List<String> all = new ArrayList<>();
            store.scan(new byte[0], k -> all.add(new String(k, StandardCharsets.UTF_8)));
            assertEquals(4000 + 2000 + 3 + 1, all.size(), "the empty prefix is every live key");
        }
    }

    @Test
    void deleteByPrefixDeletesOnlyThePrefix() {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            Set<String> wanted = fill(h, store);
            List<String> dels = new ArrayList<>();
            h.engine.addListener((db, key, type, event) -> {
                if (event.equals("del")) {
                    dels.add(new String(key, StandardCharsets.UTF_8));
                }
            });
            long sizeBefore = (Long) h.run("DBSIZE");
            assertEquals(wanted.size(), store.deleteByPrefix(b("user:1:")));
            assertEquals(wanted, new HashSet<>(dels), "one del event per key");
            assertEquals(wanted.size(), dels.size());
            assertEquals(sizeBefore - wanted.size() - 20, (long) (Long) h.run("DBSIZE"),
                    "the expired ones under the prefix were reclaimed, not counted");
            assertEquals(2003L, h.run("DBSIZE"));
            assertTrue(store.exists(b("user:10:999")));
            assertTrue(store.exists(b("user:1")));
            assertTrue(store.exists(b("user:")));
            assertTrue(store.exists(b("xuser:1:0")));
            assertEquals(0, store.deleteByPrefix(b("user:1:")));
            assertEquals(1000, store.deleteByPrefix(b("user:2:")));
        }
    }

    @Test
    void scanDuringWritesNeverFailsAndSeesStableKeys() throws Exception {
        try (CommandHarness h = new CommandHarness(); EngineStore store = new EngineStore(h.engine, 0)) {
            for (int i = 0; i < 3000; i++) {
                store.set(b("stable:" + i), b("v"), Store.PERSIST);
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> writer = pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        store.set(b("churn:" + (i % 500)), b("v"), Store.PERSIST);
                        store.delete(b("churn:" + ((i + 250) % 500)));
                    }
                });
                Set<String> seen = new HashSet<>();
                List<String> list = new ArrayList<>();
                while (!writer.isDone()) {
                    seen.clear();
                    list.clear();
                    store.scan(b("stable:"), k -> list.add(new String(k, StandardCharsets.UTF_8)));
                    seen.addAll(list);
                    assertEquals(3000, list.size());
                    assertEquals(3000, seen.size());
                }
                writer.get();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
