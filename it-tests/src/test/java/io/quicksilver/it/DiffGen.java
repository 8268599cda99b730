package io.quicksilver.it;

import io.quicksilver.it.Diff.Action;
import io.quicksilver.it.Diff.Check;
import io.quicksilver.it.Diff.Read;
import io.quicksilver.it.Diff.ScanAll;
import io.quicksilver.it.Diff.Send;
import io.quicksilver.it.Diff.Sleep;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates random command sequences for the differential test, one block at a time (a single
 * command, or a short scenario: a transaction, a WATCH race with the second connection, a
 * short-expiry wait, a pub/sub exchange).
 *
 * <p>Keys come from a small pool so that operations collide. Nothing nondeterministic is asked:
 * no RANDOMKEY, OBJECT IDLETIME, INFO, TIME, CLIENT ID; SCAN only as a whole iteration compared
 * as a set; expirations in the ordinary stream are long (they never fire during a run) and the
 * short ones only happen inside the expiry scenario, which reads every key it expired afterwards
 * (so lazy expiry removed them on both servers and DBSIZE agrees).
 *
 * <p>Blocks are generated just before they run, so absolute times (EXPIREAT, PXAT) are near
 * the real clock; the same seed gives the same sequence apart from those values.
 */
final class DiffGen extends GenSupport {
    /** Mostly strings; h1, l1, s1, z1 are also {@link CollectionGen}'s keys, so the types collide. */
    static final String[] KEYS = {"k1", "k2", "k3", "k4", "k5", "hello", "hallo", "hxllo", "foo:1", "foo:22", "a*b", "{t}x",
        "h1", "l1", "s1", "z1"};
    static final String[] LCS_KEYS = {"lcsA", "lcsB", "lcsC"};
    static final String[] LCS_VALUES = {"ohmytext", "mynewtext", "", "abc", "aaaa", "abcdefghij", "xbxdxaxxbx", "jihgfedcba"};
    static final String[] KEY_PATTERNS = {"*", "k*", "h?llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "foo:*", "*o*",
        "a\\*b", "a*b", "k[1-3]", "*:??", "[", "\\", "{t}*", "?", "nomatch*", "*1", "h*llo", "K*"};
    static final Object[] VALUES = {"", "0", "1", "-1", "10", "42", "-100", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "3.14", "-2.5", "1e3", "1.5e308", " 1", "1 ", "abc", "hello world", "0x10", "+1", "007",
        "00", "-0", "10.50", "inf", "nan", "h\u00e9llo", new byte[] {0, (byte) 0xff, '\r', '\n', 'x'},
        "x".repeat(44), "y".repeat(45), "z".repeat(100), "12345678901234567890", "0.1", "5.0e3", "-0.0",
        // around the length from which a string keeps a buffer of its own, rewritten in place
        // when the next value is of its size class (600 into 640's), else moved to a chunk of
        // another class (Segment.setString, Slabs), and past the largest class (32 KiB: on the heap)
        "w".repeat(511), "u".repeat(512), "t".repeat(600), "s".repeat(700), "r".repeat(2000), "q".repeat(32769)};
    static final String[] FLOAT_INCRS = {"0.1", "-0.1", "1e5", "3.0e3", "5", "-5", "1.5e308", "-1.5e308", "inf", "-inf",
        "nan", "abc", "0x10", "", " 1", "1.0000000000000001", "0", "-0", "10.5", "5.0e-3", "1e-300", "0.3333333333333333"};
    static final String[] INT_ARGS = {"1", "-1", "0", "10", "-10", "100", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "abc", "1.5", "", " 5", "+5", "007"};
    static final String[] OFFSETS = {"0", "1", "2", "-1", "-2", "5", "-5", "44", "100", "-100", "2147483647", "-2147483648",
        "9223372036854775807", "-9223372036854775808", "abc", "1.5"};
    static final String[] SECONDS = {"100", "200", "1000", "5000", "100000", "0", "-1", "abc", "1.5", "",
        "9223372036854775807", "-9223372036854775808", "9223372036854775", "300"};
    static final String[] MILLIS = {"100000", "200000", "5000000", "250000", "0", "-5", "abc", "9223372036854775807",
        "9223372036854775", "400000"};
    static final String[] OPTIONAL = {"lpush", "lrange", "sadd", "smembers", "hset", "hgetall", "zadd", "zrange"};

