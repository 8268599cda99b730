package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP: clients with a fake connection block (the command
 * writes nothing), are served through their connection when another client pushes, in the
 * order they blocked, and time out on the engine's scheduler with short real timeouts. Reply
 * shapes (null array on timeout, null bulk for BLMOVE inside MULTI) are those of redis-server
 * 7.0.15. Each test runs with 8 KiB nodes and with one element per node.
 */
class ListBlockingTest {

    /** A connection recording every pushed value as its RESP shape, e.g. ["*2", "$k", "$v"]. */
    static final class ShapeConnection implements Client.Connection {
        private final int protocol;
        private final List<List<String>> values = new ArrayList<>();

        ShapeConnection(int protocol) {
            this.protocol = protocol;
        }

        @Override public String remoteAddress() { return "127.0.0.1:40000"; }
        @Override public String localAddress() { return "127.0.0.1:6379"; }
        @Override public void close(boolean flushFirst) { }
        @Override public long outputBufferBytes() { return 0; }
        @Override public long queryBufferBytes() { return 0; }

        @Override
        public synchronized void push(Consumer<Reply> message) {
            ListCommandsTest.Shapes s = new ListCommandsTest.Shapes(protocol);
            message.accept(s);
            values.add(s.out);
            notifyAll();
        }

        /** How many waits ended: the server sends a blocked client's next command only after this. */
        private int released;

        @Override
        public synchronized void unblocked() {
            released++;
            notifyAll();
        }

        synchronized List<List<String>> values() {
            return new ArrayList<>(values);
        }

        /**
         * Waits up to {@code millis} for the n-th value and for the wait that sent it to have ended
         * (as a server connection resumes reading only then); returns what arrived.
         */
        synchronized List<List<String>> await(int n, long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (values.size() < n || released < n) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            return new ArrayList<>(values);
        }
    }

    private static CommandHarness harness(long fill) {
        CommandHarness h = new CommandHarness();
        h.engine.encodings().listMaxListpackSize = fill;
        return h;
    }

    private static List<String> l(String... s) {
        return List.of(s);
    }

