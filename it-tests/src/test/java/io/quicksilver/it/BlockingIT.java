package io.quicksilver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.args.UnblockType;
import redis.clients.jedis.resps.Tuple;

/**
 * Blocking commands over real sockets: raw, Jedis and Lettuce clients blocked on BLPOP, BRPOP,
 * BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZMPOP are served in the order they blocked; timeouts
 * answer the null of the protocol; CLIENT UNBLOCK; a client that disconnects while blocked leaves
 * nothing behind; a pipeline waits behind its blocked first command; a thousand blocked clients
 * cost no threads.
 *
 * <p>Every test body runs against our server and against a real redis-server (when installed),
 * so the expectations are Redis's own. "Blocked" is observed, not slept for: a test waits until
 * INFO clients reports the expected blocked_clients before it pushes, which fixes the order in
 * which the clients blocked.
 */
class BlockingIT {
    private static RedisReference ref;
    private static ClientResources resources;
    private static final List<RedisClient> lettuceClients = new ArrayList<>();
    private static ExecutorService threads;

    @BeforeAll
    static void start() {
        if (RedisReference.installed("redis-server")) ref = RedisReference.start();
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "blocking-it-jedis");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        for (RedisClient c : lettuceClients) c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (resources != null) resources.shutdown(0, 2, TimeUnit.SECONDS);
        if (threads != null) threads.shutdownNow();
        if (ref != null) ref.close();
    }

    /** The servers every test runs against: ours, and redis-server when it is installed. */
    static Stream<Arguments> targets() {
        List<Arguments> l = new ArrayList<>();
        l.add(Arguments.of(Servers.targetIsRedis() ? "redis (it.target)" : "quicksilver"));
        if (RedisReference.installed("redis-server")) l.add(Arguments.of("redis-server"));
        return l.stream();
    }

    /** Our server for the current test (a fresh one per test: a failure leaves nothing to the next). */
    private Endpoint fresh;

    @AfterEach
    void closeFresh() {
        if (fresh != null) fresh.close();
        fresh = null;
    }

    private Endpoint endpoint(String target) {
        if (target.equals("redis-server")) return ref;
        if (fresh == null) fresh = Servers.start();
        return fresh;
    }

    /** True when {@code target} is our server running in this JVM (thread counts mean something). */
    private static boolean inJvm(String target) {
        return target.equals("quicksilver");
    }

    // ------------------------------------------------------------------ helpers

    private static RespClient raw(Endpoint e) {
        return new RespClient(e.port(), 10_000);
    }

    private static RespClient raw3(Endpoint e) {
        RespClient c = raw(e);
        assertTrue(c.call("HELLO", "3") instanceof Resp.MapReply);
        return c;
    }

    private static Jedis jedis(Endpoint e) {
        return new Jedis(new HostAndPort("127.0.0.1", e.port()),
                DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000).build());
    }

    private static StatefulRedisConnection<String, String> lettuce(Endpoint e, ProtocolVersion protocol) {
        RedisClient c = RedisClient.create(resources, RedisURI.builder().withHost("127.0.0.1").withPort(e.port())
                .withTimeout(Duration.ofSeconds(10)).build());
        c.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        synchronized (lettuceClients) {
            lettuceClients.add(c);
        }
        return c.connect();
    }

    /** Sends one command on a raw client without reading its reply. */
    private static void send(RespClient c, Object... args) {
        c.write(args);
        c.flush();
    }

    /** A field of INFO clients as a number. */
    private static long infoClients(RespClient control, String field) {
        Resp info = control.call("INFO", "clients");
        String text = Resp.text(info);
        assertNotNull(text, "INFO clients: " + info);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).trim());
        }
        throw new AssertionError("INFO clients has no " + field + ": " + text);
    }

    /**
     * Waits until INFO clients reports exactly {@code n} blocked clients.
     *
     * @param control a raw client used for INFO (not blocked itself)
     * @param n       the number of clients expected to be blocked
     */
    private static void awaitBlocked(RespClient control, long n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = infoClients(control, "blocked_clients");
            if (seen == n) return;
            sleep(seen < n ? 1 : 10);
        }
        fail("expected " + n + " blocked clients, INFO reports " + seen);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A fresh database, and no blocked client left by an earlier test. */
    private static RespClient control(Endpoint e) {
        RespClient c = raw(e);
        assertEquals(Resp.simple("OK"), c.call("FLUSHALL"));
        awaitBlocked(c, 0);
        return c;
    }

    private static <T> Future<T> inThread(Callable<T> call) {
        return threads.submit(call);
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Asserts that nothing arrives on {@code c} within {@code millis}. */
    private static void assertNoReplyWithin(RespClient c, int millis) {
        c.timeout(millis);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, c::read, "a reply came early");
        assertTrue(e.getCause() instanceof SocketTimeoutException, e.toString());
        c.timeout(10_000);
    }

    private static Resp arr(Resp... items) {
        return Resp.array(items);
    }

    private static Resp b(String s) {
        return Resp.bulk(s);
    }

    // ------------------------------------------------------------------ served in order

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void blpopWaitersOfEveryClientKindAreServedInTheOrderTheyBlocked(String target) throws Exception {
        Endpoint e = endpoint(target);
        try (RespClient control = control(e); RespClient raw1 = raw(e); RespClient raw2 = raw3(e);
                Jedis j1 = jedis(e); Jedis j2 = jedis(e);
                StatefulRedisConnection<String, String> l1 = lettuce(e, ProtocolVersion.RESP2);
                StatefulRedisConnection<String, String> l2 = lettuce(e, ProtocolVersion.RESP3)) {
            send(raw1, "BLPOP", "q", "0");
            awaitBlocked(control, 1);
            Future<List<String>> fj1 = inThread(() -> j1.blpop(0, "q"));
            awaitBlocked(control, 2);
            RedisFuture<KeyValue<String, String>> fl1 = l1.async().blpop(0, "q");
            awaitBlocked(control, 3);
            send(raw2, "BLPOP", "other", "q", "0"); // two keys: waits on both
            awaitBlocked(control, 4);
            Future<List<String>> fj2 = inThread(() -> j2.blpop(0, "nothing", "q"));
            awaitBlocked(control, 5);
            RedisFuture<KeyValue<String, String>> fl2 = l2.async().blpop(0, "q");
            awaitBlocked(control, 6);

            // one push of six elements: each waiter pops the head in turn
            assertEquals(Resp.integer(6), control.call("RPUSH", "q", "v1", "v2", "v3", "v4", "v5", "v6"));
            assertEquals(arr(b("q"), b("v1")), raw1.read());
            assertEquals(List.of("q", "v2"), get(fj1));
            assertEquals(KeyValue.just("q", "v3"), fl1.get(10, TimeUnit.SECONDS));
            assertEquals(arr(b("q"), b("v4")), raw2.read()); // RESP3: still an array
            assertEquals(List.of("q", "v5"), get(fj2));
            assertEquals(KeyValue.just("q", "v6"), fl2.get(10, TimeUnit.SECONDS));
            assertEquals(Resp.integer(0), control.call("EXISTS", "q"));
            awaitBlocked(control, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void brpopWaitersAreServedOnePushAtATime(String target) {
        Endpoint e = endpoint(target);
        List<RespClient> waiters = new ArrayList<>();
        try (RespClient control = control(e)) {
            for (int i = 0; i < 5; i++) {
                RespClient c = raw(e);
                waiters.add(c);
                send(c, "BRPOP", "a", "b", "5");
                awaitBlocked(control, i + 1);
            }
            // a push of one element to either key serves the oldest waiter; the others keep waiting
            for (int i = 0; i < 3; i++) {
                String key = i % 2 == 0 ? "b" : "a";
                assertEquals(Resp.integer(1), control.call("LPUSH", key, "x" + i));
                assertEquals(arr(b(key), b("x" + i)), waiters.get(i).read());
                awaitBlocked(control, 4 - i);
                assertEquals(Resp.integer(0), control.call("EXISTS", key));
            }
            // two elements: the two oldest waiters, from the tail
            assertEquals(Resp.integer(3), control.call("LPUSH", "a", "y1", "y2", "y3"));
            assertEquals(arr(b("a"), b("y1")), waiters.get(3).read());
            assertEquals(arr(b("a"), b("y2")), waiters.get(4).read());
            awaitBlocked(control, 0);
            assertEquals(arr(b("y3")), control.call("LRANGE", "a", "0", "-1"));
        } finally {
            waiters.forEach(RespClient::close);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void blmoveFeedsAClientBlockedOnItsDestination(String target) throws Exception {
        Endpoint e = endpoint(target);
        try (RespClient control = control(e); RespClient onDst = raw(e); RespClient mover = raw(e);
                Jedis jMover = jedis(e); RespClient rpoplpush = raw(e);
                StatefulRedisConnection<String, String> l = lettuce(e, ProtocolVersion.RESP3)) {
            send(onDst, "BLPOP", "dst", "0");
            awaitBlocked(control, 1);
            send(mover, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
            awaitBlocked(control, 2);
            Future<String> fj = inThread(() -> jMover.blmove("src", "dst", ListDirection.RIGHT, ListDirection.LEFT, 0));
            awaitBlocked(control, 3);
            send(rpoplpush, "BRPOPLPUSH", "src", "dst", "0");
            awaitBlocked(control, 4);
            RedisFuture<String> fl = l.async().blmove("src", "dst", LMoveArgs.Builder.leftRight(), 0);
            awaitBlocked(control, 5);

            // the waiters of src are served first, in order, each moving one element into dst;
            // then dst, which became ready meanwhile, serves its waiter from its head
            assertEquals(Resp.integer(4), control.call("RPUSH", "src", "a", "b", "c", "d"));
            assertEquals(b("a"), mover.read());            // LEFT of src -> RIGHT of dst: [a]
            assertEquals("d", get(fj));                    // RIGHT of src -> LEFT of dst: [d a]
            assertEquals(b("c"), rpoplpush.read());        // BRPOPLPUSH: RIGHT -> LEFT: [c d a]
            assertEquals("b", fl.get(10, TimeUnit.SECONDS)); // LEFT -> RIGHT: [c d a b]
            assertEquals(arr(b("dst"), b("c")), onDst.read());
            assertEquals(arr(b("d"), b("a"), b("b")), control.call("LRANGE", "dst", "0", "-1"));
            assertEquals(Resp.integer(0), control.call("EXISTS", "src"));
            awaitBlocked(control, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void blmpopWaitersTakeTheirCountInOrder(String target) throws Exception {
        Endpoint e = endpoint(target);
        try (RespClient control = control(e); RespClient c1 = raw(e); Jedis j = jedis(e); RespClient c3 = raw3(e)) {
            send(c1, "BLMPOP", "0", "2", "k1", "k2", "LEFT", "COUNT", "2");
            awaitBlocked(control, 1);
            Future<redis.clients.jedis.util.KeyValue<String, List<String>>> fj =
                    inThread(() -> j.blmpop(0, ListDirection.RIGHT, 5, "k2"));
            awaitBlocked(control, 2);
            send(c3, "BLMPOP", "0", "1", "k2", "LEFT");
            awaitBlocked(control, 3);

            assertEquals(Resp.integer(4), control.call("RPUSH", "k2", "a", "b", "c", "d"));
            assertEquals(arr(b("k2"), arr(b("a"), b("b"))), c1.read());
            redis.clients.jedis.util.KeyValue<String, List<String>> got = get(fj);
            assertEquals("k2", got.getKey());
            assertEquals(List.of("d", "c"), got.getValue());
            // the list is empty now: the third keeps waiting until the next push
            assertNoReplyWithin(c3, 200);
            awaitBlocked(control, 1);
            assertEquals(Resp.integer(1), control.call("LPUSH", "k2", "e"));
            assertEquals(arr(b("k2"), arr(b("e"))), c3.read());
            awaitBlocked(control, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void bzpopminAndBzmpopWaitersAreServedInOrder(String target) throws Exception {
        Endpoint e = endpoint(target);
        try (RespClient control = control(e); Jedis j = jedis(e); RespClient raw2 = raw(e); RespClient raw3 = raw3(e);
                StatefulRedisConnection<String, String> l = lettuce(e, ProtocolVersion.RESP2)) {
            RedisFuture<KeyValue<String, ScoredValue<String>>> fl = l.async().bzpopmin(0, "z");
            awaitBlocked(control, 1);
            Future<redis.clients.jedis.util.KeyValue<String, List<Tuple>>> fj =
                    inThread(() -> j.bzmpop(0, SortedSetOption.MAX, 2, "z"));
            awaitBlocked(control, 2);
            send(raw2, "BZPOPMAX", "z", "zz", "0");
            awaitBlocked(control, 3);
            send(raw3, "BZMPOP", "0", "2", "zz", "z", "MIN", "COUNT", "10");
            awaitBlocked(control, 4);

            assertEquals(Resp.integer(6), control.call("ZADD", "z", "1", "a", "2.5", "b", "3", "c", "4", "d", "5", "e", "0.1", "f"));
            KeyValue<String, ScoredValue<String>> first = fl.get(10, TimeUnit.SECONDS);
            assertEquals("z", first.getKey());
            assertEquals(ScoredValue.just(0.1, "f"), first.getValue());
            redis.clients.jedis.util.KeyValue<String, List<Tuple>> second = get(fj);
            assertEquals("z", second.getKey());
            assertEquals(List.of(new Tuple("e", 5.0), new Tuple("d", 4.0)), second.getValue());
            assertEquals(arr(b("z"), b("c"), b("3")), raw2.read());
            // RESP3: scores are doubles, pairs are arrays
            assertEquals(arr(b("z"), arr(arr(b("a"), new Resp.Dbl("1")), arr(b("b"), new Resp.Dbl("2.5")))), raw3.read());
            assertEquals(Resp.integer(0), control.call("EXISTS", "z"));
            awaitBlocked(control, 0);
        }
    }

    // ------------------------------------------------------------------ timeouts

    private static final List<List<String>> BLOCKING_FORMS = List.of(
            List.of("BLPOP", "none", "none2", "T"), List.of("BRPOP", "none", "T"),
            List.of("BLMOVE", "none", "dst", "LEFT", "RIGHT", "T"), List.of("BRPOPLPUSH", "none", "dst", "T"),
            List.of("BLMPOP", "T", "2", "none", "none2", "LEFT", "COUNT", "3"), List.of("BZPOPMIN", "none", "T"),
            List.of("BZPOPMAX", "none", "none2", "T"), List.of("BZMPOP", "T", "1", "none", "MAX"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void subSecondTimeoutsAnswerTheNullOfTheProtocol(String target) {
        Endpoint e = endpoint(target);
        try (RespClient control = control(e); RespClient r2 = raw(e); RespClient r3 = raw3(e)) {
            for (List<String> form : BLOCKING_FORMS) {
                for (String timeout : List.of("0.15", "0.001")) {
                    Object[] args = form.stream().map(a -> a.equals("T") ? timeout : a).toArray();
                    for (RespClient c : List.of(r2, r3)) {
                        long t0 = System.nanoTime();
                        Resp reply = c.call(args);
                        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                        Resp expected = c == r2 ? new Resp.Null('*') : new Resp.Null('_');
                        assertEquals(expected, reply, form.get(0) + " timing out, " + (c == r2 ? "RESP2" : "RESP3"));
                        if (timeout.equals("0.15")) {
                            assertTrue(ms >= 140, form.get(0) + " answered after " + ms + " ms, before its timeout");
                        }
                        assertTrue(ms < 3000, form.get(0) + " answered after " + ms + " ms");
                    }
                }
            }
            assertEquals(Resp.integer(0), control.call("EXISTS", "none", "dst"));
            awaitBlocked(control, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void clientLibrariesSeeATimeoutAsNull(String target) throws Exception {
        Endpoint e = endpoint(target);
        try (RespClient control = control(e); Jedis j = jedis(e);
                StatefulRedisConnection<String, String> l2 = lettuce(e, ProtocolVersion.RESP2);
                StatefulRedisConnection<String, String> l3 = lettuce(e, ProtocolVersion.RESP3)) {
            assertNull(j.blpop(0.1, "none"));
            assertNull(j.bzpopmin(0.1, "none"));
            assertNull(j.blmove("none", "d", ListDirection.LEFT, ListDirection.LEFT, 0.1));
            assertNull(j.blmpop(0.1, ListDirection.LEFT, "none"));
            for (StatefulRedisConnection<String, String> l : List.of(l2, l3)) {
                assertNull(l.async().blpop(0.1, "none").get(10, TimeUnit.SECONDS));
                assertNull(l.async().bzpopmin(0.1, "none").get(10, TimeUnit.SECONDS));
                assertNull(l.async().blmove("none", "d", LMoveArgs.Builder.leftLeft(), 0.1).get(10, TimeUnit.SECONDS));
            }
            assertEquals("PONG", j.ping());
            awaitBlocked(control, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void timeoutZeroWaitsUntilDataComes(String target) {
        Endpoint e = endpoint(target);
        try (RespClient control = control(e); RespClient c = raw(e); RespClient z = raw3(e)) {
            send(c, "BLPOP", "later", "0");
            send(z, "BZPOPMIN", "zlater", "0");
            awaitBlocked(control, 2);
            assertNoReplyWithin(c, 600);
            assertNoReplyWithin(z, 100);
            awaitBlocked(control, 2);
            // data of another type, or in another database, serves nobody
            assertEquals(Resp.simple("OK"), control.call("SELECT", "1"));
            assertEquals(Resp.integer(1), control.call("RPUSH", "later", "elsewhere"));
            assertEquals(Resp.simple("OK"), control.call("SELECT", "0"));
            assertEquals(Resp.integer(1), control.call("SADD", "zlater", "m"));
            assertNoReplyWithin(c, 100);
            assertNoReplyWithin(z, 100);
            assertEquals(Resp.integer(1), control.call("DEL", "zlater"));
            assertEquals(Resp.integer(1), control.call("RPUSH", "later", "now"));
            assertEquals(arr(b("later"), b("now")), c.read());
            assertEquals(Resp.integer(1), control.call("ZADD", "zlater", "-inf", "m"));
            assertEquals(arr(b("zlater"), b("m"), new Resp.Dbl("-inf")), z.read());
            awaitBlocked(control, 0);
        }
    }

    // ------------------------------------------------------------------ CLIENT UNBLOCK

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void clientUnblockWithTimeoutOrError(String target) throws Exception {
        Endpoint e = endpoint(target);
        try (RespClient control = control(e); RespClient c2 = raw(e); RespClient c3 = raw3(e); Jedis j = jedis(e);
                Jedis jc = jedis(e)) {
            Resp probe = control.call("CLIENT", "UNBLOCK", "0");
            Assumptions.assumeFalse(probe instanceof Resp.Err err && err.text().contains("unknown subcommand"),
                    "CLIENT UNBLOCK is not bound: " + probe);
            assertEquals(Resp.integer(0), probe, "no client 0");

            long id2 = ((Resp.Int) c2.call("CLIENT", "ID")).value();
            long id3 = ((Resp.Int) c3.call("CLIENT", "ID")).value();
            assertEquals(Resp.integer(0), control.call("CLIENT", "UNBLOCK", Long.toString(id2)), "not blocked yet");
            send(c2, "BLPOP", "u", "0");
            awaitBlocked(control, 1);
            send(c3, "BZMPOP", "0", "1", "uz", "MIN");
            awaitBlocked(control, 2);

            assertEquals(Resp.integer(1), control.call("CLIENT", "UNBLOCK", Long.toString(id2)));
            assertEquals(new Resp.Null('*'), c2.read(), "UNBLOCK (TIMEOUT): as if it timed out");
            assertEquals(Resp.integer(0), control.call("CLIENT", "UNBLOCK", Long.toString(id2)), "no longer blocked");
            assertEquals(Resp.integer(1), control.call("CLIENT", "UNBLOCK", Long.toString(id3), "ERROR"));
            assertEquals(new Resp.Err("UNBLOCKED client unblocked via CLIENT UNBLOCK"), c3.read());
            Resp bad = control.call("CLIENT", "UNBLOCK", Long.toString(id3), "FOO");
            assertTrue(bad instanceof Resp.Err, bad.toString());
            awaitBlocked(control, 0);
            assertEquals(Resp.simple("PONG"), c2.call("PING"));
            assertEquals(Resp.simple("PONG"), c3.call("PING"));

            // a client library's view: Jedis blocked, another Jedis unblocks it
            long jid = j.clientId();
            Future<List<String>> fj = inThread(() -> j.blpop(0, "u"));
            awaitBlocked(control, 1);
            assertEquals(1, jc.clientUnblock(jid, UnblockType.TIMEOUT));
            assertNull(get(fj));
            // nothing was lost: a later push stays in the list
            assertEquals(Resp.integer(1), control.call("RPUSH", "u", "kept"));
            assertEquals(arr(b("kept")), control.call("LRANGE", "u", "0", "-1"));
        }
    }

    // ------------------------------------------------------------------ disconnects

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aBlockedClientThatClosesItsSocketLeavesNothingBehind(String target) {
        disconnectWhileBlocked(endpoint(target), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aBlockedClientWhoseConnectionIsResetLeavesNothingBehind(String target) {
        disconnectWhileBlocked(endpoint(target), true);
    }

    /**
     * Three clients block, two of them disconnect; the survivor (second in line) gets the next
     * push, and a push with nobody left stays in the list; INFO's counts come back.
     *
     * @param e     the server
     * @param reset close with a TCP reset (SO_LINGER 0) instead of an orderly close (FIN), which
     *              is what a client does when it closes its socket: Redis frees the client at
     *              either, as it reads end of file
     */
    private static void disconnectWhileBlocked(Endpoint e, boolean reset) {
        try (RespClient control = control(e)) {
            long connected = infoClients(control, "connected_clients");
            RespClient gone = raw(e);
            RespClient next = raw(e);
            RespClient alsoGone = raw(e);
            send(gone, "BLPOP", "d", "0");
            awaitBlocked(control, 1);
            send(next, "BLPOP", "d", "0");
            awaitBlocked(control, 2);
            send(alsoGone, "BZPOPMIN", "dz", "0");
            awaitBlocked(control, 3);

            for (RespClient c : List.of(gone, alsoGone)) { // the first in line, and a zset waiter
                if (reset) {
                    try {
                        c.socket().setSoLinger(true, 0);
                    } catch (java.net.SocketException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
                c.close();
            }
            awaitBlocked(control, 1);
            assertEquals(Resp.integer(1), control.call("RPUSH", "d", "x"));
            assertEquals(arr(b("d"), b("x")), next.read(), "the waiter after the one that left gets the element");
            next.close();
            awaitBlocked(control, 0);
            // and with nobody left, a push stays where it was put
            assertEquals(Resp.integer(2), control.call("RPUSH", "d", "y", "z"));
            assertEquals(arr(b("y"), b("z")), control.call("LRANGE", "d", "0", "-1"));
            assertEquals(Resp.integer(1), control.call("ZADD", "dz", "1", "m"));
            assertEquals(Resp.integer(1), control.call("ZCARD", "dz"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (infoClients(control, "connected_clients") != connected && System.nanoTime() < deadline) sleep(10);
            assertEquals(connected, infoClients(control, "connected_clients"), "the closed connections are gone");
        }
    }

    // ------------------------------------------------------------------ pipelining

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void pipelinedCommandsWaitBehindTheBlockedOne(String target) {
        Endpoint e = endpoint(target);
        try (RespClient control = control(e); RespClient p = raw(e)) {
            p.writeRaw(new String(RespClient.encode("BLPOP", "pq", "0"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    + new String(RespClient.encode("SET", "after", "1"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    + "PING\r\n"
                    + new String(RespClient.encode("INCR", "counter"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    + new String(RespClient.encode("LPOP", "pq"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    + new String(RespClient.encode("BLPOP", "pq", "0.05"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    + new String(RespClient.encode("GET", "after"), java.nio.charset.StandardCharsets.ISO_8859_1));
            awaitBlocked(control, 1);
            assertNoReplyWithin(p, 300);
            // the commands behind the blocked one have not run
            assertEquals(Resp.integer(0), control.call("EXISTS", "after", "counter"));
            assertEquals(Resp.integer(2), control.call("RPUSH", "pq", "first", "second"));
            assertEquals(arr(b("pq"), b("first")), p.read());
            assertEquals(Resp.simple("OK"), p.read());
            assertEquals(Resp.simple("PONG"), p.read());
            assertEquals(Resp.integer(1), p.read());
            assertEquals(b("second"), p.read());
            assertEquals(new Resp.Null('*'), p.read()); // the second BLPOP times out: list empty again
            assertEquals(b("1"), p.read());
            awaitBlocked(control, 0);
        }
    }

    // ------------------------------------------------------------------ many clients

    private static int liveThreads() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Thread.activeCount() over the whole JVM: from the root thread group. */
    private static int activeCount() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) g = g.getParent();
        return g.activeCount();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aThousandBlockedClientsCostNoThreadsAndAreAllServedInOrder(String target) {
        Endpoint e = endpoint(target);
        int n = 1000;
        List<RespClient> clients = new ArrayList<>(n);
        try (RespClient control = control(e)) {
            // warm up: every event loop of the server has had a connection
            List<RespClient> warm = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                RespClient c = raw(e);
                warm.add(c);
                assertEquals(Resp.simple("PONG"), c.call("PING"));
            }
            warm.forEach(RespClient::close);
            sleep(200);
            int threadsBefore = liveThreads();
            int activeBefore = activeCount();

            for (int i = 0; i < n; i++) {
                RespClient c = raw(e);
                clients.add(c);
                send(c, "BLPOP", "many", i % 2 == 0 ? "0" : "100");
                awaitBlocked(control, i + 1); // one at a time: fixes the order they blocked in
            }
            int threadsBlocked = liveThreads();
            int activeBlocked = activeCount();
            System.out.println("BlockingIT " + target + ": live threads " + threadsBefore + " -> " + threadsBlocked
                    + ", Thread.activeCount() " + activeBefore + " -> " + activeBlocked + " with " + n + " blocked clients");
            if (inJvm(target)) {
                assertTrue(threadsBlocked - threadsBefore < 20, "threads before " + threadsBefore + ", with " + n
                        + " blocked clients " + threadsBlocked + ": a blocked client must not hold a thread");
                assertTrue(activeBlocked - activeBefore < 20, "Thread.activeCount() before " + activeBefore
                        + ", with " + n + " blocked clients " + activeBlocked);
            }
            assertEquals(n, infoClients(control, "blocked_clients"));

            List<Object> push = new ArrayList<>(List.of("RPUSH", "many"));
            for (int i = 0; i < n + 1; i++) push.add("e" + i);
            assertEquals(Resp.integer(n + 1), control.call(push.toArray()));
            for (int i = 0; i < n; i++) {
                assertEquals(arr(b("many"), b("e" + i)), clients.get(i).read(), "client " + i + " (FIFO)");
            }
            assertEquals(arr(b("e" + n)), control.call("LRANGE", "many", "0", "-1"));
            awaitBlocked(control, 0);
        } finally {
            clients.forEach(RespClient::close);
        }
    }
}