    private final Set<String> available;
    private final boolean resp3;
    /** The collection commands (null when our server does not bind them all). */
    private final CollectionGen collections;

    /**
     * @param rnd       the source of randomness (seeded)
     * @param available the optional commands (lists, sets, hashes, zsets) our server binds, used to
     *                  create values of other types for WRONGTYPE paths; lower-case names
     * @param resp3     whether the connections speak RESP3 (RESET must be followed by HELLO 3)
     * @param collections whether half of the blocks are {@link CollectionGen}'s (hashes, lists,
     *                  sets, sorted sets, SORT, blocking commands)
     */
    DiffGen(Random rnd, Set<String> available, boolean resp3, boolean collections) {
        super(rnd);
        this.available = available;
        this.resp3 = resp3;
        this.collections = collections ? new CollectionGen(rnd) : null;
    }

    // ------------------------------------------------------------------ helpers

    private String key() {
        return KEYS[rnd.nextInt(KEYS.length)];
    }

    private Object value() {
        if (rnd.nextInt(6) == 0) return "v" + rnd.nextInt(20);
        return VALUES[rnd.nextInt(VALUES.length)];
    }

    private String shortValue() {
        String[] s = {"", "a", "bc", "xyz", "123", "-", "hello", " ", "\u00e9"};
        return s[rnd.nextInt(s.length)];
    }


    private static String now(int secondsAhead) {
        return Long.toString(System.currentTimeMillis() / 1000 + secondsAhead);
    }

    private static String nowMs(long millisAhead) {
        return Long.toString(System.currentTimeMillis() + millisAhead);
    }

    // ------------------------------------------------------------------ blocks

    /** The next block of actions. */
    List<Action> next() {
        if (collections != null && rnd.nextBoolean()) return collections.next();
        int r = rnd.nextInt(1000);
        if (r < 400) return List.of(stringCommand());
        if (r < 600) return List.of(keyCommand());
        if (r < 700) return List.of(expireCommand());
        if (r < 780) return List.of(errorCommand());
        if (r < 830) return dbCommand();
        if (r < 880) return transaction();
        if (r < 910) return watchRace();
        if (r < 915) return expiryScenario();
        if (r < 925) return pubSub();
        if (r < 935) return List.of(scanAll());
        if (r < 960) return List.of(send(cmd("KEYS", pick(KEY_PATTERNS)), Check.SORTED));
        if (r < 975) return otherTypes();
        if (r < 978) return reset();
        return List.of(connectionCommand());
    }

