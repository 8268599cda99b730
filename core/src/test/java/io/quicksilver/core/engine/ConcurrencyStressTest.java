package io.quicksilver.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.Commands;
import io.quicksilver.core.command.Node;
import io.quicksilver.core.command.RecordingReply;
import io.quicksilver.core.command.Reply;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.pubsub.HandOffSubscriber;
import io.quicksilver.core.pubsub.Subscriber;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's concurrency invariants (see the package documentation), tested through the real
 * dispatcher from many threads at once, each with its own {@link Client}:
 * <ul>
 * <li>every command is atomic: INCR from many threads on a few hot keys loses no increment;</li>
 * <li>MULTI/EXEC is isolated: readers never see half of a transaction (MGET and MULTI GET/GET);</li>
 * <li>one global lock order: random multi-key commands over keys in different segments, in
 *     random orders, mixed with whole-database and whole-keyspace commands, active expiry and
 *     keyspace notifications, all finish (a deadlock fails the test with the threads' stacks);</li>
 * <li>WATCH: optimistic read-modify-write transactions end with an exact count.</li>
 * </ul>
 * The whole class runs in a few seconds on two cores.
 */
class ConcurrencyStressTest {
    private static final int THREADS = 8;
    private static final long TIMEOUT_SECONDS = 60;

    private Engine engine;
    private Node node;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        engine = Engine.builder().build(); // system clock, active expiry on
        node = Commands.node(engine);
        pool = Executors.newFixedThreadPool(THREADS * 2, r -> {
            Thread t = new Thread(r, "stress");
            t.setDaemon(true); // a deadlocked worker must not keep the JVM alive
            return t;
        });
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        engine.close();
    }

    // ---------------------------------------------------------------- helpers

    private Client newClient() {
        return node.clients().open(null, engine.clock().millis());
    }

    /** Runs one command and returns its one reply; an internal error fails the test. */
    private Object run(Client c, String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        RecordingReply r = new RecordingReply(c.protocol);
        node.dispatcher().execute(c, a, r);
        List<Object> v = r.values();
        if (v.size() != 1) {
            throw new AssertionError(String.join(" ", args) + ": expected one reply, got " + v);
        }
        Object o = v.get(0);
        if (o instanceof RecordingReply.Err e && e.message().contains("internal error")) {
            throw new AssertionError(String.join(" ", args) + ": " + e.message());
        }
        return o;
    }

    private static long num(Object o) {
        return o == null ? 0 : Long.parseLong((String) o);
    }

    /** Two keys that live in different segments, so a transaction over both takes two locks. */
    private String[] twoSegments(String prefix) {
        Database db = engine.db(0);
        String a = prefix + "a";
        for (int i = 0; ; i++) {
            String b = prefix + "b" + i;
            if (db.segmentFor(a.getBytes(StandardCharsets.UTF_8)) != db.segmentFor(b.getBytes(StandardCharsets.UTF_8))) {
                return new String[] {a, b};
            }
        }
    }

    /**
     * Runs the tasks on the pool and waits for all of them; fails with the stacks of the blocked
     * threads if they do not finish in time (a deadlock or a lost wake-up).
     */
    private void runAll(List<Callable<Void>> tasks) throws Exception {
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> t : tasks) {
            futures.add(pool.submit(t));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (Future<Void> f : futures) {
            for (;;) {
                try {
                    f.get(200, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    // a lock cycle is reported at once; anything else stuck, at the deadline
                    long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
                    if (deadlocked != null || System.nanoTime() > deadline) {
                        fail("workers did not finish (deadlock?)\n" + threadDump());
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e;
                }
            }
        }
    }

    private static String threadDump() {
        StringBuilder sb = new StringBuilder();
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        if (deadlocked != null) {
            sb.append("deadlocked threads: ").append(deadlocked.length).append('\n');
        }
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            if (info.getThreadName().startsWith("stress") || info.getThreadName().startsWith("quicksilver")) {
                sb.append(info);
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- atomicity

    @Test
    void incrOnHotKeysLosesNoIncrement() throws Exception {
        int perThread = 25_000;
        String[] keys = {"hot:0", "hot:1", "hot:2", "hot:3"};
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            tasks.add(() -> {
                Client c = newClient();
                start.await();
                for (int i = 0; i < perThread; i++) {
                    run(c, "INCR", keys[(i + id) % keys.length]);
                    if (i % 10 == 0) {
                        run(c, "INCRBY", "hot:by", Integer.toString(id + 1));
                    }
                }
                return null;
            });
        }
        start.countDown();
        runAll(tasks);
        Client c = newClient();
        long total = 0;
        for (String k : keys) {
            long v = num(run(c, "GET", k));
            assertEquals((long) THREADS * perThread / keys.length, v, k);
            total += v;
        }
        assertEquals((long) THREADS * perThread, total);
        long by = 0;
        for (int t = 0; t < THREADS; t++) {
            by += (long) (t + 1) * (perThread / 10);
        }
        assertEquals(by, num(run(c, "GET", "hot:by")));
    }

    // ---------------------------------------------------------------- isolation

    @Test
    void multiExecIsNeverSeenHalfDone() throws Exception {
        String[] ab = twoSegments("iso:");
        String a = ab[0];
        String b = ab[1];
        int writers = THREADS / 2;
        int perWriter = 10_000;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        AtomicLong writersLeft = new AtomicLong(writers);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            tasks.add(() -> {
                Client c = newClient();
                try {
                    for (int i = 0; i < perWriter; i++) {
                        assertEquals("OK", run(c, "MULTI"));
                        assertEquals("QUEUED", run(c, "INCR", a));
                        assertEquals("QUEUED", run(c, "INCR", b));
                        Object r = run(c, "EXEC");
                        assertTrue(r instanceof List<?> l && l.size() == 2, "EXEC: " + r);
                    }
                } finally {
                    if (writersLeft.decrementAndGet() == 0) {
                        writing.set(false);
                    }
                }
                return null;
            });
        }
        for (int t = 0; t < THREADS - writers; t++) {
            boolean useMulti = t % 2 == 1;
            tasks.add(() -> {
                Client c = newClient();
                long last = 0;
                do {
                    List<?> pair;
                    if (useMulti) {
                        run(c, "MULTI");
                        run(c, "GET", a);
                        run(c, "GET", b);
                        pair = (List<?>) run(c, "EXEC");
                    } else {
                        pair = (List<?>) run(c, "MGET", a, b);
                    }
                    long va = num(pair.get(0));
                    long vb = num(pair.get(1));
                    if (va != vb) {
                        throw new AssertionError("saw half a transaction: " + a + "=" + va + " " + b + "=" + vb);
                    }
                    if (va < last) {
                        throw new AssertionError("went back in time: " + va + " after " + last);
                    }
                    last = va;
                    reads.incrementAndGet();
                } while (writing.get());
                return null;
            });
        }
        runAll(tasks);
        Client c = newClient();
        assertEquals(List.of(Long.toString((long) writers * perWriter), Long.toString((long) writers * perWriter)),
                run(c, "MGET", a, b));
        assertTrue(reads.get() > 0);
    }

    @Test
    void transfersInsideMultiKeepTheTotal() throws Exception {
        int accounts = 16;
        long initial = 1_000;
        Client setup = newClient();
        for (int i = 0; i < accounts; i++) {
            run(setup, "SET", "acct:" + i, Long.toString(initial));
        }
        String[] all = new String[accounts + 1];
        all[0] = "MGET";
        for (int i = 0; i < accounts; i++) {
            all[i + 1] = "acct:" + i;
        }
        AtomicBoolean moving = new AtomicBoolean(true);
        AtomicLong moversLeft = new AtomicLong(THREADS - 2);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS - 2; t++) {
            tasks.add(() -> {
                Client c = newClient();
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    for (int i = 0; i < 6_000; i++) {
                        int from = rnd.nextInt(accounts);
                        int to = rnd.nextInt(accounts);
                        String amount = Integer.toString(rnd.nextInt(1, 50));
                        run(c, "MULTI");
                        run(c, "DECRBY", "acct:" + from, amount);
                        run(c, "INCRBY", "acct:" + to, amount);
                        run(c, "EXEC");
                    }
                } finally {
                    if (moversLeft.decrementAndGet() == 0) {
                        moving.set(false);
                    }
                }
                return null;
            });
        }
        for (int t = 0; t < 2; t++) {
            tasks.add(() -> {
                Client c = newClient();
                do {
                    long sum = 0;
                    for (Object o : (List<?>) run(c, all)) {
                        sum += num(o);
                    }
                    if (sum != accounts * initial) {
                        throw new AssertionError("MGET saw a total of " + sum);
                    }
                } while (moving.get());
                return null;
            });
        }
        runAll(tasks);
        long sum = 0;
        for (Object o : (List<?>) run(setup, all)) {
            sum += num(o);
        }
        assertEquals(accounts * initial, sum);
    }

    // ---------------------------------------------------------------- WATCH

    @Test
    void watchMultiOptimisticIncrementsAreExact() throws Exception {
        int perThread = 1_000;
        AtomicLong aborted = new AtomicLong();
        String[] keys = twoSegments("cas:");
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                Client c = newClient();
                for (int done = 0; done < perThread; ) {
                    assertEquals("OK", run(c, "WATCH", keys[0], keys[1]));
                    long v = num(run(c, "GET", keys[0]));
                    long w = num(run(c, "GET", keys[1]));
                    run(c, "MULTI");
                    run(c, "SET", keys[0], Long.toString(v + 1));
                    run(c, "SET", keys[1], Long.toString(w + 2));
                    Object r = run(c, "EXEC");
                    if (r == null) {
                        aborted.incrementAndGet(); // someone else won: read again
                    } else {
                        assertEquals(List.of("OK", "OK"), r);
                        done++;
                    }
                }
                return null;
            });
        }
        runAll(tasks);
        Client c = newClient();
        assertEquals((long) THREADS * perThread, num(run(c, "GET", keys[0])));
        assertEquals(2L * THREADS * perThread, num(run(c, "GET", keys[1])));
        assertEquals(0, engine.watches().size(), "EXEC forgets every WATCH");
    }

    // ---------------------------------------------------------------- lock order

    /**
     * Random multi-key commands over keys in many segments, named in random orders; with them
     * whole-database (DBSIZE, KEYS, FLUSHDB), whole-keyspace (SWAPDB) and self-locking (SCAN)
     * commands, short TTLs for the active expiry thread, and keyspace notifications delivered to
     * a RESP-style subscriber and to an in-process subscriber that itself runs commands through
     * a {@link HandOffSubscriber}. Everything must finish.
     */
    @Test
    void randomMultiKeyCommandsNeverDeadlock() throws Exception {
        engine.hz(100);
        engine.notifyFlags(NotifyFlags.parse("KEA"));
        AtomicLong pushed = new AtomicLong();
        Client listener = node.clients().open(new CountingConnection(pushed), engine.clock().millis());
        run(listener, "PSUBSCRIBE", "__keyevent@*__:*");

        // an in-process subscriber that reacts to events by running commands: only safe
        // because the hand-off moves it off the thread that holds the segment lock
        ExecutorService reactor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stress-reactor");
            t.setDaemon(true);
            return t;
        });
        Client reacting = newClient();
        AtomicLong reactions = new AtomicLong();
        Subscriber reactive = new Subscriber() {
            @Override
            public void message(byte[] channel, byte[] message) {
                run(reacting, "INCR", "reactions");
                run(reacting, "MGET", "k1", "k7", new String(message, StandardCharsets.UTF_8));
                reactions.incrementAndGet();
            }

            @Override
            public void patternMessage(byte[] pattern, byte[] channel, byte[] message) {
                message(channel, message);
            }

            @Override
            public void shardMessage(byte[] channel, byte[] message) {
            }
        };
        HandOffSubscriber handOff = new HandOffSubscriber(reactive, reactor, 1 << 20);
        engine.pubsub().subscribe("__keyevent@0__:rename_to".getBytes(StandardCharsets.UTF_8), handOff);

        String[] keys = new String[48];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "k" + i;
        }
        int ops = 10_000;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                Client c = newClient();
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < ops; i++) {
                    int op = rnd.nextInt(100);
                    if (op < 20) {
                        List<String> a = new ArrayList<>(List.of("MSET"));
                        for (String k : pick(keys, rnd, 2 + rnd.nextInt(5))) {
                            a.add(k);
                            a.add(Integer.toString(rnd.nextInt(1000)));
                        }
                        assertEquals("OK", run(c, a.toArray(String[]::new)));
                    } else if (op < 32) {
                        run(c, withCommand("DEL", pick(keys, rnd, 1 + rnd.nextInt(4))));
                    } else if (op < 47) {
                        List<String> two = pick(keys, rnd, 2);
                        run(c, rnd.nextBoolean() ? "RENAME" : "RENAMENX", two.get(0), two.get(1));
                    } else if (op < 62) {
                        run(c, withCommand("MGET", pick(keys, rnd, 2 + rnd.nextInt(6))));
                    } else if (op < 68) {
                        run(c, withCommand("EXISTS", pick(keys, rnd, 2 + rnd.nextInt(4))));
                    } else if (op < 80) {
                        run(c, "MULTI");
                        for (String k : pick(keys, rnd, 2 + rnd.nextInt(4))) {
                            switch (rnd.nextInt(4)) {
                                case 0 -> run(c, "SET", k, "1");
                                case 1 -> run(c, "INCR", k);
                                case 2 -> run(c, "GET", k);
                                default -> run(c, "DEL", k);
                            }
                        }
                        assertTrue(run(c, "EXEC") instanceof List<?>);
                    } else if (op < 86) {
                        run(c, "PEXPIRE", keys[rnd.nextInt(keys.length)], Integer.toString(rnd.nextInt(1, 20)));
                    } else if (op < 89) {
                        List<String> two = pick(keys, rnd, 2);
                        run(c, "WATCH", two.get(0), two.get(1));
                        run(c, "MULTI");
                        run(c, "INCR", two.get(1));
                        run(c, "EXEC");
                    } else if (op < 92) {
                        run(c, "DBSIZE");
                    } else if (op < 94) {
                        run(c, "KEYS", "k1*");
                    } else if (op < 96) {
                        run(c, "SCAN", "0", "COUNT", "50");
                    } else if (op < 98) {
                        run(c, "SWAPDB", "0", "1");
                    } else if (op < 99) {
                        run(c, "MOVE", keys[rnd.nextInt(keys.length)], "1");
                    } else {
                        run(c, "FLUSHDB");
                    }
                }
                return null;
            });
        }
        try {
            runAll(tasks);
            // the reacting subscriber drains too, with its own commands
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (handOff.pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, handOff.pending(), "the in-process subscriber is stuck\n" + threadDump());
        } finally {
            reactor.shutdownNow();
        }
        assertTrue(pushed.get() > 0, "keyspace events reached the RESP subscriber");
        assertTrue(reactions.get() > 0, "keyspace events reached the in-process subscriber");
        assertEquals(0, handOff.dropped());
        // the engine still answers, and the bookkeeping of every segment is consistent
        Client c = newClient();
        assertEquals("OK", run(c, "SET", "after", "1"));
        try (Locks all = engine.lockAll()) {
            for (int d = 0; d < engine.databaseCount(); d++) {
                Database db = engine.db(d);
                long[] counted = {0};
                for (Segment s : db.segments) {
                    s.forEach(e -> counted[0]++);
                }
                assertEquals(db.size(), counted[0], "db " + d + " size bookkeeping");
            }
        }
    }

    private static List<String> pick(String[] keys, ThreadLocalRandom rnd, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(keys[rnd.nextInt(keys.length)]);
        }
        Collections.shuffle(out, rnd);
        return out;
    }

    private static String[] withCommand(String cmd, List<String> args) {
        String[] out = new String[args.size() + 1];
        out[0] = cmd;
        for (int i = 0; i < args.size(); i++) {
            out[i + 1] = args.get(i);
        }
        return out;
    }

    /** A connection that only counts the messages pushed to it (from any thread). */
    private static final class CountingConnection implements Client.Connection {
        private final AtomicLong count;

        CountingConnection(AtomicLong count) {
            this.count = count;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public String localAddress() {
            return "127.0.0.1:2";
        }

        @Override
        public void close(boolean flushFirst) {
        }

        @Override
        public void push(Consumer<Reply> message) {
            message.accept(new RecordingReply(2));
            count.incrementAndGet();
        }

        @Override
        public long outputBufferBytes() {
            return 0;
        }

        @Override
        public long queryBufferBytes() {
            return 0;
        }
    }
}
