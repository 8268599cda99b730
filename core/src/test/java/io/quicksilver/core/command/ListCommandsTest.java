package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.type.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The non-blocking list commands through the real dispatcher. Every test runs twice: with the
 * default list-max-listpack-size (-2: 8 KiB nodes, small lists in one node) and with 1 (one
 * element per quicklist node), so node boundaries are crossed everywhere. Expected replies,
 * errors and event sequences were taken from redis-server 7.0.15.
 */
class ListCommandsTest {

    private static CommandHarness harness(long fill) {
        CommandHarness h = new CommandHarness();
        h.engine.encodings().listMaxListpackSize = fill;
        return h;
    }

    private static List<Object> l(Object... items) {
        return Arrays.asList(items);
    }

    private static final String WRONGTYPE = Errors.WRONGTYPE;

    /** The RESP shape of a reply: "$-1" null bulk, "*-1" null array, "_" RESP3 null, "*2", "$a"... */
    static final class Shapes implements Reply {
        final List<String> out = new ArrayList<>();
        private final int protocol;

        Shapes(int protocol) {
            this.protocol = protocol;
        }

        @Override public void simple(String s) { out.add("+" + s); }
        @Override public void error(String m) { out.add("-" + m); }
        @Override public void integer(long v) { out.add(":" + v); }
        @Override public void bulk(byte[] v) { out.add("$" + new String(v, StandardCharsets.UTF_8)); }
        @Override public void bulk(byte[] v, int o, int n) { out.add("$" + new String(v, o, n, StandardCharsets.UTF_8)); }
        @Override public void nullBulk() { out.add(protocol == 3 ? "_" : "$-1"); }
        @Override public void nullArray() { out.add(protocol == 3 ? "_" : "*-1"); }
        @Override public void array(int n) { out.add("*" + n); }
        @Override public void map(int n) { out.add("%" + n); }
        @Override public void set(int n) { out.add("~" + n); }
        @Override public void push(int n) { out.add(">" + n); }
        @Override public void doubleValue(double v) { out.add("," + v); }
        @Override public void bool(boolean v) { out.add("#" + v); }
        @Override public void verbatim(String f, byte[] v) { out.add("=" + new String(v, StandardCharsets.UTF_8)); }
        @Override public void bigNumber(String d) { out.add("(" + d); }
        @Override public int protocol() { return protocol; }
    }

    static List<String> shape(CommandHarness h, Client c, String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        Shapes s = new Shapes(c.protocol);
        h.node.dispatcher().execute(c, a, s);
        return s.out;
    }

    /** Records "key event" (as redis-cli prints keyspace messages) for every event of the engine. */
    private static List<String> recordEvents(CommandHarness h) {
        List<String> events = new ArrayList<>();
        h.engine.addListener((db, key, type, event) -> {
            if (!event.equals("keymiss")) {
                events.add(new String(key, StandardCharsets.UTF_8) + " " + event);
            }
        });
        return events;
    }

