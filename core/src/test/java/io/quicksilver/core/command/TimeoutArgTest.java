package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands' timeout argument, as redis-server 7.0.15 reads it (checked with BLPOP on the
 * reference: sub-millisecond timeouts round up to 1 ms, infinities and casts past 2^63 are
 * "negative", hex is accepted since strtold reads it).
 */
class TimeoutArgTest {

    private static long timeout(CommandHarness h, String arg) {
        byte[][] args = {"BLPOP".getBytes(StandardCharsets.US_ASCII), "k".getBytes(StandardCharsets.US_ASCII),
            arg.getBytes(StandardCharsets.US_ASCII)};
        Context ctx = new Context(h.node, h.client, args, new RecordingReply(2),
                h.node.commands().lookup("blpop"), false, false);
        return ctx.timeoutArg(2);
    }

    private static String error(CommandHarness h, String arg) {
        return assertThrows(CommandException.class, () -> timeout(h, arg)).getMessage();
    }

    @Test
    void readsSecondsAsRedisDoes() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(0, timeout(h, "0"));
            assertEquals(1500, timeout(h, "1.5"));
            assertEquals(1, timeout(h, "0.0001"));
            assertEquals(1, timeout(h, "1e-400"));
            assertEquals(16000, timeout(h, "0x10"));
            assertEquals(0, timeout(h, "-0.0001"), "ceil(-0.1 ms) is 0: wait forever");
            assertEquals(0, timeout(h, "9223372036854775"), "a deadline past the end of time");
            assertEquals("ERR timeout is negative", error(h, "-1"));
            assertEquals("ERR timeout is negative", error(h, "inf"));
            assertEquals("ERR timeout is negative", error(h, "-inf"));
            assertEquals("ERR timeout is negative", error(h, "9223372036854776"));
            assertEquals("ERR timeout is not a float or out of range", error(h, "1f"));
            assertEquals("ERR timeout is not a float or out of range", error(h, "x"));
            assertEquals("ERR timeout is not a float or out of range", error(h, "nan"));
            assertEquals("ERR timeout is not a float or out of range", error(h, " 1"));
        }
    }
}