    /** Runs a command that must block: it writes nothing and leaves the client blocked. */
    private static void blocks(CommandHarness h, Client c, String... args) {
        List<String> out = ListCommandsTest.shape(h, c, args);
        assertEquals(List.of(), out, "a blocking command writes nothing");
        assertTrue(c.isBlocked(), String.join(" ", args) + " blocked");
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void blpopIsServedByAPush(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            ShapeConnection conn = new ShapeConnection(2);
            Client c = h.newClient(conn);
            blocks(h, c, "BLPOP", "k1", "k2", "0");
            assertEquals(2L, h.run("RPUSH", "k2", "a", "b"), "the push replies its own length first");
            assertEquals(List.of(l("*2", "$k2", "$a")), conn.await(1, 2000));
            assertFalse(c.isBlocked());
            assertEquals(List.of("b"), h.run("LRANGE", "k2", "0", "-1"));
            // the client runs commands again
            assertEquals(List.of("*2", "$k2", "$b"), ListCommandsTest.shape(h, c, "BRPOP", "k2", "0"));
            assertEquals(0L, h.run("EXISTS", "k2"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void servedInTheOrderTheyBlocked(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            ShapeConnection[] conns = new ShapeConnection[3];
            Client[] clients = new Client[3];
            for (int i = 0; i < 3; i++) {
                conns[i] = new ShapeConnection(2);
                clients[i] = h.newClient(conns[i]);
            }
            blocks(h, clients[0], "BLPOP", "q", "0");
            blocks(h, clients[1], "BRPOP", "q", "0");
            blocks(h, clients[2], "BLPOP", "other", "q", "0");
            h.run("RPUSH", "q", "1", "2");
            assertEquals(List.of(l("*2", "$q", "$1")), conns[0].await(1, 2000));
            assertEquals(List.of(l("*2", "$q", "$2")), conns[1].await(1, 2000));
            assertTrue(clients[2].isBlocked(), "nothing left for the third");
            assertEquals(0L, h.run("EXISTS", "q"));
            h.run("LPUSH", "q", "3");
            assertEquals(List.of(l("*2", "$q", "$3")), conns[2].await(1, 2000));
            assertEquals(0L, h.run("EXISTS", "q"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void timeoutsWithSubSecondPrecision(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            ShapeConnection c2 = new ShapeConnection(2);
            ShapeConnection c3 = new ShapeConnection(3);
            ShapeConnection move = new ShapeConnection(2);
            ShapeConnection mpop = new ShapeConnection(2);
            Client a = h.newClient(c2);
            Client b = h.newClient(c3);
            b.protocol = 3;
            Client m = h.newClient(move);
            Client p = h.newClient(mpop);
            long start = System.nanoTime();
            blocks(h, a, "BLPOP", "none", "0.05");
            blocks(h, b, "BRPOP", "none", "0.05");
            blocks(h, m, "BLMOVE", "none", "dst", "LEFT", "RIGHT", "0.05");
            blocks(h, p, "BLMPOP", "0.05", "1", "none", "LEFT");
            assertEquals(List.of(l("*-1")), c2.await(1, 2000));
            assertEquals(List.of(l("_")), c3.await(1, 2000));
            // Redis answers a timed-out BLMOVE with a null array too (replyToBlockedClientTimedOut)
            assertEquals(List.of(l("*-1")), move.await(1, 2000));
            assertEquals(List.of(l("*-1")), mpop.await(1, 2000));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 45, "waited the timeout: " + tookMs + " ms");
            assertFalse(a.isBlocked());
            assertEquals(0L, h.run("EXISTS", "dst"));
            // a later push reaches nobody
            h.run("RPUSH", "none", "x");
            assertEquals(1L, h.run("LLEN", "none"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void zeroWaitsUntilData(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            ShapeConnection conn = new ShapeConnection(2);
            Client c = h.newClient(conn);
            ShapeConnection shortConn = new ShapeConnection(2);
            Client s = h.newClient(shortConn);
            blocks(h, c, "BLPOP", "k", "0");
            blocks(h, s, "BLPOP", "j", "0.15");
            assertEquals(1, shortConn.await(1, 2000).size(), "the short one timed out");
            assertTrue(c.isBlocked(), "timeout 0 is still waiting");
            assertEquals(List.of(), conn.values());
            h.run("RPUSH", "k", "v");
            assertEquals(List.of(l("*2", "$k", "$v")), conn.await(1, 2000));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void blmoveServedAndChainsToTheDestination(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            ShapeConnection moveConn = new ShapeConnection(2);
            ShapeConnection popConn = new ShapeConnection(2);
            Client mover = h.newClient(moveConn);
            Client popper = h.newClient(popConn);
            blocks(h, mover, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
            blocks(h, popper, "BLPOP", "dst", "0");
            h.run("RPUSH", "src", "a", "b");
            assertEquals(List.of(l("$b")), moveConn.await(1, 2000));
            // the move pushed to dst, which serves the second client
            assertEquals(List.of(l("*2", "$dst", "$b")), popConn.await(1, 2000));
            assertEquals(List.of("a"), h.run("LRANGE", "src", "0", "-1"));
            assertEquals(0L, h.run("EXISTS", "dst"));
            // BRPOPLPUSH: tail to head
            blocks(h, mover, "BRPOPLPUSH", "src2", "dst2", "0");
            h.run("RPUSH", "src2", "x", "y");
            assertEquals(l("$y"), moveConn.await(2, 2000).get(1));
            assertEquals(List.of("y"), h.run("LRANGE", "dst2", "0", "-1"));
            assertEquals(List.of("x"), h.run("LRANGE", "src2", "0", "-1"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void blmpopServedWithCount(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            ShapeConnection conn = new ShapeConnection(2);
            Client c = h.newClient(conn);
            blocks(h, c, "BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2");
            h.run("RPUSH", "b", "1", "2", "3");
            assertEquals(List.of(l("*2", "$b", "*2", "$3", "$2")), conn.await(1, 2000));
            assertEquals(List.of("1"), h.run("LRANGE", "b", "0", "-1"));
            // with data already there it answers at once
            assertEquals(l("*2", "$b", "*1", "$1"), ListCommandsTest.shape(h, c, "BLMPOP", "0", "2", "a", "b", "LEFT", "COUNT", "9"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void insideMultiTheyAnswerAtOnce(long fill) {
        try (CommandHarness h = harness(fill)) {
            Client c = h.newClient(new ShapeConnection(2));
            ListCommandsTest.shape(h, c, "MULTI");
            ListCommandsTest.shape(h, c, "BLMOVE", "x", "y", "LEFT", "LEFT", "0");
            ListCommandsTest.shape(h, c, "BRPOPLPUSH", "x", "y", "0");
            ListCommandsTest.shape(h, c, "BLPOP", "x", "0");
            ListCommandsTest.shape(h, c, "BLMPOP", "0", "1", "x", "LEFT");
            ListCommandsTest.shape(h, c, "RPUSH", "x", "v");
            ListCommandsTest.shape(h, c, "BRPOP", "x", "0");
            // as redis-server 7.0.15: *4 $-1 $-1 *-1 *-1 ...
            assertEquals(l("*6", "$-1", "$-1", "*-1", "*-1", ":1", "*2", "$x", "$v"),
                    ListCommandsTest.shape(h, c, "EXEC"));
            assertFalse(c.isBlocked());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void inProcessClientsDoNotBlock(long fill) {
        try (CommandHarness h = harness(fill)) {
            assertEquals(l("*-1"), ListCommandsTest.shape(h, h.client, "BLPOP", "x", "0"));
            assertEquals(l("$-1"), ListCommandsTest.shape(h, h.client, "BLMOVE", "x", "y", "LEFT", "LEFT", "0"));
            assertEquals(l("*-1"), ListCommandsTest.shape(h, h.client, "BLMPOP", "0", "1", "x", "LEFT"));
            assertFalse(h.client.isBlocked());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void pushInsideExecServesAfterIt(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            ShapeConnection conn = new ShapeConnection(2);
            Client c = h.newClient(conn);
            blocks(h, c, "BLPOP", "k", "0");
            h.run("MULTI");
            h.run("RPUSH", "k", "a");
            h.run("RPUSH", "k", "b");
            h.run("EXEC");
            assertEquals(List.of(l("*2", "$k", "$a")), conn.await(1, 2000));
            assertEquals(List.of("b"), h.run("LRANGE", "k", "0", "-1"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void errorsAndWrongTypes(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            Client c = h.newClient(new ShapeConnection(2));
            assertEquals(l("-ERR timeout is not a float or out of range"), ListCommandsTest.shape(h, c, "BLPOP", "k", "x"));
            assertEquals(l("-ERR timeout is negative"), ListCommandsTest.shape(h, c, "BLPOP", "k", "-1"));
            assertEquals(l("-ERR timeout is negative"), ListCommandsTest.shape(h, c, "BRPOPLPUSH", "a", "b", "-0.5"));
            assertEquals(l("-ERR syntax error"), ListCommandsTest.shape(h, c, "BLMOVE", "a", "b", "UP", "LEFT", "x"));
            assertEquals(l("-ERR numkeys should be greater than 0"), ListCommandsTest.shape(h, c, "BLMPOP", "x", "0", "k", "LEFT"));
            assertEquals(l("-ERR count should be greater than 0"),
                    ListCommandsTest.shape(h, c, "BLMPOP", "0", "1", "k", "LEFT", "COUNT", "0"));
            assertEquals(l("-ERR timeout is not a float or out of range"),
                    ListCommandsTest.shape(h, c, "BLMPOP", "x", "1", "k", "LEFT"));
            h.run("SET", "s", "v");
            assertEquals(l("-" + Errors.WRONGTYPE), ListCommandsTest.shape(h, c, "BLPOP", "none", "s", "0"));
            assertEquals(l("-" + Errors.WRONGTYPE), ListCommandsTest.shape(h, c, "BLMOVE", "s", "d", "LEFT", "LEFT", "0"));
            h.run("RPUSH", "l", "a");
            assertEquals(l("-" + Errors.WRONGTYPE), ListCommandsTest.shape(h, c, "BLMOVE", "l", "s", "LEFT", "LEFT", "0"));
            assertEquals(List.of("a"), h.run("LRANGE", "l", "0", "-1"));
            assertFalse(c.isBlocked());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void aDisconnectedWaiterIsSkipped(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            ShapeConnection first = new ShapeConnection(2);
            ShapeConnection second = new ShapeConnection(2);
            Client a = h.newClient(first);
            Client b = h.newClient(second);
            blocks(h, a, "BLPOP", "k", "0");
            blocks(h, b, "BLPOP", "k", "0");
            h.node.dispatcher().disconnect(a);
            h.run("RPUSH", "k", "v");
            assertEquals(List.of(l("*2", "$k", "$v")), second.await(1, 2000));
            assertEquals(List.of(), first.values());
        }
    }

    /**
     * Producers push from several threads while consumers loop on BLPOP from theirs: every
     * element is received exactly once (served through the connection or answered at once), and
     * nobody is left blocked with data in the list.
     */
    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void concurrentProducersAndConsumersLoseNothing(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            int producers = 3;
            int perProducer = 400;
            int total = producers * perProducer;
            int consumers = 4;
            java.util.concurrent.ConcurrentLinkedQueue<String> received = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                ShapeConnection conn = new ShapeConnection(2);
                Client c = h.newClient(conn);
                threads.add(new Thread(() -> {
                    int served = 0;
                    try {
                        while (!done.get()) {
                            List<String> now = ListCommandsTest.shape(h, c, "BLPOP", "q", "0.05");
                            if (!now.isEmpty()) {
                                if (now.size() == 3) {
                                    received.add(now.get(2));
                                }
                                continue;
                            }
                            List<List<String>> got = conn.await(served + 1, 5000);
                            if (got.size() <= served) {
                                break;
                            }
                            List<String> v = got.get(served++);
                            if (v.size() == 3) {
                                received.add(v.get(2)); // "*-1" is a timeout: just block again
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (int p = 0; p < producers; p++) {
                int id = p;
                Client c = h.newClient();
                threads.add(new Thread(() -> {
                    for (int j = 0; j < perProducer; j++) {
                        h.run(c, "RPUSH", "q", "$" + id + ":" + j);
                    }
                }));
            }
            threads.forEach(Thread::start);
            long deadline = System.currentTimeMillis() + 10_000;
            while (received.size() < total && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            done.set(true);
            for (Thread t : threads) {
                t.join(5000);
            }
            List<String> all = new ArrayList<>(received);
            assertEquals(total, all.size(), "every element received once");
            assertEquals(total, new java.util.HashSet<>(all).size(), "no element twice");
            assertEquals(0L, h.run("EXISTS", "q"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void aKeyOfAnotherTypeServesNobody(long fill) throws Exception {
        try (CommandHarness h = harness(fill)) {
            ShapeConnection conn = new ShapeConnection(2);
            Client c = h.newClient(conn);
            blocks(h, c, "BLPOP", "k", "0");
            // the key is signalled by the push, but holds a string when the waiters are served
            h.run("MULTI");
            h.run("RPUSH", "k", "x");
            h.run("SET", "k", "string");
            h.run("EXEC");
            assertTrue(c.isBlocked());
            assertEquals("string", h.run("GET", "k"));
            assertEquals(List.of(), conn.values());
            h.run("DEL", "k");
            h.run("LPUSH", "k", "v");
            assertEquals(List.of(l("*2", "$k", "$v")), conn.await(1, 2000));
        }
    }
}