    // ---------------------------------------------------------------- push / pop

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void pushesReplyTheLengthAndKeepOrder(long fill) {
        try (CommandHarness h = harness(fill)) {
            assertEquals(3L, h.run("RPUSH", "l", "a", "b", "c"));
            assertEquals(5L, h.run("LPUSH", "l", "y", "z"));
            assertEquals(l("z", "y", "a", "b", "c"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals(6L, h.run("LPUSHX", "l", "x"));
            assertEquals(7L, h.run("RPUSHX", "l", "d"));
            assertEquals(0L, h.run("LPUSHX", "nol", "x"));
            assertEquals(0L, h.run("RPUSHX", "nol", "x"));
            assertEquals(0L, h.run("EXISTS", "nol"));
            assertEquals(l("x", "z", "y", "a", "b", "c", "d"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals("list", h.run("TYPE", "l"));
            assertEquals("quicklist", h.run("OBJECT", "ENCODING", "l"));
            h.assertError("ERR wrong number of arguments for 'lpush' command", "LPUSH", "l");
            h.assertError("ERR wrong number of arguments for 'rpushx' command", "RPUSHX", "l");
            h.run("SET", "s", "v");
            h.assertError(WRONGTYPE, "LPUSH", "s", "a");
            h.assertError(WRONGTYPE, "RPUSH", "s", "a");
            h.assertError(WRONGTYPE, "LPUSHX", "s", "a");
            h.assertError(WRONGTYPE, "RPUSHX", "s", "a");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void popWithAndWithoutCount(long fill) {
        try (CommandHarness h = harness(fill)) {
            h.run("RPUSH", "l", "a", "b", "c", "d", "e");
            assertEquals("a", h.run("LPOP", "l"));
            assertEquals("e", h.run("RPOP", "l"));
            assertEquals(l("b", "c"), h.run("LPOP", "l", "2"));
            h.run("RPUSH", "l", "x", "y");
            assertEquals(l("y", "x", "d"), h.run("RPOP", "l", "3"), "RPOP with a count starts at the tail");
            assertEquals(0L, h.run("EXISTS", "l"));
            h.run("RPUSH", "l", "a", "b", "c");
            assertEquals(l(), h.run("LPOP", "l", "0"));
            assertEquals(l("a", "b", "c"), h.run("LPOP", "l", "10"));
            assertEquals(0L, h.run("EXISTS", "l"));
            h.assertError("ERR value is out of range, must be positive", "LPOP", "l", "-1");
            h.assertError("ERR value is out of range, must be positive", "RPOP", "l", "x");
            h.assertError("ERR wrong number of arguments for 'lpop' command", "LPOP", "l", "1", "2");
            h.run("SET", "s", "v");
            // the count is checked before the key, the type after it even for count 0
            h.assertError("ERR value is out of range, must be positive", "LPOP", "s", "-1");
            h.assertError(WRONGTYPE, "LPOP", "s", "0");
            h.assertError(WRONGTYPE, "RPOP", "s");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void missingKeyNullShapes(long fill) {
        try (CommandHarness h = harness(fill)) {
            assertEquals(List.of("$-1"), shape(h, h.client, "LPOP", "missing"));
            assertEquals(List.of("*-1"), shape(h, h.client, "LPOP", "missing", "2"));
            assertEquals(List.of("*-1"), shape(h, h.client, "RPOP", "missing", "0"));
            assertEquals(List.of("*-1"), shape(h, h.client, "LMPOP", "1", "missing", "LEFT"));
            assertEquals(List.of("$-1"), shape(h, h.client, "LMOVE", "missing", "d", "LEFT", "LEFT"));
            assertEquals(List.of("$-1"), shape(h, h.client, "RPOPLPUSH", "missing", "d"));
            assertEquals(List.of("$-1"), shape(h, h.client, "LINDEX", "missing", "0"));
            assertEquals(List.of("$-1"), shape(h, h.client, "LPOS", "missing", "a"));
            assertEquals(List.of("*0"), shape(h, h.client, "LPOS", "missing", "a", "COUNT", "1"));
            assertEquals(List.of("*0"), shape(h, h.client, "LRANGE", "missing", "0", "-1"));
            h.run("RPUSH", "l", "a", "b");
            assertEquals(List.of("*0"), shape(h, h.client, "LPOP", "l", "0"));
            assertEquals(List.of("$-1"), shape(h, h.client, "LPOS", "l", "x"));
            h.client.protocol = 3;
            assertEquals(List.of("_"), shape(h, h.client, "LPOP", "missing"));
            assertEquals(List.of("_"), shape(h, h.client, "LPOP", "missing", "2"));
            assertEquals(List.of("_"), shape(h, h.client, "LMPOP", "1", "missing", "LEFT"));
            assertEquals(List.of("*0"), shape(h, h.client, "LPOP", "l", "0"));
            assertEquals(List.of("*2", "$l", "*2", "$a", "$b"),
                    shape(h, h.client, "LMPOP", "1", "l", "LEFT", "COUNT", "5"), "an array, not a map, in RESP3");
        }
    }

    // ---------------------------------------------------------------- reads

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void llenLrangeLindex(long fill) {
        try (CommandHarness h = harness(fill)) {
            assertEquals(0L, h.run("LLEN", "l"));
            h.run("RPUSH", "l", "a", "b", "c", "d");
            assertEquals(4L, h.run("LLEN", "l"));
            assertEquals(l("b", "c"), h.run("LRANGE", "l", "1", "2"));
            assertEquals(l("c", "d"), h.run("LRANGE", "l", "-2", "100"));
            assertEquals(l("a", "b", "c", "d"), h.run("LRANGE", "l", "-100", "100"));
            assertEquals(l(), h.run("LRANGE", "l", "3", "1"));
            assertEquals(l(), h.run("LRANGE", "l", "4", "10"));
            assertEquals(l("a"), h.run("LRANGE", "l", "-9223372036854775808", "0"));
            assertEquals(l(), h.run("LRANGE", "l", "0", "-9223372036854775808"));
            assertEquals("a", h.run("LINDEX", "l", "0"));
            assertEquals("d", h.run("LINDEX", "l", "-1"));
            assertEquals("b", h.run("LINDEX", "l", "-3"));
            assertEquals(null, h.run("LINDEX", "l", "4"));
            assertEquals(null, h.run("LINDEX", "l", "-5"));
            h.assertError(Errors.NOT_INTEGER, "LRANGE", "l", "x", "1");
            h.assertError(Errors.NOT_INTEGER, "LRANGE", "missing", "0", "1.5");
            h.assertError(Errors.NOT_INTEGER, "LINDEX", "l", "x");
            // LINDEX looks the key up before it parses the index
            assertEquals(null, h.run("LINDEX", "missing", "x"));
            h.run("SET", "s", "v");
            h.assertError(WRONGTYPE, "LLEN", "s");
            h.assertError(WRONGTYPE, "LRANGE", "s", "0", "1");
            h.assertError(WRONGTYPE, "LINDEX", "s", "x");
            h.assertError(Errors.NOT_INTEGER, "LRANGE", "s", "x", "1");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void integersAndStringsComeBackAsGiven(long fill) {
        try (CommandHarness h = harness(fill)) {
            String[] values = {"0", "-0", "007", "+1", "12", "-4096", "65536", "9223372036854775807",
                "-9223372036854775808", "9223372036854775808", "", "x".repeat(100), "1.5"};
            String[] args = new String[values.length + 2];
            args[0] = "RPUSH";
            args[1] = "l";
            System.arraycopy(values, 0, args, 2, values.length);
            h.run(args);
            assertEquals(Arrays.asList((Object[]) values), h.run("LRANGE", "l", "0", "-1"));
            assertEquals(0L, h.run("LPOS", "l", "0"));
            assertEquals(1L, h.run("LPOS", "l", "-0"));
            assertEquals(null, h.run("LPOS", "l", "7"));
            assertEquals(4L, h.run("LPOS", "l", "12"));
            assertEquals(null, h.run("LPOS", "l", "012"));
        }
    }

    // ---------------------------------------------------------------- edits

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void lset(long fill) {
        try (CommandHarness h = harness(fill)) {
            h.assertError("ERR no such key", "LSET", "nokey", "0", "a");
            h.assertError("ERR no such key", "LSET", "nokey", "x", "a");
            h.run("RPUSH", "l", "a", "b", "c");
            assertEquals("OK", h.run("LSET", "l", "0", "A"));
            assertEquals("OK", h.run("LSET", "l", "-1", "C".repeat(5000)));
            assertEquals("OK", h.run("LSET", "l", "1", "12345"));
            assertEquals(l("A", "12345", "C".repeat(5000)), h.run("LRANGE", "l", "0", "-1"));
            h.assertError("ERR index out of range", "LSET", "l", "3", "a");
            h.assertError("ERR index out of range", "LSET", "l", "-4", "a");
            h.assertError(Errors.NOT_INTEGER, "LSET", "l", "x", "a");
            h.run("SET", "s", "v");
            h.assertError(WRONGTYPE, "LSET", "s", "x", "a");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void linsert(long fill) {
        try (CommandHarness h = harness(fill)) {
            assertEquals(0L, h.run("LINSERT", "nokey", "BEFORE", "a", "b"));
            h.run("RPUSH", "l", "a", "b", "a");
            assertEquals(4L, h.run("LINSERT", "l", "before", "a", "x"));
            assertEquals(5L, h.run("LINSERT", "l", "AFTER", "a", "y"));
            assertEquals(6L, h.run("LINSERT", "l", "after", "a", "z"));
            assertEquals(l("x", "a", "z", "y", "b", "a"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals(-1L, h.run("LINSERT", "l", "BEFORE", "nope", "q"));
            h.assertError(Errors.SYNTAX, "LINSERT", "l", "middle", "a", "b");
            h.assertError(Errors.SYNTAX, "LINSERT", "nokey", "middle", "a", "b");
            h.run("SET", "s", "v");
            h.assertError(WRONGTYPE, "LINSERT", "s", "before", "a", "b");
            h.assertError(Errors.SYNTAX, "LINSERT", "s", "foo", "a", "b");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void lrem(long fill) {
        try (CommandHarness h = harness(fill)) {
            assertEquals(0L, h.run("LREM", "nokey", "1", "a"));
            h.assertError(Errors.NOT_INTEGER, "LREM", "nokey", "x", "a");
            h.run("RPUSH", "l", "a", "b", "a", "c", "a", "d", "a");
            assertEquals(2L, h.run("LREM", "l", "2", "a"));
            assertEquals(l("b", "c", "a", "d", "a"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals(1L, h.run("LREM", "l", "-1", "a"));
            assertEquals(l("b", "c", "a", "d"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals(0L, h.run("LREM", "l", "0", "zz"));
            h.run("RPUSH", "l", "a", "a");
            assertEquals(3L, h.run("LREM", "l", "0", "a"));
            assertEquals(l("b", "c", "d"), h.run("LRANGE", "l", "0", "-1"));
            h.run("RPUSH", "p", "a", "b", "a", "c", "a", "d", "a");
            assertEquals(4L, h.run("LREM", "p", "-9223372036854775808", "a"));
            assertEquals(l("b", "c", "d"), h.run("LRANGE", "p", "0", "-1"));
            assertEquals(1L, h.run("LREM", "p", "0", "b"));
            assertEquals(1L, h.run("LREM", "p", "0", "c"));
            assertEquals(1L, h.run("LREM", "p", "0", "d"));
            assertEquals(0L, h.run("EXISTS", "p"));
            h.run("SET", "s", "v");
            h.assertError(WRONGTYPE, "LREM", "s", "0", "a");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void ltrim(long fill) {
        try (CommandHarness h = harness(fill)) {
            assertEquals("OK", h.run("LTRIM", "nokey", "0", "1"));
            h.assertError(Errors.NOT_INTEGER, "LTRIM", "nokey", "x", "1");
            h.run("RPUSH", "l", "a", "b", "c", "d", "e", "f");
            assertEquals("OK", h.run("LTRIM", "l", "1", "-2"));
            assertEquals(l("b", "c", "d", "e"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals("OK", h.run("LTRIM", "l", "-100", "100"));
            assertEquals(l("b", "c", "d", "e"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals("OK", h.run("LTRIM", "l", "2", "2"));
            assertEquals(l("d"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals("OK", h.run("LTRIM", "l", "10", "20"));
            assertEquals(0L, h.run("EXISTS", "l"));
            h.run("RPUSH", "l", "a", "b");
            assertEquals("OK", h.run("LTRIM", "l", "1", "0"));
            assertEquals(0L, h.run("EXISTS", "l"));
            h.run("SET", "s", "v");
            h.assertError(WRONGTYPE, "LTRIM", "s", "0", "1");
        }
    }

    // ---------------------------------------------------------------- LPOS

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void lpos(long fill) {
        try (CommandHarness h = harness(fill)) {
            h.run("RPUSH", "p", "a", "b", "a", "c", "a", "d", "a");
            assertEquals(0L, h.run("LPOS", "p", "a"));
            assertEquals(2L, h.run("LPOS", "p", "a", "RANK", "2"));
            assertEquals(6L, h.run("LPOS", "p", "a", "RANK", "-1"));
            assertEquals(null, h.run("LPOS", "p", "a", "RANK", "5"));
            assertEquals(l(0L, 2L), h.run("LPOS", "p", "a", "COUNT", "2"));
            assertEquals(l(0L, 2L, 4L, 6L), h.run("LPOS", "p", "a", "COUNT", "0"));
            assertEquals(l(4L, 2L), h.run("LPOS", "p", "a", "RANK", "-2", "COUNT", "2"));
            assertEquals(l(2L, 4L), h.run("LPOS", "p", "a", "RANK", "2", "COUNT", "0", "MAXLEN", "5"));
            assertEquals(l(6L, 4L), h.run("LPOS", "p", "a", "RANK", "-1", "COUNT", "0", "MAXLEN", "3"));
            assertEquals(null, h.run("LPOS", "p", "d", "MAXLEN", "5"));
            assertEquals(5L, h.run("LPOS", "p", "d", "MAXLEN", "6"));
            // RANK LONG_MIN: -rank overflows as in C, every match qualifies, counted from the tail
            assertEquals(6L, h.run("LPOS", "p", "a", "RANK", "-9223372036854775808"));
            assertEquals(l(6L, 4L, 2L, 0L), h.run("LPOS", "p", "a", "RANK", "-9223372036854775808", "COUNT", "2"));
            assertEquals(l(), h.run("LPOS", "p", "a", "RANK", "9223372036854775807", "COUNT", "2"));
            h.assertError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second "
                    + "... or use negative to start from the end of the list", "LPOS", "p", "a", "RANK", "0");
            h.assertError("ERR COUNT can't be negative", "LPOS", "p", "a", "COUNT", "-1");
            h.assertError("ERR COUNT can't be negative", "LPOS", "p", "a", "COUNT", "x");
            h.assertError("ERR MAXLEN can't be negative", "LPOS", "p", "a", "MAXLEN", "-1");
            h.assertError("ERR MAXLEN can't be negative", "LPOS", "p", "a", "MAXLEN", "x");
            h.assertError(Errors.NOT_INTEGER, "LPOS", "p", "a", "RANK", "x");
            h.assertError(Errors.SYNTAX, "LPOS", "p", "a", "RANK");
            h.assertError(Errors.SYNTAX, "LPOS", "p", "a", "foo");
            h.run("SET", "s", "v");
            h.assertError(WRONGTYPE, "LPOS", "s", "a");
            // options are checked before the type
            h.assertError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second "
                    + "... or use negative to start from the end of the list", "LPOS", "s", "a", "RANK", "0");
        }
    }

    // ---------------------------------------------------------------- LMOVE / LMPOP

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void lmoveAndRpoplpush(long fill) {
        try (CommandHarness h = harness(fill)) {
            h.run("RPUSH", "l", "a", "b", "c");
            assertEquals("a", h.run("LMOVE", "l", "d", "LEFT", "RIGHT"));
            assertEquals("c", h.run("RPOPLPUSH", "l", "d"));
            assertEquals(l("c", "a"), h.run("LRANGE", "d", "0", "-1"));
            assertEquals("b", h.run("LMOVE", "l", "d", "right", "left"));
            assertEquals(0L, h.run("EXISTS", "l"));
            assertEquals(l("b", "c", "a"), h.run("LRANGE", "d", "0", "-1"));
            // rotation of one list
            assertEquals("b", h.run("LMOVE", "d", "d", "LEFT", "RIGHT"));
            assertEquals(l("c", "a", "b"), h.run("LRANGE", "d", "0", "-1"));
            assertEquals("b", h.run("RPOPLPUSH", "d", "d"));
            assertEquals(l("b", "c", "a"), h.run("LRANGE", "d", "0", "-1"));
            h.run("RPUSH", "one", "x");
            assertEquals("x", h.run("LMOVE", "one", "one", "LEFT", "LEFT"));
            assertEquals(l("x"), h.run("LRANGE", "one", "0", "-1"));
            h.assertError(Errors.SYNTAX, "LMOVE", "d", "e", "up", "left");
            h.assertError(Errors.SYNTAX, "LMOVE", "d", "e", "left", "down");
            h.run("SET", "s", "v");
            h.assertError(WRONGTYPE, "LMOVE", "s", "d", "LEFT", "LEFT");
            h.assertError(WRONGTYPE, "LMOVE", "d", "s", "LEFT", "LEFT");
            h.assertError(WRONGTYPE, "RPOPLPUSH", "d", "s");
            assertEquals(l("b", "c", "a"), h.run("LRANGE", "d", "0", "-1"), "nothing moved on WRONGTYPE");
            assertEquals(null, h.run("LMOVE", "missing", "s", "LEFT", "LEFT"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void lmpop(long fill) {
        try (CommandHarness h = harness(fill)) {
            h.run("RPUSH", "a", "1", "2", "3");
            h.run("RPUSH", "b", "x");
            assertEquals(l("a", l("1")), h.run("LMPOP", "2", "none", "a", "LEFT"));
            assertEquals(l("a", l("3", "2")), h.run("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "5"));
            assertEquals(0L, h.run("EXISTS", "a"));
            assertEquals(l("b", l("x")), h.run("LMPOP", "2", "a", "b", "left", "count", "1"));
            assertEquals(null, h.run("LMPOP", "2", "a", "b", "LEFT"));
            h.assertError("ERR numkeys should be greater than 0", "LMPOP", "0", "a", "LEFT");
            h.assertError("ERR numkeys should be greater than 0", "LMPOP", "x", "a", "LEFT");
            h.assertError("ERR numkeys should be greater than 0", "LMPOP", "-1", "a", "LEFT");
            h.assertError(Errors.SYNTAX, "LMPOP", "2", "a", "LEFT");
            h.assertError(Errors.SYNTAX, "LMPOP", "9223372036854775807", "a", "LEFT");
            h.assertError(Errors.SYNTAX, "LMPOP", "1", "a", "UP");
            h.assertError(Errors.SYNTAX, "LMPOP", "1", "a", "LEFT", "COUNT");
            h.assertError(Errors.SYNTAX, "LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "1");
            h.assertError(Errors.SYNTAX, "LMPOP", "1", "a", "LEFT", "foo");
            h.assertError("ERR count should be greater than 0", "LMPOP", "1", "a", "LEFT", "COUNT", "0");
            h.assertError("ERR count should be greater than 0", "LMPOP", "1", "a", "LEFT", "COUNT", "x");
            h.run("SET", "s", "v");
            h.run("RPUSH", "l", "a");
            h.assertError(WRONGTYPE, "LMPOP", "2", "nokey", "s", "LEFT");
            assertEquals(l("l", l("a")), h.run("LMPOP", "2", "l", "s", "LEFT"), "a later wrong type is not looked at");
        }
    }

    // ---------------------------------------------------------------- events, memory, WATCH

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void eventsAsRedis(long fill) {
        try (CommandHarness h = harness(fill)) {
            List<String> events = recordEvents(h);
            for (String c : new String[] {"rpush l a b c", "lpush l z", "lpushx l y", "rpushx nol y", "lpop l",
                "rpop l 2", "lpop l 0", "linsert l before a q", "linsert l before nope q", "lset l 0 w",
                "lrem l 1 nope", "lrem l 0 w", "ltrim l 0 -1", "ltrim l 5 10", "rpush l a b", "lmove l d left right",
                "rpoplpush l d", "lmove d d left left", "lmpop 1 d right count 5", "rpush s x", "lmove s s left left",
                "rpush m 1", "blpop m 0", "rpush m 1 2", "blmpop 0 1 m left count 5", "rpush l2 a b",
                "ltrim l2 1 0"}) {
                h.run(c.split(" "));
            }
            // recorded from redis-server 7.0.15 with notify-keyspace-events KAn
            String expected = "l new l rpush l lpush l lpush l lpop l rpop l linsert l lset l lrem l ltrim l ltrim l del "
                    + "l new l rpush d new d rpush l lpop d lpush l rpop l del d lpush d lpop d rpop d del s new s rpush "
                    + "s lpush s lpop m new m rpush m lpop m del m new m rpush m lpop m del l2 new l2 rpush l2 ltrim l2 del";
            List<String> want = new ArrayList<>();
            String[] w = expected.split(" ");
            for (int i = 0; i < w.length; i += 2) {
                want.add(w[i] + " " + w[i + 1]);
            }
            assertEquals(want, events);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void dirtyCountsAsRedis(long fill) {
        try (CommandHarness h = harness(fill)) {
            long d0 = h.engine.stats().dirty.sum();
            h.run("RPUSH", "l", "a", "b", "c", "d");
            assertEquals(4, h.engine.stats().dirty.sum() - d0);
            h.run("LPOP", "l", "3");
            assertEquals(7, h.engine.stats().dirty.sum() - d0);
            h.run("LMOVE", "l", "x", "LEFT", "LEFT");
            assertEquals(8, h.engine.stats().dirty.sum() - d0);
            h.run("LTRIM", "x", "0", "-1");
            assertEquals(8, h.engine.stats().dirty.sum() - d0);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void watchSeesListChanges(long fill) {
        try (CommandHarness h = harness(fill)) {
            Client other = h.newClient();
            h.run("RPUSH", "l", "a", "b");
            for (String[] change : new String[][] {{"LPOP", "l"}, {"LINSERT", "l", "BEFORE", "b", "x"},
                {"LSET", "l", "0", "y"}, {"LTRIM", "l", "0", "-1"}, {"LREM", "l", "0", "y"},
                {"RPOPLPUSH", "l", "l"}}) {
                h.run("WATCH", "l");
                h.run(other, change);
                h.run("MULTI");
                h.run("LLEN", "l");
                assertEquals(null, h.run("EXEC"), "WATCH aborted by " + String.join(" ", change));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void usedMemoryFollowsTheList(long fill) {
        try (CommandHarness h = harness(fill)) {
            long empty = h.engine.db(0).usedBytes();
            String[] args = new String[1002];
            args[0] = "RPUSH";
            args[1] = "l";
            for (int i = 0; i < 1000; i++) {
                args[i + 2] = "member:" + i;
            }
            h.run(args);
            long full = h.engine.db(0).usedBytes();
            assertTrue(full - empty > 12_000, "1000 members counted: " + (full - empty));
            h.run("LTRIM", "l", "0", "9");
            long trimmed = h.engine.db(0).usedBytes();
            assertTrue(trimmed < full, "trim released memory");
            h.run("LPOP", "l", "10");
            assertEquals(empty, h.engine.db(0).usedBytes(), "nothing left counted after the list is gone");
            h.run("RPUSH", "a", "x");
            h.run("LMOVE", "a", "b", "LEFT", "LEFT");
            h.run("RPOPLPUSH", "b", "b");
            h.run("DEL", "b");
            assertEquals(empty, h.engine.db(0).usedBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void copyIsDeepAndRenameKeepsTheList(long fill) {
        try (CommandHarness h = harness(fill)) {
            h.run("RPUSH", "l", "a", "b", "c");
            assertEquals(1L, h.run("COPY", "l", "l2"));
            assertEquals(4L, h.run("RPUSH", "l2", "d"));
            assertEquals("d", h.run("LMOVE", "l2", "l2", "RIGHT", "LEFT"));
            assertEquals(l("a", "b", "c"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals(l("d", "a", "b", "c"), h.run("LRANGE", "l2", "0", "-1"));
            assertEquals("quicklist", h.run("OBJECT", "ENCODING", "l2"));
            assertEquals("OK", h.run("RENAME", "l", "l3"));
            assertEquals(l("a", "b", "c"), h.run("LRANGE", "l3", "0", "-1"));
            assertEquals("list", h.run("TYPE", "l3"));
        }
    }

    /** Random commands against a model; the final list is compared element by element. */
    @ParameterizedTest
    @ValueSource(longs = {-2, 1, 3})
    void randomCommandsMatchAModel(long fill) {
        try (CommandHarness h = harness(fill)) {
            Random rnd = new Random(42 + fill);
            List<String> model = new ArrayList<>();
            for (int step = 0; step < 3000; step++) {
                String v = rnd.nextInt(4) == 0 ? Integer.toString(rnd.nextInt(5)) : "v" + rnd.nextInt(5);
                switch (rnd.nextInt(8)) {
                    case 0 -> {
                        h.run("RPUSH", "k", v);
                        model.add(v);
                    }
                    case 1 -> {
                        h.run("LPUSH", "k", v);
                        model.add(0, v);
                    }
                    case 2 -> assertEquals(model.isEmpty() ? null : model.remove(0), h.run("LPOP", "k"));
                    case 3 -> {
                        int at = model.indexOf(v);
                        String nv = "n" + rnd.nextInt(100);
                        Object r = h.run("LINSERT", "k", "AFTER", v, nv);
                        if (model.isEmpty()) {
                            assertEquals(0L, r);
                        } else if (at < 0) {
                            assertEquals(-1L, r);
                        } else {
                            model.add(at + 1, nv);
                            assertEquals((long) model.size(), r);
                        }
                    }
                    case 4 -> {
                        long removed = (Long) h.run("LREM", "k", "1", v);
                        assertEquals(model.remove(v) ? 1L : 0L, removed);
                    }
                    case 5 -> {
                        int i = rnd.nextInt(model.size() + 2) - 1;
                        long idx = i < 0 ? -1 : i;
                        Object r = h.run("LINDEX", "k", Long.toString(idx));
                        int real = idx < 0 ? model.size() - 1 : i;
                        assertEquals(real >= 0 && real < model.size() ? model.get(real) : null, r);
                    }
                    case 6 -> {
                        int at = model.indexOf(v);
                        assertEquals(at < 0 ? null : (long) at, h.run("LPOS", "k", v));
                    }
                    default -> {
                        if (model.size() > 40) {
                            h.run("LTRIM", "k", "5", "-5");
                            model = new ArrayList<>(model.subList(5, model.size() - 4));
                        }
                    }
                }
                assertEquals((long) model.size(), h.run("LLEN", "k"));
            }
            assertEquals(model, h.run("LRANGE", "k", "0", "-1"));
            if (!model.isEmpty()) {
                ListValue lv = (ListValue) lookup(h, "k");
                assertEquals(model.size(), lv.size());
            }
        }
    }

    private static Object lookup(CommandHarness h, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        try (var locks = h.engine.lockKeys(0, k)) {
            return h.engine.db(0).lookup(k).value();
        }
    }

    /**
     * A list grown by pushes keeps its interior nodes in slab chunks: every command still reads
     * and edits them, RENAME, MOVE and COPY keep (or copy) them, and every way a key lets the
     * list go frees them.
     */
    @org.junit.jupiter.api.Test
    void interiorNodesLiveInSlabChunksFreedWithTheirKey() {
        CommandHarness h = harness(-2); // 8 KiB nodes
        io.quicksilver.core.engine.Slabs slabs = h.engine.slabs();
        String[] push = new String[201];
        push[0] = "q";
        for (int i = 1; i <= 200; i++) {
            push[i] = "e" + i + "-" + "x".repeat(500);
        }
        String[] args = new String[202];
        args[0] = "RPUSH";
        System.arraycopy(push, 0, args, 1, 201);
        String[] lpush = args.clone();
        lpush[0] = "LPUSH";
        assertEquals(200L, h.run(args));
        long held = slabs.chunkBytes();
        assertTrue(held > 50_000, "interior nodes off the heap: " + held);
        long used = h.engine.db(0).usedBytes();
        assertEquals(push[100], h.run("LINDEX", "q", "99"));
        assertEquals(l(push[50], push[51]), h.run("LRANGE", "q", "49", "50"));
        assertEquals(held, slabs.chunkBytes(), "reads leave the nodes where they are");
        assertEquals(used, h.engine.db(0).usedBytes());
        assertEquals("OK", h.run("LSET", "q", "100", "changed"));
        assertEquals("changed", h.run("LINDEX", "q", "100"));
        assertEquals(1L, h.run("LREM", "q", "0", push[60]));
        assertEquals(200L, h.run("LINSERT", "q", "BEFORE", push[70], "inserted"));
        assertEquals(70L, h.run("LPOS", "q", push[71])); // 70 - 1 removed + 1 inserted before it
        assertEquals("OK", h.run("LTRIM", "q", "10", "189"));
        assertEquals(push[11], h.run("LINDEX", "q", "0"));
        assertTrue(slabs.chunkBytes() > 30_000, "edited nodes go back off the heap");
        // COPY copies (its interior nodes off the heap too), RENAME and MOVE move
        long before = slabs.chunkBytes();
        assertEquals(1L, h.run("COPY", "q", "copy"));
        assertTrue(slabs.chunkBytes() > before + 30_000, "the copy's nodes in chunks of their own");
        assertEquals("OK", h.run("RENAME", "q", "renamed"));
        assertEquals(1L, h.run("MOVE", "renamed", "1"));
        assertEquals("OK", h.run("SELECT", "1"));
        assertEquals(push[100], h.run("LINDEX", "renamed", "89"));
        assertEquals(1L, h.run("DEL", "renamed"));
        assertEquals("OK", h.run("SELECT", "0"));
        assertEquals(push[100], h.run("LINDEX", "copy", "89"));
        long copyHeld = slabs.chunkBytes();
        // every way to let it go frees its chunks: DEL, an overwrite, expiry, FLUSHALL
        assertEquals(1L, h.run("DEL", "copy"));
        assertEquals(0, slabs.chunkBytes(), "DEL freed " + copyHeld);
        assertEquals(200L, h.run(args));
        assertEquals("OK", h.run("SET", "q", "now a string"));
        assertEquals(0, slabs.chunkBytes());
        assertEquals(1L, h.run("DEL", "q"));
        assertEquals(200L, h.run(lpush));
        assertEquals(1L, h.run("PEXPIRE", "q", "10"));
        h.clock.advance(11);
        assertEquals(0L, h.run("EXISTS", "q"));
        assertEquals(0, slabs.chunkBytes());
        assertEquals(200L, h.run(args));
        assertEquals(200L, h.run("SORT", "q", "ALPHA", "STORE", "sorted"));
        assertTrue(slabs.chunkBytes() > 2 * 50_000);
        assertEquals("OK", h.run("FLUSHALL"));
        assertEquals(0, slabs.chunkBytes());
        // popping everything brings the nodes back one by one and leaves nothing behind
        assertEquals(200L, h.run(args));
        for (int i = 1; i <= 200; i++) {
            assertEquals(push[i], h.run("LPOP", "q"));
        }
        assertEquals(0, slabs.chunkBytes());
        assertEquals(0, h.engine.usedMemory());
    }
}
