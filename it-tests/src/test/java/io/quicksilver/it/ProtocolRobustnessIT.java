package io.quicksilver.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw bytes on a socket, to our server and to redis-server: malformed frames, inline commands,
 * huge declared lengths, clients that vanish mid-command, big pipelines. Both must answer the
 * same replies and close (or keep open) the connection alike, and our server must stay
 * responsive to other clients throughout.
 */
class ProtocolRobustnessIT {
    /** How long a connection must stay silent before we conclude the server waits for more. */
    private static final int QUIET_MS = 250;

    private static Endpoint ours;
    private static RedisReference ref;

    @BeforeAll
    static void start() {
        ref = RedisReference.start();
        ours = Servers.start();
    }

    @AfterAll
    static void stop() {
        if (ours != null) ours.close();
        if (ref != null) ref.close();
    }

    /** What a connection received after some bytes were sent: replies, then closed or still open. */
    record Transcript(List<Resp> replies, boolean closed) {
        @Override public String toString() {
            return replies + (closed ? " then closed" : " (still open)");
        }
    }

    /**
     * Sends {@code bytes} on a fresh connection to {@code port} and reads replies until the
     * server closes the connection or stays silent for {@link #QUIET_MS}.
     */
    private static Transcript transcript(int port, byte[] bytes) {
        try (RespClient c = new RespClient(port, QUIET_MS)) {
            c.writeRaw(bytes);
            List<Resp> replies = new ArrayList<>();
            while (true) {
                Resp r;
                try {
                    r = c.readOrEof();
                } catch (UncheckedIOException timeout) {
                    return new Transcript(replies, false);
                }
                if (r == null) return new Transcript(replies, true);
                replies.add(r);
            }
        }
    }

