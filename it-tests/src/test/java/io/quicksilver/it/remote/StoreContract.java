package io.quicksilver.it.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Mutation;
import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreException;
import io.quicksilver.it.Resp;
import io.quicksilver.it.RespClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} over a RESP server must have, whatever the server (ours,
 * redis-server, a Redis Cluster): each subclass says how to open a store on its target. Keys of
 * a test start with a fresh random prefix, so tests need no FLUSHALL and cannot see each other.
 */
abstract class StoreContract {
    /** A new store on the target (the caller closes it; {@link #store} is closed after each test). */
    abstract Store open(Map<String, String> properties);

    /** The ports of the target's masters (one for a single server), for raw checks. */
    abstract List<Integer> masterPorts();

    /** True for a cluster: PUBLISH then counts only the subscribers of the node that received it. */
    boolean cluster() {
        return false;
    }

    void assertReceivers(long expected, long published) {
        if (!cluster()) assertEquals(expected, published, "receivers counted by PUBLISH");
    }

    Store store;
    String ns;
    private final List<Store> extra = new ArrayList<>();

    @BeforeEach
    void openStore() {
        store = open(Map.of());
        ns = "t:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void closeStores() {
        for (Store s : extra) s.close();
        extra.clear();
        if (store != null) store.close();
    }

    Store another() {
        Store s = open(Map.of());
        extra.add(s);
        return s;
    }

    byte[] k(String name) {
        return (ns + name).getBytes(UTF_8);
    }

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    static String s(Object bytes) {
        return bytes == null ? null : new String((byte[]) bytes, UTF_8);
    }

    // ---- plain commands ------------------------------------------------------------------

    @Test
    void getSetExistsDelete() {
        assertNull(store.get(k("a")));
        assertFalse(store.exists(k("a")));
        store.set(k("a"), b("1"), Store.PERSIST);
        assertEquals("1", s(store.get(k("a"))));
        assertTrue(store.exists(k("a")));
        assertEquals("1", s(store.getAndSet(k("a"), b("2"), Store.PERSIST)));
        assertNull(store.getAndSet(k("new"), b("n"), Store.PERSIST));
        assertEquals("n", s(store.get(k("new"))));
        assertEquals("2", s(store.getAndDelete(k("a"))));
        assertNull(store.getAndDelete(k("a")));
        assertFalse(store.exists(k("a")));
        assertTrue(store.delete(k("new")));
        assertFalse(store.delete(k("new")));
    }

    @Test
    void binaryKeysAndValuesRoundTrip() {
        byte[] key = new byte[256];
        byte[] value = new byte[70_000];
        for (int i = 0; i < key.length; i++) key[i] = (byte) i;
        for (int i = 0; i < value.length; i++) value[i] = (byte) (i * 31);
        byte[] full = ByteBuffer.allocate(ns.length() + key.length).put(b(ns)).put(key).array();
        store.set(full, value, Store.PERSIST);
        assertArrayEquals(value, (byte[]) store.get(full));
        store.set(k("empty"), new byte[0], Store.PERSIST);
        assertArrayEquals(new byte[0], (byte[]) store.get(k("empty")));
        assertTrue(store.exists(k("empty")));
    }

    @Test
    void setIfAbsent() {
        assertTrue(store.setIfAbsent(k("a"), b("first"), Store.PERSIST));
        assertFalse(store.setIfAbsent(k("a"), b("second"), Store.PERSIST));
        assertEquals("first", s(store.get(k("a"))));
        assertEquals(-1, store.ttl(k("a")));
        assertTrue(store.setIfAbsent(k("t"), b("x"), 10_000));
        long ttl = store.ttl(k("t"));
        assertTrue(ttl > 9_000 && ttl <= 10_000, "ttl " + ttl);
        // already expired: "written" when absent, but nothing stays
        assertTrue(store.setIfAbsent(k("gone"), b("x"), 0));
        assertFalse(store.exists(k("gone")));
        assertFalse(store.setIfAbsent(k("a"), b("x"), 0));
        assertEquals("first", s(store.get(k("a"))));
    }

