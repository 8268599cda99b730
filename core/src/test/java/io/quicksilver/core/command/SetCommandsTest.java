package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.event.NotifyFlags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The set commands, each test run for both encodings: "intset" (integer members, the default
 * set-max-intset-entries) and "hashtable" (the same members with set-max-intset-entries 0, so every
 * set converts on its first member). Expected replies were recorded from redis-server 7.0.15; an
 * intset's replies are in ascending order as Redis's, a hashtable's are compared as sets (its
 * order is its own, as Redis's dict order is).
 */
class SetCommandsTest {

    /**
     * Runs a command; in RESP2 a set reply becomes the array the server sends (the recording
     * reply keeps the RESP3 shape).
     */
    private static Object run(CommandHarness h, String... args) {
        return h.client.protocol == 2 ? downgrade(h.run(args)) : h.run(args);
    }

    private static Object downgrade(Object reply) {
        if (reply instanceof java.util.Collection<?> c) {
            List<Object> out = new ArrayList<>();
            for (Object o : c) {
                out.add(downgrade(o));
            }
            return out;
        }
        return reply;
    }

    /** A harness whose sets take the given encoding. */
    private static CommandHarness harness(String encoding) {
        CommandHarness h = new CommandHarness();
        if ("hashtable".equals(encoding)) {
            h.engine.encodings().setMaxIntsetEntries = 0;
        }
        return h;
    }

    /**
     * Asserts a multi-member reply: exactly {@code expected} in order for an intset, the same
     * members in any order for a hashtable.
     */
    private static void assertMembers(String encoding, List<String> expected, Object reply) {
        List<?> actual = new ArrayList<>((java.util.Collection<?>) reply);
        if ("intset".equals(encoding)) {
            assertEquals(expected, actual);
        } else {
            assertEquals(expected.size(), actual.size(), () -> "duplicates in " + actual);
            assertEquals(new HashSet<>(expected), new HashSet<>(actual));
        }
    }

    private static Set<Object> asSet(Object reply) {
        return new HashSet<>((java.util.Collection<?>) reply);
    }

    private static final String WRONGTYPE = Errors.WRONGTYPE;

    // ---------------------------------------------------------------- SADD, SREM, SCARD

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void saddSremScard(String enc) {
        try (CommandHarness h = harness(enc)) {
            assertEquals(3L, run(h, "SADD", "s", "3", "1", "2", "2"));
            assertEquals(enc, run(h, "OBJECT", "ENCODING", "s"));
            assertEquals(1L, run(h, "SADD", "s", "3", "4"));
            assertEquals(0L, run(h, "SADD", "s", "4"));
            assertEquals(4L, run(h, "SCARD", "s"));
            assertEquals(0L, run(h, "SCARD", "nokey"));
            assertEquals(1L, run(h, "SREM", "s", "1", "9", "01"));
            assertEquals(0L, run(h, "SREM", "nokey", "1"));
            assertMembers(enc, List.of("2", "3", "4"), run(h, "SMEMBERS", "s"));
            assertEquals(3L, run(h, "SREM", "s", "2", "3", "4", "5"));
            assertEquals(0L, run(h, "EXISTS", "s"), "an emptied set is deleted");
            h.assertError("ERR wrong number of arguments for 'sadd' command", "SADD", "s");
        }
    }