    /** The same bytes to both servers, in parallel; returns {ours, reference}. */
    private static Transcript[] both(byte[] bytes) {
        CompletableFuture<Transcript> o = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                o.complete(transcript(ours.port(), bytes));
            } catch (Throwable e) {
                o.completeExceptionally(e);
            }
        }, "transcript-ours");
        t.start();
        Transcript r = transcript(ref.port(), bytes);
        return new Transcript[] {o.join(), r};
    }

    private static void assertResponsive() {
        try (RespClient c = ours.client()) {
            assertEquals(new Resp.Simple("PONG"), c.call("PING"), "our server must keep serving other clients");
        }
    }

    private static byte[] b(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> frames() {
        return Stream.of(
                Arguments.of("non-numeric multibulk length", b("*abc\r\n")),
                Arguments.of("multibulk length with a space", b("*1 \r\n$4\r\nPING\r\n")),
                Arguments.of("multibulk length with leading zero", b("*01\r\n$4\r\nPING\r\n")),
                Arguments.of("multibulk length with plus sign", b("*+1\r\n$4\r\nPING\r\n")),
                Arguments.of("multibulk length over INT_MAX", b("*2147483648\r\n")),
                Arguments.of("multibulk line ended by LF only", b("*1\n$4\r\nPING\r\n")),
                Arguments.of("negative multibulk length is ignored", b("*-1\r\nPING\r\n")),
                Arguments.of("empty multibulk is ignored", b("*0\r\nPING\r\n")),
                Arguments.of("element is not a bulk string", b("*1\r\nfoo\r\n")),
                Arguments.of("element is a simple string", b("*1\r\n+PING\r\n")),
                Arguments.of("element is an integer", b("*1\r\n:1\r\n")),
                Arguments.of("non-numeric bulk length", b("*1\r\n$abc\r\n")),
                Arguments.of("negative bulk length", b("*1\r\n$-1\r\n")),
                Arguments.of("bulk length with plus sign", b("*1\r\n$+4\r\nPING\r\n")),
                Arguments.of("bulk length over proto-max-bulk-len", b("*1\r\n$536870913\r\n")),
                Arguments.of("bulk length at proto-max-bulk-len, no payload", b("*1\r\n$536870912\r\n")),
                Arguments.of("big multibulk count, elements never come", b("*1048577\r\n")),
                Arguments.of("command cut after its first element", b("*3\r\n$3\r\nSET\r\n")),
                Arguments.of("bulk payload cut short", b("*1\r\n$4\r\nPI")),
                Arguments.of("bulk payload followed by LF LF", b("*1\r\n$4\r\nPING\n\n")),
                Arguments.of("empty command name", b("*1\r\n$0\r\n\r\n")),
                Arguments.of("empty argument", b("*2\r\n$4\r\necho\r\n$0\r\n\r\n")),
                Arguments.of("multibulk then inline in one write", b("*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\nPING\r\n")),
                Arguments.of("top-level bulk is an inline command", b("$3\r\n")),
                Arguments.of("inline with double quotes", b("SET inl:k \"hello world\"\r\nGET inl:k\r\n")),
                Arguments.of("inline with single quotes", b("ECHO 'single quoted'\r\n")),
                Arguments.of("inline with escapes", b("ECHO \"esc\\x41\\n\\t\\\"q\\\"\"\r\n")),
                Arguments.of("inline escaped single quote", b("ECHO 'it\\'s'\r\n")),
                Arguments.of("inline unbalanced quotes", b("ECHO \"abc\r\nPING\r\n")),
                Arguments.of("inline closing quote followed by a char", b("ECHO \"a\"b\r\n")),
                Arguments.of("inline ended by LF only", b("PING\n")),
                Arguments.of("inline empty lines are ignored", b("\r\n\r\nPING\r\n")),
                Arguments.of("inline blank line is ignored", b("   \r\nPING\r\n")),
                Arguments.of("inline many spaces between arguments", b("ECHO    spaced\t\targ\r\n")),
                Arguments.of("inline unknown command", b("NOSUCH a 'b c'\r\n")),
                Arguments.of("inline wrong arity", b("GET\r\n")),
                Arguments.of("inline too big (no newline in 64 KiB)", b("x".repeat(70_000))),
                Arguments.of("inline mixed case", b("pInG hi\r\n")),
                Arguments.of("error then commands after it still run", b("*1\r\n$4\r\nNOPE\r\n*1\r\n$4\r\nPING\r\n")),
                Arguments.of("QUIT answers OK and closes before the next command", b("*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n")),
                Arguments.of("inline QUIT", b("QUIT\r\nPING\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void sameAnswerAsRedis(String name, byte[] bytes) {
        Transcript[] t = both(bytes);
        assertEquals(t[1], t[0], name + ": ours vs redis-server");
        assertResponsive();
    }

    static Stream<Arguments> unauthenticatedFrames() {
        return Stream.of(
                Arguments.of("multibulk longer than 10 before AUTH", b("*11\r\n")),
                Arguments.of("multibulk of 10 before AUTH waits", b("*10\r\n")),
                Arguments.of("bulk longer than 16384 before AUTH", b("*1\r\n$16385\r\n")),
                Arguments.of("bulk of 16384 before AUTH waits", b("*1\r\n$16384\r\n")),
                Arguments.of("command before AUTH", b("GET a\r\n")),
                Arguments.of("HELLO 3 before AUTH", b("HELLO 3\r\n")),
                Arguments.of("wrong password", b("AUTH nope\r\nGET a\r\n")),
                Arguments.of("after AUTH the limits are gone", b("*2\r\n$4\r\nAUTH\r\n$3\r\npw!\r\n*11\r\n")),
                Arguments.of("AUTH then a big bulk header", b("AUTH pw!\r\n*1\r\n$16385\r\n")),
                Arguments.of("QUIT before AUTH", b("QUIT\r\n")));
    }

    /** With requirepass, Redis caps frame sizes until the client authenticates. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticatedFrames")
    void unauthenticatedClientsAreLimitedAsInRedis(String name, byte[] bytes) {
        try (Endpoint secured = Servers.start("pw!");
             RedisReference securedRef = RedisReference.start(List.of("--requirepass", "pw!"))) {
            CompletableFuture<Transcript> o = CompletableFuture.supplyAsync(() -> transcript(secured.port(), bytes),
                    r -> new Thread(r, "transcript-ours").start());
            Transcript r = transcript(securedRef.port(), bytes);
            assertEquals(r, o.join(), name + ": ours vs redis-server");
        }
    }

    @Test
    void bigValuesRoundTrip() {
        byte[] big = new byte[8 << 20];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + (i >>> 13));
        try (RespClient c = new RespClient(ours.port(), 30_000)) {
            assertEquals(new Resp.Simple("OK"), c.call("SET", "big:v", big));
            assertEquals(Resp.Bulk.of(big), c.call("GET", "big:v"));
            assertEquals(new Resp.Int(big.length), c.call("STRLEN", "big:v"));
            byte[] slice = java.util.Arrays.copyOfRange(big, 5_000_000, 5_000_100);
            assertEquals(Resp.Bulk.of(slice), c.call("GETRANGE", "big:v", "5000000", "5000099"));
            assertEquals(new Resp.Int(big.length + 3), c.call("APPEND", "big:v", "end"));
            assertEquals(new Resp.Int(1), c.call("DEL", "big:v"));
        }
        assertResponsive();
    }

    @Test
    void manyConcurrentClients() throws Exception {
        int clients = 24;
        int perClient = 250;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < clients; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try (RespClient c = new RespClient(ours.port(), 10_000)) {
                    for (int i = 0; i < perClient; i++) {
                        c.write("INCR", "conc:counter");
                        c.write("MULTI");
                        c.write("INCR", "conc:a");
                        c.write("INCR", "conc:b");
                        c.write("EXEC");
                        c.write("SET", "conc:own:" + id, Integer.toString(i));
                    }
                    c.flush();
                    for (int i = 0; i < perClient; i++) {
                        if (!(c.read() instanceof Resp.Int)) throw new AssertionError("INCR");
                        assertEquals(new Resp.Simple("OK"), c.read());
                        assertEquals(new Resp.Simple("QUEUED"), c.read());
                        assertEquals(new Resp.Simple("QUEUED"), c.read());
                        Resp exec = c.read();
                        // MULTI is isolated: both counters were incremented together
                        Resp.Arr arr = (Resp.Arr) exec;
                        assertEquals(arr.get(0), arr.get(1), "a and b move together");
                        assertEquals(new Resp.Simple("OK"), c.read());
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "client-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join(60_000);
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.size() + " of " + clients + " clients failed (first: " + errors.get(0)
                    + "); our server's threads:\n" + Servers.threadDump(), errors.get(0));
        }
        try (RespClient c = ours.client()) {
            assertEquals(new Resp.Bulk(Integer.toString(clients * perClient)), c.call("GET", "conc:counter"));
            assertEquals(c.call("GET", "conc:a"), c.call("GET", "conc:b"));
            assertEquals(new Resp.Bulk(Integer.toString(perClient - 1)), c.call("GET", "conc:own:7"));
        }
    }

    @Test
    void hugeDeclaredBulkDoesNotBlockOthers() throws Exception {
        try (RespClient big = ours.client(); RespClient bigRef = ref.client()) {
            for (RespClient c : List.of(big, bigRef)) {
                c.writeRaw(b("*3\r\n$3\r\nSET\r\n$7\r\nhugekey\r\n$536870912\r\n"));
                c.writeRaw(new byte[1 << 20]); // 1 MiB of the promised 512 MiB, then nothing
            }
            for (int i = 0; i < 20; i++) assertResponsive();
            for (RespClient c : List.of(big, bigRef)) {
                c.timeout(QUIET_MS);
                assertThrows(UncheckedIOException.class, c::read, "nothing to answer yet");
            }
        }
        // the client went away mid-payload: nothing was stored, the server still serves
        Thread.sleep(100);
        try (RespClient c = ours.client(); RespClient r = ref.client()) {
            assertEquals(r.call("EXISTS", "hugekey"), c.call("EXISTS", "hugekey"));
            assertEquals(new Resp.Int(0), c.call("EXISTS", "hugekey"));
        }
        assertResponsive();
    }

    private static void assertThrows(Class<? extends Throwable> type, Runnable r, String message) {
        org.junit.jupiter.api.Assertions.assertThrows(type, r::run, message);
    }

    @Test
    void clientDisconnectingMidCommand() throws Exception {
        byte[] bytes = b("*3\r\n$3\r\nSET\r\n$6\r\nmid:ok\r\n$1\r\n1\r\n"
                + "*3\r\n$3\r\nSET\r\n$7\r\nmid:cut\r\n$5\r\nhel");
        for (Endpoint e : List.of(ours, ref)) {
            try (RespClient c = e.client()) {
                c.writeRaw(bytes);
                assertEquals(new Resp.Simple("OK"), c.read());
            }
        }
        // a client that closes with a command in flight and unread replies
        for (Endpoint e : List.of(ours, ref)) {
            RespClient c = e.client();
            ByteArrayOutputStream many = new ByteArrayOutputStream();
            for (int i = 0; i < 2000; i++) many.writeBytes(RespClient.encode("INCR", "mid:counter"));
            many.writeBytes(b("*2\r\n$3\r\nGET\r\n$1"));
            c.writeRaw(many.toByteArray());
            c.close();
        }
        Thread.sleep(200);
        try (RespClient c = ours.client(); RespClient r = ref.client()) {
            for (String k : List.of("mid:ok", "mid:cut")) {
                assertEquals(r.call("EXISTS", k), c.call("EXISTS", k), k);
            }
            assertEquals(new Resp.Int(1), c.call("EXISTS", "mid:ok"));
            assertEquals(new Resp.Int(0), c.call("EXISTS", "mid:cut"));
            // how many INCRs ran before the server noticed the client was gone is timing (Redis
            // stops at the first failed write): only that it is an integer within bounds
            Resp counter = c.call("GET", "mid:counter");
            long ran = counter instanceof Resp.Bulk bulk ? Long.parseLong(bulk.utf8()) : 0;
            assertTrue(ran >= 0 && ran <= 2000, "counter " + counter);
        }
        assertResponsive();
    }

    @Test
    void halfClosedClientGetsAllRepliesAndPartialCommandIsDropped() {
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) many.writeBytes(RespClient.encode("INCR", "half:counter"));
        many.writeBytes(b("*3\r\n$3\r\nSET\r\n$8\r\nhalf:cut\r\n$5\r\nhel"));
        byte[] bytes = many.toByteArray();
        List<Transcript> results = new ArrayList<>();
        for (Endpoint e : List.of(ours, ref)) {
            try (RespClient c = new RespClient(e.port(), 10_000)) {
                c.writeRaw(bytes);
                c.shutdownOutput(); // EOF after the partial command
                List<Resp> replies = new ArrayList<>();
                Resp r;
                while ((r = c.readOrEof()) != null) replies.add(r);
                results.add(new Transcript(replies, true));
            }
        }
        assertEquals(results.get(1), results.get(0));
        assertEquals(500, results.get(0).replies().size());
        assertEquals(new Resp.Int(500), results.get(0).replies().get(499));
        try (RespClient c = ours.client()) {
            assertEquals(new Resp.Int(0), c.call("EXISTS", "half:cut"));
        }
    }

    @Test
    void thousandPipelinedCommandsInOneWrite() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 0;
        out.writeBytes(RespClient.encode("DEL", "pl:counter", "pl:list"));
        n++;
        for (int i = 0; i < 1000; i++) {
            switch (i % 7) {
                case 0 -> out.writeBytes(RespClient.encode("SET", "pl:" + i, "v" + i));
                case 1 -> out.writeBytes(RespClient.encode("INCR", "pl:counter"));
                case 2 -> out.writeBytes(RespClient.encode("GET", "pl:" + (i - 2)));
                case 3 -> out.writeBytes(b("PING inline" + i + "\r\n"));
                case 4 -> out.writeBytes(RespClient.encode("NOSUCHCOMMAND", "x"));
                case 5 -> out.writeBytes(RespClient.encode("APPEND", "pl:" + (i - 5), "+"));
                default -> out.writeBytes(RespClient.encode("MGET", "pl:" + (i - 6), "pl:missing", "pl:counter"));
            }
            n++;
        }
        byte[] bytes = out.toByteArray();
        List<List<Resp>> results = new ArrayList<>();
        for (Endpoint e : List.of(ours, ref)) {
            try (RespClient c = new RespClient(e.port(), 10_000)) {
                c.writeRaw(bytes); // one write
                List<Resp> replies = new ArrayList<>();
                for (int i = 0; i < n; i++) replies.add(c.read());
                c.timeout(QUIET_MS);
                assertThrows(UncheckedIOException.class, c::read, "no reply beyond one per command");
                results.add(replies);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(results.get(1).get(i), results.get(0).get(i), "reply " + i);
        }
        assertEquals(new Resp.Int(143), results.get(0).get(1 + 995)); // INCR on the 143rd (i=995) round
        assertResponsive();
    }

    @Test
    void pipelineSplitAcrossManyTinyWrites() throws Exception {
        byte[] bytes = b("*3\r\n$3\r\nSET\r\n$4\r\ntiny\r\n$5\r\nvalue\r\n*2\r\n$3\r\nGET\r\n$4\r\ntiny\r\nPING\r\n");
        List<List<Resp>> results = new ArrayList<>();
        for (Endpoint e : List.of(ours, ref)) {
            try (RespClient c = e.client()) {
                for (byte x : bytes) {
                    c.writeRaw(new byte[] {x});
                }
                results.add(List.of(c.read(), c.read(), c.read()));
            }
        }
        assertEquals(results.get(1), results.get(0));
        assertEquals(List.of(new Resp.Simple("OK"), new Resp.Bulk("value"), new Resp.Simple("PONG")), results.get(0));
    }
}