    @Test
    void getAllKeepsOrderAndNulls() {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(k("m" + i));
            if (i % 3 != 0) store.set(k("m" + i), b("v" + i), Store.PERSIST);
        }
        List<Object> values = store.getAll(keys);
        assertEquals(200, values.size());
        for (int i = 0; i < 200; i++) {
            assertEquals(i % 3 != 0 ? "v" + i : null, s(values.get(i)), "index " + i);
        }
        assertEquals(List.of(), store.getAll(List.of()));
    }

    @Test
    void onlyByteArrayValues() {
        assertThrows(IllegalArgumentException.class, () -> store.set(k("a"), "text", Store.PERSIST));
        assertThrows(IllegalArgumentException.class, () -> store.getAndSet(k("a"), 42, Store.PERSIST));
        assertThrows(IllegalArgumentException.class, () -> store.setIfAbsent(k("a"), List.of(), Store.PERSIST));
        assertThrows(IllegalArgumentException.class, () -> store.compute(k("a"), (v, t, d) -> {
            d.set("text", Store.PERSIST);
            return null;
        }));
        assertFalse(store.exists(k("a")));
        assertFalse(store.byReference());
    }

    // ---- TTL -----------------------------------------------------------------------------

    @Test
    void ttlSemantics() {
        assertEquals(Store.NO_KEY, store.ttl(k("a")));
        store.set(k("a"), b("1"), 5_000);
        long ttl = store.ttl(k("a"));
        assertTrue(ttl > 4_000 && ttl <= 5_000, "ttl " + ttl);
        // KEEP_TTL keeps it, through set and getAndSet
        store.set(k("a"), b("2"), Store.KEEP_TTL);
        ttl = store.ttl(k("a"));
        assertTrue(ttl > 4_000 && ttl <= 5_000, "ttl kept " + ttl);
        assertEquals("2", s(store.getAndSet(k("a"), b("3"), Store.KEEP_TTL)));
        assertTrue(store.ttl(k("a")) > 4_000);
        // PERSIST drops it
        store.set(k("a"), b("4"), Store.PERSIST);
        assertEquals(-1, store.ttl(k("a")));
        // a new key written with KEEP_TTL has none
        store.set(k("b"), b("1"), Store.KEEP_TTL);
        assertEquals(-1, store.ttl(k("b")));
        // TTL <= 0 deletes
        store.set(k("b"), b("1"), 0);
        assertFalse(store.exists(k("b")));
        store.set(k("c"), b("1"), Store.PERSIST);
        assertEquals("1", s(store.getAndSet(k("c"), b("2"), -5)));
        assertFalse(store.exists(k("c")));
    }

    @Test
    void expireAndPersist() {
        assertFalse(store.expire(k("none"), 1_000));
        assertFalse(store.expire(k("none"), Store.PERSIST));
        assertFalse(store.expire(k("none"), Store.KEEP_TTL));
        assertFalse(store.expire(k("none"), 0));
        store.set(k("a"), b("1"), Store.PERSIST);
        // PERSIST on a key without TTL: it exists, so true
        assertTrue(store.expire(k("a"), Store.PERSIST));
        assertTrue(store.expire(k("a"), 3_000));
        long ttl = store.ttl(k("a"));
        assertTrue(ttl > 2_000 && ttl <= 3_000, "ttl " + ttl);
        assertTrue(store.expire(k("a"), Store.KEEP_TTL));
        assertTrue(store.ttl(k("a")) > 2_000);
        assertTrue(store.expire(k("a"), Store.PERSIST));
        assertEquals(-1, store.ttl(k("a")));
        assertTrue(store.expire(k("a"), -1_000)); // any other TTL <= 0: deleted
        assertFalse(store.exists(k("a")));
    }

    @Test
    void keysExpire() throws InterruptedException {
        store.set(k("short"), b("1"), 60);
        store.set(k("long"), b("1"), 60_000);
        Thread.sleep(150);
        assertNull(store.get(k("short")));
        assertFalse(store.exists(k("short")));
        assertEquals(Store.NO_KEY, store.ttl(k("short")));
        assertEquals("1", s(store.get(k("long"))));
    }

    // ---- compute -------------------------------------------------------------------------

    @Test
    void computeDecisions() {
        // absent: sees null and NO_KEY
        long[] seenTtl = new long[1];
        String r = store.compute(k("c"), (v, ttl, d) -> {
            seenTtl[0] = ttl;
            d.set(b(v == null ? "1" : "x"), 10_000);
            return v == null ? "created" : "existed";
        });
        assertEquals("created", r);
        assertEquals(Store.NO_KEY, seenTtl[0]);
        assertEquals("1", s(store.get(k("c"))));
        // sees the value and its TTL; KEEP_TTL keeps it
        store.compute(k("c"), (v, ttl, d) -> {
            seenTtl[0] = ttl;
            d.set(b(s(v) + "2"), Store.KEEP_TTL);
            return null;
        });
        assertTrue(seenTtl[0] > 9_000 && seenTtl[0] <= 10_000, "ttl " + seenTtl[0]);
        assertEquals("12", s(store.get(k("c"))));
        assertTrue(store.ttl(k("c")) > 9_000);
        // nothing recorded: unchanged
        assertEquals(Integer.valueOf(7), store.compute(k("c"), (v, ttl, d) -> 7));
        assertEquals("12", s(store.get(k("c"))));
        // EXPIRE only: value kept, TTL changed; PERSIST removes it
        store.compute(k("c"), (v, ttl, d) -> {
            d.expire(Store.PERSIST);
            return null;
        });
        assertEquals(-1, store.ttl(k("c")));
        assertEquals("12", s(store.get(k("c"))));
        store.compute(k("c"), (v, ttl, d) -> {
            d.expire(2_000);
            return null;
        });
        assertTrue(store.ttl(k("c")) > 1_000);
        // the last recorded decision wins
        store.compute(k("c"), (v, ttl, d) -> {
            d.delete();
            d.set(b("last"), Store.PERSIST);
            return null;
        });
        assertEquals("last", s(store.get(k("c"))));
        assertEquals(-1, store.ttl(k("c")));
        // SET with TTL <= 0 and DELETE delete; EXPIRE of an absent key changes nothing
        store.compute(k("c"), (v, ttl, d) -> {
            d.set(b("x"), 0);
            return null;
        });
        assertFalse(store.exists(k("c")));
        store.set(k("d"), b("1"), Store.PERSIST);
        store.compute(k("d"), (v, ttl, d) -> {
            d.delete();
            return null;
        });
        assertFalse(store.exists(k("d")));
        store.compute(k("d"), (v, ttl, d) -> {
            d.expire(5_000);
            return null;
        });
        assertFalse(store.exists(k("d")));
    }

    @Test
    void computeMutationExceptionLeavesKeyAndStoreUsable() {
        store.set(k("a"), b("1"), Store.PERSIST);
        for (int i = 0; i < 20; i++) {
            assertThrows(IllegalStateException.class, () -> store.compute(k("a"), (v, t, d) -> {
                throw new IllegalStateException("boom");
            }));
        }
        assertEquals("1", s(store.get(k("a"))));
        // the pooled connections were left without WATCH or MULTI: a compute still works
        store.compute(k("a"), (v, t, d) -> {
            d.set(b("2"), Store.PERSIST);
            return null;
        });
        assertEquals("2", s(store.get(k("a"))));
    }

    /** A write by another client between our read and EXEC must make the mutation run again on the new value. */
    @Test
    void computeRetriesWhenTheKeyChangesUnderIt() {
        Store other = another();
        store.set(k("w"), b("10"), Store.PERSIST);
        AtomicInteger runs = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        String result = store.compute(k("w"), (v, t, d) -> {
            seen.add(s(v));
            if (runs.incrementAndGet() == 1) other.set(k("w"), b("20"), Store.PERSIST); // a concurrent writer
            d.set(b(Integer.toString(Integer.parseInt(s(v)) + 1)), Store.PERSIST);
            return s(v);
        });
        assertEquals(2, runs.get());
        assertEquals(List.of("10", "20"), seen);
        assertEquals("20", result);
        assertEquals("21", s(store.get(k("w"))));
    }

    @Test
    void computeGivesUpWhenEveryAttemptConflicts() {
        Store other = another();
        AtomicInteger runs = new AtomicInteger();
        StoreException e = assertThrows(StoreException.class, () -> store.compute(k("busy"), (v, t, d) -> {
            other.set(k("busy"), b(Integer.toString(runs.incrementAndGet())), Store.PERSIST);
            d.set(b("mine"), Store.PERSIST);
            return null;
        }));
        assertTrue(e.getMessage().contains("gave up"), e.getMessage());
        assertTrue(runs.get() >= 100, "runs " + runs.get());
        assertEquals(Integer.toString(runs.get()), s(store.get(k("busy"))));
        // and the store still works
        assertEquals("ok", store.compute(k("busy"), (v, t, d) -> "ok"));
    }

    @Test
    void computeUnderConcurrencyCountsExactly() throws Exception {
        int threads = 8;
        int increments = 150;
        Store second = another();
        AtomicInteger runs = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Store s = t % 2 == 0 ? store : second; // two stores = two clients racing
                fs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < increments; i++) {
                        s.compute(k("counter"), (v, ttl, d) -> {
                            runs.incrementAndGet();
                            long n = v == null ? 0 : Long.parseLong(s(v));
                            d.set(b(Long.toString(n + 1)), Store.PERSIST);
                            return null;
                        });
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Integer.toString(threads * increments), s(store.get(k("counter"))));
        assertTrue(runs.get() >= threads * increments);
    }

    // ---- hashes and sets ------------------------------------------------------------------

    @Test
    void hashAndSetOperationsOnEveryKind() {
        // (RemoteStoreHashSetIT covers them in depth on one server; here they also run on a cluster)
        for (int i = 0; i < 20; i++) {
            byte[] h = k("h" + i);
            assertTrue(store.hupdate(h, Map.of("a", b("1"), "b", b("2")), List.of(), 30_000, false));
            assertTrue(store.hupdate(h, Map.of("c", b("3")), List.of("a"), Store.KEEP_TTL, true));
            assertEquals(Set.of("b", "c"), store.hgetAll(h).keySet());
            assertEquals("3", s(store.hget(h, "c")));
            assertTrue(store.ttl(h) > 20_000);
            byte[] set = k("s" + i);
            assertEquals(2, store.sadd(set, List.of(b("x"), b("y")), 10_000));
            assertEquals(1, store.sadd(set, List.of(b("y"), b("z")), 20_000));
            assertTrue(store.ttl(set) > 15_000, "lengthened");
            assertEquals(3, store.smembers(set).size());
            assertEquals(3, store.srem(set, List.of(b("x"), b("y"), b("z"))));
            assertFalse(store.exists(set));
        }
        assertNull(store.hgetAll(k("none")));
        assertFalse(store.hupdate(k("none"), Map.of("a", b("1")), List.of(), 1_000, true));
        store.set(k("str"), b("v"), 50_000);
        assertThrows(StoreException.class, () -> store.hupdate(k("str"), Map.of("a", b("1")), List.of(), 1_000, false));
        assertThrows(StoreException.class, () -> store.sadd(k("str"), List.of(b("m")), 90_000));
        long ttl = store.ttl(k("str"));
        assertTrue(ttl > 40_000 && ttl <= 50_000, "the TTL of the string was not touched: " + ttl);
    }

    // ---- prefixes ------------------------------------------------------------------------

    @Test
    void scanAndDeleteByPrefixWithGlobCharacters() {
        String prefix = ns + "a*b?c[d]e\\f:";
        int n = 3000;
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String key = prefix + i;
            expected.add(key);
            store.set(b(key), b("v"), Store.PERSIST);
        }
        // keys the unescaped glob "a*b?c[d]e\f:*" would match, and near misses
        List<String> decoys = List.of(ns + "aXXbYcdef:1", ns + "a*b?c[d]e\\f", ns + "a*b?c[d]e\\g:1",
                ns + "a*bXc[d]e\\f:1", ns + "A*b?c[d]e\\f:1", "x" + prefix + "1");
        for (String d : decoys) store.set(b(d), b("decoy"), Store.PERSIST);

        Set<String> seen = new HashSet<>();
        List<String> dup = new ArrayList<>();
        store.scan(b(prefix), key -> {
            if (!seen.add(new String(key, UTF_8))) dup.add(new String(key, UTF_8));
        });
        assertEquals(List.of(), dup, "keys seen twice");
        assertEquals(expected, seen);

        // the consumer may call the store
        AtomicInteger read = new AtomicInteger();
        store.scan(b(prefix), key -> {
            if (store.get(key) != null) read.incrementAndGet();
        });
        assertEquals(n, read.get());

        assertEquals(n, store.deleteByPrefix(b(prefix)));
        for (String d : decoys) assertTrue(store.exists(b(d)), d);
        List<byte[]> none = new ArrayList<>();
        store.scan(b(prefix), none::add);
        assertEquals(0, none.size());
        assertEquals(0, store.deleteByPrefix(b(prefix)));
        assertEquals(1, store.deleteByPrefix(b(ns + "aXX")));
    }

    @Test
    void scanBinaryPrefix() {
        byte[] prefix = ByteBuffer.allocate(ns.length() + 4).put(b(ns)).put(new byte[] {0, (byte) 0xff, '*', '\\'}).array();
        for (int i = 0; i < 50; i++) {
            store.set(ByteBuffer.allocate(prefix.length + 1).put(prefix).put((byte) i).array(), b("v"), Store.PERSIST);
        }
        store.set(ByteBuffer.allocate(ns.length() + 3).put(b(ns)).put(new byte[] {0, (byte) 0xff, 'x'}).array(),
                b("decoy"), Store.PERSIST);
        AtomicInteger count = new AtomicInteger();
        store.scan(prefix, key -> count.incrementAndGet());
        assertEquals(50, count.get());
        assertEquals(50, store.deleteByPrefix(prefix));
    }

    // ---- messages ------------------------------------------------------------------------

    @Test
    void publishAndSubscribeBetweenTwoStores() throws InterruptedException {
        Store receiver = another();
        byte[] channel = k("chan\u00e9\0");
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        BlockingQueue<String> second = new LinkedBlockingQueue<>();
        List<String> threads = new ArrayList<>();
        Store.Subscription s1 = receiver.subscribe(channel, (c, m) -> {
            assertArrayEquals(channel, c);
            threads.add(Thread.currentThread().getName());
            first.add(new String(m, UTF_8));
        });
        Store.Subscription s2 = receiver.subscribe(channel, (c, m) -> second.add(new String(m, UTF_8)));
        assertReceivers(1, store.publish(channel, b("hello")));
        assertEquals("hello", first.poll(5, TimeUnit.SECONDS));
        assertEquals("hello", second.poll(5, TimeUnit.SECONDS));
        assertReceivers(0, store.publish(k("other"), b("x")));

        s1.close();
        s1.close(); // twice is harmless
        assertReceivers(1, store.publish(channel, b("again")));
        assertEquals("again", second.poll(5, TimeUnit.SECONDS));
        assertNull(first.poll(200, TimeUnit.MILLISECONDS));
        s2.close();
        assertReceivers(0, store.publish(channel, b("nobody")));
        assertNull(second.poll(200, TimeUnit.MILLISECONDS));
        assertFalse(threads.get(0).contains("lettuce"), "listener ran on " + threads);
    }

    @Test
    void listenerMayCallTheStore() throws InterruptedException {
        Store receiver = another();
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        receiver.set(k("x"), b("value"), Store.PERSIST);
        try (Store.Subscription sub = receiver.subscribe(k("c"), (c, m) -> got.add(s(receiver.get(k("x")))))) {
            store.publish(k("c"), b("go"));
            assertEquals("value", got.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void expiryEventsReachAnotherStore() throws InterruptedException {
        Store listener = another();
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        List<Object> values = new ArrayList<>();
        Store.Subscription sub = listener.onExpired(k("exp:"), (key, value, evicted) -> {
            values.add(value);
            heard.add(new String(key, UTF_8) + (evicted ? " evicted" : " expired"));
        });
        // the store turned on keyevent notifications for expired and evicted keys on every master
        for (int port : masterPorts()) {
            String flags = notifyFlags(port);
            for (char f : new char[] {'E', 'x', 'e'}) {
                assertTrue(flags.indexOf(f) >= 0 || f != 'E' && flags.indexOf('A') >= 0, "flags " + flags);
            }
        }
        for (int i = 0; i < 5; i++) store.set(k("exp:" + i), b("v"), 50);
        store.set(k("other:1"), b("v"), 50);
        Set<String> got = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.size() < 5 && System.nanoTime() < deadline) {
            // touching the keys expires them lazily too, so the test does not wait for active expiry
            if (got.isEmpty()) Thread.sleep(100);
            for (int i = 0; i < 5; i++) store.exists(k("exp:" + i));
            String h = heard.poll(200, TimeUnit.MILLISECONDS);
            if (h != null) got.add(h);
        }
        Set<String> want = new HashSet<>();
        for (int i = 0; i < 5; i++) want.add(ns + "exp:" + i + " expired");
        assertEquals(want, got);
        store.exists(k("other:1"));
        assertNull(heard.poll(300, TimeUnit.MILLISECONDS), "a key outside the prefix");
        assertTrue(values.stream().allMatch(v -> v == null), "a remote store cannot know the value");

        sub.close();
        store.set(k("exp:late"), b("v"), 30);
        Thread.sleep(100);
        store.exists(k("exp:late"));
        assertNull(heard.poll(300, TimeUnit.MILLISECONDS), "closed");
    }

    @Test
    void existingNotificationFlagsAreKept() {
        for (int port : masterPorts()) {
            try (RespClient c = new RespClient(port)) {
                assertEquals(new Resp.Simple("OK"), c.call("CONFIG", "SET", "notify-keyspace-events", "Kg$"));
            }
        }
        Store s = another();
        try (Store.Subscription sub = s.onExpired(k("p"), (key, v, e) -> { })) {
            for (int port : masterPorts()) {
                String flags = notifyFlags(port);
                Set<Character> set = new HashSet<>();
                for (char ch : flags.toCharArray()) set.add(ch);
                // Redis prints the classes back in its own order; g$ plus x and e make "A" only with l s h z t d
                for (char ch : "KgE$xe".toCharArray()) assertTrue(set.contains(ch), "flag " + ch + " in " + flags);
            }
        }
    }

    static String notifyFlags(int port) {
        try (RespClient c = new RespClient(port)) {
            Resp r = c.call("CONFIG", "GET", "notify-keyspace-events");
            return ((Resp.Bulk) ((Resp.Arr) r).items().get(1)).utf8();
        }
    }

    // ---- the rest ------------------------------------------------------------------------

    @Test
    void pingAndDescribe() {
        assertTrue(store.ping(Duration.ofSeconds(2)));
        assertFalse(store.describe().contains("secret"));
        assertTrue(store.describe().startsWith("redis"), store.describe());
    }

    @Test
    void closedStoreFailsCleanly() {
        Store s = open(Map.of());
        s.set(k("a"), b("1"), Store.PERSIST);
        s.close();
        s.close();
        assertFalse(s.ping(Duration.ofMillis(100)));
        assertThrows(StoreException.class, () -> s.get(k("a")));
        assertEquals("1", s(store.get(k("a"))));
    }
}
