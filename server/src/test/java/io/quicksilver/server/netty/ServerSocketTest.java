package io.quicksilver.server.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.quicksilver.server.QuicksilverServer;
import io.quicksilver.server.RawClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server over real loopback sockets, talking raw RESP. */
class ServerSocketTest {
    private QuicksilverServer server;

    private QuicksilverServer start(String... config) {
        QuicksilverServer.Builder b = QuicksilverServer.builder().port(0).bind("127.0.0.1");
        for (int i = 0; i < config.length; i += 2) {
            b.config(config[i], config[i + 1]);
        }
        server = b.build().start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void startToFirstPongWellUnderASecond() throws IOException {
        long t0 = System.nanoTime();
        start();
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("+PONG", c.call("PING"));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "took " + ms + " ms");
        assertTrue(server.port() > 0);
    }

    @Test
    void nioTransportWorksToo() throws IOException {
        server = QuicksilverServer.builder().port(0).bind("127.0.0.1").nativeTransport(false)
                .config("tcp-keepalive", "60").build().start();
        assertEquals("nio", server.transport());
        try (RawClient c = new RawClient(server.port())) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                sb.append("PING\r\n");
            }
            c.send(sb.toString());
            for (int i = 0; i < 200; i++) {
                assertEquals("+PONG", c.read());
            }
            assertEquals(-1, server.node().clients().all().iterator().next().connection().fd());
        }
    }

    @Test
    void defaultBindListensOnBothLoopbacksWithOnePort() throws Exception {
        server = QuicksilverServer.builder().port(0).build().start();
        List<InetSocketAddress> addresses = server.listener().addresses();
        assertTrue(addresses.stream().allMatch(a -> a.getPort() == server.port()), addresses.toString());
        assertTrue(addresses.stream().anyMatch(a -> a.getAddress().getHostAddress().equals("127.0.0.1")));
        if (addresses.size() > 1) { // ::1 exists on this machine
            try (java.net.Socket s = new java.net.Socket("::1", server.port())) {
                s.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] pong = s.getInputStream().readNBytes(7);
                assertEquals("+PONG\r\n", new String(pong, java.nio.charset.StandardCharsets.US_ASCII));
                assertTrue(server.node().clients().all().iterator().next().connection().remoteAddress().startsWith("::1:"));
                assertTrue(server.node().clients().all().iterator().next().connection().fd() > 0); // epoll fd
            }
        }
    }

    @Test
    void bindFailureIsReportedAsRedisDoes() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            QuicksilverServer s = QuicksilverServer.builder().port(taken.getLocalPort()).bind("127.0.0.1").build();
            IllegalStateException e = assertThrows(IllegalStateException.class, s::start);
            assertEquals("Failed listening on port " + taken.getLocalPort() + " (TCP), aborting.", e.getMessage());
            assertTrue(s.terminated().isDone());
        }
    }

    @Test
    void pingEchoInline() throws IOException {
        start();
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("+PONG", c.call("PING"));
            assertEquals("hello", c.call("ECHO", "hello"));
            c.send("ECHO \"a b\"\r\n");
            assertEquals("a b", c.read());
            assertEquals("-ERR unknown command 'NOSUCH', with args beginning with: ", c.call("NOSUCH"));
        }
    }

    @Test
    void pipelineOfAThousandCommandsInOneWrite() throws IOException {
        start();
        try (RawClient c = new RawClient(server.port())) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                sb.append(i % 2 == 0 ? RawClient.multibulk("ECHO", "m" + i) : "PING\r\n");
            }
            c.send(sb.toString());
            for (int i = 0; i < 1000; i++) {
                assertEquals(i % 2 == 0 ? "m" + i : "+PONG", c.read(), "reply " + i);
            }
        }
    }

    @Test
    void protocolErrorRepliesThenCloses() throws IOException {
        start();
        try (RawClient c = new RawClient(server.port())) {
            c.send("PING\r\n*1\r\nxx\r\nPING\r\n");
            assertEquals("+PONG\r\n-ERR Protocol error: expected '$', got 'x'\r\n", c.readAll());
            assertTrue(c.closedByServer());
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send("*1\r\n$600000000\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", c.readAll());
        }
        assertTrue(server.node().engine().stats().errorReplies.sum() >= 2);
    }

    @Test
    void quitRepliesOkThenCloses() throws IOException {
        start();
        try (RawClient c = new RawClient(server.port())) {
            c.send("PING\r\nQUIT\r\nPING\r\n");
            assertEquals("+PONG\r\n+OK\r\n", c.readAll());
        }
    }

    @Test
    void halfClosedClientGetsEveryReply() throws IOException {
        start();
        String big = "v".repeat(1 << 20);
        try (RawClient c = new RawClient(server.port(), 4096)) {
            assertEquals("+OK", c.call("SET", "big", big));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                sb.append("GET big\r\n"); // 20 MiB of replies: more than the socket buffers hold
            }
            sb.append("*2\r\n$3\r\nGET\r\n$3\r\nbi"); // cut mid-command: dropped
            c.send(sb.toString());
            c.socket.shutdownOutput();
            for (int i = 0; i < 20; i++) {
                assertEquals(big.length(), ((String) c.read()).length(), "reply " + i);
            }
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void commandsAfterABlockedOneWaitForItsAnswer() throws Exception {
        start("timeout", "1");
        try (RawClient blocked = new RawClient(server.port())) {
            blocked.send("BLPOP list 0\r\nPING\r\nECHO after\r\n");
            blocked.socket.setSoTimeout(2500);
            assertEquals("", blocked.readAll(), "nothing until the list gets data (and no idle timeout)");
            waitFor(() -> server.node().clients().all().stream().anyMatch(c -> c.isBlocked()));
            try (RawClient pusher = new RawClient(server.port())) {
                assertEquals(1L, pusher.call("RPUSH", "list", "x"));
            }
            blocked.socket.setSoTimeout(10_000);
            assertEquals(List.of("*", "list", "x"), blocked.read());
            assertEquals("+PONG", blocked.read());
            assertEquals("after", blocked.read());
            assertEquals("+PONG", blocked.call("PING"));
        }
    }

    @Test
    void aTimedOutBlockedCommandAnswersBeforeTheNextOnes() throws IOException {
        start();
        try (RawClient c = new RawClient(server.port())) {
            c.send("BLPOP nothing 0.2\r\nPING\r\nBLPOP nothing 0.1\r\nECHO x\r\n");
            assertNull(c.read());
            assertEquals("+PONG", c.read());
            assertNull(c.read());
            assertEquals("x", c.read());
        }
    }

    @Test
    void clientPauseHoldsCommandsInOrderUntilItEnds() throws Exception {
        start();
        try (RawClient admin = new RawClient(server.port()); RawClient c = new RawClient(server.port())) {
            assertEquals("+OK", admin.call("CLIENT", "PAUSE", "400", "WRITE"));
            long t0 = System.nanoTime();
            assertEquals("v0", c.call("ECHO", "v0")); // not a write: goes through
            c.send("SET k v\r\nGET k\r\n");     // the write waits, and the GET behind it
            assertEquals("+OK", c.read());
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("v", c.read());
            assertTrue(waited >= 300, "released after " + waited + " ms");

            assertEquals("+OK", admin.call("CLIENT", "PAUSE", "10000", "WRITE"));
            c.send("DEL k\r\n");
            c.socket.setSoTimeout(300);
            assertEquals("", c.readAll());
            long t1 = System.nanoTime();
            assertEquals("+OK", admin.call("CLIENT", "UNPAUSE")); // (under ALL, Redis holds UNPAUSE too)
            c.socket.setSoTimeout(5000);
            assertEquals(1L, c.read());
            assertTrue((System.nanoTime() - t1) / 1_000_000 < 1000, "UNPAUSE releases at once");

            assertEquals("+OK", admin.call("CLIENT", "PAUSE", "300", "ALL"));
            long t2 = System.nanoTime();
            assertEquals("+PONG", c.call("PING"));
            assertTrue((System.nanoTime() - t2) / 1_000_000 >= 250, "ALL holds every command");
        }
    }

    @Test
    void bigValueRoundTrip() throws IOException {
        start();
        String big = "v".repeat(5_000_000);
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("+OK", c.call("SET", "k", big));
            assertEquals(big, c.call("GET", "k"));
        }
    }

    @Test
    void announcedHugeBulkWithoutPayloadStaysCheap() throws IOException {
        start();
        try (RawClient c = new RawClient(server.port())) {
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\nabc");
            // the connection is alive and holds only what was sent
            long deadline = System.currentTimeMillis() + 2000;
            long qbuf = -1;
            while (System.currentTimeMillis() < deadline) {
                qbuf = server.listener().connections().stream().mapToLong(RespConnection::queryBufferBytes)
                        .max().orElse(-1);
                if (qbuf == 3) {
                    break;
                }
            }
            assertEquals(3, qbuf);
        }
    }

    @Test
    void helloSwitchesProtocolMidConnection() throws IOException {
        start();
        try (RawClient c = new RawClient(server.port())) {
            assertNull(c.call("GET", "missing"));
            c.command("HELLO", "3");
            @SuppressWarnings("unchecked")
            List<Object> hello = (List<Object>) c.read();
            assertEquals("%", hello.get(0)); // the HELLO reply itself is a RESP3 map
            c.send("GET missing\r\n");
            c.socket.setSoTimeout(1000);
            assertEquals("_\r\n", c.readAll()); // RESP3 null
        }
    }

    @Test
    void maxClientsRefusesTheNextOne() throws Exception {
        start("maxclients", "2");
        try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
            assertEquals("+PONG", a.call("PING"));
            assertEquals("+PONG", b.call("PING"));
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("-ERR max number of clients reached\r\n", c.readAll());
            }
            assertEquals(1, server.node().engine().stats().rejectedConnections.sum());
        }
        // slots are given back on disconnect
        waitFor(() -> server.connectionCount() == 0);
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("+PONG", c.call("PING"));
        }
    }

    @Test
    void idleClientsAreClosedButSubscribersAreNot() throws Exception {
        start("timeout", "1");
        try (RawClient idle = new RawClient(server.port()); RawClient sub = new RawClient(server.port())) {
            assertEquals("+PONG", idle.call("PING"));
            sub.call("SUBSCRIBE", "ch");
            Thread.sleep(2500);
            assertTrue(idle.closedByServer());
            assertEquals(1L, new RawClient(server.port()).call("PUBLISH", "ch", "still here"));
        }
    }

    @Test
    void pushesArriveInOrder() throws IOException {
        start();
        try (RawClient sub = new RawClient(server.port()); RawClient pub = new RawClient(server.port())) {
            sub.call("SUBSCRIBE", "ch");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                sb.append(RawClient.multibulk("PUBLISH", "ch", "m" + i));
            }
            pub.send(sb.toString());
            for (int i = 0; i < 500; i++) {
                assertEquals(1L, pub.read());
            }
            for (int i = 0; i < 500; i++) {
                assertEquals(List.of("*", "message", "ch", "m" + i), sub.read());
            }
        }
    }

    @Test
    void slowSubscriberIsDisconnectedAtTheHardLimit() throws Exception {
        start("client-output-buffer-limit", "pubsub 1mb 0 0");
        String payload = "x".repeat(64 * 1024);
        try (RawClient sub = new RawClient(server.port(), 4096); RawClient pub = new RawClient(server.port())) {
            sub.call("SUBSCRIBE", "ch");
            int published = 0;
            long receivers = 1;
            while (receivers > 0 && published < 2000) { // 2000 x 64 KiB = 125 MiB would be the cost otherwise
                receivers = (Long) pub.call("PUBLISH", "ch", payload);
                published++;
            }
            assertEquals(0, receivers, "the subscriber that never reads was disconnected");
            assertTrue(published < 400, "disconnected after " + published + " messages");
            waitFor(() -> server.connectionCount() == 1);
        }
    }

    @Test
    void softLimitNeedsToLastLongerThanItsSeconds() throws Exception {
        start("client-output-buffer-limit", "pubsub 0 1mb 1");
        String payload = "x".repeat(64 * 1024);
        try (RawClient sub = new RawClient(server.port(), 4096); RawClient pub = new RawClient(server.port())) {
            sub.call("SUBSCRIBE", "ch");
            long pending = 0;
            for (int i = 0; i < 200 && pending < (2 << 20); i++) {
                assertEquals(1L, pub.call("PUBLISH", "ch", payload)); // over the soft limit is fine for a while
                pending = server.listener().connections().stream().mapToLong(RespConnection::outputBufferBytes).max().orElse(0);
            }
            assertTrue(pending >= 1 << 20, "pending " + pending);
            assertEquals(2, server.connectionCount(), "over the soft limit, not yet for its seconds");
            // keep the subscriber over the soft limit (the kernel's loopback buffers may drain some of
            // it, which restarts the clock, as in Redis): a write after it has stayed over for > 1 s
            // closes it
            long deadline = System.currentTimeMillis() + 8000;
            while (server.connectionCount() == 2 && System.currentTimeMillis() < deadline) {
                pub.call("PUBLISH", "ch", payload);
                Thread.sleep(200);
            }
            assertEquals(1, server.connectionCount(), "closed after the soft limit held for its seconds");
        }
    }

    /** Replies of tens of KiB come from Netty's pooled allocator (RespServer says why). */
    @Test
    void connectionsUseThePooledAllocator() throws Exception {
        start();
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("+PONG", c.call("PING"));
            assertInstanceOf(PooledByteBufAllocator.class,
                    server.listener().connections().iterator().next().allocator());
        }
    }

    @Test
    void backPressureBoundsWhatANonReadingClientCosts() throws Exception {
        start();
        String big = "v".repeat(1 << 20);
        try (RawClient c = new RawClient(server.port(), 4096)) {
            assertEquals("+OK", c.call("SET", "big", big));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                sb.append("GET big\r\n"); // 300 MiB of replies the client does not read yet
            }
            c.send(sb.toString());
            Thread.sleep(1000);
            long pending = server.listener().connections().iterator().next().outputBufferBytes();
            assertTrue(pending < 8 << 20, "pending output " + pending);
            for (int i = 0; i < 300; i++) {
                assertEquals(big.length(), ((String) c.read()).length());
            }
            assertEquals("+PONG", c.call("PING"));
        }
    }

    @Test
    void disconnectForgetsSubscriptionsAndTheClient() throws Exception {
        start();
        try (RawClient pub = new RawClient(server.port())) {
            RawClient sub = new RawClient(server.port());
            sub.call("SUBSCRIBE", "ch");
            assertEquals(1L, pub.call("PUBLISH", "ch", "x"));
            assertEquals(2, server.node().clients().size());
            sub.close();
            waitFor(() -> server.node().clients().size() == 1);
            assertEquals(0L, pub.call("PUBLISH", "ch", "x"));
        }
    }

    @Test
    void statsCountBytesAndConnections() throws IOException {
        start();
        try (RawClient c = new RawClient(server.port())) {
            c.call("PING");
        }
        var stats = server.node().engine().stats();
        assertEquals(1, stats.connectionsReceived.sum());
        assertEquals(14, stats.netInputBytes.sum()); // *1 $4 PING
        assertEquals(7, stats.netOutputBytes.sum());
    }

    @Test
    void closeFreesThePort() throws IOException {
        start();
        int port = server.port();
        RawClient c = new RawClient(port);
        assertEquals("+PONG", c.call("PING"));
        server.close();
        assertTrue(c.closedByServer());
        assertFalse(server.isRunning());
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
        }
        assertThrows(ConnectException.class, () -> new RawClient(port));
    }

    @Test
    void hostShutdownStopsTheServerFromWithin() throws Exception {
        start();
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("+PONG", c.call("PING"));
            assertTrue(server.node().host().shutdown());
            assertTrue(server.awaitTermination(5, TimeUnit.SECONDS));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void closeFromAnEventLoopDoesNotDeadlock() throws Exception {
        start();
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("+PONG", c.call("PING"));
            server.node().clients().all().iterator().next().connection().push(r -> server.close());
            assertTrue(server.awaitTermination(5, TimeUnit.SECONDS));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void portCanChangeAtRuntime() throws Exception {
        start();
        int old = server.port();
        int fresh;
        try (ServerSocket s = new ServerSocket(0)) {
            fresh = s.getLocalPort();
        }
        try (RawClient before = new RawClient(old)) {
            assertEquals("+PONG", before.call("PING")); // accepted before the listener changes
            server.node().config().find("port").setter().set(Integer.toString(fresh));
            assertEquals(fresh, server.port());
            assertEquals("+PONG", before.call("PING")); // open connections stay
            try (RawClient after = new RawClient(fresh)) {
                assertEquals("+PONG", after.call("PING"));
            }
            assertThrows(ConnectException.class, () -> new RawClient(old));
        }
        assertEquals(Integer.toString(fresh), server.node().config().get("port"));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.sleep(10);
        }
    }
}
