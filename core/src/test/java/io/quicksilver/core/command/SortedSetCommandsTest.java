package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quicksilver.core.engine.event.KeyspaceListener;
import io.quicksilver.core.util.DoubleFormat;
import io.quicksilver.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sorted-set commands against replies recorded from redis-server 7.0.15.
 *
 * <p>{@link #recordedScenarios} replays {@code zset/scenarios.txt}: each scenario on a fresh
 * engine, in the "default" mode (Redis's thresholds: small sets are listpacks) and the
 * "skiplist" mode (zset-max-listpack-entries 0), in RESP2 and RESP3, every reply compared with
 * what {@code zset/record.py} captured from the reference server ({@code zset/expected.json}).
 * The other tests cover what a script cannot replay: blocking, random replies, SCAN cursors,
 * keyspace events and the dirty counter, each in both encodings.
 */
class SortedSetCommandsTest {

    // ------------------------------------------------------------------ recorded scenarios

    @TestFactory
    Stream<DynamicTest> recordedScenarios() throws IOException {
        return scenarios("zset/expected.json");
    }

    /** Random command sequences (zset/gen_fuzz.py) with the reference server's replies. */
    @TestFactory
    Stream<DynamicTest> recordedFuzzScenarios() throws IOException {
        return scenarios("zset/fuzz-expected.json");
    }

    private static Stream<DynamicTest> scenarios(String resource) throws IOException {
        String json;
        try (InputStream in = SortedSetCommandsTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> scenarios = (List<Map<String, Object>>) Json.parse(json);
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> sc : scenarios) {
            @SuppressWarnings("unchecked")
            List<List<String>> commands = (List<List<String>>) sc.get("commands");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, List<String>>> modes = (Map<String, Map<String, List<String>>>) sc.get("modes");
            for (var mode : modes.entrySet()) {
                for (int protocol : new int[] {2, 3}) {
                    List<String> expected = mode.getValue().get("resp" + protocol);
                    String name = sc.get("name") + " [" + mode.getKey() + ", RESP" + protocol + "]";
                    tests.add(dynamicTest(name, () -> replay(commands, expected,
                            mode.getKey().equals("skiplist"), protocol)));
                }
            }
        }
        return tests.stream();
    }

    private static void replay(List<List<String>> commands, List<String> expected, boolean skiplist,
            int protocol) {
        try (CommandHarness h = new CommandHarness()) {
            boolean configured = commands.stream().anyMatch(c -> c.get(0).equals("!config"));
            if (skiplist && !configured) {
                h.engine.encodings().zsetMaxListpackEntries = 0;
            }
            h.client.protocol = protocol;
            for (int i = 0; i < commands.size(); i++) {
                List<String> cmd = commands.get(i);
                if (cmd.get(0).equals("!config")) {
                    long v = Long.parseLong(cmd.get(2));
                    switch (cmd.get(1)) {
                        case "zset-max-listpack-entries" -> h.engine.encodings().zsetMaxListpackEntries = v;
                        case "zset-max-listpack-value" -> h.engine.encodings().zsetMaxListpackValue = v;
                        default -> throw new AssertionError("unknown config " + cmd);
                    }
                    continue;
                }
                String got = run(h, h.client, cmd.toArray(new String[0]));
                assertEquals(expected.get(i), got, "reply to " + String.join(" ", cmd) + " (command " + i + ")");
            }
        }
    }

    /** Runs one command and renders its one reply canonically. */
    static String run(CommandHarness h, Client c, String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        CanonicalReply r = new CanonicalReply(c.protocol);
        h.node.dispatcher().execute(c, a, r);
        assertEquals(1, r.values().size(), () -> "one reply to " + String.join(" ", args) + ": " + r.values());
        return r.values().get(0);
    }

    private static CommandHarness harness(boolean skiplist) {
        CommandHarness h = new CommandHarness();
        if (skiplist) {
            h.engine.encodings().zsetMaxListpackEntries = 0;
        }
        return h;
    }

    // ------------------------------------------------------------------ blocking

    /** A connection that renders every pushed value canonically. */
    static final class CanonicalConnection implements Client.Connection {
        private final int protocol;
        private final List<String> values = new ArrayList<>();

        CanonicalConnection(int protocol) {
            this.protocol = protocol;
        }

        @Override public String remoteAddress() { return "127.0.0.1:40001"; }
        @Override public String localAddress() { return "127.0.0.1:6379"; }
        @Override public void close(boolean flushFirst) { }
        @Override public long outputBufferBytes() { return 0; }
        @Override public long queryBufferBytes() { return 0; }

        @Override
        public synchronized void push(Consumer<Reply> message) {
            CanonicalReply r = new CanonicalReply(protocol);
            message.accept(r);
            values.addAll(r.values());
            notifyAll();
        }

        synchronized List<String> await(int n, long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (values.size() < n) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            return new ArrayList<>(values);
        }
    }

    /** The answer is pushed just before the client counts as unblocked: wait for both. */
    private static void awaitUnblocked(Client... clients) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2000;
        for (Client c : clients) {
            while (c.isBlocked() && System.currentTimeMillis() < deadline) {
                Thread.sleep(1);
            }
            assertFalse(c.isBlocked(), c + " unblocked");
        }
    }

    private static void blocks(CommandHarness h, Client c, String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        CanonicalReply r = new CanonicalReply(c.protocol);
        h.node.dispatcher().execute(c, a, r);
        assertEquals(List.of(), r.values(), "a blocking command writes nothing");
        assertTrue(c.isBlocked(), String.join(" ", args) + " blocked");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void bzpopIsServedByZaddInBlockingOrder(boolean skiplist) throws Exception {
        try (CommandHarness h = harness(skiplist)) {
            CanonicalConnection c1 = new CanonicalConnection(2);
            CanonicalConnection c2 = new CanonicalConnection(3);
            CanonicalConnection c3 = new CanonicalConnection(2);
            Client a = h.newClient(c1);
            Client b = h.newClient(c2);
            b.protocol = 3;
            Client c = h.newClient(c3);
            blocks(h, a, "BZPOPMIN", "z1", "z2", "0");
            blocks(h, b, "BZPOPMAX", "z2", "0");
            blocks(h, c, "BZMPOP", "0", "2", "z3", "z2", "MAX", "COUNT", "10");
            assertEquals("3", run(h, h.client, "ZADD", "z2", "1", "a", "2", "b", "3", "c"));
            assertEquals(List.of("[\"z2\",\"a\",\"1\"]"), c1.await(1, 2000));
            assertEquals(List.of("[\"z2\",\"c\",,3]"), c2.await(1, 2000));
            assertEquals(List.of("[\"z2\",[[\"b\",\"2\"]]]"), c3.await(1, 2000));
            awaitUnblocked(a, b, c);
            assertEquals("0", run(h, h.client, "EXISTS", "z2"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void blockedClientsWakeOnStoreDestinationsAndZincrby(boolean skiplist) throws Exception {
        try (CommandHarness h = harness(skiplist)) {
            CanonicalConnection c1 = new CanonicalConnection(2);
            CanonicalConnection c2 = new CanonicalConnection(2);
            Client a = h.newClient(c1);
            Client b = h.newClient(c2);
            blocks(h, a, "BZPOPMIN", "dst", "0");
            blocks(h, b, "BZPOPMAX", "inc", "0");
            run(h, h.client, "ZADD", "src", "1", "x", "2", "y");
            assertEquals("2", run(h, h.client, "ZUNIONSTORE", "dst", "1", "src"));
            assertEquals(List.of("[\"dst\",\"x\",\"1\"]"), c1.await(1, 2000));
            assertEquals("\"2.5\"", run(h, h.client, "ZINCRBY", "inc", "2.5", "m"));
            assertEquals(List.of("[\"inc\",\"m\",\"2.5\"]"), c2.await(1, 2000));
            blocks(h, a, "BZMPOP", "0", "1", "rs", "MIN");
            assertEquals("1", run(h, h.client, "ZRANGESTORE", "rs", "src", "0", "0"));
            assertEquals(List.of("[\"dst\",\"x\",\"1\"]", "[\"rs\",[[\"x\",\"1\"]]]"), c1.await(2, 2000));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void blockingPopsTimeOut(boolean skiplist) throws Exception {
        try (CommandHarness h = harness(skiplist)) {
            CanonicalConnection c2 = new CanonicalConnection(2);
            CanonicalConnection c3 = new CanonicalConnection(3);
            CanonicalConnection cm = new CanonicalConnection(2);
            Client a = h.newClient(c2);
            Client b = h.newClient(c3);
            b.protocol = 3;
            Client m = h.newClient(cm);
            blocks(h, a, "BZPOPMIN", "none", "0.05");
            blocks(h, b, "BZPOPMAX", "none", "0.05");
            blocks(h, m, "BZMPOP", "0.05", "1", "none", "MIN");
            assertEquals(List.of("nil*"), c2.await(1, 2000));
            assertEquals(List.of("_"), c3.await(1, 2000));
            assertEquals(List.of("nil*"), cm.await(1, 2000));
            awaitUnblocked(a, b, m);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aKeyOfAnotherTypeDoesNotServeAWaiter(boolean skiplist) throws Exception {
        try (CommandHarness h = harness(skiplist)) {
            CanonicalConnection c1 = new CanonicalConnection(2);
            Client a = h.newClient(c1);
            blocks(h, a, "BZPOPMIN", "k", "0");
            run(h, h.client, "RPUSH", "k", "x");
            assertTrue(a.isBlocked(), "a list does not serve BZPOPMIN");
            run(h, h.client, "DEL", "k");
            run(h, h.client, "ZADD", "k", "5", "m");
            assertEquals(List.of("[\"k\",\"m\",\"5\"]"), c1.await(1, 2000));
        }
    }

    // ------------------------------------------------------------------ events and dirty

    private record Event(String key, String event) {}

    private static List<Event> events(CommandHarness h, Runnable body) {
        List<Event> out = new ArrayList<>();
        KeyspaceListener l = (db, key, type, event) -> out.add(new Event(new String(key, StandardCharsets.UTF_8), event));
        h.engine.addListener(l);
        try {
            body.run();
        } finally {
            h.engine.removeListener(l);
        }
        return out;
    }

    private static long dirty(CommandHarness h) {
        return h.engine.stats().dirty.sum();
    }

    /**
     * Event sequences and dirty increments as redis-server 7.0.15 produces them (observed with
     * keyspace notifications "KEA" and INFO persistence rdb_changes_since_last_save).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void eventsAndDirtyCounts(boolean skiplist) {
        try (CommandHarness h = harness(skiplist)) {
            long d0 = dirty(h);
            assertEquals(List.of(new Event("z", "new"), new Event("z", "zadd")),
                    events(h, () -> run(h, h.client, "ZADD", "z", "1", "a", "2", "b", "3", "c")));
            assertEquals(3, dirty(h) - d0);
            d0 = dirty(h);
            assertEquals(List.of(), events(h, () -> run(h, h.client, "ZADD", "z", "1", "a")));
            assertEquals(0, dirty(h) - d0);
            assertEquals(List.of(new Event("z", "zincr")),
                    events(h, () -> run(h, h.client, "ZINCRBY", "z", "1", "a")));
            d0 = dirty(h);
            assertEquals(List.of(new Event("z", "zadd")),
                    events(h, () -> run(h, h.client, "ZADD", "z", "CH", "9", "a", "9", "b", "9", "d")));
            assertEquals(3, dirty(h) - d0);
            d0 = dirty(h);
            assertEquals(List.of(new Event("z", "zrem")), events(h, () -> run(h, h.client, "ZREM", "z", "a", "b", "x")));
            assertEquals(2, dirty(h) - d0);
            d0 = dirty(h);
            assertEquals(List.of(new Event("z", "zpopmin")), events(h, () -> run(h, h.client, "ZPOPMIN", "z")));
            assertEquals(1, dirty(h) - d0);
            d0 = dirty(h);
            assertEquals(List.of(new Event("z", "zpopmax"), new Event("z", "del")),
                    events(h, () -> run(h, h.client, "ZPOPMAX", "z", "5")));
            assertEquals(1, dirty(h) - d0);
            run(h, h.client, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
            d0 = dirty(h);
            assertEquals(List.of(new Event("z", "zremrangebyrank")),
                    events(h, () -> run(h, h.client, "ZREMRANGEBYRANK", "z", "0", "1")));
            assertEquals(2, dirty(h) - d0);
            assertEquals(List.of(), events(h, () -> run(h, h.client, "ZREMRANGEBYSCORE", "z", "10", "20")));
            assertEquals(List.of(new Event("z", "zremrangebyscore"), new Event("z", "del")),
                    events(h, () -> run(h, h.client, "ZREMRANGEBYSCORE", "z", "-inf", "+inf")));
            run(h, h.client, "ZADD", "l", "0", "a", "0", "b");
            assertEquals(List.of(new Event("l", "zremrangebylex"), new Event("l", "del")),
                    events(h, () -> run(h, h.client, "ZREMRANGEBYLEX", "l", "-", "+")));
            run(h, h.client, "ZADD", "s", "1", "a", "2", "b");
            d0 = dirty(h);
            assertEquals(List.of(new Event("dst", "new"), new Event("dst", "zunionstore")),
                    events(h, () -> run(h, h.client, "ZUNIONSTORE", "dst", "1", "s")));
            assertEquals(1, dirty(h) - d0);
            assertEquals(List.of(new Event("dst", "zinterstore")),
                    events(h, () -> run(h, h.client, "ZINTERSTORE", "dst", "1", "s")));
            assertEquals(List.of(new Event("dst", "zdiffstore")),
                    events(h, () -> run(h, h.client, "ZDIFFSTORE", "dst", "1", "s")));
            assertEquals(List.of(new Event("dst", "zrangestore")),
                    events(h, () -> run(h, h.client, "ZRANGESTORE", "dst", "s", "0", "0")));
            d0 = dirty(h);
            assertEquals(List.of(new Event("dst", "del")),
                    events(h, () -> run(h, h.client, "ZDIFFSTORE", "dst", "2", "s", "s")));
            assertEquals(1, dirty(h) - d0);
            assertEquals(List.of(new Event("s", "zpopmin")),
                    events(h, () -> run(h, h.client, "ZMPOP", "2", "nokey", "s", "MIN")));
        }
    }

    // ------------------------------------------------------------------ random replies

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void zrandmemberDrawsFromTheSet(boolean skiplist) {
        try (CommandHarness h = harness(skiplist)) {
            Map<String, String> scores = new HashMap<>();
            List<String> args = new ArrayList<>(List.of("ZADD", "z"));
            for (int i = 0; i < 20; i++) {
                args.add(Integer.toString(i * 3));
                args.add("m" + i);
                scores.put("m" + i, Integer.toString(i * 3));
            }
            run(h, h.client, args.toArray(new String[0]));
            for (int count : new int[] {1, 5, 7, 15, 19}) {
                Object r = h.run("ZRANDMEMBER", "z", Integer.toString(count));
                List<?> l = (List<?>) r;
                assertEquals(count, l.size());
                assertEquals(count, new HashSet<>(l).size(), "distinct for a positive count");
                assertTrue(scores.keySet().containsAll(l));
                List<?> ws = (List<?>) h.run("ZRANDMEMBER", "z", Integer.toString(count), "WITHSCORES");
                assertEquals(2 * count, ws.size());
                for (int i = 0; i < ws.size(); i += 2) {
                    assertEquals(scores.get((String) ws.get(i)), DoubleFormat.g17((Double) ws.get(i + 1)));
                }
            }
            List<?> rep = (List<?>) h.run("ZRANDMEMBER", "z", "-100");
            assertEquals(100, rep.size());
            assertTrue(scores.keySet().containsAll(rep));
            assertTrue(new HashSet<>(rep).size() > 1, "draws vary");
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < 400; i++) {
                seen.add(h.run("ZRANDMEMBER", "z"));
            }
            assertEquals(scores.keySet(), seen, "every member is drawn eventually");
            h.client.protocol = 3;
            List<?> pairs = (List<?>) h.run("ZRANDMEMBER", "z", "-3", "WITHSCORES");
            assertEquals(3, pairs.size());
            for (Object p : pairs) {
                List<?> pair = (List<?>) p;
                assertEquals(scores.get((String) pair.get(0)), DoubleFormat.g17((Double) pair.get(1)));
            }
        }
    }

    // ------------------------------------------------------------------ ZSCAN

    @ParameterizedTest
    @ValueSource(ints = {10, 1000, 5000})
    void zscanVisitsEveryMemberAcrossResizes(int n) {
        try (CommandHarness h = new CommandHarness()) {
            List<String> args = new ArrayList<>(List.of("ZADD", "z"));
            for (int i = 0; i < n; i++) {
                args.add(i % 7 == 0 ? "1e17" : Integer.toString(i));
                args.add("m" + i);
            }
            run(h, h.client, args.toArray(new String[0]));
            boolean compact = n <= 128;
            Map<String, String> seen = new HashMap<>();
            String cursor = "0";
            int calls = 0;
            do {
                List<?> r = (List<?>) h.run("ZSCAN", "z", cursor, "COUNT", "50");
                cursor = (String) r.get(0);
                List<?> items = (List<?>) r.get(1);
                for (int i = 0; i < items.size(); i += 2) {
                    seen.put((String) items.get(i), (String) items.get(i + 1));
                }
                if (calls == 3 && n > 128) {
                    // grow the table between calls: no member present all along may be missed
                    List<String> more = new ArrayList<>(List.of("ZADD", "z"));
                    for (int i = 0; i < n; i++) {
                        more.add("5");
                        more.add("extra" + i);
                    }
                    run(h, h.client, more.toArray(new String[0]));
                }
                calls++;
            } while (!cursor.equals("0"));
            if (compact) {
                assertEquals(1, calls, "a listpack is returned whole");
            }
            for (int i = 0; i < n; i++) {
                // a listpack keeps 1e17 as an integer and ZSCAN prints it so, as Redis
                String expected = i % 7 == 0 ? (compact ? "100000000000000000" : "1e+17") : Integer.toString(i);
                assertEquals(expected, seen.get("m" + i), "m" + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void zscanMatchFiltersMembers(boolean skiplist) {
        try (CommandHarness h = harness(skiplist)) {
            run(h, h.client, "ZADD", "z", "1", "apple", "2", "banana", "3", "avocado", "-0", "zero");
            Map<String, String> seen = new HashMap<>();
            String cursor = "0";
            do {
                List<?> r = (List<?>) h.run("ZSCAN", "z", cursor, "MATCH", "a*");
                cursor = (String) r.get(0);
                List<?> items = (List<?>) r.get(1);
                for (int i = 0; i < items.size(); i += 2) {
                    seen.put((String) items.get(i), (String) items.get(i + 1));
                }
            } while (!cursor.equals("0"));
            assertEquals(Map.of("apple", "1", "avocado", "3"), seen);
            List<?> all = (List<?>) ((List<?>) h.run("ZSCAN", "z", "0", "MATCH", "zero", "COUNT", "1000")).get(1);
            assertEquals(List.of("zero", skiplist ? "-0" : "0"), all);
        }
    }

    // ------------------------------------------------------------------ big sets

    /** Ranges, ranks and removals over a set far past the listpack thresholds, against a model. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void largeSetAgainstAModel(int seed) {
        try (CommandHarness h = new CommandHarness()) {
            java.util.Random rnd = new java.util.Random(seed);
            java.util.TreeMap<String, Double> model = new java.util.TreeMap<>();
            for (int round = 0; round < 3000; round++) {
                String m = "m" + rnd.nextInt(1500);
                double s = rnd.nextInt(200) / 4.0;
                if (rnd.nextInt(5) == 0) {
                    assertEquals(model.remove(m) != null ? "1" : "0", run(h, h.client, "ZREM", "z", m));
                } else {
                    assertEquals(model.put(m, s) == null ? "1" : "0", run(h, h.client, "ZADD", "z", DoubleFormat.g17(s), m));
                }
            }
            List<Map.Entry<String, Double>> sorted = new ArrayList<>(model.entrySet());
            sorted.sort((a, b) -> a.getValue() < b.getValue() ? -1 : a.getValue() > b.getValue() ? 1
                    : a.getKey().compareTo(b.getKey()));
            assertEquals((long) sorted.size(), h.run("ZCARD", "z"));
            assertEquals("skiplist", h.run("OBJECT", "ENCODING", "z"));
            for (int i = 0; i < 50; i++) {
                int r = rnd.nextInt(sorted.size());
                Map.Entry<String, Double> e = sorted.get(r);
                assertEquals((long) r, h.run("ZRANK", "z", e.getKey()));
                assertEquals((long) sorted.size() - 1 - r, h.run("ZREVRANK", "z", e.getKey()));
                List<?> one = (List<?>) h.run("ZRANGE", "z", Integer.toString(r), Integer.toString(r), "WITHSCORES");
                assertEquals(List.of(e.getKey(), e.getValue()), one);
                double lo = rnd.nextInt(200) / 4.0;
                double hi = lo + rnd.nextInt(40) / 4.0;
                long expected = sorted.stream().filter(x -> x.getValue() >= lo && x.getValue() < hi).count();
                assertEquals(expected, h.run("ZCOUNT", "z", DoubleFormat.g17(lo), "(" + DoubleFormat.g17(hi)));
                List<String> expectedRange = sorted.stream().filter(x -> x.getValue() > lo && x.getValue() <= hi)
                        .map(Map.Entry::getKey).toList();
                List<String> rev = new ArrayList<>(expectedRange);
                java.util.Collections.reverse(rev);
                assertEquals(expectedRange, h.run("ZRANGEBYSCORE", "z", "(" + DoubleFormat.g17(lo), DoubleFormat.g17(hi)));
                assertEquals(rev, h.run("ZREVRANGEBYSCORE", "z", DoubleFormat.g17(hi), "(" + DoubleFormat.g17(lo)));
                int off = rnd.nextInt(5);
                assertEquals(expectedRange.stream().skip(off).limit(3).toList(),
                        h.run("ZRANGE", "z", "(" + DoubleFormat.g17(lo), DoubleFormat.g17(hi), "BYSCORE", "LIMIT",
                                Integer.toString(off), "3"));
            }
            int from = sorted.size() / 3;
            assertEquals((long) sorted.size() / 3 + 1, h.run("ZREMRANGEBYRANK", "z", Integer.toString(from),
                    Integer.toString(from + sorted.size() / 3)));
            List<String> remaining = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                if (i < from || i > from + sorted.size() / 3) {
                    remaining.add(sorted.get(i).getKey());
                }
            }
            assertEquals(remaining, h.run("ZRANGE", "z", "0", "-1"));
        }
    }

    // ------------------------------------------------------------------ canonical rendering

    /**
     * A {@link Reply} that renders what a client of the given protocol would receive as compact
     * canonical text, the same text the recording script
     * ({@code src/test/resources/io/quicksilver/core/command/zset/record.py}) makes from
     * redis-server's bytes: {@code +OK}, {@code !ERR ...}, integers, JSON-quoted bulk strings,
     * {@code nil} / {@code nil*} (RESP2 null bulk / null array), {@code _} (RESP3 null),
     * {@code ,1.5} (RESP3 double), {@code [a,b]}, {@code ~[..]}, <code>{k:v}</code>, {@code #t}.
     *
     * <p>RESP2 down-conversion is the server's: a double becomes the bulk string of its
     * {@code %.17g} text, a map a flat array, a set an array, a boolean 1 or 0.
     */
    static final class CanonicalReply implements Reply {
        private final int protocol;
        private final List<String> values = new ArrayList<>();
        /** Open aggregates: {text so far, remaining elements, closing bracket}. */
        private final Deque<Object[]> stack = new ArrayDeque<>();

        CanonicalReply(int protocol) {
            this.protocol = protocol;
        }

        List<String> values() {
            return values;
        }

        @Override
        public int protocol() {
            return protocol;
        }

        private void add(String token) {
            if (stack.isEmpty()) {
                values.add(token);
                return;
            }
            Object[] top = stack.peek();
            StringBuilder sb = (StringBuilder) top[0];
            if (sb.length() > 1 && sb.charAt(sb.length() - 1) != '[' && sb.charAt(sb.length() - 1) != '{') {
                sb.append((Boolean) top[3] ? ':' : ',');
            }
            sb.append(token);
            if ((Boolean) top[4]) {
                // a map alternates key ':' value ',' key...
                top[3] = !(Boolean) top[3];
            }
            top[1] = (Integer) top[1] - 1;
            if ((Integer) top[1] == 0) {
                stack.pop();
                sb.append((String) top[2]);
                add(sb.toString());
            }
        }

        private void open(String prefix, String close, int n, boolean map) {
            if (n == 0) {
                add(prefix + close);
            } else {
                stack.push(new Object[] {new StringBuilder(prefix), n, close, false, map});
            }
        }

        static String quote(byte[] b, int off, int len) {
            String s = new String(b, off, len, StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder(len + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }

        @Override public void simple(String status) { add("+" + status); }
        @Override public void error(String message) { add("!" + message); }
        @Override public void integer(long value) { add(Long.toString(value)); }
        @Override public void bulk(byte[] value) { add(quote(value, 0, value.length)); }
        @Override public void bulk(byte[] value, int offset, int length) { add(quote(value, offset, length)); }
        @Override public void nullBulk() { add(protocol == 2 ? "nil" : "_"); }
        @Override public void nullArray() { add(protocol == 2 ? "nil*" : "_"); }
        @Override public void array(int length) { open("[", "]", length, false); }

        @Override
        public void map(int pairs) {
            if (protocol == 2) {
                open("[", "]", pairs * 2, false);
            } else {
                open("{", "}", pairs * 2, true);
            }
        }

        @Override public void set(int length) { open(protocol == 2 ? "[" : "~[", "]", length, false); }
        @Override public void push(int length) { open(protocol == 2 ? "[" : ">[", "]", length, false); }

        @Override
        public void doubleValue(double value) {
            String text = DoubleFormat.g17(value);
            if (protocol == 2) {
                add(quote(text.getBytes(StandardCharsets.US_ASCII), 0, text.length()));
            } else {
                add("," + text);
            }
        }

        @Override
        public void bool(boolean value) {
            add(protocol == 2 ? (value ? "1" : "0") : (value ? "#t" : "#f"));
        }

        @Override public void verbatim(String format, byte[] value) { bulk(value); }
        @Override public void bigNumber(String digits) { add(protocol == 2 ? quote(digits.getBytes(), 0, digits.length()) : "(" + digits); }
    }

}
