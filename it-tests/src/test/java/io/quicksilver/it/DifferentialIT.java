package io.quicksilver.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.it.Diff.Action;
import io.quicksilver.it.Diff.Check;
import io.quicksilver.it.Diff.Read;
import io.quicksilver.it.Diff.Send;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Randomized differential test: the same command sequences go to our server and to a real
 * redis-server, and every reply must be the same RESP value (type and content), compared on the
 * raw wire through {@link RespClient}, not through a client library's reading of it.
 *
 * <p>System properties: {@code -Dseed=N} replays a run (the seed is printed and is in every
 * failure message); {@code -Ddiff.rounds} and {@code -Ddiff.steps} size the RESP2 run (default 5
 * x 2000 commands); {@code -Ddiff.collect=true} collects all mismatches (resetting both servers
 * after each) instead of failing at the first.
 */
class DifferentialIT {
    private static Endpoint ours;
    private static RedisReference ref;
    private static long seed;
    private static boolean collect;
    private static Set<String> optional;

    @BeforeAll
    static void start() {
        RedisReference.assumeInstalled("redis-server");
        seed = Long.getLong("seed", new Random().nextLong());
        collect = Boolean.getBoolean("diff.collect");
        System.out.println("DifferentialIT seed=" + seed + " (replay with -Dseed=" + seed + ")");
        ref = RedisReference.start();
        ours = Servers.start();
        optional = probeOptionalCommands();
        System.out.println("DifferentialIT: optional commands bound on our server (used for WRONGTYPE paths): " + optional);
    }

    @AfterAll
    static void stop() {
        if (ours != null) ours.close();
        if (ref != null) ref.close();
    }

    /** Which of the other-type commands our server binds (an unbound one answers "unknown command"). */
    private static Set<String> probeOptionalCommands() {
        Set<String> bound = new TreeSet<>();
        try (RespClient c = ours.client()) {
            for (String name : DiffGen.OPTIONAL) {
                Resp reply = c.call(name);
                if (!(reply instanceof Resp.Err e && e.text().startsWith("ERR unknown command"))) bound.add(name);
            }
        }
        return bound;
    }

    private static String replay() {
        return "-Dseed=" + seed;
    }

    @Test
    void resp2RandomSequences() {
        int rounds = Integer.getInteger("diff.rounds", 5);
        int steps = Integer.getInteger("diff.steps", 2000);
        try (DiffRunner runner = new DiffRunner(ours, ref, false, collect, replay())) {
            for (int round = 1; round <= rounds; round++) {
                DiffGen gen = new DiffGen(new Random(seed * 1_000_003L + round), optional, false);
                runner.startRound(round);
                int start = runner.commands();
                while (runner.commands() - start < steps) runner.run(gen.next());
                runner.compareState();
            }
            System.out.println("DifferentialIT RESP2: " + runner.commands() + " commands compared; replies: " + runner.replyKinds());
            assertTrue(runner.mismatches().isEmpty(), () -> runner.report(30));
        }
    }

    @Test
    void resp3RandomSequencesAndShapes() {
        int steps = Integer.getInteger("diff.resp3.steps", 1500);
        try (DiffRunner runner = new DiffRunner(ours, ref, true, collect, replay())) {
            runner.startRound(0);
            runner.run(resp3Shapes());
            runner.startRound(1);
            DiffGen gen = new DiffGen(new Random(seed * 7_000_003L + 1), optional, true);
            int start = runner.commands();
            while (runner.commands() - start < steps) runner.run(gen.next());
            runner.compareState();
            System.out.println("DifferentialIT RESP3: " + runner.commands() + " commands compared; replies: " + runner.replyKinds());
            assertTrue(runner.mismatches().isEmpty(), () -> runner.report(30));
        }
    }

    private static Send s(String... args) {
        return new Send(0, new ArrayList<>(Arrays.asList(args)), Check.EXACT);
    }

    private static Send s1(String... args) {
        return new Send(1, new ArrayList<>(Arrays.asList(args)), Check.EXACT);
    }

