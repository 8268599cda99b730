package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.Locks;
import io.quicksilver.core.engine.MutableString;
import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.KeyspaceListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generic key commands and the whole-keyspace ones. Expectations are Redis 7.0.15's replies
 * (checked with redis-cli against the reference server). Keys are created through the engine so
 * these tests do not depend on the string commands.
 */
class KeyCommandsTest {

    // ------------------------------------------------------------------ fixtures

    /** A collection value of any type, enough for TYPE, OBJECT ENCODING, COPY and SCAN TYPE. */
    static final class FakeValue implements TypedValue {
        final ValueType type;
        final String encoding;
        final List<String> items;

        FakeValue(ValueType type, String encoding, String... items) {
            this.type = type;
            this.encoding = encoding;
            this.items = new ArrayList<>(Arrays.asList(items));
        }

        @Override
        public ValueType type() {
            return type;
        }

        @Override
        public String encoding() {
            return encoding;
        }

        @Override
        public long memoryUsage() {
            return 64 + items.size() * 16L;
        }

        @Override
        public TypedValue copy() {
            return new FakeValue(type, encoding, items.toArray(new String[0]));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Creates or overwrites {@code key} in database {@code db}, under its lock. */
    private static void put(CommandHarness h, int db, String key, Object value) {
        try (Locks l = h.engine.lockKeys(db, b(key))) {
            h.engine.db(db).set(b(key), value, false);
        }
    }

    private static void put(CommandHarness h, String key, String value) {
        put(h, 0, key, b(value));
    }

    /** The value of {@code key} in {@code db} as a string, or null. */
    private static String get(CommandHarness h, int db, String key) {
        try (Locks l = h.engine.lockKeys(db, b(key))) {
            Entry e = h.engine.db(db).peek(b(key));
            return e == null ? null : new String(MutableString.bytesOf(e.value()), StandardCharsets.UTF_8);
        }
    }

    private static <T> T withEntry(CommandHarness h, int db, String key, Function<Entry, T> f) {
        try (Locks l = h.engine.lockKeys(db, b(key))) {
            return f.apply(h.engine.db(db).peek(b(key)));
        }
    }

    /** Records events as "db:event:key". */
    private static List<String> events(CommandHarness h) {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        KeyspaceListener l = (db, key, type, event) ->
                events.add(db + ":" + event + ":" + new String(key, StandardCharsets.UTF_8));
        h.engine.addListener(l);
        return events;
    }

    private static void assertErr(String expected, Object reply) {
        RecordingReply.Err e = assertInstanceOf(RecordingReply.Err.class, reply, () -> "reply was " + reply);
        assertEquals(expected, e.message());
    }

    private static Set<String> sorted(Object list) {
        @SuppressWarnings("unchecked")
        List<String> l = (List<String>) list;
        return new TreeSet<>(l);
    }

    // ------------------------------------------------------------------ DEL, UNLINK, EXISTS, TYPE, TOUCH

    @Test
    void delAndUnlinkCountRemovedKeysAndFireDel() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            put(h, "b", "2");
            put(h, "c", "3");
            List<String> ev = events(h);
            assertEquals(2L, h.run("DEL", "a", "nokey", "b", "a"));
            assertEquals(1L, h.run("UNLINK", "c", "c"));
            assertEquals(0L, h.run("DEL", "a"));
            assertEquals(List.of("0:del:a", "0:del:b", "0:del:c"), ev);
            h.assertError("ERR wrong number of arguments for 'del' command", "DEL");
            h.assertError("ERR wrong number of arguments for 'unlink' command", "UNLINK");
        }
    }

