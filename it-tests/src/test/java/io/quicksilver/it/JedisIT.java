package io.quicksilver.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/** Typical Jedis usage over a real socket: what an application using Jedis does must work. */
class JedisIT {
    private static Endpoint server;
    private Jedis jedis;

    @BeforeAll
    static void start() {
        server = Servers.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @BeforeEach
    void connect() {
        jedis = connect(server, DefaultJedisClientConfig.builder().build());
        jedis.flushDB();
    }

    @AfterEach
    void disconnect() {
        if (jedis != null) jedis.close();
    }

    private static Jedis connect(Endpoint e, JedisClientConfig config) {
        return new Jedis(new HostAndPort("127.0.0.1", e.port()), config);
    }

    @Test
    @SuppressWarnings("deprecation") // SETNX/SETEX: deprecated in Jedis, still commands applications send
    void strings() {
        assertEquals("OK", jedis.set("s:a", "hello"));
        assertEquals("hello", jedis.get("s:a"));
        assertEquals(11, jedis.append("s:a", " world"));
        assertEquals("world", jedis.getrange("s:a", 6, -1));
        assertEquals(11, jedis.setrange("s:a", 0, "J"));
        assertEquals("Jello world", jedis.get("s:a"));
        assertEquals(11, jedis.strlen("s:a"));
        assertNull(jedis.get("s:missing"));

        assertEquals(1, jedis.incr("s:n"));
        assertEquals(11, jedis.incrBy("s:n", 10));
        assertEquals(8, jedis.decrBy("s:n", 3));
        assertEquals(7, jedis.decr("s:n"));
        assertEquals(7.5, jedis.incrByFloat("s:n", 0.5), 0.0);
        assertEquals("7.5", jedis.get("s:n"));
        JedisDataException notInt = assertThrows(JedisDataException.class, () -> jedis.incr("s:a"));
        assertEquals("ERR value is not an integer or out of range", notInt.getMessage());

        assertEquals("OK", jedis.mset("s:m1", "1", "s:m2", "2"));
        assertEquals(java.util.Arrays.asList("1", null, "2"), jedis.mget("s:m1", "s:none", "s:m2"));
        assertEquals(0, jedis.msetnx("s:m1", "x", "s:m3", "3"));
        assertFalse(jedis.exists("s:m3"));

        assertEquals("OK", jedis.set("s:opt", "v1", SetParams.setParams().nx()));
        assertNull(jedis.set("s:opt", "v2", SetParams.setParams().nx()));
        assertEquals("v1", jedis.setGet("s:opt", "v3"));
        assertNull(jedis.set("s:none2", "v", SetParams.setParams().xx()));
        assertEquals("v3", jedis.getDel("s:opt"));
        assertFalse(jedis.exists("s:opt"));
        assertEquals(0, jedis.setnx("s:m1", "z"));

        byte[] binary = {0, (byte) 0xff, '\r', '\n', 42};
        jedis.set("s:bin".getBytes(StandardCharsets.UTF_8), binary);
        assertArrayEquals(binary, jedis.get("s:bin".getBytes(StandardCharsets.UTF_8)));

    }

    @Test
    @SuppressWarnings("deprecation") // SETEX, as above
    void expiry() throws InterruptedException {
        jedis.set("e:a", "v", SetParams.setParams().px(150));
        long pttl = jedis.pttl("e:a");
        assertTrue(pttl > 0 && pttl <= 150, "pttl " + pttl);
        assertEquals(-2, jedis.ttl("e:none"));
        jedis.set("e:b", "v");
        assertEquals(-1, jedis.ttl("e:b"));
        assertEquals(1, jedis.expire("e:b", 100));
        assertEquals(0, jedis.expire("e:b", 50, ExpiryOption.GT));
        assertEquals(1, jedis.expire("e:b", 50, ExpiryOption.LT));
        long ttl = jedis.ttl("e:b");
        assertTrue(ttl >= 49 && ttl <= 50, "ttl " + ttl);
        assertEquals(1, jedis.persist("e:b"));
        assertEquals(-1, jedis.ttl("e:b"));
        assertEquals("OK", jedis.setex("e:c", 1000, "v"));
        assertEquals("v", jedis.getEx("e:c", GetExParams.getExParams().persist()));
        assertEquals(-1, jedis.ttl("e:c"));

        Thread.sleep(300);
        assertFalse(jedis.exists("e:a"), "expired key must be gone");
        assertNull(jedis.get("e:a"));
        assertEquals(-2, jedis.pttl("e:a"));
    }

    @Test
    void keys() {
        jedis.mset("k:1", "a", "k:2", "b", "other", "c");
        assertEquals(2, jedis.exists("k:1", "k:2", "k:none"));
        assertEquals("string", jedis.type("k:1"));
        assertEquals("none", jedis.type("k:none"));
        assertEquals(Set.of("k:1", "k:2"), jedis.keys("k:*"));
        assertEquals("OK", jedis.rename("k:1", "k:renamed"));
        assertEquals(0, jedis.renamenx("k:renamed", "k:2"));
        assertEquals(1, jedis.renamenx("k:renamed", "k:3"));
        JedisDataException noKey = assertThrows(JedisDataException.class, () -> jedis.rename("k:none", "x"));
        assertEquals("ERR no such key", noKey.getMessage());
        assertTrue(jedis.copy("k:3", "k:copy", false));
        assertEquals("a", jedis.get("k:copy"));
        assertEquals(2, jedis.del("k:3", "k:copy", "k:none"));
        assertEquals(2, jedis.dbSize());
        assertEquals(1, jedis.unlink("other"));
        assertEquals(1, jedis.touch("k:2"));
    }

    @Test
    void scanWithCursor() {
        Set<String> expected = new HashSet<>();
        List<String> kv = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add("scan:" + i);
            kv.add("scan:" + i);
            kv.add(Integer.toString(i));
            kv.add("noise:" + i);
            kv.add("x");
        }
        jedis.mset(kv.toArray(String[]::new));
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int calls = 0;
        ScanParams params = new ScanParams().match("scan:*").count(100);
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            seen.addAll(page.getResult());
            cursor = page.getCursor();
            calls++;
            assertTrue(calls < 10_000, "SCAN does not terminate");
        } while (!cursor.equals("0"));
        assertEquals(expected, seen);
        assertTrue(calls > 1, "with COUNT 100 over 2000 keys SCAN needs several calls");
    }

    @Test
    void transactionsAndWatch() {
        Transaction tx = jedis.multi();
        Response<String> set = tx.set("t:a", "1");
        Response<Long> incr = tx.incr("t:a");
        Response<String> get = tx.get("t:a");
        List<Object> results = tx.exec();
        assertEquals(3, results.size());
        assertEquals("OK", set.get());
        assertEquals(2, incr.get());
        assertEquals("2", get.get());

        // WATCH, then a second connection changes the key: EXEC aborts
        try (Jedis other = connect(server, DefaultJedisClientConfig.builder().build())) {
            assertEquals("OK", jedis.watch("t:a"));
            other.set("t:a", "changed");
            Transaction t2 = jedis.multi();
            t2.set("t:a", "mine");
            assertNull(t2.exec(), "EXEC must abort after a watched key changed");
            assertEquals("changed", jedis.get("t:a"));

            // WATCH, second connection touches another key: EXEC runs
            jedis.watch("t:a");
            other.set("t:unrelated", "x");
            Transaction t3 = jedis.multi();
            t3.set("t:a", "mine");
            assertEquals(List.of("OK"), t3.exec());
            assertEquals("mine", jedis.get("t:a"));
        }

        // DISCARD drops the queue
        Transaction t4 = jedis.multi();
        t4.set("t:a", "discarded");
        assertEquals("OK", t4.discard());
        assertEquals("mine", jedis.get("t:a"));

        // a runtime error inside EXEC does not roll back the rest
        Transaction t5 = jedis.multi();
        t5.set("t:s", "notanumber");
        t5.incr("t:s");
        t5.set("t:after", "ok");
        List<Object> r5 = t5.exec();
        assertEquals("OK", r5.get(0));
        assertTrue(r5.get(1) instanceof JedisDataException, String.valueOf(r5.get(1)));
        assertEquals("ok", jedis.get("t:after"));
    }

    @Test
    void pubSub() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(2);
        JedisPubSub listener = new JedisPubSub() {
            @Override public void onMessage(String channel, String message) {
                received.add("message " + channel + " " + message);
            }

            @Override public void onPMessage(String pattern, String channel, String message) {
                received.add("pmessage " + pattern + " " + channel + " " + message);
            }

            @Override public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override public void onPSubscribe(String pattern, int count) {
                subscribed.countDown();
            }
        };
        Jedis sub = connect(server, DefaultJedisClientConfig.builder().build());
        Thread t = new Thread(() -> sub.subscribe(listener, "news"), "jedis-subscriber");
        t.setDaemon(true);
        t.start();
        try {
            assertTrue(waitFor(() -> listener.getSubscribedChannels() == 1, 5000), "SUBSCRIBE not confirmed");
            listener.psubscribe("n*");
            assertTrue(subscribed.await(5, TimeUnit.SECONDS), "PSUBSCRIBE not confirmed");
            assertEquals(2, jedis.publish("news", "hello"));
            assertEquals(1, jedis.publish("nope", "x"));
            assertEquals(0, jedis.publish("other", "nobody"));
            Set<String> got = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                String m = received.poll(5, TimeUnit.SECONDS);
                assertTrue(m != null, "missing messages, got " + got);
                got.add(m);
            }
            assertEquals(Set.of("message news hello", "pmessage n* news hello", "pmessage n* nope x"), got);
            assertEquals(List.of("news"), jedis.pubsubChannels());
            assertEquals(1, jedis.pubsubNumPat());
            listener.unsubscribe();
            listener.punsubscribe();
            t.join(5000);
            assertFalse(t.isAlive(), "subscribe() must return after unsubscribing all");
        } finally {
            sub.close();
        }
        assertEquals(Collections.emptyList(), received.stream().toList());
    }

    @Test
    void clientNameAndList() {
        try (Jedis named = connect(server, DefaultJedisClientConfig.builder().clientName("jedis-it-client").build())) {
            assertEquals("jedis-it-client", named.clientGetname());
            String list = jedis.clientList();
            String line = list.lines().filter(l -> l.contains(" name=jedis-it-client ")).findFirst().orElse(null);
            assertTrue(line != null, "CLIENT LIST does not show the named client:\n" + list);
            assertTrue(line.startsWith("id="), line);
            assertTrue(line.contains(" addr=127.0.0.1:"), line);
            assertTrue(line.contains(" db=0 "), line);
            long id = Long.parseLong(line.substring(3, line.indexOf(' ')));
            assertEquals(id, named.clientId());
            assertEquals("OK", named.clientSetname("renamed"));
            assertTrue(jedis.clientList().contains(" name=renamed "));
        }
    }

    @Test
    void resp3Connection() {
        try (Jedis r3 = connect(server, DefaultJedisClientConfig.builder().resp3().build())) {
            assertEquals("OK", r3.set("r3:a", "1"));
            assertEquals(2, r3.incr("r3:a"));
            assertEquals("2", r3.get("r3:a"));
            assertNull(r3.get("r3:none"));
            assertEquals(2.5, r3.incrByFloat("r3:a", 0.5), 0.0);
        }
    }

    /** Hashes, lists, sets, sorted sets, SORT and a blocking pop as a Jedis application uses them, RESP2 and RESP3. */
    @Test
    void collections() {
        for (boolean resp3 : new boolean[] {false, true}) {
            DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder();
            if (resp3) b.resp3();
            try (Jedis j = connect(server, b.build())) {
                String p = resp3 ? "c3:" : "c2:";
                assertEquals(2, j.hset(p + "h", java.util.Map.of("f1", "v1", "f2", "10")));
                assertEquals(java.util.Map.of("f1", "v1", "f2", "10"), j.hgetAll(p + "h"));
                assertEquals(15, j.hincrBy(p + "h", "f2", 5));
                assertEquals(1.5, j.hincrByFloat(p + "h", "f3", 1.5), 0.0);
                assertEquals(Set.of("f1", "f2", "f3"), j.hkeys(p + "h"));
                assertEquals(3, j.hlen(p + "h"));
                assertEquals(3, j.rpush(p + "l", "a", "b", "c"));
                assertEquals(List.of("a", "b", "c"), j.lrange(p + "l", 0, -1));
                assertEquals("c", j.rpoplpush(p + "l", p + "l"));
                assertEquals(List.of("c", "a"), j.lpop(p + "l", 2));
                assertEquals(3, j.sadd(p + "s", "x", "y", "z"));
                assertTrue(j.sismember(p + "s", "y"));
                assertEquals(Set.of("x", "y", "z"), j.smembers(p + "s"));
                assertEquals(1, j.smove(p + "s", p + "s2", "x"));
                assertEquals(Set.of("x", "y", "z"), j.sunion(p + "s", p + "s2"));
                assertEquals(3, j.zadd(p + "z", java.util.Map.of("a", 1.5, "b", 0.1, "c", -2.0)));
                assertEquals(List.of("c", "b", "a"), j.zrange(p + "z", 0, -1));
                assertEquals(List.of(new redis.clients.jedis.resps.Tuple("a", 1.5), new redis.clients.jedis.resps.Tuple("b", 0.1)),
                        j.zrevrangeWithScores(p + "z", 0, 1));
                assertEquals(0.1, j.zscore(p + "z", "b"), 0.0);
                assertEquals(1L, j.zrank(p + "z", "b"));
                assertEquals(2, j.zcount(p + "z", "(-2", "+inf"));
                j.mset(p + "w_a", "3", p + "w_b", "1");
                j.rpush(p + "sortme", "a", "b");
                assertEquals(List.of("b", "a"), j.sort(p + "sortme", new redis.clients.jedis.params.SortingParams().by(p + "w_*")));
                redis.clients.jedis.util.KeyValue<String, String> popped = j.blpop(0.5, p + "sortme");
                assertEquals(p + "sortme", popped.getKey());
                assertEquals("a", popped.getValue());
                JedisDataException wrongType = assertThrows(JedisDataException.class, () -> j.hget(p + "l", "f"));
                assertTrue(wrongType.getMessage().startsWith("WRONGTYPE"), wrongType.getMessage());
            }
        }
    }

    @Test
    void authWithRequirePass() {
        try (Endpoint secured = Servers.start("s3cret-pw")) {
            try (Jedis anon = connect(secured, DefaultJedisClientConfig.builder().build())) {
                JedisDataException noAuth = assertThrows(JedisDataException.class, () -> anon.get("a"));
                assertEquals("NOAUTH Authentication required.", noAuth.getMessage());
                JedisDataException wrong = assertThrows(JedisDataException.class, () -> anon.auth("wrong"));
                assertEquals("WRONGPASS invalid username-password pair or user is disabled.", wrong.getMessage());
                assertEquals("OK", anon.auth("s3cret-pw"));
                assertEquals("OK", anon.set("a", "b"));
            }
            try (Jedis authed = connect(secured, DefaultJedisClientConfig.builder().password("s3cret-pw").build())) {
                assertEquals("b", authed.get("a"));
            }
            try (Jedis authed = connect(secured, DefaultJedisClientConfig.builder().user("default")
                    .password("s3cret-pw").resp3().build())) {
                assertEquals("b", authed.get("a"));
            }
        }
    }

    private static boolean waitFor(java.util.function.BooleanSupplier cond, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (cond.getAsBoolean()) return true;
            Thread.sleep(10);
        }
        return cond.getAsBoolean();
    }
}
