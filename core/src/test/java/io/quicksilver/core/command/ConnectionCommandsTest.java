package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Connection commands, checked against the replies of Redis 7.0.15. */
class ConnectionCommandsTest {

    /** A connection with chosen addresses and buffer sizes, recording closes. */
    static final class FakeConnection implements Client.Connection {
        final String remote;
        final String local;
        long qbuf;
        long omem;
        volatile Boolean closedFlushing; // null: open
        final List<Object> pushed = new ArrayList<>();

        FakeConnection(String remote, String local) {
            this.remote = remote;
            this.local = local;
        }

        @Override public String remoteAddress() { return remote; }
        @Override public String localAddress() { return local; }
        @Override public void close(boolean flushFirst) { closedFlushing = flushFirst; }
        @Override public synchronized void push(Consumer<Reply> message) {
            RecordingReply r = new RecordingReply(2);
            message.accept(r);
            pushed.addAll(r.values());
        }
        @Override public long outputBufferBytes() { return omem; }
        @Override public long queryBufferBytes() { return qbuf; }
        @Override public int fd() { return 9; }
    }

    private static Object err(String message) {
        return new RecordingReply.Err(message);
    }

    // ---------------------------------------------------------------- PING, ECHO, QUIT

    @Test
    void pingAndEcho() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals("PONG", h.run("PING"));
            assertEquals("hi", h.run("PING", "hi"));
            h.assertError("ERR wrong number of arguments for 'ping' command", "PING", "a", "b");
            assertEquals("x", h.run("ECHO", "x"));
            h.assertError("ERR wrong number of arguments for 'echo' command", "ECHO");
        }
    }

    @Test
    void quitAnswersOkThenClosesAfterTheReply() {
        try (CommandHarness h = new CommandHarness()) {
            FakeConnection conn = new FakeConnection("127.0.0.1:40000", "127.0.0.1:6379");
            Client c = h.newClient(conn);
            assertEquals("OK", h.run(c, "QUIT"));
            assertEquals(Boolean.TRUE, conn.closedFlushing);
            assertEquals("OK", h.run("QUIT"), "an in-process client just gets OK");
        }
    }

    // ---------------------------------------------------------------- RESET

    @Test
    void resetForgetsTheConnectionState() {
        try (CommandHarness h = new CommandHarness()) {
            FakeConnection conn = new FakeConnection("127.0.0.1:40000", "127.0.0.1:6379");
            Client c = h.newClient(conn);
            h.run(c, "SELECT", "3");
            h.run(c, "CLIENT", "SETNAME", "worker");
            h.run(c, "CLIENT", "NO-EVICT", "on");
            h.run(c, "HELLO", "3");
            h.run(c, "WATCH", "k");
            h.run(c, "SUBSCRIBE", "ch");
            h.run(c, "MULTI");
            assertEquals(1, c.watchedCount());
            assertEquals(1, c.subscriptionCount());
            assertEquals("RESET", h.run(c, "RESET"));
            assertEquals(0, c.db);
            assertEquals(2, c.protocol);
            assertNull(c.name);
            assertFalse(c.noEvict);
            assertFalse(c.inMulti());
            assertEquals(0, c.watchedCount());
            assertEquals(0, c.subscriptionCount());
            assertEquals(0, h.engine.pubsub().subscribers("ch".getBytes()));
            assertEquals("PONG", h.run(c, "PING"), "out of subscribed mode");
        }
    }

    @Test
    void resetLeavesMonitorAndReplyOff() {
        try (CommandHarness h = new CommandHarness()) {
            FakeConnection conn = new FakeConnection("127.0.0.1:40000", "127.0.0.1:6379");
            Client c = h.newClient(conn);
            assertEquals("OK", h.run(c, "MONITOR"));
            assertTrue(h.node.clients().monitors().contains(c));
            assertEquals(List.of(), h.runAll(c, "CLIENT", "REPLY", "OFF"));
            assertEquals(List.of(), h.runAll(c, "PING"));
            // RESET turns replies back on before it answers, as Redis
            assertEquals(List.of("RESET"), h.runAll(c, "RESET"));
            assertFalse(c.monitor);
            assertFalse(h.node.clients().monitors().contains(c));
            assertEquals("PONG", h.run(c, "PING"));
            // but a RESET that CLIENT REPLY SKIP silences stays silent
            assertEquals(List.of(), h.runAll(c, "CLIENT", "REPLY", "SKIP"));
            assertEquals(List.of(), h.runAll(c, "RESET"));
            assertEquals("PONG", h.run(c, "PING"));
        }
    }

    @Test
    void resetLogsOutWhenAPasswordIsSet() {
        try (CommandHarness h = new CommandHarness()) {
            h.node.requirePass("secret");
            assertEquals("OK", h.run("AUTH", "secret"));
            assertEquals("PONG", h.run("PING"));
            assertEquals("RESET", h.run("RESET"));
            h.assertError("NOAUTH Authentication required.", "PING");
        }
    }

    // ---------------------------------------------------------------- HELLO

    @Test
    void helloRepliesWithTheServerMap() {
        try (CommandHarness h = new CommandHarness()) {
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("server", "redis");
            expected.put("version", "7.0.15");
            expected.put("proto", 2L);
            expected.put("id", h.client.id());
            expected.put("mode", "standalone");
            expected.put("role", "master");
            expected.put("modules", List.of());
            assertEquals(expected, h.run("HELLO"));
            assertEquals(new ArrayList<>(expected.keySet()),
                    new ArrayList<>(((Map<?, ?>) h.run("HELLO")).keySet()), "Redis's field order");
            expected.put("proto", 3L);
            assertEquals(expected, h.run("HELLO", "3"));
            assertEquals(3, h.client.protocol);
            expected.put("proto", 2L);
            assertEquals(expected, h.run("HELLO", "2", "SETNAME", "nm"));
            assertEquals(2, h.client.protocol);
            assertEquals("nm", h.run("CLIENT", "GETNAME"));
        }
    }

    @Test
    void helloErrors() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR Protocol version is not an integer or out of range", "HELLO", "abc");
            h.assertError("NOPROTO unsupported protocol version", "HELLO", "4");
            h.assertError("NOPROTO unsupported protocol version", "HELLO", "1");
            h.assertError("ERR Syntax error in HELLO option 'FOO'", "HELLO", "3", "FOO");
            h.assertError("ERR Syntax error in HELLO option 'AUTH'", "HELLO", "3", "AUTH", "a");
            h.assertError("ERR Syntax error in HELLO option 'SETNAME'", "HELLO", "3", "SETNAME");
            h.assertError("WRONGPASS invalid username-password pair or user is disabled.",
                    "HELLO", "3", "AUTH", "bob", "x");
            h.assertError("ERR Client names cannot contain spaces, newlines or special characters.",
                    "HELLO", "2", "SETNAME", "a b");
            assertEquals(2, h.client.protocol, "nothing switched after an error");
            assertTrue(h.run("HELLO", "3", "AUTH", "default", "anything") instanceof Map,
                    "without a password any password is fine for default");
        }
    }

    @Test
    void helloWithAPassword() {
        try (CommandHarness h = new CommandHarness()) {
            h.node.requirePass("secret");
            String noauth = "NOAUTH HELLO must be called with the client already authenticated, "
                    + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the "
                    + "client and select the RESP protocol version at the same time";
            h.assertError(noauth, "HELLO", "3");
            h.assertError(noauth, "HELLO");
            h.assertError("WRONGPASS invalid username-password pair or user is disabled.",
                    "HELLO", "3", "AUTH", "default", "wrong");
            // a bad name before AUTH: nothing happens
            h.assertError("ERR Client names cannot contain spaces, newlines or special characters.",
                    "HELLO", "3", "SETNAME", "a b", "AUTH", "default", "secret");
            h.assertError("NOAUTH Authentication required.", "PING");
            // AUTH then a bad name: authenticated, no name, protocol unchanged
            h.assertError("ERR Client names cannot contain spaces, newlines or special characters.",
                    "HELLO", "3", "AUTH", "default", "secret", "SETNAME", "a b");
            assertNull(h.run("CLIENT", "GETNAME"));
            assertEquals(2, h.client.protocol);
            h.run("RESET");
            // first AUTH succeeds, second fails: still authenticated
            h.assertError("WRONGPASS invalid username-password pair or user is disabled.",
                    "HELLO", "3", "AUTH", "default", "secret", "AUTH", "default", "wrong");
            assertEquals("PONG", h.run("PING"));
        }
    }

    // ---------------------------------------------------------------- AUTH, SELECT

    @Test
    void authWithoutPassword() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR AUTH <password> called without any password configured for the "
                    + "default user. Are you sure your configuration is correct?", "AUTH", "x");
            assertEquals("OK", h.run("AUTH", "default", "x"));
            h.assertError("WRONGPASS invalid username-password pair or user is disabled.", "AUTH", "bob", "x");
            h.assertError("ERR syntax error", "AUTH", "a", "b", "c");
            h.assertError("ERR wrong number of arguments for 'auth' command", "AUTH");
        }
    }

    @Test
    void clientsConnectedBeforeThePasswordStayLoggedIn() {
        try (CommandHarness h = new CommandHarness()) {
            Client before = h.newClient();
            assertEquals("OK", h.run("CONFIG", "SET", "requirepass", "secret"));
            assertEquals("PONG", h.run("PING"), "as Redis, the caller stays logged in");
            assertEquals("PONG", h.run(before, "PING"));
            Client after = h.newClient();
            assertEquals(err("NOAUTH Authentication required."), h.run(after, "PING"));
            assertEquals("OK", h.run("CONFIG", "SET", "requirepass", "other"));
            assertEquals(err("NOAUTH Authentication required."), h.run(after, "PING"));
            assertEquals("OK", h.run("CONFIG", "SET", "requirepass", ""));
            assertEquals("PONG", h.run(after, "PING"));
        }
    }

    @Test
    void authWithPassword() {
        try (CommandHarness h = new CommandHarness()) {
            h.node.requirePass("secret");
            Client other = h.newClient();
            h.assertError("NOAUTH Authentication required.", "GET", "k");
            h.assertError("WRONGPASS invalid username-password pair or user is disabled.",
                    "AUTH", "default", "x");
            h.assertError("WRONGPASS invalid username-password pair or user is disabled.", "AUTH", "wrong");
            h.assertError("WRONGPASS invalid username-password pair or user is disabled.", "AUTH", "bob", "secret");
            assertEquals("OK", h.run("AUTH", "secret"));
            assertEquals("PONG", h.run("PING"));
            assertEquals("OK", h.run(other, "AUTH", "default", "secret"));
            assertEquals("PONG", h.run(other, "PING"));
        }
    }

    @Test
    void select() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR DB index is out of range", "SELECT", "16");
            h.assertError("ERR DB index is out of range", "SELECT", "-1");
            h.assertError("ERR value is not an integer or out of range", "SELECT", "abc");
            h.assertError("ERR value is out of range, value must between -2147483648 and 2147483647",
                    "SELECT", "2147483648");
            assertEquals("OK", h.run("SELECT", "1"));
            assertEquals(1, h.client.db);
        }
    }

    // ---------------------------------------------------------------- CLIENT

    @Test
    void clientIdAndNames() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(h.client.id(), h.run("CLIENT", "ID"));
            assertNull(h.run("CLIENT", "GETNAME"));
            assertEquals("OK", h.run("CLIENT", "SETNAME", "a-name!"));
            assertEquals("a-name!", h.run("CLIENT", "GETNAME"));
            String bad = "ERR Client names cannot contain spaces, newlines or special characters.";
            h.assertError(bad, "CLIENT", "SETNAME", "a b");
            h.assertError(bad, "CLIENT", "SETNAME", "é");
            h.assertError(bad, "CLIENT", "SETNAME", "a\nb");
            assertEquals("a-name!", h.run("CLIENT", "GETNAME"));
            assertEquals("OK", h.run("CLIENT", "SETNAME", ""));
            assertNull(h.run("CLIENT", "GETNAME"), "an empty name clears it");
            h.assertError("ERR wrong number of arguments for 'client|getname' command", "CLIENT", "GETNAME", "x");
            h.assertError("ERR wrong number of arguments for 'client' command", "CLIENT");
            h.assertError("ERR unknown subcommand 'FOO'. Try CLIENT HELP.", "CLIENT", "FOO");
        }
    }

    /** The field names of a CLIENT LIST line, in order. */
    private static List<String> fieldNames(String line) {
        List<String> names = new ArrayList<>();
        for (String f : line.split(" ")) {
            names.add(f.substring(0, f.indexOf('=')));
        }
        return names;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : line.split(" ")) {
            int eq = f.indexOf('=');
            m.put(f.substring(0, eq), f.substring(eq + 1));
        }
        return m;
    }

    @Test
    void clientInfoLineHasRedisFieldsInOrderWithOurValues() {
        try (CommandHarness h = new CommandHarness()) {
            FakeConnection conn = new FakeConnection("10.0.0.7:51000", "10.0.0.1:6379");
            conn.qbuf = 26;
            conn.omem = 100;
            Client c = h.newClient(conn);
            h.run(c, "CLIENT", "SETNAME", "w1");
            h.run(c, "SELECT", "2");
            h.clock.advance(5_000);
            String text = (String) h.run(c, "CLIENT", "INFO");
            assertTrue(text.endsWith("\n"));
            String line = text.substring(0, text.length() - 1);
            assertEquals(List.of("id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db",
                    "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem",
                    "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user", "redir",
                    "resp"), fieldNames(line));
            Map<String, String> f = fields(line);
            assertEquals(Long.toString(c.id()), f.get("id"));
            assertEquals("10.0.0.7:51000", f.get("addr"));
            assertEquals("10.0.0.1:6379", f.get("laddr"));
            assertEquals("9", f.get("fd"));
            assertEquals("w1", f.get("name"));
            assertEquals("5", f.get("age"));
            assertEquals("0", f.get("idle"));
            assertEquals("N", f.get("flags"));
            assertEquals("2", f.get("db"));
            assertEquals("-1", f.get("multi"));
            assertEquals("26", f.get("qbuf"));
            assertEquals("10", f.get("argv-mem"), "\"client\" + \"info\"");
            assertEquals("100", f.get("omem"));
            assertEquals("136", f.get("tot-mem"));
            assertEquals("r", f.get("events"));
            assertEquals("client|info", f.get("cmd"));
            assertEquals("default", f.get("user"));
            assertEquals("-1", f.get("redir"));
            assertEquals("2", f.get("resp"));
        }
    }

    @Test
    void clientListFlagsAndFilters() {
        try (CommandHarness h = new CommandHarness()) {
            FakeConnection c1 = new FakeConnection("127.0.0.1:40001", "127.0.0.1:6379");
            FakeConnection c2 = new FakeConnection("127.0.0.1:40002", "127.0.0.1:6379");
            Client a = h.newClient(c1);
            Client b = h.newClient(c2);
            h.run(a, "SUBSCRIBE", "ch");
            h.run(b, "MULTI");
            h.run(b, "SET", "k", "v");
            h.run(h.client, "CLIENT", "NO-EVICT", "on");
            String all = (String) h.run("CLIENT", "LIST");
            String[] lines = all.split("\n");
            assertEquals(3, lines.length, all);
            assertEquals("e", fields(lines[0]).get("flags"));
            assertEquals(Long.toString(h.client.id()), fields(lines[0]).get("id"), "id order");
            assertEquals("P", fields(lines[1]).get("flags"));
            assertEquals("1", fields(lines[1]).get("sub"));
            assertEquals("subscribe", fields(lines[1]).get("cmd"));
            assertEquals("x", fields(lines[2]).get("flags"));
            assertEquals("1", fields(lines[2]).get("multi"));
            assertEquals("5", fields(lines[2]).get("multi-mem"), "set + k + v");
            assertEquals("0", fields(lines[2]).get("argv-mem"), "only the caller has arguments");

            String pubsub = (String) h.run("CLIENT", "LIST", "TYPE", "PubSub");
            assertEquals(1, pubsub.split("\n").length);
            assertTrue(pubsub.startsWith("id=" + a.id() + " "));
            assertEquals(2, ((String) h.run("CLIENT", "LIST", "TYPE", "normal")).split("\n").length);
            assertEquals("", h.run("CLIENT", "LIST", "TYPE", "master"));
            assertEquals("", h.run("CLIENT", "LIST", "TYPE", "replica"));
            assertEquals("", h.run("CLIENT", "LIST", "TYPE", "slave"));
            String byId = (String) h.run("CLIENT", "LIST", "ID", Long.toString(b.id()), "99999",
                    Long.toString(a.id()));
            String[] idLines = byId.split("\n");
            assertEquals(2, idLines.length);
            assertEquals(Long.toString(b.id()), fields(idLines[0]).get("id"), "in the order asked");
            assertEquals("", h.run("CLIENT", "LIST", "ID", "-1"));

            h.assertError("ERR Unknown client type 'foo'", "CLIENT", "LIST", "TYPE", "foo");
            h.assertError("ERR Invalid client ID", "CLIENT", "LIST", "ID", "abc");
            h.assertError("ERR Invalid client ID", "CLIENT", "LIST", "ID", "1", "abc");
            h.assertError("ERR syntax error", "CLIENT", "LIST", "ID");
            h.assertError("ERR syntax error", "CLIENT", "LIST", "foo");
            h.assertError("ERR syntax error", "CLIENT", "LIST", "TYPE", "normal", "ID", "1");
        }
    }

    @Test
    void clientListIsVerbatimInResp3() {
        try (CommandHarness h = new CommandHarness()) {
            h.client.protocol = 3;
            VerbatimProbe p = VerbatimProbe.run(h, h.client, "CLIENT", "INFO");
            assertEquals(List.of("txt"), p.formats);
            assertTrue(((String) p.value()).endsWith(" resp=3\n"), (String) p.value());
            assertEquals(List.of("txt"), VerbatimProbe.run(h, h.client, "CLIENT", "LIST").formats);
        }
    }

    @Test
    void clientKillOldForm() {
        try (CommandHarness h = new CommandHarness()) {
            FakeConnection victim = new FakeConnection("127.0.0.1:40001", "127.0.0.1:6379");
            FakeConnection me = new FakeConnection("127.0.0.1:40002", "127.0.0.1:6379");
            Client v = h.newClient(victim);
            Client c = h.newClient(me);
            assertEquals(err("ERR No such client"), h.run(c, "CLIENT", "KILL", "1.2.3.4:5"));
            assertEquals(err("ERR No such client"), h.run(c, "CLIENT", "KILL", "ID"), "3 args: an address");
            assertEquals("OK", h.run(c, "CLIENT", "KILL", "127.0.0.1:40001"));
            assertTrue(v.killed);
            assertEquals(Boolean.FALSE, victim.closedFlushing, "closed at once");
            // the old form may kill the caller itself, after its reply
            assertEquals("OK", h.run(c, "CLIENT", "KILL", "127.0.0.1:40002"));
            assertEquals(Boolean.TRUE, me.closedFlushing);
        }
    }

    @Test
    void clientKillNewForm() {
        try (CommandHarness h = new CommandHarness()) {
            FakeConnection c1 = new FakeConnection("127.0.0.1:40001", "127.0.0.1:6379");
            FakeConnection c2 = new FakeConnection("127.0.0.1:40002", "127.0.0.1:6380");
            FakeConnection c3 = new FakeConnection("127.0.0.1:40003", "127.0.0.1:6379");
            FakeConnection meConn = new FakeConnection("127.0.0.1:40004", "127.0.0.1:6379");
            Client a = h.newClient(c1);
            Client b = h.newClient(c2);
            Client p = h.newClient(c3);
            Client me = h.newClient(meConn);
            h.run(p, "SUBSCRIBE", "x");
            assertEquals(0L, h.run(me, "CLIENT", "KILL", "ID", "99999"));
            assertEquals(1L, h.run(me, "CLIENT", "KILL", "ID", Long.toString(a.id())));
            assertTrue(a.killed);
            assertEquals(1L, h.run(me, "CLIENT", "KILL", "LADDR", "127.0.0.1:6380"));
            assertTrue(b.killed);
            assertEquals(1L, h.run(me, "CLIENT", "KILL", "TYPE", "pubsub"));
            assertTrue(p.killed);
            assertEquals(Boolean.FALSE, c3.closedFlushing);
            // SKIPME yes by default: the caller survives a kill by address
            assertEquals(0L, h.run(me, "CLIENT", "KILL", "ADDR", "127.0.0.1:40004"));
            assertNull(meConn.closedFlushing);
            assertEquals(0L, h.run(me, "CLIENT", "KILL", "USER", "default", "SKIPME", "yes", "ID", "99999"));
            // an in-process client is forgotten at once
            Client inProcess = h.newClient();
            assertEquals(1L, h.run(me, "CLIENT", "KILL", "ID", Long.toString(inProcess.id())));
            assertNull(h.node.clients().byId(inProcess.id()));
            assertEquals(1L, h.run(me, "CLIENT", "KILL", "ADDR", "127.0.0.1:40004", "SKIPME", "no"));
            assertEquals(Boolean.TRUE, meConn.closedFlushing, "the caller closes after its reply");

            h.assertError("ERR client-id should be greater than 0", "CLIENT", "KILL", "ID", "abc");
            h.assertError("ERR client-id should be greater than 0", "CLIENT", "KILL", "ID", "0");
            h.assertError("ERR client-id should be greater than 0", "CLIENT", "KILL", "ID", "-5");
            h.assertError("ERR syntax error", "CLIENT", "KILL", "foo", "bar");
            h.assertError("ERR syntax error", "CLIENT", "KILL", "a", "b", "c");
            h.assertError("ERR syntax error", "CLIENT", "KILL", "ID", "1", "TYPE");
            h.assertError("ERR syntax error", "CLIENT", "KILL", "SKIPME", "maybe");
            h.assertError("ERR syntax error", "CLIENT", "KILL", "MAXAGE", "1");
            h.assertError("ERR Unknown client type 'foo'", "CLIENT", "KILL", "TYPE", "foo");
            h.assertError("ERR No such user 'nouser'", "CLIENT", "KILL", "USER", "nouser");
            h.assertError("ERR wrong number of arguments for 'client|kill' command", "CLIENT", "KILL");
        }
    }

    @Test
    void clientReplyOffSkipOn() {
        try (CommandHarness h = new CommandHarness()) {
            Client c = h.client;
            assertEquals(List.of(), h.runAll(c, "CLIENT", "REPLY", "SKIP"));
            assertEquals(List.of(), h.runAll(c, "PING"), "skipped");
            assertEquals(List.of("PONG"), h.runAll(c, "PING"));
            assertEquals(List.of(), h.runAll(c, "CLIENT", "REPLY", "OFF"));
            assertEquals(List.of(), h.runAll(c, "PING"));
            assertEquals(List.of(), h.runAll(c, "SET", "k", "v"));
            assertEquals(List.of(), h.runAll(c, "CLIENT", "REPLY", "SKIP"), "SKIP while OFF stays OFF");
            assertEquals(List.of(), h.runAll(c, "PING"));
            assertEquals(List.of(), h.runAll(c, "CLIENT", "REPLY", "FOO"), "errors are swallowed too");
            assertEquals(List.of("OK"), h.runAll(c, "CLIENT", "REPLY", "ON"));
            assertEquals(List.of("PONG"), h.runAll(c, "PING"));
            h.assertError("ERR syntax error", "CLIENT", "REPLY", "foo");
            // SKIP then ON: ON still answers, as Redis clears the flag first
            assertEquals(List.of(), h.runAll(c, "CLIENT", "REPLY", "SKIP"));
            assertEquals(List.of("OK"), h.runAll(c, "CLIENT", "REPLY", "ON"));
            assertEquals(List.of("PONG"), h.runAll(c, "PING"));
        }
    }

    @Test
    void clientNoEvict() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals("OK", h.run("CLIENT", "NO-EVICT", "on"));
            assertTrue(h.client.noEvict);
            assertTrue(((String) h.run("CLIENT", "INFO")).contains(" flags=e "));
            assertEquals("OK", h.run("CLIENT", "NO-EVICT", "OFF"));
            assertFalse(h.client.noEvict);
            h.assertError("ERR syntax error", "CLIENT", "NO-EVICT", "maybe");
        }
    }

    @Test
    void clientPauseErrors() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR timeout is not an integer or out of range", "CLIENT", "PAUSE", "abc");
            h.assertError("ERR timeout is not an integer or out of range", "CLIENT", "PAUSE",
                    "99999999999999999999");
            h.assertError("ERR timeout is negative", "CLIENT", "PAUSE", "-1");
            h.assertError("ERR CLIENT PAUSE mode must be WRITE or ALL", "CLIENT", "PAUSE", "10", "foo");
            h.assertError("ERR CLIENT PAUSE mode must be WRITE or ALL", "CLIENT", "PAUSE", "abc", "foo");
            h.assertError("ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.",
                    "CLIENT", "PAUSE", "10", "write", "extra");
            assertEquals(0, h.node.pause().endMillis(h.clock.millis()), "no pause after errors");
        }
    }

    private static byte[][] cmd(String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes();
        }
        return a;
    }

    @Test
    void clientPauseWriteHoldsWritesAndMayReplicate() {
        try (CommandHarness h = new CommandHarness()) {
            Client other = h.newClient();
            assertEquals("OK", h.run("CLIENT", "PAUSE", "1000", "WRITE"));
            Node n = h.node;
            assertTrue(n.isPaused(other, cmd("SET", "k", "v")));
            assertTrue(n.isPaused(other, cmd("set", "k", "v")));
            assertTrue(n.isPaused(other, cmd("PUBLISH", "c", "m")));
            assertTrue(n.isPaused(other, cmd("FLUSHALL")));
            assertFalse(n.isPaused(other, cmd("GET", "k")));
            assertFalse(n.isPaused(other, cmd("PING")));
            assertFalse(n.isPaused(other, cmd("MULTI")));
            assertFalse(n.isPaused(other, cmd("CLIENT", "UNPAUSE")));
            assertFalse(n.isPaused(other, cmd("NOSUCH")), "rejected at once");
            assertFalse(n.isPaused(other, cmd("SET", "k")), "wrong arity: rejected at once");
            // EXEC waits when a write is queued
            h.run(other, "MULTI");
            h.run(other, "GET", "k");
            assertFalse(n.isPaused(other, cmd("EXEC")));
            other.multi.add(new Client.Queued(n.commands().lookup("set"), cmd("SET", "k", "v")));
            assertTrue(n.isPaused(other, cmd("EXEC")));
            // the pause ends by itself
            h.clock.advance(1000);
            assertFalse(n.isPaused(other, cmd("SET", "k", "v")));
            assertEquals(0, n.pause().endMillis(h.clock.millis()));
        }
    }

    @Test
    void writePauseHoldsMayReplicateCommandsAsRedis70() {
        Handler none = ctx -> { };
        CommandTable t = CommandTable.build(List.of(b -> b.bind("eval", none).bind("eval_ro", none)
                .bind("evalsha", none).bind("fcall", none).bind("fcall_ro", none).bind("pfcount", none)
                .bind("spublish", none).bind("script|flush", none).bind("get", none)));
        for (String held : List.of("eval", "evalsha", "fcall", "pfcount", "spublish")) {
            assertTrue(io.quicksilver.core.command.server.ClientPause.holdsUnderWritePause(t.lookup(held)), held);
        }
        for (String free : List.of("eval_ro", "fcall_ro", "get")) {
            assertFalse(io.quicksilver.core.command.server.ClientPause.holdsUnderWritePause(t.lookup(free)), free);
        }
        assertFalse(io.quicksilver.core.command.server.ClientPause.holdsUnderWritePause(
                t.lookup("script").subcommand("flush")));
    }

    @Test
    void clientPauseAllHoldsEverythingUntilUnpause() {
        try (CommandHarness h = new CommandHarness()) {
            Client other = h.newClient();
            long start = h.clock.millis();
            assertEquals("OK", h.run("CLIENT", "PAUSE", "500"));
            assertTrue(h.node.isPaused(other, cmd("GET", "k")));
            assertTrue(h.node.isPaused(other, cmd("CLIENT", "UNPAUSE")), "as Redis, even UNPAUSE waits");
            assertEquals(start + 500, h.node.pause().endMillis(h.clock.millis()));
            // a shorter or milder pause does not shorten or weaken it
            assertEquals("OK", h.run("CLIENT", "PAUSE", "100", "WRITE"));
            assertEquals(start + 500, h.node.pause().endMillis(h.clock.millis()));
            assertTrue(h.node.isPaused(other, cmd("GET", "k")));
            assertEquals("OK", h.run("CLIENT", "PAUSE", "2000", "WRITE"));
            assertEquals(start + 2000, h.node.pause().endMillis(h.clock.millis()));
            assertTrue(h.node.isPaused(other, cmd("GET", "k")), "still ALL");
            assertEquals("OK", h.run("CLIENT", "UNPAUSE"));
            assertFalse(h.node.isPaused(other, cmd("SET", "k", "v")));
            // after an ALL pause ended, a new WRITE pause is only WRITE
            h.run("CLIENT", "PAUSE", "10", "ALL");
            h.clock.advance(20);
            h.run("CLIENT", "PAUSE", "100", "WRITE");
            assertFalse(h.node.isPaused(other, cmd("GET", "k")));
            assertTrue(h.node.isPaused(other, cmd("SET", "k", "v")));
            // a timeout of 0 pauses nothing
            h.run("CLIENT", "UNPAUSE");
            h.run("CLIENT", "PAUSE", "0");
            assertFalse(h.node.isPaused(other, cmd("GET", "k")));
        }
    }

    @Test
    void clientPauseDoesNotHoldUnauthenticatedCommands() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("CLIENT", "PAUSE", "1000");
            h.node.requirePass("secret");
            Client stranger = h.newClient();
            assertFalse(h.node.isPaused(stranger, cmd("GET", "k")), "NOAUTH is answered at once");
            assertTrue(h.node.isPaused(stranger, cmd("AUTH", "secret")));
        }
    }

    @Test
    void clientHelpListsImplementedSubcommandsOnly() {
        try (CommandHarness h = new CommandHarness()) {
            @SuppressWarnings("unchecked")
            List<String> help = (List<String>) h.run("client", "help");
            assertEquals("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help.get(0));
            assertEquals(List.of("GETNAME", "    Return the name of the current connection.", "ID",
                    "    Return the ID of the current connection.", "INFO",
                    "    Return information about the current client connection.",
                    "KILL <ip:port>", "    Kill connection made from <ip:port>."), help.subList(1, 9));
            assertTrue(help.contains("NO-EVICT (ON|OFF)"));
            assertFalse(help.contains("TRACKINGINFO"), "not implemented: not offered");
            assertFalse(help.stream().anyMatch(l -> l.startsWith("CACHING")));
            assertEquals(List.of("HELP", "    Prints this help."), help.subList(help.size() - 2, help.size()));
        }
    }

    @Test
    void unimplementedClientSubcommandsAreUnknown() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR unknown subcommand 'TRACKING'. Try CLIENT HELP.", "CLIENT", "TRACKING", "on");
            h.assertError("ERR unknown subcommand 'CACHING'. Try CLIENT HELP.", "CLIENT", "CACHING", "yes");
        }
    }
}
