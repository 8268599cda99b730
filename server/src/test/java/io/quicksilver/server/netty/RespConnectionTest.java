package io.quicksilver.server.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.Commands;
import io.quicksilver.core.command.Node;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.server.config.ServerSettings;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection handler in an EmbeddedChannel: batching, pushes, closing, protected mode, limits. */
class RespConnectionTest {
    private final Engine engine = Engine.builder().activeExpiry(false).build();
    private final Node node = Commands.node(engine);
    private final ServerSettings settings = new ServerSettings();
    private final RespServer server;

    RespConnectionTest() {
        settings.register(node.config(), () -> false);
        server = new RespServer(node, settings, false, 1);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** An embedded channel whose peer appears at {@code remote}. */
    private EmbeddedChannel connect(SocketAddress remote) {
        EmbeddedChannel ch = new EmbeddedChannel(false, false) {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }

            @Override
            protected SocketAddress localAddress0() {
                return new InetSocketAddress("127.0.0.1", 6379);
            }
        };
        RespConnection conn = new RespConnection(server);
        ch.pipeline().addLast(conn.meter(), conn.decoder(), conn);
        try {
            ch.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ch;
    }

    private EmbeddedChannel connect() {
        return connect(new InetSocketAddress("127.0.0.1", 50000));
    }

    /** One round of the channel's event loop: the read, then its tasks (the batch's flush). */
    private static void send(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
        ch.runPendingTasks();
    }

    /** Outbound writes, each as a string. */
    private static List<String> written(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        Object m;
        while ((m = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) m;
            if (b.isReadable()) {
                out.add(b.toString(StandardCharsets.ISO_8859_1));
            }
            b.release();
        }
        return out;
    }

    @Test
    void repliesOfOneReadGoOutAsOneWrite() {
        EmbeddedChannel ch = connect();
        send(ch, "PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nPING\r\n");
        assertEquals(List.of("+PONG\r\n$2\r\nhi\r\n+PONG\r\n"), written(ch));
        send(ch, "PING\r\n");
        assertEquals(List.of("+PONG\r\n"), written(ch));
    }

    @Test
    void pushFromAnotherThreadIsWrittenByTheEventLoopInOrder() throws Exception {
        EmbeddedChannel ch = connect();
        Client client = node.clients().all().iterator().next();
        Thread t = new Thread(() -> {
            client.connection().push(r -> r.simple("first"));
            client.connection().push(r -> r.simple("second"));
        });
        t.start();
        t.join();
        assertEquals(List.of(), written(ch)); // nothing until the event loop runs the tasks
        ch.runPendingTasks();
        assertEquals(List.of("+first\r\n+second\r\n"), written(ch)); // coalesced into one flush
    }

    @Test
    void pushDuringACommandOfTheSameLoopJoinsTheBatch() {
        EmbeddedChannel ch = connect();
        EmbeddedChannel other = connect();
        Client first = node.clients().all().iterator().next();
        send(other, "SUBSCRIBE ch\r\n");
        written(other);
        send(ch, "PUBLISH ch hello\r\n");
        assertEquals(List.of(":1\r\n"), written(ch));
        other.runPendingTasks();
        assertEquals(List.of("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n"), written(other));
        assertTrue(first.id() > 0);
    }

    @Test
    void closeAfterFlushFromAnotherThread() throws Exception {
        EmbeddedChannel ch = connect();
        Client client = node.clients().all().iterator().next();
        client.connection().push(r -> r.simple("bye"));
        Thread t = new Thread(() -> client.connection().close(true));
        t.start();
        t.join();
        ch.runPendingTasks();
        assertEquals(List.of("+bye\r\n"), written(ch));
        assertFalse(ch.isOpen());
        ch.runPendingTasks();
        assertEquals(0, node.clients().size(), "disconnect removed the client");
    }

    @Test
    void closeWithoutFlushDropsPendingOutput() {
        EmbeddedChannel ch = connect();
        Client client = node.clients().all().iterator().next();
        client.connection().push(r -> r.simple("never sent"));
        client.connection().close(false);
        assertEquals(List.of(), written(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void protectedModeRefusesNonLoopbackPeers() {
        EmbeddedChannel ch = connect(new InetSocketAddress("10.1.2.3", 40000));
        List<String> out = written(ch);
        assertEquals(1, out.size());
        assertTrue(out.get(0).startsWith("-DENIED Redis is running in protected mode because protected mode is enabled"
                + " and no password is set for the default user."), out.get(0));
        assertTrue(out.get(0).endsWith("the server to start accepting connections from the outside.\r\n"));
        assertFalse(ch.isOpen());
        assertEquals(1, engine.stats().rejectedConnections.sum());
        assertEquals(0, node.clients().size());
    }

    @Test
    void protectedModeAllowsLoopbackPasswordsAndNo() throws Exception {
        EmbeddedChannel v4 = connect(new InetSocketAddress("127.0.0.2", 40000));
        send(v4, "PING\r\n");
        assertEquals(List.of("+PONG\r\n"), written(v4));
        EmbeddedChannel v6 = connect(new InetSocketAddress("::1", 40000));
        send(v6, "PING\r\n");
        assertEquals(List.of("+PONG\r\n"), written(v6));
        assertEquals("::1:40000", new ArrayList<>(node.clients().all()).get(1).connection().remoteAddress());

        node.config().setAtStartup("requirepass", "secret");
        EmbeddedChannel withPassword = connect(new InetSocketAddress("10.1.2.3", 40000));
        send(withPassword, "PING\r\n");
        assertEquals(List.of("-NOAUTH Authentication required.\r\n"), written(withPassword));

        node.config().setAtStartup("requirepass", "");
        node.config().setAtStartup("protected-mode", "no");
        EmbeddedChannel unprotected = connect(new InetSocketAddress("10.1.2.3", 40001));
        send(unprotected, "PING\r\n");
        assertEquals(List.of("+PONG\r\n"), written(unprotected));
    }

    @Test
    void unauthenticatedClientsGetRedisSmallerLimits() throws Exception {
        node.config().setAtStartup("requirepass", "secret");
        EmbeddedChannel ch = connect();
        send(ch, "*11\r\n");
        assertEquals(List.of("-ERR Protocol error: unauthenticated multibulk length\r\n"), written(ch));
        assertFalse(ch.isOpen());
        EmbeddedChannel ok = connect();
        send(ok, "AUTH secret\r\n*11\r\n");
        assertEquals(List.of("+OK\r\n"), written(ok));
        assertTrue(ok.isOpen());
    }

    @Test
    void pubsubOutputLimitClosesThroughPush() throws Exception {
        node.config().setAtStartup("client-output-buffer-limit", "pubsub 100kb 0 0");
        EmbeddedChannel ch = connect();
        send(ch, "SUBSCRIBE ch\r\n");
        written(ch);
        Client client = node.clients().all().iterator().next();
        byte[] payload = new byte[10_000];
        Thread t = new Thread(() -> {
            for (int i = 0; i < 20; i++) { // 200 KB queued before the loop gets to flush
                client.message("ch".getBytes(StandardCharsets.US_ASCII), payload);
            }
        });
        t.start();
        t.join();
        ch.runPendingTasks();
        assertFalse(ch.isOpen(), "closed at the hard limit");
        List<String> out = written(ch);
        assertTrue(out.isEmpty(), "its pending output was dropped");
    }

    @Test
    void normalClientsHaveNoLimitByDefault() throws Exception {
        EmbeddedChannel ch = connect();
        Client client = node.clients().all().iterator().next();
        byte[] payload = new byte[100_000];
        for (int i = 0; i < 50; i++) {
            client.connection().push(r -> r.bulk(payload));
        }
        ch.runPendingTasks();
        assertTrue(ch.isOpen());
        assertEquals(50 * (100_000 + 11), written(ch).stream().mapToInt(String::length).sum());
    }

    @Test
    void queryBufferLimitClosesWithoutReply() throws Exception {
        node.config().setAtStartup("client-query-buffer-limit", "1mb");
        EmbeddedChannel ch = connect();
        send(ch, "*2\r\n$3\r\nGET\r\n$3000000\r\n");
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[1 << 20]));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        ch.runPendingTasks();
        assertEquals(List.of(), written(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void remoteAddressFormats() {
        assertEquals("127.0.0.1:6379", RespConnection.format(new InetSocketAddress("127.0.0.1", 6379)));
        assertEquals("::1:6379", RespConnection.format(new InetSocketAddress("::1", 6379)));
        assertTrue(RespConnection.isLoopback(new InetSocketAddress("127.9.9.9", 1)));
        assertFalse(RespConnection.isLoopback(new InetSocketAddress("192.0.2.1", 1)));
    }

    /** A RESP command with its arguments as bulks. */
    private static String command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void longArgumentsThatCommandsCopiedAreReadIntoAgainAndNoValueChanges() {
        // SET, MSET and LPUSH copy their long values and hand the arrays back; later commands'
        // values are read into them: every value must still read back as it was written
        EmbeddedChannel ch = connect();
        io.quicksilver.server.resp.SpareArguments spares = io.quicksilver.server.resp.SpareArguments.current();
        List<String> values = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            StringBuilder pipeline = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String v = String.valueOf((char) ('a' + (round * 20 + i) % 26)).repeat(1000) + round + ":" + i;
                values.add(v);
                int k = values.size() - 1;
                switch (i % 4) {
                    case 0 -> pipeline.append(command("SET", "k" + k, v));
                    case 1 -> pipeline.append(command("MSET", "k" + k, v, "m" + k, v));
                    case 2 -> pipeline.append(command("SET", "k" + k, v, "GET"));
                    default -> pipeline.append(command("GETSET", "k" + k, v));
                }
                expected.append(i % 4 == 2 || i % 4 == 3 ? "$-1\r\n" : "+OK\r\n");
            }
            pipeline.append(command("LPUSH", "list", values.get(values.size() - 1), values.get(values.size() - 2)));
            expected.append(":").append(2 * (round + 1)).append("\r\n");
            send(ch, pipeline.toString());
            assertEquals(expected.toString(), String.join("", written(ch)));
        }
        // an array of the last round's length comes back with a value in it: one of ours, read
        // from the socket and handed back, not a new (zeroed) array
        byte[] spare = spares.take(values.get(values.size() - 1).length());
        String content = new String(spare, StandardCharsets.ISO_8859_1);
        assertTrue(values.contains(content), "copied arguments were handed back");
        spares.give(spare);
        // a transaction's queued values are handed back when EXEC runs them
        send(ch, command("MULTI") + command("SET", "t1", "x".repeat(700)) + command("SET", "t2", "y".repeat(700))
                + command("EXEC"));
        assertEquals("+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n+OK\r\n", String.join("", written(ch)));
        send(ch, command("SET", "t3", "z".repeat(700)));
        written(ch);
        for (int k = 0; k < values.size(); k++) {
            send(ch, command("GET", "k" + k));
            String v = values.get(k);
            assertEquals("$" + v.length() + "\r\n" + v + "\r\n", String.join("", written(ch)), "k" + k);
            if (k % 4 == 1) {
                send(ch, command("GET", "m" + k));
                assertEquals("$" + v.length() + "\r\n" + v + "\r\n", String.join("", written(ch)), "m" + k);
            }
        }
        send(ch, command("LRANGE", "list", "0", "-1"));
        StringBuilder list = new StringBuilder("*12\r\n");
        for (int round = 5; round >= 0; round--) {
            for (int i : new int[] {18, 19}) {
                String v = values.get(round * 20 + i);
                list.append('$').append(v.length()).append("\r\n").append(v).append("\r\n");
            }
        }
        assertEquals(list.toString(), String.join("", written(ch)));
        for (String k : new String[] {"t1", "t2", "t3"}) {
            send(ch, command("STRLEN", k));
            assertEquals(":700\r\n", String.join("", written(ch)));
        }
        send(ch, command("MGET", "t1", "t2", "t3"));
        assertEquals("*3\r\n$700\r\n" + "x".repeat(700) + "\r\n$700\r\n" + "y".repeat(700) + "\r\n$700\r\n"
                + "z".repeat(700) + "\r\n", String.join("", written(ch)));
    }
}
