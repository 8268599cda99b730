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
 * <p>Half of the blocks are collection commands ({@link CollectionGen}: hashes, lists, sets,
 * sorted sets, SORT, blocking commands). Odd rounds start with small encoding thresholds
 * (hash-max-listpack-entries 4 and the like) so values pass from the compact encodings to the big
 * ones within a few commands; even rounds keep Redis's defaults.
 *
 * <p>System properties: {@code -Dseed=N} replays a run (the seed is printed and is in every
 * failure message); {@code -Ddiff.rounds} and {@code -Ddiff.steps} size the RESP2 run (default 6
 * x 3000 commands), {@code -Ddiff.resp3.rounds} and {@code -Ddiff.resp3.steps} the RESP3 run
 * (default 2 x 2000); {@code -Ddiff.collect=true} collects all mismatches (resetting both servers
 * after each) instead of failing at the first; {@code -Ddiff.collections=false} leaves the
 * collection commands out.
 */
class DifferentialIT {
    private static Endpoint ours;
    private static RedisReference ref;
    private static long seed;
    private static boolean collect;
    private static Set<String> optional;
    private static boolean collections;

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
        collections = Boolean.parseBoolean(System.getProperty("diff.collections", "true"));
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
        int rounds = Integer.getInteger("diff.rounds", 6);
        int steps = Integer.getInteger("diff.steps", 3000);
        try (DiffRunner runner = new DiffRunner(ours, ref, false, collect, replay())) {
            for (int round = 1; round <= rounds; round++) {
                DiffGen gen = new DiffGen(new Random(seed * 1_000_003L + round), optional, false, collections);
                runner.startRound(round);
                runner.run(CollectionGen.thresholds(round % 2 == 1));
                int start = runner.commands();
                while (runner.commands() - start < steps) runner.run(gen.next());
                runner.compareState();
            }
            System.out.println("DifferentialIT RESP2: " + runner.commands() + " commands compared; replies: " + runner.replyKinds());
            System.out.println("DifferentialIT RESP2 non-error replies per command: " + runner.succeeded());
            assertCovered(runner);
            assertTrue(runner.mismatches().isEmpty(), () -> runner.report(30));
        }
    }

    @Test
    void resp3RandomSequencesAndShapes() {
        int rounds = Integer.getInteger("diff.resp3.rounds", 2);
        int steps = Integer.getInteger("diff.resp3.steps", 2000);
        try (DiffRunner runner = new DiffRunner(ours, ref, true, collect, replay())) {
            runner.startRound(0);
            runner.run(CollectionGen.thresholds(true));
            runner.run(resp3Shapes());
            for (int round = 1; round <= rounds; round++) {
                runner.startRound(round);
                runner.run(CollectionGen.thresholds(round % 2 == 1));
                DiffGen gen = new DiffGen(new Random(seed * 7_000_003L + round), optional, true, collections);
                int start = runner.commands();
                while (runner.commands() - start < steps) runner.run(gen.next());
                runner.compareState();
            }
            System.out.println("DifferentialIT RESP3: " + runner.commands() + " commands compared; replies: " + runner.replyKinds());
            assertTrue(runner.mismatches().isEmpty(), () -> runner.report(30));
        }
    }

    /** Every command of the five collection types (and SORT), as Redis 7.0 has them. */
    static final List<String> COLLECTION_COMMANDS = List.of(
            "HSET", "HMSET", "HSETNX", "HGET", "HMGET", "HGETALL", "HKEYS", "HVALS", "HDEL", "HEXISTS", "HLEN",
            "HSTRLEN", "HINCRBY", "HINCRBYFLOAT", "HRANDFIELD", "HSCAN",
            "LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "LPOP", "RPOP", "LLEN", "LRANGE", "LINDEX", "LSET", "LINSERT", "LREM",
            "LTRIM", "LPOS", "LMOVE", "RPOPLPUSH", "LMPOP", "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP",
            "SADD", "SREM", "SMEMBERS", "SISMEMBER", "SMISMEMBER", "SCARD", "SPOP", "SRANDMEMBER", "SMOVE", "SINTER",
            "SINTERCARD", "SINTERSTORE", "SUNION", "SUNIONSTORE", "SDIFF", "SDIFFSTORE", "SSCAN",
            "ZADD", "ZINCRBY", "ZREM", "ZCARD", "ZSCORE", "ZMSCORE", "ZRANK", "ZREVRANK", "ZCOUNT", "ZLEXCOUNT", "ZRANGE",
            "ZRANGESTORE", "ZREVRANGE", "ZRANGEBYSCORE", "ZREVRANGEBYSCORE", "ZRANGEBYLEX", "ZREVRANGEBYLEX",
            "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZREMRANGEBYLEX", "ZPOPMIN", "ZPOPMAX", "BZPOPMIN", "BZPOPMAX",
            "ZMPOP", "BZMPOP", "ZRANDMEMBER", "ZUNION", "ZINTER", "ZDIFF", "ZINTERCARD", "ZUNIONSTORE", "ZINTERSTORE",
            "ZDIFFSTORE", "ZSCAN", "SORT", "SORT_RO");

    /**
     * The run exercised every collection command with at least one reply that was not an error
     * (a generator that stopped producing a command's valid forms would otherwise go unnoticed).
     * Asked of the RESP2 run, whose size makes a miss by chance negligible.
     */
    private static void assertCovered(DiffRunner runner) {
        if (!collections || !runner.mismatches().isEmpty()) return;
        List<String> missing = new ArrayList<>();
        for (String c : COLLECTION_COMMANDS) {
            if (runner.succeeded().getOrDefault(c, 0) == 0) missing.add(c);
        }
        assertTrue(missing.isEmpty(), "commands never answered without error in this run: " + missing);
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
        if (collections) a.addAll(collectionShapes());
        return a;
    }

    /**
     * The RESP3 shapes of the collection commands: maps, sets, doubles (and how they print),
     * pairs, and the nulls of blocking commands that time out (run with small encoding
     * thresholds, so the listpack and the big encodings both answer).
     */
    private static List<Action> collectionShapes() {
        List<Action> a = new ArrayList<>();
        a.add(s("HSET", "hs", "a", "1", "b", "2.5"));
        a.add(new Send(0, List.of("HGETALL", "hs"), Check.EXACT));                   // % in listpack order
        a.add(s("HRANDFIELD", "hs", "10", "WITHVALUES"));                            // [[f, v], ...]
        a.add(s("HSET", "h1f", "only", "1"));
        a.add(s("HRANDFIELD", "h1f", "-2", "WITHVALUES"));                          // one field: repeated
        a.add(s("HRANDFIELD", "nohash", "3", "WITHVALUES"));
        a.add(s("HRANDFIELD", "nohash"));                                            // _
        a.add(s("HINCRBYFLOAT", "hs", "b", "0.1"));                                  // $ not ,
        a.add(s("HMGET", "hs", "a", "nofield"));
        a.add(s("HSET", "hs", "c", "3", "d", "4", "e", "5"));                        // past 4 entries: hashtable
        a.add(s("OBJECT", "ENCODING", "hs"));
        a.add(new Send(0, List.of("HGETALL", "hs"), Check.PAIRS_SORTED));
        a.add(s("SADD", "ss", "3", "1", "2"));
        a.add(s("SMEMBERS", "ss"));                                                  // ~ intset order
        a.add(s("SPOP", "nokey", "3"));                                              // empty ~? or *
        a.add(s("SRANDMEMBER", "ss", "0"));
        a.add(s("SMISMEMBER", "ss", "1", "9"));
        a.add(new Send(0, List.of("SINTER", "ss", "ss"), Check.SORTED));
        a.add(s("SINTERCARD", "1", "ss"));
        a.add(s("ZADD", "zs", "0.1", "a", "1e-5", "b", "123456789.123", "c", "-0", "d", "1e21", "e"));
        for (String m : List.of("a", "b", "c", "d", "e", "nomember")) a.add(s("ZSCORE", "zs", m));
        a.add(s("ZMSCORE", "zs", "a", "nomember"));                                  // [, _]
        a.add(s("ZRANGE", "zs", "0", "-1", "WITHSCORES"));
        a.add(s("ZRANGEBYSCORE", "zs", "-inf", "+inf", "WITHSCORES", "LIMIT", "1", "2"));
        a.add(s("ZINCRBY", "zs", "0.2", "a"));
        a.add(s("ZADD", "zs", "INCR", "1", "nomember2"));
        a.add(s("ZADD", "zs", "NX", "INCR", "1", "a"));                              // _ (not added)
        a.add(s("ZPOPMIN", "zs"));
        a.add(s("ZPOPMAX", "zs", "2"));
        a.add(s("ZMPOP", "1", "zs", "MIN", "COUNT", "2"));                           // [key, [[m, ,s]...]]
        a.add(s("ZMPOP", "1", "nozset", "MIN"));                                     // _
        a.add(new Send(0, List.of("ZRANDMEMBER", "zs", "10", "WITHSCORES"), Check.PAIRS_ORDERED_IF_COMPACT));
        a.add(s("ZRANK", "zs", "nomember"));
        a.add(s("ZUNION", "2", "zs", "ss", "WEIGHTS", "2", "0.5", "AGGREGATE", "MAX", "WITHSCORES"));
        a.add(s("ZINTER", "2", "zs", "ss", "WITHSCORES"));
        a.add(s("ZDIFF", "2", "ss", "zs", "WITHSCORES"));
        a.add(s("BZPOPMIN", "zs", "0.01"));                                          // [key, member, ,score]
        a.add(s("BZPOPMIN", "nozset", "0.01"));                                      // timed out: _
        a.add(s("BZMPOP", "0.01", "1", "nozset", "MAX"));
        a.add(s("RPUSH", "ls", "a", "b", "c"));
        a.add(s("LPOP", "ls", "2"));
        a.add(s("LPOP", "nolist", "2"));
        a.add(s("LMPOP", "2", "nolist", "ls", "RIGHT", "COUNT", "5"));
        a.add(s("LMPOP", "1", "nolist", "LEFT"));
        a.add(s("LPOS", "ls", "zz"));
        a.add(s("LPOS", "ls", "zz", "COUNT", "0"));
        a.add(s("BLPOP", "nolist", "0.01"));                                         // timed out: _
        a.add(s("BRPOP", "nolist", "nolist2", "0.01"));
        a.add(s("BLMOVE", "nolist", "ls", "LEFT", "RIGHT", "0.01"));
        a.add(s("BRPOPLPUSH", "nolist", "ls", "0.01"));
        a.add(s("BLMPOP", "0.01", "1", "nolist", "LEFT"));
        a.add(s("MULTI"));
        a.add(s("BLPOP", "nolist", "0"));                                            // does not block in MULTI
        a.add(s("BZPOPMAX", "nozset", "0"));
        a.add(s("BLMOVE", "nolist", "ls", "LEFT", "RIGHT", "0"));
        a.add(s("EXEC"));
        a.add(new Send(0, List.of("CONFIG", "GET", "*max-listpack*"), Check.PAIRS_SORTED)); // % map
        a.add(s("RPUSH", "srt", "3", "1", "2"));
        a.add(s("SORT", "srt"));
        a.add(s("SORT_RO", "srt", "BY", "nosort", "GET", "#", "GET", "nokey_*"));
        return a;
    }
}