    @Test
    void encodingFollowsMembersAndLimit() {
        try (CommandHarness h = new CommandHarness()) {
            h.engine.encodings().setMaxIntsetEntries = 3;
            run(h, "SADD", "i", "1", "2", "3");
            assertEquals("intset", run(h, "OBJECT", "ENCODING", "i"));
            run(h, "SADD", "i", "4");
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "i"), "past set-max-intset-entries");
            run(h, "SREM", "i", "4", "3");
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "i"), "never converts back");

            run(h, "SADD", "a", "a", "1");
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "a"));
            run(h, "SADD", "b", "1", "x");
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "b"), "converted by its second member");
            run(h, "SADD", "c", "01");
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "c"), "not a canonical integer");
            run(h, "SADD", "d", "-9223372036854775808", "9223372036854775807");
            assertEquals("intset", run(h, "OBJECT", "ENCODING", "d"));
            assertEquals(List.of("-9223372036854775808", "9223372036854775807"), run(h, "SMEMBERS", "d"));
            run(h, "SADD", "e", "9223372036854775808");
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "e"), "out of the 64-bit range");
        }
    }

    @Test
    void stringMembers() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(3L, run(h, "SADD", "s", "a", "b", "", "a"));
            assertEquals(Set.of("a", "b", ""), asSet(run(h, "SMEMBERS", "s")));
            assertEquals(1L, run(h, "SISMEMBER", "s", ""));
            assertEquals(List.of(1L, 0L, 1L), run(h, "SMISMEMBER", "s", "a", "c", "b"));
            assertEquals(2L, run(h, "SREM", "s", "a", ""));
            assertEquals(List.of("b"), run(h, "SMEMBERS", "s"));
        }
    }

    // ---------------------------------------------------------------- reads

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void smembersIsASetInResp3(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "s", "10", "-5", "7");
            assertMembers(enc, List.of("-5", "7", "10"), run(h, "SMEMBERS", "s"));
            assertEquals(List.of(), run(h, "SMEMBERS", "nokey"));
            h.client.protocol = 3;
            Object r = run(h, "SMEMBERS", "s");
            assertInstanceOf(Set.class, r);
            assertMembers(enc, List.of("-5", "7", "10"), r);
            assertEquals(Set.of(), run(h, "SMEMBERS", "nokey"), "an empty set, not an array");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void sismemberAndSmismember(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "s", "1", "2", "3");
            assertEquals(1L, run(h, "SISMEMBER", "s", "2"));
            assertEquals(0L, run(h, "SISMEMBER", "s", "02"));
            assertEquals(0L, run(h, "SISMEMBER", "s", "x"));
            assertEquals(0L, run(h, "SISMEMBER", "nokey", "1"));
            assertEquals(List.of(1L, 0L, 0L, 1L), run(h, "SMISMEMBER", "s", "1", "9", "x", "3"));
            assertEquals(List.of(0L, 0L), run(h, "SMISMEMBER", "nokey", "1", "2"));
            h.client.protocol = 3;
            assertEquals(List.of(1L), run(h, "SMISMEMBER", "s", "1"), "integers, not booleans");
        }
    }

    @Test
    void wrongType() {
        try (CommandHarness h = new CommandHarness()) {
            run(h, "SET", "str", "x");
            run(h, "SADD", "s", "1");
            for (String[] cmd : new String[][] {
                {"SADD", "str", "1"}, {"SREM", "str", "1"}, {"SMEMBERS", "str"}, {"SISMEMBER", "str", "1"},
                {"SMISMEMBER", "str", "1"}, {"SCARD", "str"}, {"SPOP", "str"}, {"SPOP", "str", "0"},
                {"SPOP", "str", "1"}, {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "0"},
                {"SMOVE", "str", "s", "1"}, {"SMOVE", "s", "str", "1"}, {"SINTER", "s", "str"},
                {"SINTER", "nokey", "str"}, {"SINTERSTORE", "d", "nokey", "str"}, {"SINTERCARD", "2", "nokey", "str"},
                {"SUNION", "nokey", "str"}, {"SDIFF", "nokey", "str"}, {"SDIFF", "s", "str"},
                {"SUNIONSTORE", "d", "s", "str"}, {"SDIFFSTORE", "d", "s", "str"}, {"SSCAN", "str", "0"},
                {"SSCAN", "str", "0", "foo"}}) {
                h.assertError(WRONGTYPE, cmd);
            }
            assertEquals(0L, run(h, "SMOVE", "nokey", "str", "1"), "a missing source answers 0 first");
            assertEquals(0L, run(h, "EXISTS", "d"));
        }
    }

    // ---------------------------------------------------------------- SPOP

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void spopOne(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "s", "1", "2", "3");
            Set<Object> popped = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                Object m = run(h, "SPOP", "s");
                assertTrue(Set.of("1", "2", "3").contains(m));
                assertTrue(popped.add(m));
                assertEquals(2L - i, run(h, "SCARD", "s"));
            }
            assertEquals(0L, run(h, "EXISTS", "s"));
            assertNull(run(h, "SPOP", "s"));
            h.assertError(Errors.SYNTAX, "SPOP", "s", "1", "2");
        }
    }

    /**
     * SPOP with a count, through Redis's three strategies on a set of 10: count 2 (pop one by
     * one), count 9 (keep 1 in a new set), count 10 and more (everything, key deleted).
     */
    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void spopWithCount(String enc) {
        for (int count : new int[] {1, 2, 8, 9, 10, 11}) {
            try (CommandHarness h = harness(enc)) {
                List<String> all = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    all.add(Integer.toString(i));
                }
                List<String> args = new ArrayList<>(List.of("SADD", "s"));
                args.addAll(all);
                run(h, args.toArray(String[]::new));
                h.client.protocol = 3;
                Object r = run(h, "SPOP", "s", Integer.toString(count));
                Set<?> popped = assertInstanceOf(Set.class, r);
                assertEquals(Math.min(count, 10), popped.size());
                Set<Object> left = count >= 10 ? Set.of() : asSet(run(h, "SMEMBERS", "s"));
                assertEquals(10 - popped.size(), left.size());
                Set<Object> union = new HashSet<>(popped);
                union.addAll(left);
                assertEquals(new HashSet<>(all), union, "popped and left make the set, count " + count);
                assertEquals(count >= 10 ? 0L : 1L, run(h, "EXISTS", "s"));
                if (count >= 10 && "intset".equals(enc)) {
                    assertEquals(all, new ArrayList<>(popped), "the whole intset, in order");
                }
                if (count < 10) {
                    assertEquals(enc, run(h, "OBJECT", "ENCODING", "s"));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void spopCountEdges(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "s", "1", "2", "3");
            assertEquals(List.of(), run(h, "SPOP", "s", "0"));
            assertEquals(List.of(), run(h, "SPOP", "nokey", "0"));
            assertEquals(List.of(), run(h, "SPOP", "nokey", "3"));
            h.assertError("ERR value is out of range, must be positive", "SPOP", "s", "-1");
            h.assertError("ERR value is out of range, must be positive", "SPOP", "s", "x");
            h.assertError("ERR value is out of range, must be positive", "SPOP", "nokey", "-1");
            h.assertError("ERR value is out of range, must be positive", "SPOP", "s", "9223372036854775808");
            assertEquals(3L, run(h, "SCARD", "s"));
            h.client.protocol = 3;
            assertEquals(Set.of(), run(h, "SPOP", "s", "0"));
            assertMembers(enc, List.of("1", "2", "3"), run(h, "SPOP", "s", "9223372036854775807"));
            assertEquals(0L, run(h, "EXISTS", "s"));
        }
    }

    /**
     * SPOP's third strategy builds a new set from the members that stay, as Redis: a hashtable
     * whose remaining member is an integer becomes an intset (redis-server 7.0.15 does this).
     */
    @Test
    void spopMayChangeTheEncodingAsRedis() {
        boolean sawIntset = false;
        boolean sawHashtable = false;
        for (int round = 0; round < 200 && !(sawIntset && sawHashtable); round++) {
            try (CommandHarness h = new CommandHarness()) {
                run(h, "SADD", "h", "a", "1", "2", "3", "4", "5", "6", "7", "8", "9");
                run(h, "SPOP", "h", "9");
                List<?> left = (List<?>) run(h, "SMEMBERS", "h");
                assertEquals(1, left.size());
                String expected = "a".equals(left.get(0)) ? "hashtable" : "intset";
                assertEquals(expected, run(h, "OBJECT", "ENCODING", "h"));
                sawIntset |= expected.equals("intset");
                sawHashtable |= expected.equals("hashtable");
            }
        }
        assertTrue(sawIntset && sawHashtable);
    }

    // ---------------------------------------------------------------- SRANDMEMBER

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void srandmember(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "s", "1", "2", "3");
            assertTrue(Set.of("1", "2", "3").contains(run(h, "SRANDMEMBER", "s")));
            assertNull(run(h, "SRANDMEMBER", "nokey"));
            assertEquals(List.of(), run(h, "SRANDMEMBER", "s", "0"));
            assertEquals(List.of(), run(h, "SRANDMEMBER", "nokey", "5"));
            assertEquals(List.of(), run(h, "SRANDMEMBER", "nokey", "-5"));
            assertMembers(enc, List.of("1", "2", "3"), run(h, "SRANDMEMBER", "s", "3"));
            assertMembers(enc, List.of("1", "2", "3"), run(h, "SRANDMEMBER", "s", "9223372036854775807"));
            for (int i = 0; i < 20; i++) {
                List<?> two = (List<?>) run(h, "SRANDMEMBER", "s", "2");
                assertEquals(2, two.size());
                assertEquals(2, new HashSet<>(two).size(), "distinct");
                assertTrue(Set.of("1", "2", "3").containsAll(two));
            }
            List<?> many = (List<?>) run(h, "SRANDMEMBER", "s", "-100");
            assertEquals(100, many.size());
            assertEquals(Set.of("1", "2", "3"), new HashSet<>(many), "repeats, every member drawn");
            assertEquals(3L, run(h, "SCARD", "s"), "nothing removed");
            h.assertError(Errors.NOT_INTEGER, "SRANDMEMBER", "s", "x");
            h.assertError("ERR value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807", "SRANDMEMBER", "s", "-9223372036854775808");
            h.assertError(Errors.SYNTAX, "SRANDMEMBER", "s", "1", "2");
            h.assertError("ERR value is out of range", "SRANDMEMBER", "s", "-9223372036854775807");
            h.client.protocol = 3;
            assertInstanceOf(List.class, run(h, "SRANDMEMBER", "s", "2"), "an array in RESP3 too");
            assertInstanceOf(List.class, run(h, "SRANDMEMBER", "s", "5"));
        }
    }

    /** The distinct-member strategies on a bigger set: copy-and-remove and draw-until-enough. */
    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void srandmemberDistinctOnBiggerSet(String enc) {
        try (CommandHarness h = harness(enc)) {
            List<String> args = new ArrayList<>(List.of("SADD", "s"));
            for (int i = 0; i < 300; i++) {
                args.add(Integer.toString(i * 7));
            }
            run(h, args.toArray(String[]::new));
            for (int count : new int[] {1, 5, 99, 100, 101, 250, 299}) {
                List<?> r = (List<?>) run(h, "SRANDMEMBER", "s", Integer.toString(count));
                assertEquals(count, r.size());
                assertEquals(count, new HashSet<>(r).size());
                for (Object m : r) {
                    assertEquals(0, Integer.parseInt((String) m) % 7);
                }
            }
        }
    }

    // ---------------------------------------------------------------- SMOVE

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void smove(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "s", "1", "2", "3");
            run(h, "SADD", "d", "1");
            assertEquals(1L, run(h, "SMOVE", "s", "d", "1"), "already in the destination");
            assertMembers(enc, List.of("2", "3"), run(h, "SMEMBERS", "s"));
            assertEquals(0L, run(h, "SMOVE", "s", "d", "9"));
            assertEquals(1L, run(h, "SMOVE", "s", "d", "2"));
            assertMembers(enc, List.of("1", "2"), run(h, "SMEMBERS", "d"));
            assertEquals(1L, run(h, "SMOVE", "s", "s", "3"), "same key: is it a member");
            assertEquals(0L, run(h, "SMOVE", "s", "s", "4"));
            assertEquals(1L, run(h, "SMOVE", "s", "new", "3"));
            assertEquals(0L, run(h, "EXISTS", "s"), "emptied source deleted");
            assertEquals(List.of("3"), run(h, "SMEMBERS", "new"));
            assertEquals(enc, run(h, "OBJECT", "ENCODING", "new"));
            assertEquals(0L, run(h, "SMOVE", "nokey", "d", "1"));
            run(h, "SADD", "x", "m");
            assertEquals(1L, run(h, "SMOVE", "x", "d", "m"));
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "d"));
        }
    }

    /** SMOVE touches the destination's watchers only when the member is added there (7.0.15). */
    @Test
    void smoveWatch() {
        try (CommandHarness h = new CommandHarness()) {
            run(h, "SADD", "s", "1", "2");
            run(h, "SADD", "t", "1");
            run(h, "WATCH", "t");
            run(h, "SMOVE", "s", "t", "1");
            run(h, "MULTI");
            run(h, "PING");
            assertEquals(List.of("PONG"), run(h, "EXEC"));
            run(h, "WATCH", "t");
            run(h, "SMOVE", "s", "t", "2");
            run(h, "MULTI");
            run(h, "PING");
            assertNull(run(h, "EXEC"));
        }
    }

    // ---------------------------------------------------------------- SINTER family

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void sinter(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "a", "5", "1", "2", "3", "4");
            run(h, "SADD", "b", "4", "3", "2", "9");
            run(h, "SADD", "c", "2", "3", "8", "7", "6");
            assertMembers(enc, List.of("2", "3"), run(h, "SINTER", "a", "b", "c"));
            assertMembers(enc, List.of("2", "3", "4"), run(h, "SINTER", "a", "b", "a"));
            assertMembers(enc, List.of("1", "2", "3", "4", "5"), run(h, "SINTER", "a"));
            assertEquals(List.of(), run(h, "SINTER", "a", "nokey"));
            h.client.protocol = 3;
            assertInstanceOf(Set.class, run(h, "SINTER", "a", "b"));
            assertEquals(Set.of(), run(h, "SINTER", "nokey", "a"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void sinterstore(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "a", "1", "2", "3");
            run(h, "SADD", "b", "2", "3", "4");
            run(h, "SET", "d", "string");
            run(h, "EXPIRE", "d", "100");
            assertEquals(2L, run(h, "SINTERSTORE", "d", "a", "b"));
            assertEquals(-1L, run(h, "TTL", "d"), "overwritten, TTL cleared");
            assertMembers(enc, List.of("2", "3"), run(h, "SMEMBERS", "d"));
            assertEquals(enc, run(h, "OBJECT", "ENCODING", "d"));
            assertEquals(0L, run(h, "SINTERSTORE", "d", "a", "nokey"));
            assertEquals(0L, run(h, "EXISTS", "d"), "an empty result deletes the destination");
            run(h, "SADD", "d", "1");
            run(h, "SADD", "e", "7");
            assertEquals(0L, run(h, "SINTERSTORE", "d", "a", "e"));
            assertEquals(0L, run(h, "EXISTS", "d"));
            assertEquals(3L, run(h, "SINTERSTORE", "a", "a"));
            assertEquals(3L, run(h, "SCARD", "a"));
        }
    }

    /** An intersection of hashtables holding only few integers is stored as an intset, as Redis. */
    @Test
    void sinterstoreResultStartsAsIntset() {
        try (CommandHarness h = new CommandHarness()) {
            run(h, "SADD", "a", "x", "1", "2");
            run(h, "SADD", "b", "x", "2", "1");
            run(h, "SREM", "a", "x");
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "a"));
            assertEquals(2L, run(h, "SINTERSTORE", "d", "a", "b"));
            assertEquals("intset", run(h, "OBJECT", "ENCODING", "d"));
            assertEquals(List.of("1", "2"), run(h, "SMEMBERS", "d"), "intset order");
            assertEquals(3L, run(h, "SUNIONSTORE", "u", "a", "b"));
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "u"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void sintercard(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "a", "1", "2", "3", "4");
            run(h, "SADD", "b", "2", "3", "4", "5");
            assertEquals(3L, run(h, "SINTERCARD", "2", "a", "b"));
            assertEquals(2L, run(h, "SINTERCARD", "2", "a", "b", "LIMIT", "2"));
            assertEquals(3L, run(h, "SINTERCARD", "2", "a", "b", "limit", "0"));
            assertEquals(3L, run(h, "SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "9"));
            assertEquals(4L, run(h, "SINTERCARD", "1", "a"));
            assertEquals(0L, run(h, "SINTERCARD", "1", "nokey"));
            assertEquals(0L, run(h, "SINTERCARD", "2", "a", "nokey"));
            h.assertError("ERR numkeys should be greater than 0", "SINTERCARD", "0", "a");
            h.assertError("ERR numkeys should be greater than 0", "SINTERCARD", "-1", "a");
            h.assertError("ERR numkeys should be greater than 0", "SINTERCARD", "x", "a");
            h.assertError("ERR Number of keys can't be greater than number of args", "SINTERCARD", "3", "a", "b");
            h.assertError("ERR Number of keys can't be greater than number of args",
                    "SINTERCARD", "9223372036854775807", "a");
            h.assertError("ERR LIMIT can't be negative", "SINTERCARD", "2", "a", "b", "LIMIT", "-1");
            h.assertError("ERR LIMIT can't be negative", "SINTERCARD", "2", "a", "b", "LIMIT", "x");
            h.assertError(Errors.SYNTAX, "SINTERCARD", "2", "a", "b", "LIMIT");
            h.assertError(Errors.SYNTAX, "SINTERCARD", "2", "a", "b", "FOO", "1");
        }
    }

    // ---------------------------------------------------------------- SUNION, SDIFF

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void sunionAndSdiff(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "a", "3", "1", "2");
            run(h, "SADD", "b", "5", "2");
            run(h, "SADD", "c", "3", "6");
            assertMembers(enc, List.of("1", "2", "3", "5"), run(h, "SUNION", "a", "nokey", "b"));
            assertMembers(enc, List.of("1", "3"), run(h, "SDIFF", "a", "b"));
            assertMembers(enc, List.of("1"), run(h, "SDIFF", "a", "b", "c"));
            assertMembers(enc, List.of("1", "2", "3"), run(h, "SDIFF", "a", "nokey"));
            assertEquals(List.of(), run(h, "SDIFF", "a", "b", "a"), "the first set named again");
            assertEquals(List.of(), run(h, "SDIFF", "nokey", "a"));
            assertEquals(List.of(), run(h, "SUNION", "nokey"));
            h.client.protocol = 3;
            assertInstanceOf(Set.class, run(h, "SUNION", "a", "b"));
            assertInstanceOf(Set.class, run(h, "SDIFF", "a", "b"));
            assertEquals(Set.of(), run(h, "SDIFF", "nokey"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void sunionstoreAndSdiffstore(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "a", "3", "1", "2");
            run(h, "SADD", "b", "5", "2");
            assertEquals(4L, run(h, "SUNIONSTORE", "u", "a", "b", "nokey"));
            assertMembers(enc, List.of("1", "2", "3", "5"), run(h, "SMEMBERS", "u"));
            assertEquals(enc, run(h, "OBJECT", "ENCODING", "u"));
            assertEquals(2L, run(h, "SDIFFSTORE", "u", "a", "b"));
            assertMembers(enc, List.of("1", "3"), run(h, "SMEMBERS", "u"));
            assertEquals(0L, run(h, "SDIFFSTORE", "u", "a", "a"));
            assertEquals(0L, run(h, "EXISTS", "u"));
            assertEquals(0L, run(h, "SUNIONSTORE", "u", "nokey"));
            assertEquals(3L, run(h, "SUNIONSTORE", "a", "a", "nokey"), "destination among the sources");
        }
    }

    /**
     * SDIFF picks one of Redis's two algorithms by a work estimate, and they end in different
     * encodings (adding the first set whole converts a result the other would keep an intset):
     * both replies recorded from redis-server 7.0.15.
     */
    @Test
    void sdiffAlgorithmDecidesTheEncoding() {
        try (CommandHarness h = new CommandHarness()) {
            run(h, "SADD", "s0", "1", "2", "3", "a");
            run(h, "SADD", "o1", "a");
            run(h, "SADD", "o2", "x");
            run(h, "SADD", "o3", "y");
            assertEquals(3L, run(h, "SDIFFSTORE", "d", "s0", "o1", "o2", "o3"));
            assertEquals("hashtable", run(h, "OBJECT", "ENCODING", "d"));
            assertEquals(3L, run(h, "SDIFFSTORE", "d", "s0", "o1"));
            assertEquals("intset", run(h, "OBJECT", "ENCODING", "d"));
            assertEquals(List.of("1", "2", "3"), run(h, "SDIFF", "s0", "o1"), "an intset result replies in order");
        }
    }

    // ---------------------------------------------------------------- SSCAN

    @Test
    void sscanIntsetAllAtOnce() {
        try (CommandHarness h = new CommandHarness()) {
            run(h, "SADD", "a", "10", "1", "2", "3");
            assertEquals(List.of("0", List.of("1", "2", "3", "10")), run(h, "SSCAN", "a", "0", "COUNT", "1"));
            assertEquals(List.of("0", List.of("1", "10")), run(h, "SSCAN", "a", "0", "MATCH", "1*"));
            assertEquals(List.of("0", List.of("1", "2", "3", "10")), run(h, "SSCAN", "a", "5"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intset", "hashtable"})
    void sscanErrors(String enc) {
        try (CommandHarness h = harness(enc)) {
            run(h, "SADD", "a", "1", "2");
            assertEquals(List.of("0", List.of()), run(h, "SSCAN", "nokey", "0", "foo"), "options parsed after the lookup");
            h.assertError("ERR invalid cursor", "SSCAN", "nokey", "x");
            h.assertError(Errors.SYNTAX, "SSCAN", "a", "0", "foo");
            h.assertError(Errors.SYNTAX, "SSCAN", "a", "0", "COUNT", "0");
            h.assertError(Errors.NOT_INTEGER, "SSCAN", "a", "0", "COUNT", "x");
            h.assertError(Errors.SYNTAX, "SSCAN", "a", "0", "TYPE", "string");
            h.assertError(Errors.SYNTAX, "SSCAN", "a", "0", "MATCH");
        }
    }

    @Test
    void sscanHashtableWalksEverything() {
        try (CommandHarness h = new CommandHarness()) {
            List<String> args = new ArrayList<>(List.of("SADD", "s"));
            for (int i = 0; i < 1000; i++) {
                args.add("m" + i);
            }
            run(h, args.toArray(String[]::new));
            Set<Object> seen = new HashSet<>();
            String cursor = "0";
            int calls = 0;
            do {
                List<?> r = (List<?>) run(h, "SSCAN", "s", cursor, "COUNT", "50");
                cursor = (String) r.get(0);
                seen.addAll((List<?>) r.get(1));
                calls++;
            } while (!cursor.equals("0"));
            assertEquals(1000, seen.size());
            assertTrue(calls > 5, "a hashtable is walked in steps: " + calls);
            List<?> r = (List<?>) run(h, "SSCAN", "s", "0", "MATCH", "m99*", "COUNT", "100000");
            assertEquals("0", r.get(0));
            assertEquals(Set.of("m99", "m990", "m991", "m992", "m993", "m994", "m995", "m996", "m997",
                    "m998", "m999"), new HashSet<>((List<?>) r.get(1)));
            r = (List<?>) run(h, "SSCAN", "s", "0", "COUNT", "9223372036854775807");
            assertEquals("0", r.get(0));
            assertEquals(1000, ((List<?>) r.get(1)).size());
        }
    }

    // ---------------------------------------------------------------- events, dirty, stats

    /** Events as redis-server 7.0.15 publishes them for the same sequence (recorded with KEA + n). */
    @Test
    void events() {
        try (CommandHarness h = new CommandHarness()) {
            List<String> events = new ArrayList<>();
            h.engine.addListener((db, key, type, event) -> {
                if (type != NotifyFlags.KEY_MISS) {
                    events.add(event + " " + new String(key, StandardCharsets.UTF_8));
                }
            });
            run(h, "SET", "str", "x");
            run(h, "SADD", "a", "1", "2", "3");
            run(h, "SADD", "a", "1");
            run(h, "SADD", "b", "3", "4");
            run(h, "SADD", "d", "9");
            run(h, "SINTERSTORE", "d", "a", "nokey");
            run(h, "SADD", "d", "9");
            run(h, "SINTERSTORE", "d", "a", "b");
            run(h, "SINTERSTORE", "e", "a", "nokey");
            run(h, "SUNIONSTORE", "f", "nokey", "nokey2");
            run(h, "SDIFFSTORE", "d", "a", "a");
            run(h, "SADD", "d", "1");
            run(h, "SMOVE", "a", "d", "1");
            run(h, "SMOVE", "a", "d", "2");
            run(h, "SMOVE", "a", "d", "3");
            run(h, "SMOVE", "b", "b", "4");
            run(h, "SMOVE", "b", "b", "5");
            run(h, "SMOVE", "b", "e2", "4");
            run(h, "SPOP", "b", "10");
            run(h, "SREM", "e2", "4", "5");
            run(h, "SADD", "x", "1");
            run(h, "SREM", "x", "1", "2", "3");
            run(h, "SADD", "y", "a", "b", "c");
            run(h, "SPOP", "y", "2");
            run(h, "SPOP", "y", "5");
            run(h, "SINTERSTORE", "d", "d");
            run(h, "SUNIONSTORE", "d", "d", "d");
            String expected = "new str;set str;new a;sadd a;new b;sadd b;new d;sadd d;del d;new d;sadd d;"
                    + "sinterstore d;del d;new d;sadd d;srem a;srem a;sadd d;srem a;del a;sadd d;srem b;"
                    + "new e2;sadd e2;spop b;del b;srem e2;del e2;new x;sadd x;srem x;del x;new y;sadd y;"
                    + "spop y;spop y;del y;sinterstore d;sunionstore d;";
            assertEquals(expected, String.join(";", events) + ";");
        }
    }

    /** The dirty counter (rdb_changes_since_last_save) moves as redis-server 7.0.15's. */
    @Test
    void dirtyCounts() {
        try (CommandHarness h = new CommandHarness()) {
            long[] last = {0};
            java.util.function.Function<String[], Long> delta = cmd -> {
                run(h, cmd);
                long now = h.engine.stats().dirty.sum();
                long d = now - last[0];
                last[0] = now;
                return d;
            };
            assertEquals(10L, delta.apply(new String[] {"SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}));
            assertEquals(1L, delta.apply(new String[] {"SADD", "s", "1", "11"}));
            assertEquals(2L, delta.apply(new String[] {"SREM", "s", "1", "2", "99"}));
            assertEquals(2L, delta.apply(new String[] {"SPOP", "s", "2"}));
            assertEquals(0L, delta.apply(new String[] {"SPOP", "s", "0"}));
            assertEquals(7L, delta.apply(new String[] {"SPOP", "s", "100"}));
            assertEquals(3L, delta.apply(new String[] {"SADD", "s", "1", "2", "3"}));
            assertEquals(2L, delta.apply(new String[] {"SMOVE", "s", "t", "1"}));
            assertEquals(0L, delta.apply(new String[] {"SMOVE", "s", "t", "9"}));
            assertEquals(1L, delta.apply(new String[] {"SADD", "t", "2"}));
            assertEquals(1L, delta.apply(new String[] {"SMOVE", "s", "t", "2"}));
            assertEquals(2L, delta.apply(new String[] {"SMOVE", "s", "t", "3"}));
            assertEquals(2L, delta.apply(new String[] {"SADD", "a", "1", "2"}));
            assertEquals(1L, delta.apply(new String[] {"SINTERSTORE", "d", "a", "a"}));
            assertEquals(1L, delta.apply(new String[] {"SUNIONSTORE", "d", "a"}));
            assertEquals(1L, delta.apply(new String[] {"SDIFFSTORE", "d", "a", "a"}));
            assertEquals(0L, delta.apply(new String[] {"SDIFFSTORE", "d", "a", "a"}));
            assertEquals(1L, delta.apply(new String[] {"SPOP", "a"}));
        }
    }

    /** STORE variants read their sources with read lookups (hits and misses counted), as 7.0.15. */
    @Test
    void keyspaceHitsAndMisses() {
        try (CommandHarness h = new CommandHarness()) {
            run(h, "SADD", "a", "1", "2", "3");
            run(h, "SADD", "b", "2", "3");
            String[][] cmds = {
                {"SINTERSTORE", "d", "a", "b", "nokey"}, {"SUNIONSTORE", "d", "a", "b", "nokey"},
                {"SDIFFSTORE", "d", "a", "b", "nokey"}, {"SINTER", "nokey", "a", "b"},
                {"SUNION", "a", "b", "nokey"}, {"SDIFF", "a", "b", "nokey"}, {"SINTERCARD", "3", "a", "b", "nokey"},
                {"SMOVE", "a", "b", "1"}, {"SPOP", "a"}, {"SRANDMEMBER", "b"}, {"SISMEMBER", "b", "1"},
                {"SMISMEMBER", "b", "1"}, {"SCARD", "b"}, {"SSCAN", "b", "0"}, {"SADD", "b", "5"},
                {"SREM", "b", "5"}, {"SMEMBERS", "b"}};
            long[][] expected = {{2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {2, 1}, {0, 0}, {0, 0},
                {1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 0}, {0, 0}, {1, 0}};
            for (int i = 0; i < cmds.length; i++) {
                long hits = h.engine.stats().keyspaceHits.sum();
                long misses = h.engine.stats().keyspaceMisses.sum();
                run(h, cmds[i]);
                assertEquals(expected[i][0], h.engine.stats().keyspaceHits.sum() - hits, String.join(" ", cmds[i]));
                assertEquals(expected[i][1], h.engine.stats().keyspaceMisses.sum() - misses, String.join(" ", cmds[i]));
            }
        }
    }

    /** INFO's memory follows a set as it grows and is deleted. */
    @Test
    void memoryAccounting() {
        try (CommandHarness h = new CommandHarness()) {
            long empty = h.engine.db(0).usedBytes();
            List<String> args = new ArrayList<>(List.of("SADD", "s"));
            for (int i = 0; i < 2000; i++) {
                args.add("member:" + i);
            }
            run(h, args.toArray(String[]::new));
            long full = h.engine.db(0).usedBytes();
            assertTrue(full - empty > 2000 * 24, "counts the members: " + (full - empty));
            run(h, "SPOP", "s", "1990");
            long small = h.engine.db(0).usedBytes();
            assertTrue(small < full / 10, "shrinks: " + small);
            run(h, "SPOP", "s", "10");
            assertEquals(empty, h.engine.db(0).usedBytes());
            assertFalse(h.engine.db(0).usedBytes() > empty);
        }
    }
}