    @Test
    void delOfAnExpiredKeyCountsNothingAndFiresExpired() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            assertEquals(1L, h.run("PEXPIRE", "k", "100"));
            h.clock.advance(100);
            List<String> ev = events(h);
            assertEquals(0L, h.run("DEL", "k"));
            assertEquals(List.of("0:expired:k"), ev);
            assertEquals(0L, h.run("DBSIZE"));
        }
    }

    @Test
    void existsCountsDuplicatesAndKeyspaceHitsAndMisses() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            put(h, "b", "2");
            long hits = h.engine.stats().keyspaceHits.sum();
            long misses = h.engine.stats().keyspaceMisses.sum();
            List<String> ev = events(h);
            assertEquals(2L, h.run("EXISTS", "a", "b", "nokey"));
            assertEquals(4L, h.run("EXISTS", "a", "a", "b", "b"));
            assertEquals(6, h.engine.stats().keyspaceHits.sum() - hits);
            assertEquals(1, h.engine.stats().keyspaceMisses.sum() - misses);
            assertEquals(List.of("0:keymiss:nokey"), ev);
        }
    }

    @Test
    void typeNamesEveryType() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "s", "v");
            put(h, 0, "m", new MutableString(b("v"), 8));
            put(h, 0, "l", new FakeValue(ValueType.LIST, "listpack", "a"));
            put(h, 0, "h", new FakeValue(ValueType.HASH, "listpack", "f", "v"));
            put(h, 0, "z", new FakeValue(ValueType.ZSET, "skiplist", "m"));
            put(h, 0, "x", new FakeValue(ValueType.SET, "intset", "1"));
            put(h, 0, "t", new FakeValue(ValueType.STREAM, "stream"));
            assertEquals("string", h.run("TYPE", "s"));
            assertEquals("string", h.run("TYPE", "m"));
            assertEquals("list", h.run("TYPE", "l"));
            assertEquals("hash", h.run("TYPE", "h"));
            assertEquals("zset", h.run("TYPE", "z"));
            assertEquals("set", h.run("TYPE", "x"));
            assertEquals("stream", h.run("TYPE", "t"));
            assertEquals("none", h.run("TYPE", "nokey"));
            h.assertError("ERR wrong number of arguments for 'type' command", "TYPE", "a", "b");
        }
    }

    @Test
    void touchCountsExistingKeysAndResetsIdleTime() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            put(h, "b", "2");
            h.clock.advance(10_000);
            assertEquals(10L, h.run("OBJECT", "IDLETIME", "a"));
            assertEquals(2L, h.run("TOUCH", "a", "b", "nokey"));
            assertEquals(0L, h.run("OBJECT", "IDLETIME", "a"));
            assertEquals(0L, h.run("OBJECT", "IDLETIME", "b"));
        }
    }

    // ------------------------------------------------------------------ RENAME, RENAMENX

    @Test
    void renameMovesValueAndTtlAndFiresRedisEvents() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            h.run("PEXPIRE", "a", "5000");
            List<String> ev = events(h);
            assertEquals("OK", h.run("RENAME", "a", "b"));
            assertNull(get(h, 0, "a"));
            assertEquals("1", get(h, 0, "b"));
            assertEquals(5000L, h.run("PTTL", "b"));
            assertEquals(List.of("0:new:b", "0:rename_from:a", "0:rename_to:b"), ev);
        }
    }

    @Test
    void renameOverwritesDestinationAndItsTtl() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            put(h, "b", "2");
            h.run("EXPIRE", "b", "100");
            List<String> ev = events(h);
            assertEquals("OK", h.run("RENAME", "a", "b"));
            assertEquals("1", get(h, 0, "b"));
            assertEquals(-1L, h.run("TTL", "b"));
            assertEquals(1L, h.run("DBSIZE"));
            assertEquals(List.of("0:new:b", "0:rename_from:a", "0:rename_to:b"), ev, "no del for b");
        }
    }

    @Test
    void renameEdgeCasesAsRedis7() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR no such key", "RENAME", "nokey", "x");
            h.assertError("ERR no such key", "RENAME", "nokey", "nokey");
            h.assertError("ERR no such key", "RENAMENX", "nokey", "nokey");
            put(h, "a", "1");
            List<String> ev = events(h);
            assertEquals("OK", h.run("RENAME", "a", "a"));
            assertEquals(0L, h.run("RENAMENX", "a", "a"));
            assertEquals(List.of(), ev);
            put(h, "b", "2");
            assertEquals(0L, h.run("RENAMENX", "a", "b"));
            assertEquals("2", get(h, 0, "b"));
            assertEquals(1L, h.run("RENAMENX", "a", "c"));
            assertEquals("1", get(h, 0, "c"));
            assertNull(get(h, 0, "a"));
        }
    }

    @Test
    void renameOfAnExpiredKeyIsNoSuchKey() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            h.run("PEXPIRE", "a", "10");
            h.clock.advance(10);
            h.assertError("ERR no such key", "RENAME", "a", "b");
        }
    }

    // ------------------------------------------------------------------ COPY

    @Test
    void copyDuplicatesValueAndTtl() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            h.run("PEXPIRE", "a", "3000");
            List<String> ev = events(h);
            assertEquals(1L, h.run("COPY", "a", "b"));
            assertEquals("1", get(h, 0, "b"));
            assertEquals(3000L, h.run("PTTL", "b"));
            assertEquals(0L, h.run("COPY", "a", "b"));
            assertEquals(1L, h.run("COPY", "a", "b", "REPLACE"));
            assertEquals(0L, h.run("COPY", "nokey", "b"));
            assertEquals(List.of("0:new:b", "0:copy_to:b", "0:new:b", "0:copy_to:b", "0:keymiss:nokey"), ev);
        }
    }

    @Test
    void copyIsDeep() {
        try (CommandHarness h = new CommandHarness()) {
            FakeValue list = new FakeValue(ValueType.LIST, "quicklist", "x");
            put(h, 0, "l", list);
            MutableString m = new MutableString(b("abc"), 4);
            put(h, 0, "m", m);
            h.run("COPY", "l", "l2");
            h.run("COPY", "m", "m2");
            Object copied = withEntry(h, 0, "l2", Entry::value);
            assertNotSame(list, copied);
            ((FakeValue) copied).items.add("y");
            assertEquals(List.of("x"), list.items);
            assertEquals("list", h.run("TYPE", "l2"));
            assertEquals("quicklist", h.run("OBJECT", "ENCODING", "l2"));
            Object m2 = withEntry(h, 0, "m2", Entry::value);
            assertNotSame(m, m2);
            m.append(b("d"));
            assertEquals("abc", get(h, 0, "m2"));
            assertEquals("raw", h.run("OBJECT", "ENCODING", "m2"));
        }
    }

    @Test
    void copyToAnotherDatabase() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            List<String> ev = events(h);
            assertEquals(1L, h.run("COPY", "a", "a", "DB", "1"));
            assertEquals("1", get(h, 1, "a"));
            assertEquals(0L, h.run("COPY", "a", "a", "DB", "1"));
            put(h, 1, "a", b("old"));
            assertEquals(1L, h.run("COPY", "a", "a", "db", "3", "db", "1", "replace"));
            assertEquals("1", get(h, 1, "a"));
            assertNull(get(h, 3, "a"), "the last DB wins");
            assertEquals(List.of("1:new:a", "1:copy_to:a", "1:new:a", "1:copy_to:a"), ev);
            h.client.db = 1;
            h.assertError("ERR source and destination objects are the same", "COPY", "nokey", "nokey", "DB", "1");
            assertEquals(0L, h.run("COPY", "nokey", "nokey", "DB", "0"));
        }
    }

    @Test
    void copyErrors() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            h.assertError("ERR source and destination objects are the same", "COPY", "a", "a");
            h.assertError("ERR source and destination objects are the same", "COPY", "nokey", "nokey");
            h.assertError("ERR syntax error", "COPY", "a", "b", "DB");
            h.assertError("ERR syntax error", "COPY", "a", "b", "REPLACE", "DB");
            h.assertError("ERR syntax error", "COPY", "a", "b", "foo");
            h.assertError("ERR DB index is out of range", "COPY", "a", "b", "DB", "16");
            h.assertError("ERR DB index is out of range", "COPY", "a", "b", "DB", "-1");
            h.assertError("ERR value is not an integer or out of range", "COPY", "a", "b", "DB", "abc");
            h.assertError("ERR value is out of range, value must between -2147483648 and 2147483647",
                    "COPY", "a", "b", "DB", "99999999999");
            h.assertError("ERR wrong number of arguments for 'copy' command", "COPY", "a");
            assertEquals(1L, h.run("DBSIZE"));
        }
    }

    // ------------------------------------------------------------------ MOVE

    @Test
    void moveToAnotherDatabase() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            h.run("PEXPIRE", "a", "7000");
            List<String> ev = events(h);
            assertEquals(1L, h.run("MOVE", "a", "2"));
            assertNull(get(h, 0, "a"));
            assertEquals("1", get(h, 2, "a"));
            assertEquals(7000L, (long) withEntry(h, 2, "a", e -> e.expireAt() - h.clock.millis()));
            assertEquals(List.of("2:new:a", "0:move_from:a", "2:move_to:a"), ev);
            assertEquals(0L, h.run("MOVE", "a", "2"), "gone from here");
            put(h, "a", "here");
            assertEquals(0L, h.run("MOVE", "a", "2"), "already there");
            assertEquals("here", get(h, 0, "a"));
            assertEquals("1", get(h, 2, "a"));
        }
    }

    @Test
    void moveErrors() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR source and destination objects are the same", "MOVE", "nokey", "0");
            h.assertError("ERR DB index is out of range", "MOVE", "a", "16");
            h.assertError("ERR DB index is out of range", "MOVE", "a", "-1");
            h.assertError("ERR value is not an integer or out of range", "MOVE", "a", "abc");
            h.assertError("ERR value is not an integer or out of range", "MOVE", "a", "1.0");
            h.assertError("ERR value is out of range, value must between -2147483648 and 2147483647",
                    "MOVE", "a", "99999999999");
            assertEquals(0L, h.run("MOVE", "nokey", "1"));
        }
    }

    // ------------------------------------------------------------------ EXPIRE family

    @Test
    void expireOptionErrors() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            String nxErr = "ERR NX and XX, GT or LT options at the same time are not compatible";
            h.assertError(nxErr, "EXPIRE", "k", "10", "NX", "XX");
            h.assertError(nxErr, "EXPIRE", "k", "10", "nx", "gt");
            h.assertError(nxErr, "PEXPIRE", "k", "10", "lt", "NX");
            h.assertError("ERR GT and LT options at the same time are not compatible",
                    "EXPIRE", "k", "10", "gt", "lt");
            h.assertError("ERR GT and LT options at the same time are not compatible",
                    "EXPIRE", "k", "10", "xx", "gt", "lt");
            h.assertError("ERR Unsupported option foo", "EXPIRE", "k", "10", "foo");
            h.assertError("ERR Unsupported option foo", "EXPIRE", "k", "abc", "foo");
            h.assertError("ERR value is not an integer or out of range", "EXPIRE", "k", "abc");
            h.assertError("ERR value is not an integer or out of range", "EXPIRE", "k", "1.5");
            assertEquals(-1L, h.run("TTL", "k"));
        }
    }

    @Test
    void expireTimeOverflow() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            h.assertError("ERR invalid expire time in 'expire' command", "EXPIRE", "k", "9223372036854775807");
            h.assertError("ERR invalid expire time in 'expire' command", "EXPIRE", "k", "92233720368547758");
            h.assertError("ERR invalid expire time in 'expire' command", "EXPIRE", "k", "-9223372036854775808");
            h.assertError("ERR invalid expire time in 'pexpire' command", "PEXPIRE", "k", "9223372036854775807");
            h.assertError("ERR invalid expire time in 'expireat' command", "EXPIREAT", "k", "9223372036854775807");
            h.assertError("ERR invalid expire time in 'expire' command", "expire", "nokey", "9223372036854775807");
            assertEquals(-1L, h.run("TTL", "k"));
            assertEquals(1L, h.run("PEXPIREAT", "k", "9223372036854775807"));
            assertEquals(9223372036854775807L, h.run("PEXPIRETIME", "k"));
            assertEquals(9223372036854776L, h.run("EXPIRETIME", "k"), "rounded as Redis computes it");
            assertEquals(1L, h.run("PEXPIRE", "k", "-9223372036854775808"), "far past: deleted");
            assertEquals(0L, h.run("EXISTS", "k"));
        }
    }

    @Test
    void expireSetsTtlAndFiresExpire() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            List<String> ev = events(h);
            assertEquals(1L, h.run("EXPIRE", "k", "100"));
            assertEquals(100L, h.run("TTL", "k"));
            assertEquals(100_000L, h.run("PTTL", "k"));
            long now = h.clock.millis();
            assertEquals((now + 100_000) / 1000, h.run("EXPIRETIME", "k"));
            assertEquals(now + 100_000, h.run("PEXPIRETIME", "k"));
            assertEquals(1L, h.run("PEXPIREAT", "k", Long.toString(now + 1234)));
            assertEquals(1234L, h.run("PTTL", "k"));
            assertEquals(1L, h.run("EXPIREAT", "k", Long.toString(now / 1000 + 50)));
            assertEquals(now / 1000 * 1000 + 50_000, h.run("PEXPIRETIME", "k"));
            assertEquals(0L, h.run("EXPIRE", "nokey", "10"));
            assertEquals(List.of("0:expire:k", "0:expire:k", "0:expire:k"), ev);
        }
    }

    @Test
    void expireInThePastDeletesAndFiresDel() {
        try (CommandHarness h = new CommandHarness()) {
            List<String> ev = events(h);
            for (String[] cmd : new String[][] {{"EXPIRE", "0"}, {"PEXPIRE", "-1"}, {"EXPIREAT", "1"},
                    {"PEXPIREAT", Long.toString(h.clock.millis())}, {"EXPIRE", "-100", "LT"}}) {
                put(h, "k", "v");
                ev.clear();
                String[] args = new String[cmd.length + 1];
                args[0] = cmd[0];
                args[1] = "k";
                System.arraycopy(cmd, 1, args, 2, cmd.length - 1);
                assertEquals(1L, h.run(args), cmd[0]);
                assertEquals(0L, h.run("EXISTS", "k"), cmd[0]);
                assertEquals(List.of("0:del:k", "0:keymiss:k"), ev, cmd[0]);
                assertEquals(0L, h.engine.stats().expiredKeys.sum(), "a delete, not an expiry");
            }
        }
    }

    @Test
    void expireConditions() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            // no TTL: NX sets, XX and GT fail, LT sets (no TTL is infinite)
            assertEquals(0L, h.run("EXPIRE", "k", "10", "XX"));
            assertEquals(0L, h.run("EXPIRE", "k", "10", "GT"));
            assertEquals(-1L, h.run("TTL", "k"));
            assertEquals(1L, h.run("EXPIRE", "k", "100", "LT"));
            assertEquals(100L, h.run("TTL", "k"));
            assertEquals(1L, h.run("PERSIST", "k"));
            assertEquals(1L, h.run("EXPIRE", "k", "10", "NX", "NX"));
            assertEquals(0L, h.run("EXPIRE", "k", "20", "NX"));
            assertEquals(10L, h.run("TTL", "k"));
            assertEquals(1L, h.run("EXPIRE", "k", "30", "XX"));
            assertEquals(0L, h.run("EXPIRE", "k", "30", "GT"), "equal is not greater");
            assertEquals(0L, h.run("EXPIRE", "k", "20", "gt"));
            assertEquals(1L, h.run("EXPIRE", "k", "40", "gt", "xx"));
            assertEquals(40L, h.run("TTL", "k"));
            assertEquals(0L, h.run("EXPIRE", "k", "40", "LT"));
            assertEquals(0L, h.run("EXPIRE", "k", "50", "LT"));
            assertEquals(1L, h.run("EXPIRE", "k", "5", "LT"));
            assertEquals(5L, h.run("TTL", "k"));
            assertEquals(0L, h.run("EXPIRE", "k", "-5", "GT"));
            assertEquals(1L, h.run("EXISTS", "k"));
            assertEquals(1L, h.run("EXPIRE", "k", "-5", "LT"));
            assertEquals(0L, h.run("EXISTS", "k"));
        }
    }

    @Test
    void ttlRoundsToTheNearestSecond() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            h.run("PEXPIRE", "k", "1500");
            assertEquals(2L, h.run("TTL", "k"));
            h.run("PEXPIRE", "k", "1499");
            assertEquals(1L, h.run("TTL", "k"));
            h.run("PEXPIRE", "k", "500");
            assertEquals(1L, h.run("TTL", "k"));
            h.run("PEXPIRE", "k", "499");
            assertEquals(0L, h.run("TTL", "k"));
            h.clock.advance(498);
            assertEquals(1L, h.run("PTTL", "k"));
            h.clock.advance(1);
            assertEquals(-2L, h.run("PTTL", "k"), "an expired key is never seen");
        }
    }

    @Test
    void ttlFamilyOnMissingAndPersistentKeys() {
        try (CommandHarness h = new CommandHarness()) {
            for (String c : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME")) {
                assertEquals(-2L, h.run(c, "nokey"), c);
            }
            put(h, "k", "v");
            for (String c : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME")) {
                assertEquals(-1L, h.run(c, "k"), c);
            }
            h.assertError("ERR wrong number of arguments for 'ttl' command", "TTL");
        }
    }

    @Test
    void persistRemovesTtl() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            List<String> ev = events(h);
            assertEquals(0L, h.run("PERSIST", "k"));
            assertEquals(0L, h.run("PERSIST", "nokey"));
            h.run("EXPIRE", "k", "10");
            assertEquals(1L, h.run("PERSIST", "k"));
            assertEquals(-1L, h.run("TTL", "k"));
            assertEquals(0L, h.run("PERSIST", "k"));
            assertEquals(List.of("0:expire:k", "0:persist:k"), ev, "PERSIST fires no keymiss");
        }
    }

    @Test
    void lazyExpiryByClock() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            h.run("PEXPIRE", "k", "100");
            h.clock.advance(99);
            assertEquals(1L, h.run("EXISTS", "k"));
            h.clock.advance(1);
            List<String> ev = events(h);
            assertEquals("none", h.run("TYPE", "k"));
            assertEquals(List.of("0:expired:k", "0:keymiss:k"), ev);
            assertEquals(1L, h.engine.stats().expiredKeys.sum());
        }
    }

    // ------------------------------------------------------------------ OBJECT

    @Test
    void objectEncoding() {
        try (CommandHarness h = new CommandHarness()) {
            String[][] cases = {
                {"123", "int"}, {"-9223372036854775808", "int"}, {"9223372036854775807", "int"},
                {"9223372036854775808", "embstr"}, {"12345678901234567890", "embstr"}, {"00", "embstr"},
                {"-0", "embstr"}, {"+1", "embstr"}, {"", "embstr"}, {"x".repeat(44), "embstr"},
                {"x".repeat(45), "raw"},
            };
            for (String[] c : cases) {
                put(h, "s", c[0]);
                assertEquals(c[1], h.run("OBJECT", "ENCODING", "s"), c[0]);
            }
            put(h, 0, "m", new MutableString(b("12"), 0));
            assertEquals("raw", h.run("OBJECT", "ENCODING", "m"));
            put(h, 0, "z", new FakeValue(ValueType.ZSET, "listpack", "a"));
            assertEquals("listpack", h.run("object", "encoding", "z"));
            assertNull(h.run("OBJECT", "ENCODING", "nokey"));
        }
    }

    @Test
    void objectLookupsCountMissesWithoutKeymissEvents() {
        try (CommandHarness h = new CommandHarness()) {
            List<String> ev = events(h);
            long misses = h.engine.stats().keyspaceMisses.sum();
            for (String sub : List.of("ENCODING", "IDLETIME", "FREQ", "REFCOUNT")) {
                assertNull(h.run("OBJECT", sub, "nokey"), sub);
            }
            assertEquals(4, h.engine.stats().keyspaceMisses.sum() - misses);
            assertEquals(List.of(), ev);
        }
    }

    @Test
    void objectIdletimeFollowsTheClockAndIsNotResetByItself() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            assertEquals(0L, h.run("OBJECT", "IDLETIME", "k"));
            h.clock.advance(2_500);
            assertEquals(2L, h.run("OBJECT", "IDLETIME", "k"));
            h.run("TTL", "k");
            h.run("TYPE", "k");
            h.run("EXISTS", "k");
            h.clock.advance(1_000);
            assertEquals(3L, h.run("OBJECT", "IDLETIME", "k"), "TTL, TYPE, EXISTS do not touch");
        }
    }

    @Test
    void objectFreqAndRefcount() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            h.assertError("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                    + "Please note that when switching between policies at runtime LRU and LFU data "
                    + "will take some time to adjust.", "OBJECT", "FREQ", "k");
            assertEquals(1L, h.run("OBJECT", "REFCOUNT", "k"));
            String[][] cases = {{"0", "2147483647"}, {"123", "2147483647"}, {"9999", "2147483647"},
                {"10000", "1"}, {"-1", "1"}, {"01", "1"}};
            for (String[] c : cases) {
                put(h, "n", c[0]);
                assertEquals(Long.parseLong(c[1]), h.run("OBJECT", "REFCOUNT", "n"), c[0]);
            }
            put(h, 0, "m", new MutableString(b("5"), 0));
            assertEquals(1L, h.run("OBJECT", "REFCOUNT", "m"), "raw is never shared");
            put(h, 0, "l", new FakeValue(ValueType.LIST, "listpack", "a"));
            assertEquals(1L, h.run("OBJECT", "REFCOUNT", "l"));
        }
    }

    @Test
    void objectOnValuesMadeByTheStringCommands() {
        // the sequence run against redis-server 7.0.15
        try (CommandHarness h = new CommandHarness()) {
            h.run("SET", "n", "12");
            assertEquals("int", h.run("OBJECT", "ENCODING", "n"));
            assertEquals(2147483647L, h.run("OBJECT", "REFCOUNT", "n"));
            assertEquals("OK", h.run("RENAME", "n", "o"));
            assertEquals(2147483647L, h.run("OBJECT", "REFCOUNT", "o"));
            assertEquals(13L, h.run("INCR", "o"));
            assertEquals(2147483647L, h.run("OBJECT", "REFCOUNT", "o"));
            assertEquals(2L, h.run("SETRANGE", "o", "0", "5"));
            assertEquals("raw", h.run("OBJECT", "ENCODING", "o"));
            assertEquals(1L, h.run("OBJECT", "REFCOUNT", "o"));
            h.run("SET", "s", "01");
            assertEquals("embstr", h.run("OBJECT", "ENCODING", "s"));
            assertEquals(3L, h.run("APPEND", "s", "1"));
            assertEquals("raw", h.run("OBJECT", "ENCODING", "s"));
            assertEquals(1L, h.run("COPY", "s", "s2"));
            assertEquals(4L, h.run("APPEND", "s", "x"));
            assertEquals("011", h.run("GET", "s2"), "the copy does not share the buffer");
        }
    }

    @Test
    void objectHelpAndErrors() {
        try (CommandHarness h = new CommandHarness()) {
            Object help = h.run("OBJECT", "HELP");
            assertEquals(List.of(
                    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "ENCODING <key>",
                    "    Return the kind of internal representation used in order to store the value",
                    "    associated with a <key>.",
                    "FREQ <key>",
                    "    Return the access frequency index of the <key>. The returned integer is",
                    "    proportional to the logarithm of the recent access frequency of the key.",
                    "IDLETIME <key>",
                    "    Return the idle time of the <key>, that is the approximated number of",
                    "    seconds elapsed since the last access to the key.",
                    "REFCOUNT <key>",
                    "    Return the number of references of the value associated with the specified",
                    "    <key>.",
                    "HELP",
                    "    Prints this help."), help);
            h.assertError("ERR unknown subcommand 'foo'. Try OBJECT HELP.", "OBJECT", "foo", "k");
            h.assertError("ERR wrong number of arguments for 'object|encoding' command", "OBJECT", "ENCODING");
            h.assertError("ERR wrong number of arguments for 'object|encoding' command", "OBJECT", "ENCODING", "k", "x");
            h.assertError("ERR wrong number of arguments for 'object' command", "OBJECT");
        }
    }

    // ------------------------------------------------------------------ RANDOMKEY, KEYS, DBSIZE

    @Test
    void randomkey() {
        try (CommandHarness h = new CommandHarness()) {
            assertNull(h.run("RANDOMKEY"));
            put(h, "a", "1");
            assertEquals("a", h.run("RANDOMKEY"));
            Set<String> all = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                put(h, "k" + i, "v");
            }
            for (int i = 0; i < 2000; i++) {
                all.add((String) h.run("RANDOMKEY"));
            }
            assertTrue(all.size() > 40, "keys seen: " + all.size());
        }
    }

    @Test
    void randomkeyNeverReturnsAnExpiredKey() {
        try (CommandHarness h = new CommandHarness()) {
            for (int i = 0; i < 1000; i++) {
                put(h, "v" + i, "x");
                h.run("PEXPIRE", "v" + i, "10");
            }
            put(h, "live", "x");
            h.clock.advance(10);
            for (int i = 0; i < 20; i++) {
                assertEquals("live", h.run("RANDOMKEY"));
            }
            h.run("DEL", "live");
            assertNull(h.run("RANDOMKEY"));
        }
    }

    @Test
    void keysMatchesGlobAndSkipsExpiredKeys() {
        try (CommandHarness h = new CommandHarness()) {
            for (String k : List.of("foo", "foobar", "bar", "fob", "f*o", "", "hello\nworld")) {
                put(h, k, "1");
            }
            put(h, "gone", "1");
            h.run("PEXPIRE", "gone", "5");
            h.clock.advance(5);
            assertEquals(new TreeSet<>(List.of("foo", "foobar", "bar", "fob", "f*o", "", "hello\nworld")),
                    sorted(h.run("KEYS", "*")));
            assertEquals(Set.of("foo", "foobar", "bar", "fob", "f*o", "hello\nworld"), sorted(h.run("KEYS", "**")),
                    "as Redis: the empty key only matches the \"*\" shortcut");
            assertEquals(Set.of("foo", "foobar"), sorted(h.run("KEYS", "foo*")));
            assertEquals(Set.of("foo", "fob", "f*o"), sorted(h.run("KEYS", "f??")));
            assertEquals(Set.of("f*o"), sorted(h.run("KEYS", "f\\*o")));
            assertEquals(Set.of("foo", "fob"), sorted(h.run("KEYS", "fo[ob]")));
            assertEquals(Set.of("hello\nworld"), sorted(h.run("KEYS", "hello?world")));
            assertEquals(Set.of(), sorted(h.run("KEYS", "nomatch*")));
            assertEquals(8L, h.run("DBSIZE"), "KEYS skips the expired key without reclaiming it");
            h.assertError("ERR wrong number of arguments for 'keys' command", "KEYS");
        }
    }

    @Test
    void dbsizeCountsOneDatabase() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(0L, h.run("DBSIZE"));
            for (int i = 0; i < 1000; i++) {
                put(h, "k" + i, "v");
            }
            put(h, 1, "other", b("v"));
            assertEquals(1000L, h.run("DBSIZE"));
            h.client.db = 1;
            assertEquals(1L, h.run("DBSIZE"));
            h.assertError("ERR wrong number of arguments for 'dbsize' command", "DBSIZE", "x");
        }
    }

    // ------------------------------------------------------------------ SCAN

    /** Runs a full SCAN with the given options; returns every key seen (with duplicates). */
    private static List<String> scanAll(CommandHarness h, String... options) {
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            String[] args = new String[2 + options.length];
            args[0] = "SCAN";
            args[1] = cursor;
            System.arraycopy(options, 0, args, 2, options.length);
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) h.run(args);
            cursor = (String) r.get(0);
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) r.get(1);
            seen.addAll(keys);
            assertTrue(++calls < 100_000, "SCAN does not end");
        } while (!cursor.equals("0"));
        return seen;
    }

    @Test
    void scanOfAnEmptyOrSmallDatabaseTakesOneCall() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(List.of("0", List.of()), h.run("SCAN", "0"));
            put(h, "a", "1");
            put(h, "b", "1");
            put(h, "c", "1");
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) h.run("SCAN", "0");
            assertEquals("0", r.get(0));
            assertEquals(Set.of("a", "b", "c"), sorted(r.get(1)));
        }
    }

    @Test
    void scanReturnsEveryKey() {
        try (CommandHarness h = new CommandHarness()) {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 5000; i++) {
                put(h, "key:" + i, "v");
                expected.add("key:" + i);
            }
            List<String> seen = scanAll(h);
            assertEquals(expected, new HashSet<>(seen));
            assertEquals(5000, seen.size(), "no resize during the scan: no duplicates");
            assertEquals(expected, new HashSet<>(scanAll(h, "COUNT", "1000")));
            assertEquals(expected, new HashSet<>(scanAll(h, "COUNT", "1")));
            assertEquals(expected, new HashSet<>(scanAll(h, "COUNT", "9223372036854775807")));
        }
    }

    @Test
    void scanCountBoundsOneCall() {
        try (CommandHarness h = new CommandHarness()) {
            for (int i = 0; i < 5000; i++) {
                put(h, "key:" + i, "v");
            }
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) h.run("SCAN", "0", "COUNT", "5");
            assertFalse(r.get(0).equals("0"));
            int n = ((List<?>) r.get(1)).size();
            assertTrue(n >= 5 && n < 50, "keys in one call: " + n);
            @SuppressWarnings("unchecked")
            List<Object> all = (List<Object>) h.run("SCAN", "0", "COUNT", "100000");
            assertEquals("0", all.get(0));
            assertEquals(5000, ((List<?>) all.get(1)).size());
        }
    }

    @Test
    void scanMatchAndType() {
        try (CommandHarness h = new CommandHarness()) {
            for (int i = 0; i < 300; i++) {
                put(h, "s" + i, "v");
                put(h, 0, "l" + i, new FakeValue(ValueType.LIST, "listpack", "a"));
            }
            put(h, 0, "h1", new FakeValue(ValueType.HASH, "listpack", "f", "v"));
            Set<String> strings = new HashSet<>();
            Set<String> lists = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                strings.add("s" + i);
                lists.add("l" + i);
            }
            assertEquals(strings, new HashSet<>(scanAll(h, "TYPE", "string")));
            assertEquals(lists, new HashSet<>(scanAll(h, "type", "LIST")));
            assertEquals(Set.of("h1"), new HashSet<>(scanAll(h, "TYPE", "hash")));
            assertEquals(Set.of(), new HashSet<>(scanAll(h, "TYPE", "foo")), "unknown type: no error in 7.0");
            assertEquals(strings.stream().filter(k -> k.matches("s1.*")).collect(Collectors.toSet()),
                    new HashSet<>(scanAll(h, "MATCH", "s1*", "COUNT", "7")));
            assertEquals(lists.stream().filter(k -> k.matches(".5.*")).collect(Collectors.toSet()),
                    new HashSet<>(scanAll(h, "MATCH", "?5*", "TYPE", "list")));
            assertEquals(601, new HashSet<>(scanAll(h, "MATCH", "*")).size());
        }
    }

    @Test
    void scanSkipsExpiredKeys() {
        try (CommandHarness h = new CommandHarness()) {
            for (int i = 0; i < 100; i++) {
                put(h, "k" + i, "v");
                if (i % 2 == 0) {
                    h.run("PEXPIRE", "k" + i, "10");
                }
            }
            h.clock.advance(10);
            List<String> seen = scanAll(h);
            assertEquals(50, new HashSet<>(seen).size());
            for (String k : seen) {
                assertEquals(1, Integer.parseInt(k.substring(1)) % 2, k);
            }
        }
    }

    @Test
    void scanArgumentErrors() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR invalid cursor", "SCAN", "abc");
            h.assertError("ERR invalid cursor", "SCAN", " 0");
            h.assertError("ERR invalid cursor", "SCAN", "0 ");
            h.assertError("ERR invalid cursor", "SCAN", "0x1");
            h.assertError("ERR invalid cursor", "SCAN", "1.5");
            h.assertError("ERR invalid cursor", "SCAN", "18446744073709551616");
            h.assertError("ERR invalid cursor", "SCAN", "-");
            h.assertError("ERR invalid cursor", "SCAN", "abc", "COUNT", "0");
            h.assertError("ERR syntax error", "SCAN", "0", "COUNT", "0");
            h.assertError("ERR syntax error", "SCAN", "0", "COUNT", "-1");
            h.assertError("ERR value is not an integer or out of range", "SCAN", "0", "COUNT", "x");
            h.assertError("ERR syntax error", "SCAN", "0", "MATCH");
            h.assertError("ERR syntax error", "SCAN", "0", "TYPE");
            h.assertError("ERR syntax error", "SCAN", "0", "foo");
            h.assertError("ERR wrong number of arguments for 'scan' command", "SCAN");
            // what strtoul accepts, Redis accepts
            for (String c : List.of("-1", "+0", "", "00", "18446744073709551615")) {
                assertEquals(List.of("0", List.of()), h.run("SCAN", c), c);
            }
            assertEquals(List.of("0", List.of()), h.run("SCAN", "0", "COUNT", "10", "COUNT", "20"));
        }
    }

    @Test
    void parseCursorAsStrtoul() {
        assertEquals(0L, KeyCommands.parseCursor(b("")));
        assertEquals(0L, KeyCommands.parseCursor(b("-0")));
        assertEquals(42L, KeyCommands.parseCursor(b("0042")));
        assertEquals(42L, KeyCommands.parseCursor(b("+42")));
        assertEquals(-1L, KeyCommands.parseCursor(b("18446744073709551615")));
        assertEquals(-1L, KeyCommands.parseCursor(b("-1")));
        assertEquals(1L, KeyCommands.parseCursor(b("-18446744073709551615")));
        assertEquals(Long.MIN_VALUE, KeyCommands.parseCursor(b("9223372036854775808")));
        assertThrows(CommandException.class, () -> KeyCommands.parseCursor(b("-18446744073709551616")));
        assertThrows(CommandException.class, () -> KeyCommands.parseCursor(b("99999999999999999999")));
        assertThrows(CommandException.class, () -> KeyCommands.parseCursor(b("+-1")));
        assertThrows(CommandException.class, () -> KeyCommands.parseCursor(b("\t1")));
    }

    @Test
    void scanCursorsAreUnsignedAndResumable() {
        try (CommandHarness h = new CommandHarness()) {
            for (int i = 0; i < 3000; i++) {
                put(h, "k" + i, "v");
            }
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            do {
                @SuppressWarnings("unchecked")
                List<Object> r = (List<Object>) h.run("SCAN", cursor, "COUNT", "3");
                cursor = (String) r.get(0);
                assertTrue(cursor.matches("0|[1-9][0-9]*"), cursor);
                @SuppressWarnings("unchecked")
                List<String> keys = (List<String>) r.get(1);
                seen.addAll(keys);
            } while (!cursor.equals("0"));
            assertEquals(3000, seen.size());
        }
    }

    @Test
    void scanInsideMulti() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            put(h, "b", "1");
            h.run("MULTI");
            assertEquals("QUEUED", h.run("SCAN", "0"));
            assertEquals("QUEUED", h.run("DBSIZE"));
            @SuppressWarnings("unchecked")
            List<Object> r = (List<Object>) h.run("EXEC");
            @SuppressWarnings("unchecked")
            List<Object> scan = (List<Object>) r.get(0);
            assertEquals("0", scan.get(0));
            assertEquals(Set.of("a", "b"), sorted(scan.get(1)));
            assertEquals(2L, r.get(1));
        }
    }

    @Test
    void scanRepliesInResp3() {
        try (CommandHarness h = new CommandHarness()) {
            h.client.protocol = 3;
            put(h, "a", "1");
            assertEquals(List.of("0", List.of("a")), h.run("SCAN", "0"));
            assertNull(h.run("OBJECT", "ENCODING", "nokey"));
            assertEquals(List.of("a"), h.run("KEYS", "*"));
        }
    }

    // ------------------------------------------------------------------ FLUSHDB, FLUSHALL, SWAPDB

    @Test
    void flushdbEmptiesOneDatabaseWithoutKeyEvents() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            put(h, 1, "b", b("1"));
            List<String> ev = events(h);
            assertEquals("OK", h.run("FLUSHDB"));
            assertEquals(0L, h.run("DBSIZE"));
            assertEquals("1", get(h, 1, "b"));
            put(h, "a", "1");
            assertEquals("OK", h.run("FLUSHDB", "ASYNC"));
            assertEquals("OK", h.run("flushdb", "sync"));
            h.assertError("ERR syntax error", "FLUSHDB", "x");
            h.assertError("ERR syntax error", "FLUSHDB", "SYNC", "x");
            assertEquals(List.of(), ev.stream().filter(e -> !e.contains(":new:")).toList());
        }
    }

    @Test
    void flushallEmptiesEveryDatabase() {
        try (CommandHarness h = new CommandHarness()) {
            for (int db = 0; db < 16; db++) {
                put(h, db, "k", b("v"));
            }
            h.assertError("ERR syntax error", "FLUSHALL", "x");
            assertEquals("OK", h.run("FLUSHALL", "ASYNC"));
            for (int db = 0; db < 16; db++) {
                assertNull(get(h, db, "k"));
            }
            assertEquals("OK", h.run("FLUSHALL"));
            assertEquals("OK", h.run("FLUSHALL", "SYNC"));
        }
    }

    @Test
    void swapdbExchangesDatabases() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "zero");
            put(h, 1, "a", b("one"));
            put(h, 1, "b", b("one"));
            assertEquals("OK", h.run("SWAPDB", "0", "1"));
            assertEquals("one", get(h, 0, "a"));
            assertEquals("one", get(h, 0, "b"));
            assertEquals("zero", get(h, 1, "a"));
            assertEquals(2L, h.run("DBSIZE"), "the client stays on index 0");
            assertEquals("OK", h.run("SWAPDB", "0", "0"));
            assertEquals("one", get(h, 0, "a"));
            h.assertError("ERR invalid first DB index", "SWAPDB", "a", "0");
            h.assertError("ERR invalid second DB index", "SWAPDB", "0", "a");
            h.assertError("ERR invalid first DB index", "SWAPDB", "99999999999", "0");
            h.assertError("ERR invalid second DB index", "SWAPDB", "0", "99999999999");
            h.assertError("ERR DB index is out of range", "SWAPDB", "0", "16");
            h.assertError("ERR DB index is out of range", "SWAPDB", "-1", "0");
        }
    }

    // ------------------------------------------------------------------ WATCH

    /** MULTI/PING/EXEC as {@code c}; returns EXEC's reply (null when aborted). */
    private static Object execPing(CommandHarness h, Client c) {
        assertEquals("OK", h.run(c, "MULTI"));
        assertEquals("QUEUED", h.run(c, "PING"));
        return h.run(c, "EXEC");
    }

    @Test
    void watchThenFlushdbByAnotherClientAbortsExec() {
        try (CommandHarness h = new CommandHarness()) {
            Client other = h.newClient();
            put(h, "k", "v");
            h.run("WATCH", "k");
            h.run(other, "FLUSHDB");
            assertNull(execPing(h, h.client));
        }
    }

    @Test
    void watchOfAMissingKeyIsNotTouchedByFlush() {
        try (CommandHarness h = new CommandHarness()) {
            Client other = h.newClient();
            put(h, "x", "v");
            h.run("WATCH", "k");
            h.run(other, "FLUSHALL");
            assertEquals(List.of("PONG"), execPing(h, h.client));
        }
    }

    @Test
    void watchThenExpireInThePastAbortsExec() {
        try (CommandHarness h = new CommandHarness()) {
            Client other = h.newClient();
            put(h, "k", "v");
            h.run("WATCH", "k");
            assertEquals(1L, h.run(other, "PEXPIRE", "k", "-1"));
            assertNull(execPing(h, h.client));
        }
    }

    @Test
    void watchThenExpiryByTheClockAbortsExec() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "k", "v");
            assertEquals(1L, h.run("PEXPIRE", "k", "100"));
            h.run("WATCH", "k");
            h.clock.advance(101);
            assertNull(execPing(h, h.client));
        }
    }

    @Test
    void watchThenKeyCommandsAbortExec() {
        String[][] changes = {
            {"EXPIRE", "k", "100"}, {"PERSIST", "k"}, {"DEL", "k"}, {"UNLINK", "k"},
            {"RENAME", "k", "k2"}, {"RENAME", "k2", "k"}, {"COPY", "k2", "k", "REPLACE"}, {"MOVE", "k", "1"},
            {"SWAPDB", "0", "1"},
        };
        for (String[] change : changes) {
            try (CommandHarness h = new CommandHarness()) {
                Client other = h.newClient();
                put(h, "k", "v");
                h.run("PEXPIRE", "k", "1000000");
                put(h, "k2", "v2");
                h.run("WATCH", "k");
                Object r = h.run(other, change);
                assertFalse(r instanceof RecordingReply.Err, () -> Arrays.toString(change) + ": " + r);
                assertNull(execPing(h, h.client), Arrays.toString(change));
            }
        }
    }

    @Test
    void watchIsNotTouchedByReads() {
        try (CommandHarness h = new CommandHarness()) {
            Client other = h.newClient();
            put(h, "k", "v");
            h.run("WATCH", "k");
            for (String[] read : new String[][] {{"EXISTS", "k"}, {"TYPE", "k"}, {"TTL", "k"},
                    {"TOUCH", "k"}, {"OBJECT", "ENCODING", "k"}, {"KEYS", "*"}, {"SCAN", "0"},
                    {"RANDOMKEY"}, {"DBSIZE"}, {"PERSIST", "k"}, {"EXPIRE", "k", "10", "XX"},
                    {"RENAMENX", "k", "k"}, {"COPY", "nokey", "k"}, {"SWAPDB", "2", "3"}}) {
                h.run(other, read);
            }
            assertEquals(List.of("PONG"), execPing(h, h.client));
        }
    }

    @Test
    void keyCommandsInsideMultiRunAtomically() {
        try (CommandHarness h = new CommandHarness()) {
            put(h, "a", "1");
            h.run("MULTI");
            h.run("RENAME", "a", "b");
            h.run("MOVE", "b", "3");
            h.run("COPY", "nokey", "x", "DB", "5");
            h.run("SWAPDB", "3", "4");
            h.run("EXISTS", "a", "b");
            assertEquals(List.of("OK", 1L, 0L, "OK", 0L), h.run("EXEC"));
            assertEquals("1", get(h, 4, "b"));
        }
    }

    @Test
    void lockPlansAndUnboundCommands() {
        // the whole-database commands lock what the engine's methods assert
        try (CommandHarness h = new CommandHarness()) {
            assertSame(LockPlan.DB, h.node.commands().lookup("keys").lockPlan());
            assertSame(LockPlan.DB, h.node.commands().lookup("dbsize").lockPlan());
            assertSame(LockPlan.DB, h.node.commands().lookup("randomkey").lockPlan());
            assertSame(LockPlan.DB, h.node.commands().lookup("flushdb").lockPlan());
            assertSame(LockPlan.ALL, h.node.commands().lookup("flushall").lockPlan());
            assertSame(LockPlan.ALL, h.node.commands().lookup("swapdb").lockPlan());
            assertSame(LockPlan.ALL, h.node.commands().lookup("move").lockPlan());
            assertSame(LockPlan.ALL, h.node.commands().lookup("copy").lockPlan());
            assertSame(LockPlan.SELF, h.node.commands().lookup("scan").lockPlan());
            assertNull(h.node.commands().lookup("dump"), "DUMP is left for persistence");
            assertNull(h.node.commands().lookup("restore"));
            assertNotNull(h.node.commands().lookup("object").subcommand("encoding"));
        }
    }
}