    Send stringCommand() {
        String k = key();
        switch (rnd.nextInt(26)) {
            case 0: case 1: return send(cmd("GET", k));
            case 2: case 3: return send(setCommand(k));
            case 4: return send(cmd("APPEND", k, value()));
            case 5: return send(cmd("INCR", k));
            case 6: return send(cmd("DECR", k));
            case 7: return send(cmd("INCRBY", k, pick(INT_ARGS)));
            case 8: return send(cmd("DECRBY", k, pick(INT_ARGS)));
            case 9: case 10: return send(cmd("INCRBYFLOAT", k, pick(FLOAT_INCRS)));
            case 11: return send(cmd("GETRANGE", k, pick(OFFSETS), pick(OFFSETS)));
            case 12: return send(cmd("SUBSTR", k, pick(OFFSETS), pick(OFFSETS)));
            case 13: return send(setRange(k));
            case 14: return send(cmd("STRLEN", k));
            case 15: return send(cmd("GETDEL", k));
            case 16: return send(cmd("GETSET", k, value()));
            case 17: return send(getEx(k));
            case 18: return send(cmd("SETNX", k, value()));
            case 19: return send(cmd("SETEX", k, pick("100", "1000", "0", "-1", "abc", "9223372036854775807"), value()));
            case 20: return send(cmd("PSETEX", k, pick("100000", "0", "-5", "abc", "9223372036854775807"), value()));
            case 21: {
                List<Object> c = cmd(pick("MSET", "MSETNX"));
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    c.add(key());
                    c.add(value());
                }
                if (chance(10)) c.remove(c.size() - 1); // odd count: arity error
                return send(c);
            }
            case 22: {
                List<Object> c = cmd("MGET");
                int n = 1 + rnd.nextInt(5);
                for (int i = 0; i < n; i++) c.add(chance(85) ? key() : "nokey");
                return send(c);
            }
            case 23: return send(cmd("SET", pick(LCS_KEYS), pick((Object[]) LCS_VALUES)));
            case 24: return send(lcs());
            default: return send(cmd("OBJECT", pick("ENCODING", "encoding"), k));
        }
    }

    /** SET with a random (sometimes invalid) combination of options. */
    private List<Object> setCommand(String k) {
        List<Object> c = cmd("SET", k, value());
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(12)) {
                case 0: c.add(pick("NX", "nx")); break;
                case 1: c.add(pick("XX", "xx")); break;
                case 2: c.add(pick("GET", "get")); break;
                case 3: c.add(pick("EX", "ex")); c.add(pick(SECONDS)); break;
                case 4: c.add(pick("PX", "px")); c.add(pick(MILLIS)); break;
                case 5: c.add("EXAT"); c.add(chance(90) ? now(1000 + rnd.nextInt(1000)) : pick("0", "-1", "abc")); break;
                case 6: c.add("PXAT"); c.add(chance(90) ? nowMs(1_000_000) : pick("0", "-1", "abc", "9223372036854775807")); break;
                case 7: c.add(pick("KEEPTTL", "keepttl")); break;
                case 8: c.add(pick("EX", "PX")); break; // option without its value
                case 9: c.add(pick("FOO", "NXX", "")); break;
                default: c.add(pick("EX", "PX")); c.add(pick("1000", "2000")); break;
            }
        }
        return c;
    }

    private List<Object> setRange(String k) {
        if (chance(15)) {
            // huge offsets: with an empty value nothing is allocated; with a value the size check
            // fails (536870911 + "x" would succeed with a 512 MB string, which every later read of
            // the key would then copy to both servers and the harness: the exact limit is a unit test's)
            return chance(50) ? cmd("SETRANGE", k, pick("536870911", "536870912", "9223372036854775807"), "")
                    : chance(30) ? cmd("SETRANGE", k, "536870911", "yz")
                    : cmd("SETRANGE", k, pick("536870912", "1000000000000"), pick("x", "yz"));
        }
        return cmd("SETRANGE", k, pick("0", "1", "3", "10", "44", "45", "100", "1000", "-1", "x", "1.5", ""), pick(value(), shortValue()));
    }

    private List<Object> getEx(String k) {
        List<Object> c = cmd("GETEX", k);
        int n = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(7)) {
                case 0: c.add("EX"); c.add(pick(SECONDS)); break;
                case 1: c.add("PX"); c.add(pick(MILLIS)); break;
                case 2: c.add("EXAT"); c.add(chance(80) ? now(2000) : pick("1", "0", "abc")); break;
                case 3: c.add("PXAT"); c.add(chance(80) ? nowMs(2_000_000) : pick("1", "0", "abc")); break;
                case 4: c.add(pick("PERSIST", "persist")); break;
                case 5: c.add("KEEPTTL"); break;
                default: c.add("EX"); break;
            }
        }
        return c;
    }

    private List<Object> lcs() {
        List<Object> c = cmd("LCS", pick(LCS_KEYS), pick(LCS_KEYS));
        if (chance(10)) c.set(1, key()); // a non-LCS key: maybe missing, maybe long, maybe another type
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(6)) {
                case 0: c.add("LEN"); break;
                case 1: case 2: c.add("IDX"); break;
                case 3: c.add("MINMATCHLEN"); c.add(pick("0", "1", "2", "4", "-1", "abc")); break;
                case 4: c.add("WITHMATCHLEN"); break;
                default: c.add(pick("FOO", "MINMATCHLEN")); break;
            }
        }
        return c;
    }

    Send keyCommand() {
        String k = key();
        switch (rnd.nextInt(16)) {
            case 0: case 1: {
                List<Object> c = cmd(pick("DEL", "UNLINK", "EXISTS", "TOUCH"));
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) c.add(key()); // duplicates allowed: EXISTS k k counts twice
                return send(c);
            }
            case 2: return send(cmd("EXISTS", k));
            case 3: return send(cmd("TYPE", k));
            case 4: return send(cmd("RENAME", k, chance(10) ? k : key()));
            case 5: return send(cmd("RENAMENX", k, chance(10) ? k : key()));
            case 6: {
                List<Object> c = cmd("COPY", k, chance(10) ? k : key());
                if (chance(30)) { c.add("DB"); c.add(pick("0", "1", "2", "3", "16", "-1", "abc")); }
                if (chance(40)) c.add(pick("REPLACE", "replace"));
                if (chance(5)) c.add("FOO");
                return send(c);
            }
            case 7: return send(cmd("MOVE", k, pick("0", "1", "2", "3", "16", "-1", "abc")));
            case 8: return send(cmd("DBSIZE"));
            case 9: return send(cmd("TTL", k), Check.TTL_S);
            case 10: return send(cmd("PTTL", k), Check.TTL_MS);
            case 11: return send(cmd("EXPIRETIME", k), Check.TTL_S);
            case 12: return send(cmd("PEXPIRETIME", k), Check.TTL_MS);
            case 13: return send(cmd("PERSIST", k));
            case 14: return send(cmd("GET", k));
            default: return send(cmd("EXISTS", k, key(), "nokey"));
        }
    }

    Send expireCommand() {
        String k = key();
        List<Object> c;
        switch (rnd.nextInt(4)) {
            case 0: c = cmd("EXPIRE", k, pick(SECONDS)); break;
            case 1: c = cmd("PEXPIRE", k, pick(MILLIS)); break;
            case 2: c = cmd("EXPIREAT", k, chance(85) ? now(500 + rnd.nextInt(5000)) : pick("1", "0", "-1", "abc", "9223372036854775807")); break;
            default: c = cmd("PEXPIREAT", k, chance(85) ? nowMs(500_000 + rnd.nextInt(5_000_000)) : pick("1", "0", "-1", "abc", "9223372036854775807")); break;
        }
        int n = rnd.nextInt(10) < 6 ? 1 : rnd.nextInt(3);
        if (rnd.nextInt(10) < 3) n = 0;
        for (int i = 0; i < n; i++) c.add(pick("NX", "XX", "GT", "LT", "nx", "gt", "FOO"));
        return send(c);
    }

    Send errorCommand() {
        switch (rnd.nextInt(8)) {
            case 0: return send(cmd(pick("FOOBAR", "GETT", "SETT", "X"), key(), "arg two"));
            case 1: return send(cmd(pick("GET", "TTL", "INCR", "STRLEN", "TYPE", "KEYS", "DEL", "EXISTS", "SELECT", "ECHO",
                    "APPEND", "MGET", "GETRANGE", "OBJECT", "COPY", "RENAME", "EXPIRE", "SETRANGE", "LCS", "MOVE", "SWAPDB")));
            case 2: return send(cmd(pick("GET", "TTL", "INCR", "STRLEN", "TYPE", "PERSIST"), key(), "extra"));
            case 3: return send(cmd(pick("SET", "APPEND", "GETSET", "INCRBY", "SETNX", "EXPIRE", "RENAME", "SETRANGE"), key()));
            case 4: return send(cmd(pick("DBSIZE", "MULTI", "EXEC", "DISCARD"), "extra"));
            case 5: return send(cmd("OBJECT", pick("foo", "ENCODING")));
            case 6: return send(cmd(pick("PING"), "a", "b"));
            default: return send(cmd("CLIENT", pick("FOO", "SETNAME", "GETNAME"), "x", "y"));
        }
    }

    static final String[] COMMAND_NAMES = {"get", "set", "getex", "lcs", "mset", "copy", "expire", "exec", "ping",
        "subscribe", "object|encoding", "client|setname", "NoSuchCmd", "config|get", "swapdb", "keys",
        "hset", "hrandfield", "lpos", "blmove", "lmpop", "blmpop", "sintercard", "smove", "zadd", "zrange",
        "zrangestore", "zunionstore", "bzmpop", "zintercard", "sort", "sort_ro", "brpoplpush", "hscan"};
    static final String[] CONFIG_NAMES = {"hz", "databases", "notify-keyspace-events", "slowlog-max-len",
        "slowlog-log-slower-than", "timeout", "proto-max-bulk-len", "maxmemory", "nosuchparam",
        "hash-max-listpack-entries", "zset-max-ziplist-value", "set-max-intset-entries", "list-max-listpack-size",
        "*max-listpack*", "list-compress-depth"};

    /** COMMAND INFO/DOCS/GETKEYS and CONFIG GET: metadata that must be Redis's, byte for byte. */
    Send introspection() {
        switch (rnd.nextInt(6)) {
            case 0: return send(cmd("COMMAND", "INFO", pick(COMMAND_NAMES), pick(COMMAND_NAMES)));
            case 1: return send(cmd("COMMAND", "DOCS", pick(COMMAND_NAMES)));
            case 2: {
                List<Object> c = cmd("COMMAND", pick("GETKEYS", "GETKEYSANDFLAGS"));
                c.addAll(List.of(pick(List.of("SET", "k", "v"), List.of("MSET", "a", "1", "b", "2"), List.of("LCS", "x", "y"),
                        List.of("COPY", "s", "d", "DB", "1"), List.of("GET"), List.of("PING"), List.of("NOSUCH", "a"),
                        List.of("MSET", "a"), List.of("EXPIRE", "k", "10", "NX"),
                        List.of("ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"), List.of("SORT", "k", "BY", "w_*", "STORE", "d"),
                        List.of("SORT_RO", "k", "GET", "o_*"), List.of("BLMPOP", "0", "2", "a", "b", "LEFT"),
                        List.of("LMOVE", "a", "b", "LEFT", "RIGHT"), List.of("ZINTERCARD", "2", "a", "b", "LIMIT", "1"),
                        List.of("SINTERCARD", "1", "a"), List.of("BZPOPMIN", "a", "b", "0"), List.of("ZDIFF", "3", "a", "b"),
                        List.of("HSET", "h", "f", "v", "g", "w"), List.of("ZRANGESTORE", "d", "s", "0", "-1"),
                        List.of("ZMPOP", "1", "z", "MIN"), List.of("SMOVE", "a", "b", "m")).toArray()));
                return send(c);
            }
            case 3: return send(cmd("COMMAND", pick("FOO", "COUNTX", "HELP")));
            default: return send(cmd("CONFIG", "GET", pick(CONFIG_NAMES)), Check.PAIRS_SORTED);
        }
    }

    Send connectionCommand() {
        if (chance(25)) return introspection();
        switch (rnd.nextInt(8)) {
            case 0: return send(cmd("PING"));
            case 1: return send(cmd("PING", value()));
            case 2: return send(cmd("ECHO", value()));
            case 3: return send(cmd("CLIENT", "SETNAME", pick("diff-client", "", "has space", "ok_name", "new\nline")));
            case 4: return send(cmd("CLIENT", "GETNAME"));
            case 5: return send(cmd("HELLO", resp3 ? "3" : "2"), Check.HELLO);
            case 6: return send(cmd("HELLO", pick("4", "1", "abc", "0")));
            default: return send(cmd("PUBLISH", "nobody-" + rnd.nextInt(3), value()));
        }
    }

    /** SELECT / SWAPDB / FLUSHDB / FLUSHALL, databases 0-3 plus invalid indexes. */
    List<Action> dbCommand() {
        switch (rnd.nextInt(10)) {
            case 0: case 1: case 2: case 3:
                return List.of(send(cmd("SELECT", pick("0", "0", "1", "2", "3", "15", "16", "-1", "abc"))));
            case 4: case 5:
                return List.of(send(cmd("SWAPDB", pick("0", "1", "2", "3", "16", "x"), pick("0", "1", "2", "3", "-1"))));
            case 6: case 7:
                return List.of(send(cmd("DBSIZE")));
            case 8: {
                List<Object> c = cmd("FLUSHDB");
                if (chance(50)) c.add(pick("SYNC", "ASYNC", "sync", "FOO"));
                return List.of(send(c));
            }
            default:
                return chance(20) ? List.of(send(cmd("FLUSHALL"))) : List.of(send(cmd("DBSIZE")));
        }
    }

    /** A command fit for a MULTI queue: compared exactly (no TTL tolerance inside EXEC's array). */
    private Send queueable() {
        while (true) {
            Send s = switch (rnd.nextInt(10)) {
                case 0, 1, 2, 3, 4 -> stringCommand();
                case 5, 6 -> keyCommand();
                case 7 -> expireCommand();
                case 8 -> chance(30) ? send(cmd("SELECT", pick("0", "1", "2", "16"))) : stringCommand();
                default -> collections != null && chance(80) ? collections.queueable() : connectionCommand();
            };
            String n = String.valueOf(s.args().get(0)).toUpperCase(Locale.ROOT);
            if (s.check() == Check.EXACT && !n.equals("HELLO") && !n.equals("CLIENT")) return s;
        }
    }

    /** MULTI ... EXEC|DISCARD, sometimes with queue-time errors (EXECABORT), nested MULTI, WATCH inside. */
    List<Action> transaction() {
        List<Action> a = new ArrayList<>();
        if (chance(5)) a.add(send(cmd(pick("EXEC", "DISCARD")))); // without MULTI: error
        a.add(send(cmd("MULTI")));
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(100);
            if (r < 4) a.add(errorCommand()); // arity/unknown: EXECABORT at EXEC
            else if (r < 6) a.add(send(cmd("MULTI")));
            else if (r < 8) a.add(send(cmd("WATCH", key())));
            else a.add(queueable());
        }
        a.add(send(cmd(chance(85) ? "EXEC" : "DISCARD")));
        return a;
    }

    /**
     * WATCH on connection 0, then connection 1 (on the same or another database) changes a watched
     * key, another key, or nothing, then MULTI/EXEC on connection 0: EXEC aborts exactly when
     * Redis's would.
     */
    List<Action> watchRace() {
        List<Action> a = new ArrayList<>();
        String db = pick("0", "1");
        a.add(send(cmd("SELECT", db)));
        String w1 = key();
        String w2 = key();
        a.add(send(chance(50) ? cmd("WATCH", w1) : cmd("WATCH", w1, w2)));
        if (chance(20)) a.add(queueable()); // own changes before MULTI also count
        a.add(new Send(1, cmd("SELECT", chance(80) ? db : pick("0", "1", "2")), Check.EXACT));
        switch (rnd.nextInt(collections != null ? 14 : 12)) {
            case 0: case 1: a.add(new Send(1, cmd("SET", w1, value()), Check.EXACT)); break;
            case 2: a.add(new Send(1, cmd("DEL", w1), Check.EXACT)); break; // no-op when missing: no abort
            case 3: a.add(new Send(1, cmd("SET", key(), value()), Check.EXACT)); break;
            case 4: a.add(new Send(1, cmd("EXPIRE", w1, "1000"), Check.EXACT)); break;
            case 5: a.add(new Send(1, cmd("INCR", w2), Check.EXACT)); break;
            case 6: a.add(new Send(1, cmd("FLUSHDB"), Check.EXACT)); break;
            case 7: a.add(new Send(1, cmd("SWAPDB", "0", "1"), Check.EXACT)); break;
            case 8: a.add(new Send(1, cmd("GET", w1), Check.EXACT)); break; // a read does not abort
            case 9: a.add(new Send(1, cmd("RENAME", w1, key()), Check.EXACT)); break;
            case 10: a.add(new Send(1, cmd("APPEND", w1, ""), Check.EXACT)); break;
            case 11:
                if (collections != null) {
                    // collection writes touch the key; the no-op forms (nothing removed) do not
                    a.add(new Send(1, pick(cmd("LPUSH", w1, "x"), cmd("HSET", w1, "f", "v"), cmd("SADD", w1, "m"),
                            cmd("ZADD", w1, "1", "m"), cmd("SREM", w1, "nomember"), cmd("HDEL", w1, "nofield"),
                            cmd("LPOP", w1), cmd("ZINCRBY", w1, "0", "m"), cmd("LTRIM", w1, "0", "-1"),
                            cmd("SMOVE", w2, w1, "m"), cmd("ZREMRANGEBYSCORE", w1, "5", "1")), Check.EXACT));
                }
                break;
            default: break; // nothing
        }
        if (chance(10)) a.add(send(cmd("UNWATCH")));
        a.add(send(cmd("MULTI")));
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) a.add(queueable());
        a.add(send(cmd(chance(90) ? "EXEC" : "DISCARD")));
        a.add(send(cmd("SELECT", "0")));
        a.add(new Send(1, cmd("SELECT", "0"), Check.EXACT));
        return a;
    }

    /**
     * Short expirations that really fire: keys get a TTL of 60 ms in one of several ways, are read
     * at once (still there), then after 110 ms read again (gone), so lazy expiry removed them on
     * both servers. Sometimes a watched key expires before EXEC.
     */
    List<Action> expiryScenario() {
        List<Action> a = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) keys.add(key());
        for (String k : keys) {
            switch (rnd.nextInt(7)) {
                case 0: a.add(send(cmd("SET", k, value(), "PX", "60"))); break;
                case 1: a.add(send(cmd("PSETEX", k, "60", value()))); break;
                case 2: a.add(send(cmd("SET", k, value()))); a.add(send(cmd("PEXPIRE", k, "60"))); break;
                case 3: a.add(send(cmd("SET", k, value()))); a.add(send(cmd("GETEX", k, "PX", "60"))); break;
                case 4: a.add(send(cmd("SET", k, value(), "PXAT", nowMs(60)))); break;
                case 5: a.add(send(cmd("SET", k, value(), "PX", "60"))); a.add(send(cmd("SET", k, value(), "KEEPTTL"))); break;
                default: a.add(send(cmd("SET", k, value(), "PX", "60"))); a.add(send(cmd("APPEND", k, "more"))); break;
            }
            a.add(send(cmd("PTTL", k), Check.TTL_MS));
        }
        boolean watch = chance(30);
        String first = keys.iterator().next();
        if (watch) a.add(send(cmd("WATCH", first)));
        a.add(send(cmd("EXISTS", first)));
        a.add(new Sleep(110));
        if (watch) {
            a.add(send(cmd("MULTI")));
            a.add(send(cmd("SET", "k5", "in-tx")));
            a.add(send(cmd("EXEC")));
        }
        for (String k : keys) {
            a.add(send(cmd(pick("GET", "EXISTS", "TTL", "PTTL", "STRLEN", "TYPE"), k)));
            a.add(send(cmd("GET", k)));
        }
        a.add(send(cmd("DBSIZE")));
        // past absolute times: SET keeps the key (expired), the others delete it at once
        if (chance(40)) {
            String k = key();
            a.add(send(cmd("SET", k, "past", pick("PXAT", "EXAT"), "1")));
            a.add(send(cmd("EXISTS", k)));
            a.add(send(cmd("SET", k, "v")));
            // (a relative 1 would not be in the past: only 0 and negatives delete at once)
            a.add(send(chance(50) ? cmd(pick("PEXPIREAT", "EXPIREAT"), k, pick("1", "0", "-1"))
                    : cmd(pick("EXPIRE", "PEXPIRE"), k, pick("0", "-1"))));
            a.add(send(cmd("EXISTS", k)));
            a.add(send(cmd("DBSIZE")));
        }
        return a;
    }

    /**
     * Connection 1 subscribes; connection 0 publishes; the pushed messages are read on connection
     * 1 and compared as an unordered group (pattern deliveries have no fixed order); commands in
     * subscribed state; then everything is unsubscribed.
     */
    List<Action> pubSub() {
        if (chance(25)) return shardedPubSub();
        List<Action> a = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        channels.add(pick("c1", "c2", "news"));
        if (chance(50)) channels.add(pick("c1", "c2", "other"));
        List<Object> sub = cmd("SUBSCRIBE");
        sub.addAll(channels);
        a.add(new Send(1, sub, Check.EXACT, channels.size()));
        Set<String> subscribed = new LinkedHashSet<>(channels);
        List<String> patterns = new ArrayList<>();
        if (chance(60)) {
            patterns.add(pick("c*", "c?", "n*s", "x*"));
            if (chance(40)) patterns.add(pick("*", "c[12]", "?1"));
            List<Object> psub = cmd("PSUBSCRIBE");
            psub.addAll(patterns);
            a.add(new Send(1, psub, Check.EXACT, patterns.size()));
        }
        Set<String> uniquePatterns = new LinkedHashSet<>(patterns);
        int publishes = 1 + rnd.nextInt(3);
        for (int i = 0; i < publishes; i++) {
            String ch = pick("c1", "c2", "news", "other", "zzz");
            a.add(send(cmd("PUBLISH", ch, value())));
            int deliveries = subscribed.contains(ch) ? 1 : 0;
            for (String p : uniquePatterns) if (globMatches(p, ch)) deliveries++;
            if (deliveries > 0) a.add(new Read(1, deliveries));
        }
        a.add(new Send(1, cmd("PING"), Check.EXACT));
        if (chance(50)) a.add(new Send(1, cmd("PING", "hi"), Check.EXACT));
        if (chance(50)) a.add(new Send(1, cmd("GET", "k1"), Check.EXACT)); // refused in RESP2, allowed in RESP3
        a.add(send(cmd("PUBSUB", "CHANNELS"), Check.SORTED));
        a.add(send(cmd("PUBSUB", "CHANNELS", pick("c*", "n?ws", "zzz", "*")), Check.SORTED));
        a.add(send(cmd("PUBSUB", "NUMSUB", "c1", "c2", "news", "zzz")));
        a.add(send(cmd("PUBSUB", "NUMPAT")));
        // one channel at a time: a multi-channel UNSUBSCRIBE answers in dict order, which differs
        List<String> left = new ArrayList<>(subscribed);
        while (left.size() > 1) a.add(new Send(1, cmd("UNSUBSCRIBE", left.remove(0)), Check.EXACT));
        a.add(new Send(1, chance(50) ? cmd("UNSUBSCRIBE") : cmd("UNSUBSCRIBE", left.get(0)), Check.EXACT));
        List<String> pleft = new ArrayList<>(uniquePatterns);
        while (pleft.size() > 1) a.add(new Send(1, cmd("PUNSUBSCRIBE", pleft.remove(0)), Check.EXACT));
        a.add(new Send(1, pleft.isEmpty() || chance(50) ? cmd("PUNSUBSCRIBE") : cmd("PUNSUBSCRIBE", pleft.get(0)), Check.EXACT));
        a.add(new Send(1, cmd("PING"), Check.EXACT));
        return a;
    }

    /** SSUBSCRIBE / SPUBLISH / SUNSUBSCRIBE (sharded pub/sub, standalone mode). */
    List<Action> shardedPubSub() {
        List<Action> a = new ArrayList<>();
        String ch = pick("s1", "s2");
        a.add(new Send(1, cmd("SSUBSCRIBE", ch), Check.EXACT));
        String to = pick("s1", "s2");
        a.add(send(cmd("SPUBLISH", to, value())));
        if (to.equals(ch)) a.add(new Read(1, 1));
        a.add(send(cmd("PUBSUB", "SHARDCHANNELS"), Check.SORTED));
        a.add(send(cmd("PUBSUB", "SHARDNUMSUB", "s1", "s2")));
        a.add(new Send(1, cmd("PING"), Check.EXACT));
        a.add(new Send(1, chance(50) ? cmd("SUNSUBSCRIBE") : cmd("SUNSUBSCRIBE", ch), Check.EXACT));
        a.add(new Send(1, cmd("PING"), Check.EXACT));
        return a;
    }

    /** The glob subset used by {@link #pubSub()}: '*', '?', and [..] classes without ranges. */
    static boolean globMatches(String pattern, String s) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else if (c == '[') {
                int end = pattern.indexOf(']', i);
                re.append(pattern, i, end + 1);
                i = end;
            } else re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return s.matches(re.toString());
    }

    ScanAll scanAll() {
        List<Object> extra = new ArrayList<>();
        if (chance(60)) { extra.add("MATCH"); extra.add(pick(KEY_PATTERNS)); }
        if (chance(50)) { extra.add("COUNT"); extra.add(pick("1", "2", "5", "100")); }
        if (chance(20)) { extra.add("TYPE"); extra.add(pick("string", "list", "set", "hash", "zset", "nosuchtype")); }
        return new ScanAll(0, extra);
    }

    /** Values of other types (if our server binds them): WRONGTYPE paths, TYPE, COPY/RENAME of them. */
    List<Action> otherTypes() {
        String k = key();
        List<List<Object>> options = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        if (available.contains("lpush")) { options.add(cmd("LPUSH", k, value(), "x")); checks.add(Check.EXACT); }
        if (available.contains("lrange")) { options.add(cmd("LRANGE", k, "0", "-1")); checks.add(Check.EXACT); }
        if (available.contains("sadd")) { options.add(cmd("SADD", k, "m1", "m2", value())); checks.add(Check.EXACT); }
        if (available.contains("smembers")) { options.add(cmd("SMEMBERS", k)); checks.add(Check.SORTED); }
        if (available.contains("hset")) { options.add(cmd("HSET", k, "f", value())); checks.add(Check.EXACT); }
        if (available.contains("hgetall")) { options.add(cmd("HGETALL", k)); checks.add(Check.PAIRS_SORTED); }
        if (available.contains("zadd")) { options.add(cmd("ZADD", k, pick("1", "2.5", "-inf"), "m")); checks.add(Check.EXACT); }
        if (available.contains("zrange")) { options.add(cmd("ZRANGE", k, "0", "-1", "WITHSCORES")); checks.add(Check.EXACT); }
        if (options.isEmpty()) return List.of(stringCommand());
        int i = rnd.nextInt(options.size());
        return List.of(send(options.get(i), checks.get(i)));
    }

    /** RESET on connection 0 (back to RESP2, db 0); in RESP3 runs followed by HELLO 3 again. */
    List<Action> reset() {
        if (resp3) return List.of(send(cmd("RESET")), send(cmd("HELLO", "3"), Check.HELLO));
        return List.of(send(cmd("RESET")));
    }
}
