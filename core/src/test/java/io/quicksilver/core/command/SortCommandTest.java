package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.event.NotifyFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SORT and SORT_RO over lists, sets and sorted sets. Every expected reply was recorded from
 * redis-server 7.0.15 (C.UTF-8 locale, glibc 2.36). List tests run with 8 KiB quicklist nodes
 * and with one element per node; set tests with an intset and a hashtable source.
 */
class SortCommandTest {

    private static CommandHarness listHarness(long fill) {
        CommandHarness h = new CommandHarness();
        h.engine.encodings().listMaxListpackSize = fill;
        return h;
    }

    private static CommandHarness setHarness(String encoding) {
        CommandHarness h = new CommandHarness();
        if ("hashtable".equals(encoding)) {
            h.engine.encodings().setMaxIntsetEntries = 0;
        }
        return h;
    }

    private static List<String> l(String... s) {
        return Arrays.asList(s);
    }

    private static final String CANT = "ERR One or more scores can't be converted into double";

    // ---------------------------------------------------------------- lists

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void numericAlphaDescLimit(long fill) {
        try (CommandHarness h = listHarness(fill)) {
            h.run("RPUSH", "l", "3", "1", "2", "10", "b", "a");
            h.assertError(CANT, "SORT", "l");
            assertEquals(l("1", "10", "2", "3", "a", "b"), h.run("SORT", "l", "ALPHA"));
            assertEquals(l("b", "a", "3", "2", "10", "1"), h.run("SORT", "l", "alpha", "desc"));
            assertEquals(l("10", "2"), h.run("SORT", "l", "LIMIT", "1", "2", "ALPHA"));
            assertEquals(l("1", "10", "2", "3", "a", "b"), h.run("SORT", "l", "LIMIT", "0", "9223372036854775807", "ALPHA"));
            assertEquals(l(), h.run("SORT", "l", "LIMIT", "9223372036854775807", "9223372036854775807", "ALPHA"));
            assertEquals(l("1", "10"), h.run("SORT", "l", "LIMIT", "-5", "2", "ALPHA"));
            assertEquals(l("2", "3", "a", "b"), h.run("SORT", "l", "LIMIT", "2", "-1", "ALPHA"));
            assertEquals(l("2", "3", "a", "b"), h.run("SORT", "l", "LIMIT", "2", "9223372036854775807", "ALPHA"));
            assertEquals(l(), h.run("SORT", "l", "LIMIT", "10", "1", "ALPHA"));
            assertEquals(l(), h.run("SORT", "l", "LIMIT", "5", "0", "ALPHA"));
            h.run("RPUSH", "n", "3", "1.5", "-2", "1e2", " 4", "0x10", "inf", "-inf", "");
            assertEquals(l("-inf", "-2", "", "1.5", "3", " 4", "0x10", "1e2", "inf"), h.run("SORT", "n"));
            assertEquals(l("inf", "1e2", "0x10", " 4", "3", "1.5", "", "-2", "-inf"), h.run("SORT", "n", "DESC"));
            h.run("RPUSH", "z", "0", "-0", "0.0");
            assertEquals(l("-0", "0", "0.0"), h.run("SORT", "z"), "equal weights: the elements' bytes decide");
            assertEquals(l("0.0", "0", "-0"), h.run("SORT", "z", "DESC"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void byNosortKeepsListOrder(long fill) {
        try (CommandHarness h = listHarness(fill)) {
            h.run("RPUSH", "l", "3", "1", "2", "10", "b", "a");
            assertEquals(l("3", "1", "2", "10", "b", "a"), h.run("SORT", "l", "BY", "nosort"));
            assertEquals(l("a", "b", "10", "2", "1", "3"), h.run("SORT", "l", "BY", "nosort", "DESC"));
            assertEquals(l("1", "2"), h.run("SORT", "l", "BY", "nosort", "LIMIT", "1", "2"));
            assertEquals(l("b", "10"), h.run("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2"));
            assertEquals(l(), h.run("SORT", "l", "BY", "nosort", "LIMIT", "6", "2"));
            // a constant BY is sticky, as in Redis: a later BY with a pattern does not sort again
            h.run("MSET", "w_3", "6", "w_1", "5", "w_2", "4", "w_10", "3", "w_b", "2", "w_a", "1");
            assertEquals(l("3", "1", "2", "10", "b", "a"), h.run("SORT", "l", "BY", "nosort", "BY", "w_*"));
            assertEquals(l("a", "b", "10", "2", "1", "3"), h.run("SORT", "l", "BY", "w_*"));
            assertEquals(l("3", null, "1", null, "2", null, "10", null, "b", null, "a", null),
                    h.run("SORT", "l", "BY", "nosort", "GET", "#", "GET", "x"));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void byAndGetPatterns(long fill) {
        try (CommandHarness h = listHarness(fill)) {
            h.run("RPUSH", "l", "3", "1", "2");
            h.run("MSET", "w_1", "30", "w_2", "10", "w_3", "20", "n_1", "one", "n_2", "two");
            h.run("HSET", "h_1", "f", "5", "g", "x");
            h.run("HSET", "h_2", "f", "3");
            h.run("HSET", "h_3", "f", "4");
            h.run("MSET", "a_1", "b", "a_2", "a", "a_3", "a");
            assertEquals(l("2", "3", "1"), h.run("SORT", "l", "BY", "w_*"));
            assertEquals(l("1", "3", "2"), h.run("SORT", "l", "BY", "w_*", "DESC"));
            assertEquals(l("2", "3", "1"), h.run("SORT", "l", "BY", "h_*->f"));
            h.assertError(CANT, "SORT", "l", "BY", "h_*->g");
            assertEquals(l("3", "2", "1"), h.run("SORT", "l", "BY", "h_*->g", "ALPHA"), "missing values first, stable");
            assertEquals(l("3", "2", "1"), h.run("SORT", "l", "BY", "a_*", "ALPHA"), "ties keep the list's order");
            assertEquals(l("1", "3", "2"), h.run("SORT", "l", "BY", "a_*", "ALPHA", "DESC"));
            assertEquals(l("3", "1", "2"), h.run("SORT", "l", "BY", "nokey_*", "ALPHA"));
            assertEquals(l("1", "2", "3"), h.run("SORT", "l", "BY", "w_*->"), "an empty field is no field");
            assertEquals(l("2", "3", "1"), h.run("SORT", "l", "BY", "h_*->f", "ALPHA"));
            h.assertError(CANT, "SORT", "l", "BY", "n_*");
            assertEquals(l("2", "two", "3", null, null, null, "3", null, "4", null, null, null,
                            "1", "one", "5", null, null, null),
                    h.run("SORT", "l", "BY", "w_*", "GET", "#", "GET", "n_*", "GET", "h_*->f", "GET", "h_*->",
                            "GET", "h_*", "GET", "nostar"));
            assertEquals(Arrays.asList((String) null), h.run("SORT", "l", "BY", "w_*", "LIMIT", "1", "1", "GET", "n_*"));
            assertEquals(l(null, null, null), h.run("SORT", "l", "GET", "#x"));
            h.run("SET", "k_x", "v");
            h.run("APPEND", "k_x", "w");
            h.run("RPUSH", "one", "x");
            assertEquals(l("vw"), h.run("SORT", "one", "BY", "nosort", "GET", "k_*"), "an appended string");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-2, 1})
    void store(long fill) {
        try (CommandHarness h = listHarness(fill)) {
            h.run("RPUSH", "l", "3", "1", "2");
            h.run("MSET", "n_1", "one", "n_2", "two");
            h.run("SET", "d", "x");
            h.run("EXPIRE", "d", "100");
            assertEquals(3L, h.run("SORT", "l", "STORE", "d"));
            assertEquals(l("1", "2", "3"), h.run("LRANGE", "d", "0", "-1"));
            assertEquals(-1L, h.run("TTL", "d"), "overwritten, TTL cleared");
            assertEquals(3L, h.run("SORT", "l", "GET", "n_*", "STORE", "d"));
            assertEquals(l("one", "two", ""), h.run("LRANGE", "d", "0", "-1"), "a missing GET stores an empty string");
            assertEquals(6L, h.run("SORT", "l", "GET", "#", "GET", "n_*", "STORE", "d"));
            assertEquals(0L, h.run("SORT", "nokey", "STORE", "d"));
            assertEquals(0L, h.run("EXISTS", "d"), "an empty result deletes the destination");
            assertEquals(0L, h.run("SORT", "nokey", "STORE", "d"));
            assertEquals(3L, h.run("SORT", "l", "DESC", "STORE", "l"), "the source itself");
            assertEquals(l("3", "2", "1"), h.run("LRANGE", "l", "0", "-1"));
            assertEquals("quicklist", h.run("OBJECT", "ENCODING", "l"));
        }
    }

    @Test
    void errorsAndSortRo() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("RPUSH", "l", "3", "1", "2");
            h.run("SET", "str", "x");
            h.assertError(Errors.WRONGTYPE, "SORT", "str");
            h.assertError(Errors.SYNTAX, "SORT", "str", "foo");
            h.assertError(Errors.SYNTAX, "SORT", "l", "foo");
            h.assertError(Errors.SYNTAX, "SORT", "l", "LIMIT", "1");
            h.assertError(Errors.NOT_INTEGER, "SORT", "l", "LIMIT", "x", "1");
            h.assertError(Errors.NOT_INTEGER, "SORT", "l", "LIMIT", "1", "x");
            h.assertError(Errors.SYNTAX, "SORT", "l", "STORE");
            h.assertError(Errors.SYNTAX, "SORT", "l", "ALPHA", "GET");
            h.assertError(Errors.SYNTAX, "SORT", "l", "BY");
            h.assertError(Errors.SYNTAX, "SORT_RO", "l", "STORE", "d");
            assertEquals(l(), h.run("SORT", "nokey"));
            assertEquals(l(), h.run("SORT_RO", "nokey", "BY", "x", "GET", "#"));
            assertEquals(l("1", "2", "3"), h.run("SORT_RO", "l"));
            assertEquals(l("2", "1", "3"), h.run("SORT_RO", "l", "BY", "nosort", "DESC", "ALPHA", "ASC", "DESC"));
            h.run("HSET", "hash", "f", "v");
            h.assertError(Errors.WRONGTYPE, "SORT", "hash");
            h.assertError("ERR wrong number of arguments for 'sort' command", "SORT");
        }
    }

    /**
     * strtod as Redis uses it: which weights are accepted (recorded one by one from
     * redis-server 7.0.15 with {@code RPUSH t <weight> 0} then {@code SORT t}).
     */
    @Test
    void weightsAcceptedAsStrtod() {
        String[] accepted = {"-0", ".5", "5.", "infinity", "INF", "+3", "\t5", "0x1p3", "0x.8", "0x1.8p1",
            "2.2250738585072014e-308", "0x1p-1074", "0x1p-1030", "0x1p-1022", "0x0p0", "0e999999",
            "0.000e-99999", "0x1.0000000000001p-1022", "00000.1", "1e308", "1.7976931348623157e308",
            "0x1.fffffffffffff7p1023", "0x1", "1.e5", "2.2250738585072013e-308", "", "0e-99999999999999999999",
            "0x.1", "1e+5", "1E5", "-Infinity", "  -1.5e-3", "0X1A", "1\u0000junk"};
        String[] refused = {"1e-310", "1e-400", "nan", "1e400", "0x", "1e", "5 ", "1e+", ".", "-",
            "4.9e-324", "2.2250738585072011e-308", "1_000", "\u0661", "-nan", "nan(123)", "infinit",
            "1.7976931348623159e308", "0x1.fffffffffffff8p1023", "0x1p", "0xg", "e5", "1e-320",
            "2.2250738585072012e-308", "0x0.fffffffffffff8p-1022", "0x1.fffffffffffffp-1023", "   ", "+",
            "1e99999999999999999999", "1e-99999999999999999999", "-0x", "0x.p1", "infinityy"};
        for (String w : accepted) {
            assertFalse(Double.isNaN(SortCommand.strtod(w.getBytes(StandardCharsets.UTF_8))), "accepts [" + w + "]");
        }
        for (String w : refused) {
            assertTrue(Double.isNaN(SortCommand.strtod(w.getBytes(StandardCharsets.UTF_8))), "refuses [" + w + "]");
        }
        assertEquals(16.0, SortCommand.strtod(b("0x10")));
        assertEquals(3.0, SortCommand.strtod(b("0x1.8p1")));
        assertEquals(26.0, SortCommand.strtod(b("0X1A")));
        assertEquals(Double.MIN_VALUE, SortCommand.strtod(b("0x1p-1074")));
        assertEquals(Double.MIN_NORMAL, SortCommand.strtod(b("2.2250738585072013e-308")));
        assertEquals(-0.0015, SortCommand.strtod(b("  -1.5e-3")));
        assertEquals(Double.MAX_VALUE, SortCommand.strtod(b("0x1.fffffffffffff7p1023")));
        assertEquals(Double.NEGATIVE_INFINITY, SortCommand.strtod(b("-Infinity")));
        assertEquals(0.0, SortCommand.strtod(b("")));
        assertEquals(1.0, SortCommand.strtod(b("1\u0000junk")), "a C string ends at NUL");
        try (CommandHarness h = new CommandHarness()) {
            h.run("RPUSH", "t", "1e-310", "0");
            h.assertError(CANT, "SORT", "t");
            h.assertError(CANT, "SORT", "t", "LIMIT", "0", "1");
            h.assertError(CANT, "SORT", "t", "STORE", "d");
            assertEquals(0L, h.run("EXISTS", "d"));
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- sets

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void sets(String enc) {
        try (CommandHarness h = setHarness(enc)) {
            h.run("SADD", "s", "3", "1", "2", "10");
            assertEquals(enc, h.run("OBJECT", "ENCODING", "s"));
            assertEquals(l("1", "2", "3", "10"), h.run("SORT", "s"));
            assertEquals(l("10", "3", "2", "1"), h.run("SORT", "s", "DESC"));
            assertEquals(l("1", "10", "2", "3"), h.run("SORT", "s", "ALPHA"));
            assertEquals(l("2", "3"), h.run("SORT", "s", "LIMIT", "1", "2"));
            h.run("MSET", "w_1", "4", "w_2", "3", "w_3", "2", "w_10", "1");
            assertEquals(l("10", "3", "2", "1"), h.run("SORT", "s", "BY", "w_*"));
            List<?> nosort = (List<?>) h.run("SORT", "s", "BY", "nosort");
            if ("intset".equals(enc)) {
                assertEquals(l("1", "2", "3", "10"), nosort, "an intset's own order");
            } else {
                assertEquals(4, nosort.size());
            }
            // BY nosort with STORE: a set is sorted ALPHA anyway, so the stored list is the same everywhere
            assertEquals(4L, h.run("SORT", "s", "BY", "nosort", "STORE", "d"));
            assertEquals(l("1", "10", "2", "3"), h.run("LRANGE", "d", "0", "-1"));
            assertEquals(2L, h.run("SORT", "s", "BY", "nosort", "DESC", "LIMIT", "0", "2", "STORE", "d"));
            assertEquals(l("3", "2"), h.run("LRANGE", "d", "0", "-1"));
        }
    }

    @Test
    void stringSets() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("SADD", "t", "c", "a", "b");
            h.assertError(CANT, "SORT", "t");
            assertEquals(l("c", "b"), h.run("SORT", "t", "ALPHA", "DESC", "LIMIT", "0", "2"));
            assertEquals(3L, h.run("SORT", "t", "BY", "nosort", "STORE", "d"));
            assertEquals(l("a", "b", "c"), h.run("LRANGE", "d", "0", "-1"));
        }
    }

    /** ALPHA compares as strcoll in C.UTF-8 (up to a NUL) when replying, binary when storing. */
    @Test
    void alphaComparesCStringsUnlessStoring() {
        assertEquals(0, SortCommand.strcmp(b("a\u0000x"), b("a\u0000y")));
        assertTrue(SortCommand.strcmp(b("a"), b("\u00e9")) < 0, "unsigned bytes");
        assertTrue(SortCommand.strcmp(b("ab"), b("a")) > 0);
        try (CommandHarness h = new CommandHarness()) {
            h.run("RPUSH", "l", "\u00e9", "z", "A", "a");
            assertEquals(l("A", "a", "z", "\u00e9"), h.run("SORT", "l", "ALPHA"));
            assertEquals(4L, h.run("SORT", "l", "ALPHA", "STORE", "d"));
            assertEquals(l("A", "a", "z", "\u00e9"), h.run("LRANGE", "d", "0", "-1"));
        }
    }

    // ---------------------------------------------------------------- sorted sets

    private static CommandHarness zsetHarness(String encoding) {
        CommandHarness h = new CommandHarness();
        if ("skiplist".equals(encoding)) {
            h.engine.encodings().zsetMaxListpackEntries = 0;
        }
        return h;
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void sortedSets(String enc) {
        try (CommandHarness h = zsetHarness(enc)) {
            h.run("ZADD", "x", "1", "3", "2", "1", "3", "2");
            h.run("EXPIRE", "x", "1000");
            assertEquals(enc, h.run("OBJECT", "ENCODING", "x"));
            assertEquals(l("1", "2", "3"), h.run("SORT", "x"), "the members sorted as numbers, not by score");
            assertEquals("skiplist", h.run("OBJECT", "ENCODING", "x"), "SORT converts a listpack sorted set, as Redis");
            assertEquals(1000L, h.run("TTL", "x"));
            assertEquals(l("3", "1", "2"), h.run("SORT", "x", "BY", "nosort"), "score order");
            assertEquals(l("1"), h.run("SORT", "x", "BY", "nosort", "LIMIT", "1", "1"));
            assertEquals(l("2", "1", "3"), h.run("SORT", "x", "BY", "nosort", "DESC"));
            assertEquals(l("1", "3"), h.run("SORT", "x", "BY", "nosort", "DESC", "LIMIT", "1", "5"));
            assertEquals(l(), h.run("SORT", "x", "BY", "nosort", "LIMIT", "3", "1"));
            assertEquals(3L, h.run("SORT", "x", "BY", "nosort", "STORE", "d"));
            assertEquals(l("3", "1", "2"), h.run("LRANGE", "d", "0", "-1"), "no ALPHA forced for a sorted set");
            h.run("MSET", "w_1", "3", "w_2", "2", "w_3", "1");
            assertEquals(l("3", "2", "1"), h.run("SORT", "x", "BY", "w_*"));
            assertEquals(l("3", "2"), h.run("SORT", "x", "ALPHA", "DESC", "LIMIT", "0", "2"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void sortRoConvertsToo(String enc) {
        try (CommandHarness h = zsetHarness(enc)) {
            h.run("ZADD", "y", "3", "c", "1", "a", "2", "b");
            assertEquals(l("b", "a"), h.run("SORT_RO", "y", "BY", "nosort", "DESC", "LIMIT", "1", "5"));
            assertEquals("skiplist", h.run("OBJECT", "ENCODING", "y"));
            assertEquals(l("a", "b", "c"), h.run("SORT", "y", "ALPHA"));
            assertEquals(List.of("a", 1.0, "b", 2.0, "c", 3.0), h.run("ZRANGE", "y", "0", "-1", "WITHSCORES"),
                    "same members and scores");
        }
    }

    // ---------------------------------------------------------------- events, dirty, stats, blocking

    @Test
    void eventsAndDirty() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("RPUSH", "l", "3", "2", "1");
            List<String> events = new ArrayList<>();
            h.engine.addListener((db, key, type, event) -> {
                if (type != NotifyFlags.KEY_MISS) {
                    events.add(event + " " + new String(key, StandardCharsets.UTF_8));
                }
            });
            long dirty = h.engine.stats().dirty.sum();
            h.run("SORT", "l", "STORE", "d");
            assertEquals(3L, h.engine.stats().dirty.sum() - dirty, "one per stored element");
            h.run("SORT", "l", "STORE", "d");
            h.run("SORT", "nokey", "STORE", "d");
            dirty = h.engine.stats().dirty.sum();
            h.run("SORT", "nokey", "STORE", "d");
            h.run("SORT", "l");
            h.run("SORT", "l", "LIMIT", "0", "1", "GET", "#", "GET", "x", "STORE", "e");
            assertEquals(2L, h.engine.stats().dirty.sum() - dirty);
            assertEquals(l("new d", "sortstore d", "sortstore d", "del d", "new e", "sortstore e"), events);
        }
    }

    /** The sorted key and every BY/GET key are read lookups: hits and misses counted. */
    @Test
    void patternLookupsCountHitsAndMisses() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("RPUSH", "l", "3", "1", "2");
            h.run("MSET", "w_1", "1", "w_2", "2");
            long hits = h.engine.stats().keyspaceHits.sum();
            long misses = h.engine.stats().keyspaceMisses.sum();
            h.run("SORT", "l", "BY", "w_*", "GET", "#", "GET", "w_*");
            assertEquals(1 + 2 + 2, h.engine.stats().keyspaceHits.sum() - hits);
            assertEquals(1 + 1, h.engine.stats().keyspaceMisses.sum() - misses);
        }
    }

    /** A list stored by SORT serves a client blocked on the destination. */
    @Test
    void storeWakesBlockedClients() throws InterruptedException {
        try (CommandHarness h = new CommandHarness()) {
            h.run("RPUSH", "l", "3", "1", "2");
            RecordingConnection conn = new RecordingConnection();
            Client waiter = h.newClient(conn);
            assertEquals(List.of(), h.runAll(waiter, "BLPOP", "d", "0"));
            assertTrue(waiter.isBlocked());
            assertEquals(3L, h.run("SORT", "l", "STORE", "d"));
            assertEquals(List.of(l("d", "1")), conn.await(1, 5, TimeUnit.SECONDS));
            assertEquals(l("2", "3"), h.run("LRANGE", "d", "0", "-1"));
        }
    }
}