    /** Fixed probes of each RESP3 reply shape: null, double, map, set, push, boolean-ish integers. */
    private static List<Action> resp3Shapes() {
        List<Action> a = new ArrayList<>();
        a.add(s("GET", "missing"));                     // _
        a.add(s("SET", "k", "v", "GET"));               // _ (no old value)
        a.add(s("SET", "k", "v2", "GET"));              // $ old value
        a.add(s("MGET", "k", "missing"));               // * with _ inside
        a.add(s("SET", "n", "10"));
        a.add(s("INCRBYFLOAT", "n", "0.5"));            // still a bulk string in RESP3
        a.add(s("INCRBYFLOAT", "n", "1e400"));
        a.add(s("EXISTS", "k", "n", "missing"));
        a.add(s("SET", "lcsA", "ohmytext"));
        a.add(s("SET", "lcsB", "mynewtext"));
        a.add(s("LCS", "lcsA", "lcsB"));
        a.add(s("LCS", "lcsA", "lcsB", "LEN"));
        a.add(s("LCS", "lcsA", "lcsB", "IDX"));         // % map with nested arrays
        a.add(s("LCS", "lcsA", "lcsB", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"));
        a.add(s("OBJECT", "ENCODING", "n"));
        a.add(s("CLIENT", "GETNAME"));                  // _
        a.add(s("CLIENT", "SETNAME", "r3"));
        a.add(s("CLIENT", "GETNAME"));
        a.add(s("CONFIG", "GET", "notify-keyspace-events")); // % map
        a.add(s("TTL", "k"));
        a.add(s("COPY", "k", "k2"));
        a.add(s("SCAN", "0", "MATCH", "k2"));           // [cursor, [keys]]: a small db scans in one call
        a.add(s("MULTI"));
        a.add(s("INCR", "n2"));
        a.add(s("GET", "missing"));
        a.add(s("EXEC"));                               // * with _ inside
        a.add(s("WATCH", "k"));
        a.add(s1("SET", "k", "changed"));
        a.add(s("MULTI"));
        a.add(s("GET", "k"));
        a.add(s("EXEC"));                               // _ (aborted)
        a.add(s("EXEC"));                               // error without MULTI
        a.add(new Send(1, List.of("SUBSCRIBE", "ch", "ch2"), Check.EXACT, 2)); // > pushes
        a.add(s("PUBLISH", "ch", "hi"));
        a.add(new Read(1, 1));                          // > message push
        a.add(s1("PING"));                              // + PONG while subscribed (RESP3)
        a.add(s1("GET", "k"));                          // allowed while subscribed in RESP3
        a.add(s("PUBSUB", "NUMSUB", "ch", "nope"));
        a.add(s1("UNSUBSCRIBE", "ch"));
        a.add(s1("UNSUBSCRIBE"));
        a.add(new Send(0, List.of("HELLO", "2"), Check.HELLO));
        a.add(new Send(0, List.of("HELLO", "3", "SETNAME", "again"), Check.HELLO));
        a.add(s("CLIENT", "GETNAME"));
        a.add(new Send(0, List.of("HELLO", "3", "AUTH", "default", "any"), Check.HELLO)); // nopass user: any password
        a.add(s("PING"));
        if (optional.contains("hset")) {
            a.add(s("HSET", "h", "f1", "v1", "f2", "v2"));
            if (optional.contains("hgetall")) a.add(new Send(0, List.of("HGETALL", "h"), Check.PAIRS_SORTED)); // %
            a.add(s("GET", "h"));                       // WRONGTYPE
        }
        if (optional.contains("sadd")) {
            a.add(s("SADD", "st", "a", "b", "c"));
            if (optional.contains("smembers")) a.add(new Send(0, List.of("SMEMBERS", "st"), Check.SORTED)); // ~
        }
        if (optional.contains("zadd")) {
            a.add(s("ZADD", "z", "1.5", "m", "-inf", "n"));
            a.add(s("ZADD", "z", "INCR", "2.25", "m"));  // , double
            if (optional.contains("zrange")) a.add(s("ZRANGE", "z", "0", "-1", "WITHSCORES")); // pairs of [member, double]
        }
        return a;
    }
}
