package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs commands in-memory against a fresh engine, through the real dispatcher and command table,
 * with a manual clock and no active expiry thread. One per test.
 *
 * <pre>
 * CommandHarness h = new CommandHarness();
 * assertEquals("OK", h.run("SET", "k", "v"));
 * assertEquals("v", h.run("GET", "k"));
 * h.assertError("ERR syntax error", "SET", "k", "v", "NX", "XX");
 * </pre>
 */
public final class CommandHarness implements AutoCloseable {
    public final ManualClock clock = new ManualClock();
    public final Engine engine = Engine.builder().clock(clock).activeExpiry(false).build();
    public final Node node = Commands.node(engine);
    public final Client client = node.clients().open(null, clock.millis());

    /** A second client on the same node (WATCH, pub/sub, CLIENT tests). */
    public Client newClient() {
        return node.clients().open(null, clock.millis());
    }

    /** A client on the same node whose pushes (pub/sub, MONITOR) go to {@code connection}. */
    public Client newClient(Client.Connection connection) {
        return node.clients().open(connection, clock.millis());
    }

    /** Runs a command as {@link #client} in RESP2 and returns its one reply. */
    public Object run(String... args) {
        return run(client, args);
    }

    public Object run(Client c, String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return run(c, a);
    }

    public Object run(Client c, byte[]... args) {
        RecordingReply r = new RecordingReply(c.protocol);
        c.lastInteractionMillis = clock.millis(); // what the connection does when it reads a command
        node.dispatcher().execute(c, args, r);
        List<Object> v = r.values();
        if (v.size() != 1) {
            throw new AssertionError("expected one reply, got " + v);
        }
        return v.get(0);
    }

    /** Runs a command and returns every value it wrote (none for CLIENT REPLY OFF). */
    public List<Object> runAll(Client c, String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        RecordingReply r = new RecordingReply(c.protocol);
        c.lastInteractionMillis = clock.millis();
        node.dispatcher().execute(c, a, r);
        return r.values();
    }

    public void assertError(String expected, String... args) {
        Object r = run(args);
        RecordingReply.Err e = assertInstanceOf(RecordingReply.Err.class, r, () -> "reply was " + r);
        assertEquals(expected, e.message());
    }

    @Override
    public void close() {
        engine.close();
    }
}
