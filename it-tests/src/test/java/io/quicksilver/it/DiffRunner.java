package io.quicksilver.it;

import io.quicksilver.it.Diff.Action;
import io.quicksilver.it.Diff.Check;
import io.quicksilver.it.Diff.Read;
import io.quicksilver.it.Diff.ScanAll;
import io.quicksilver.it.Diff.Send;
import io.quicksilver.it.Diff.Sleep;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Runs action sequences against our server and the reference side by side and compares every
 * reply. Each server gets two connections (0: the main one, 1: the "other client" of WATCH races
 * and pub/sub). A command is written to both servers before either reply is read, so both see
 * it at nearly the same moment (which keeps short expirations in step).
 *
 * <p>Fail-fast by default: the first mismatch throws with the seed, round, step, command, both
 * replies and the commands before it. In collecting mode ({@code collect}) a mismatch is recorded,
 * both servers are reset (FLUSHALL, new connections) and the run goes on; {@link #report()} lists
 * what was collected.
 */
final class DiffRunner implements AutoCloseable {
    private static final int HISTORY = 12;
    private static final int READ_TIMEOUT_MS = 5000;

    private final Endpoint ours;
    private final Endpoint ref;
    private final boolean resp3;
    private final boolean collect;
    private final String replay;
    private final RespClient[] o = new RespClient[2];
    private final RespClient[] r = new RespClient[2];
    private final Deque<String> history = new ArrayDeque<>();
    private final List<String> mismatches = new ArrayList<>();
    private final Map<String, Integer> mismatchesByCommand = new LinkedHashMap<>();
    private final Map<String, String> firstByCommand = new LinkedHashMap<>();
    private int round;
    private int step;
    private int commands;
    private boolean resyncing;
    private final Map<String, Integer> replyKinds = new java.util.TreeMap<>();
    /** Per command name (upper case): how many reference replies were not errors. */
    private final Map<String, Integer> succeeded = new java.util.TreeMap<>();
    /** Every action and reply, when -Ddiff.log=FILE asks for it (to replay a run by hand). */
    private final java.io.PrintWriter log = openLog();

    private static java.io.PrintWriter openLog() {
        String path = System.getProperty("diff.log");
        if (path == null || path.isEmpty()) return null;
        try {
            return new java.io.PrintWriter(new java.io.FileWriter(path, StandardCharsets.UTF_8, true), true);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param ours    the server under test
     * @param ref     the reference redis-server
     * @param resp3   whether the connections switch to RESP3 (HELLO 3) when opened
     * @param collect collect mismatches and go on instead of failing at the first
     * @param replay  how to replay this run (printed with every mismatch), e.g. "-Dseed=42"
     */
    DiffRunner(Endpoint ours, Endpoint ref, boolean resp3, boolean collect, String replay) {
        this.ours = ours;
        this.ref = ref;
        this.resp3 = resp3;
        this.collect = collect;
        this.replay = replay;
    }

    /** How many reference replies of each kind were compared (shows what the run covered). */
    Map<String, Integer> replyKinds() {
        return replyKinds;
    }

    /** Command names sent, each with how many of its reference replies were not errors. */
    Map<String, Integer> succeeded() {
        return succeeded;
    }

    int commands() {
        return commands;
    }

    List<String> mismatches() {
        return mismatches;
    }

    /** Starts a round: fresh connections, both servers flushed. */
    void startRound(int round) {
        this.round = round;
        this.step = 0;
        history.clear();
        resync();
    }

    private void resync() {
        resyncing = true;
        close();
        for (int i = 0; i < 2; i++) {
            o[i] = new RespClient(ours.port(), READ_TIMEOUT_MS);
            r[i] = new RespClient(ref.port(), READ_TIMEOUT_MS);
        }
        // FLUSHALL and HELLO are compared like any command
        run(List.of(new Send(0, List.of("FLUSHALL"), Check.EXACT)));
        if (resp3) {
            run(List.of(new Send(0, List.of("HELLO", "3"), Check.HELLO), new Send(1, List.of("HELLO", "3"), Check.HELLO)));
        }
        resyncing = false;
    }

    /**
     * Runs one block. Returns false when it stopped at a mismatch (collecting mode; the servers
     * have been reset and the rest of the block skipped).
     */
    boolean run(List<Action> block) {
        for (Action a : block) {
            if (!run(a)) {
                if (resyncing) throw new AssertionError("cannot reset the servers after a mismatch:\n" + report(3));
                resync();
                return false;
            }
        }
        return true;
    }

    private boolean run(Action a) {
        remember(a.toString());
        if (a instanceof Sleep s) {
            try {
                Thread.sleep(s.millis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            return true;
        }
        step++;
        if (a instanceof Send s) {
            commands++;
            Object[] args = s.args().toArray();
            o[s.conn()].write(args);
            r[s.conn()].write(args);
            o[s.conn()].flush();
            r[s.conn()].flush();
            for (int i = 0; i < s.replies(); i++) {
                Resp ro = read(o[s.conn()]);
                Resp rr = read(r[s.conn()]);
                if (log != null) log.println("    ours: " + ro + "\n    redis: " + rr);
                String why = Diff.compare(s.check(), ro, rr);
                if (Diff.ORDER_ONLY.equals(why)) why = orderMatters(s.conn(), s.args()) ? why + " though the reference's key is compact" : null;
                if (why != null && s.replies() == 1 && staleErrnoSort(s.args(), ro, rr)) {
                    // Redis's SORT tests errno == ERANGE after a successful strtod without clearing
                    // errno first, so an ERANGE left by an earlier command (a subnormal or
                    // out-of-range number parsed anywhere) fails a numeric SORT of valid numbers.
                    // Clear it in the reference (BZPOPMIN's timeout goes through string2ld, which
                    // sets errno = 0) and ask again: a real difference still shows.
                    Resp cleared = read(writeAndFlush(r[s.conn()], List.of("BZPOPMIN", "diff:errno-reset", "0.001")));
                    rr = read(writeAndFlush(r[s.conn()], s.args()));
                    remember("  (stale-errno SORT error in the reference: asked again after " + cleared + ")");
                    if (log != null) log.println("    redis, errno cleared: " + rr);
                    why = Diff.compare(s.check(), ro, rr);
                }
                if (why != null) return mismatch(s.toString(), String.valueOf(s.args().get(0)), why, ro, rr);
                if (ro == null) return mismatch(s.toString(), String.valueOf(s.args().get(0)), "no reply from either", null, null);
                String kind = rr.getClass().getSimpleName();
                if (rr instanceof Resp.Null && String.valueOf(s.args().get(0)).equalsIgnoreCase("EXEC")) kind = "EXEC-aborted";
                if (rr instanceof Resp.Err e) kind = "Err(" + e.text().split(" ")[0] + ")";
                replyKinds.merge(kind, 1, Integer::sum);
                String name = String.valueOf(s.args().get(0)).toUpperCase(java.util.Locale.ROOT);
                succeeded.merge(name, rr instanceof Resp.Err ? 0 : 1, Integer::sum);
            }
            return true;
        }
        if (a instanceof Read rd) {
            List<Resp> fromOurs = new ArrayList<>();
            List<Resp> fromRef = new ArrayList<>();
            for (int i = 0; i < rd.count(); i++) {
                fromOurs.add(orTimeout(read(o[rd.conn()])));
                fromRef.add(orTimeout(read(r[rd.conn()])));
            }
            Resp go = new Resp.Arr('*', fromOurs);
            Resp gr = new Resp.Arr('*', fromRef);
            String why = Diff.compare(Check.SORTED, go, gr);
            return why == null || mismatch(rd.toString(), "(pushed message)", why, go, gr);
        }
        if (a instanceof Diff.Branch b) {
            Resp answer = read(writeAndFlush(r[0], b.probe()));
            remember("  (it answered " + answer + ")");
            for (Action x : b.test().test(answer) ? b.ifTrue() : b.ifFalse()) {
                if (!run(x)) return false;
            }
            return true;
        }
        if (a instanceof Diff.KeyScanAll ks) {
            commands++;
            Resp so = keyScanAll(o[ks.conn()], ks);
            Resp sr = keyScanAll(r[ks.conn()], ks);
            String why = Diff.compare(Check.EXACT, so, sr);
            if (why == null) replyKinds.merge(ks.command().toUpperCase(java.util.Locale.ROOT) + "-iteration", 1, Integer::sum);
            if (why == null) succeeded.merge(ks.command().toUpperCase(java.util.Locale.ROOT), sr instanceof Resp.Err ? 0 : 1, Integer::sum);
            return why == null || mismatch(ks.toString(), ks.command(), why, so, sr);
        }
        if (a instanceof ScanAll sc) {
            commands++;
            Resp so = scanAll(o[sc.conn()], sc.extra());
            Resp sr = scanAll(r[sc.conn()], sc.extra());
            String why = Diff.compare(Check.EXACT, so, sr);
            return why == null || mismatch(sc.toString(), "SCAN", why, so, sr);
        }
        throw new AssertionError(a);
    }

    /**
     * Whether the reference failed a SORT / SORT_RO with the numeric-conversion error where ours
     * answered: the one reply Redis gives depending on a stale {@code errno} (see run).
     */
    private static boolean staleErrnoSort(List<Object> args, Resp ours, Resp ref) {
        String name = String.valueOf(args.get(0));
        return (name.equalsIgnoreCase("SORT") || name.equalsIgnoreCase("SORT_RO"))
                && ref instanceof Resp.Err e && e.text().equals("ERR One or more scores can't be converted into double")
                && ours != null && !(ours instanceof Resp.Err);
    }

    private static Resp orTimeout(Resp r) {
        return r == null ? new Resp.Err("(test) no message within " + READ_TIMEOUT_MS + " ms") : r;
    }

    private static Resp read(RespClient c) {
        try {
            return c.read();
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /**
     * A whole SCAN iteration: the sorted set of keys returned (as an array), or the first reply
     * that is not a cursor page (an error).
     */
    private Resp scanAll(RespClient c, List<Object> extra) {
        TreeSet<String> keys = new TreeSet<>();
        String cursor = "0";
        for (int calls = 0; calls < 100_000; calls++) {
            List<Object> args = new ArrayList<>(List.of("SCAN", cursor));
            args.addAll(extra);
            Resp page = read(writeAndFlush(c, args));
            if (!(page instanceof Resp.Arr a && a.size() == 2 && a.get(0) instanceof Resp.Bulk next
                    && a.get(1) instanceof Resp.Arr items)) {
                return page;
            }
            for (Resp k : items.items()) keys.add(k.toString());
            cursor = next.utf8();
            if (cursor.equals("0")) {
                List<Resp> out = new ArrayList<>();
                for (String k : keys) out.add(new Resp.Simple(k));
                return new Resp.Arr('*', out);
            }
        }
        return new Resp.Err("(test) SCAN did not finish in 100000 calls");
    }

    /**
     * Whether the order of a reply about the key {@code args[1]} is fixed: the reference holds
     * that key in a compact encoding (listpack, intset), whose iteration order is insertion or
     * numeric order, the same on every server. Asked on the reference's connection {@code conn}
     * after the reply was read.
     */
    private boolean orderMatters(int conn, List<Object> args) {
        if (args.size() < 2) return false;
        Resp enc = read(writeAndFlush(r[conn], List.of("OBJECT", "ENCODING", args.get(1))));
        String e = Resp.text(enc);
        return "listpack".equals(e) || "intset".equals(e);
    }

    /**
     * A whole HSCAN/SSCAN/ZSCAN iteration of one key: the sorted set of items (pairs joined as
     * "field => value") as an array of simple strings, or the first reply that is not a page.
     */
    private Resp keyScanAll(RespClient c, Diff.KeyScanAll ks) {
        TreeSet<String> items = new TreeSet<>();
        String cursor = "0";
        for (int calls = 0; calls < 100_000; calls++) {
            List<Object> args = new ArrayList<>(List.of(ks.command(), ks.key(), cursor));
            args.addAll(ks.extra());
            Resp page = read(writeAndFlush(c, args));
            if (!(page instanceof Resp.Arr a && a.size() == 2 && a.get(0) instanceof Resp.Bulk next
                    && a.get(1) instanceof Resp.Arr got)) {
                return page;
            }
            List<Resp> l = got.items();
            if (ks.pairs()) {
                if (l.size() % 2 != 0) return new Resp.Err("(test) odd number of items in a pair page: " + page);
                for (int i = 0; i < l.size(); i += 2) items.add(l.get(i) + " => " + l.get(i + 1));
            } else {
                for (Resp item : l) items.add(item.toString());
            }
            cursor = next.utf8();
            if (cursor.equals("0")) {
                List<Resp> out = new ArrayList<>();
                for (String item : items) out.add(new Resp.Simple(item));
                return new Resp.Arr('*', out);
            }
        }
        return new Resp.Err("(test) " + ks.command() + " did not finish in 100000 calls");
    }

    private static RespClient writeAndFlush(RespClient c, List<Object> args) {
        c.write(args.toArray());
        c.flush();
        return c;
    }

    /**
     * Compares the whole keyspace of databases 0-3 at the end of a round: keys (sorted), and for
     * each key its type, encoding, value (a string's bytes, a list in order, a hash's pairs and
     * a set's members in the order the encoding fixes, a sorted set with its scores) and
     * remaining time to live.
     */
    void compareState() {
        for (int db = 0; db < 4; db++) {
            if (!run(List.of(new Send(0, List.of("SELECT", Integer.toString(db)), Check.EXACT),
                    new Send(0, List.of("KEYS", "*"), Check.SORTED)))) {
                return;
            }
            Resp keys = r[0].call("KEYS", "*");
            if (!(keys instanceof Resp.Arr arr)) continue;
            for (Resp k : arr.items()) {
                byte[] key = ((Resp.Bulk) k).bytes();
                List<Action> checks = new ArrayList<>();
                checks.add(new Send(0, List.of("TYPE", key), Check.EXACT));
                Resp type = r[0].call("TYPE", key);
                checks.add(new Send(0, List.of("OBJECT", "ENCODING", key), Check.EXACT));
                switch (String.valueOf(Resp.text(type))) {
                    case "string" -> checks.add(new Send(0, List.of("GET", key), Check.EXACT));
                    case "list" -> checks.add(new Send(0, List.of("LRANGE", key, "0", "-1"), Check.EXACT));
                    case "hash" -> checks.add(new Send(0, List.of("HGETALL", key), Check.PAIRS_ORDERED_IF_COMPACT));
                    case "set" -> checks.add(new Send(0, List.of("SMEMBERS", key), Check.ORDERED_IF_COMPACT));
                    case "zset" -> checks.add(new Send(0, List.of("ZRANGE", key, "0", "-1", "WITHSCORES"), Check.EXACT));
                    default -> { }
                }
                checks.add(new Send(0, List.of("PTTL", key), Check.TTL_MS));
                if (!run(checks)) return;
            }
        }
        run(List.of(new Send(0, List.of("SELECT", "0"), Check.EXACT)));
    }

    private void remember(String s) {
        if (log != null) log.println((resp3 ? "RESP3 " : "RESP2 ") + "round " + round + " step " + step + ": " + s);
        history.addLast(s);
        while (history.size() > HISTORY) history.removeFirst();
    }

    private boolean mismatch(String what, String command, String why, Resp ours, Resp ref) {
        StringBuilder m = new StringBuilder();
        m.append("Differential mismatch (").append(resp3 ? "RESP3" : "RESP2").append(", replay with ").append(replay)
                .append(") round ").append(round).append(", step ").append(step).append(": ").append(why).append('\n');
        m.append("  command: ").append(what).append('\n');
        m.append("  ours:    ").append(ours == null ? "(no reply)" : ours).append('\n');
        m.append("  redis:   ").append(ref == null ? "(no reply)" : ref).append('\n');
        m.append("  preceding actions (oldest first):\n");
        List<String> h = new ArrayList<>(history);
        for (int i = 0; i < h.size() - 1; i++) m.append("    ").append(h.get(i)).append('\n');
        if (ours == null && ref != null && !Servers.targetIsRedis()) {
            m.append("  our server did not answer; its threads:\n").append(Servers.threadDump());
        }
        if (!collect) throw new AssertionError(m.toString());
        mismatches.add(m.toString());
        String name = command.toUpperCase(java.util.Locale.ROOT);
        mismatchesByCommand.merge(name, 1, Integer::sum);
        firstByCommand.putIfAbsent(name, m.toString());
        return false;
    }

    /**
     * The collected mismatches: counts per command, the first mismatch of each command in full,
     * then more of the others up to {@code limit} in all.
     */
    String report(int limit) {
        StringBuilder sb = new StringBuilder();
        sb.append(mismatches.size()).append(" mismatch(es) in ").append(commands).append(" commands; by command: ")
                .append(mismatchesByCommand).append('\n');
        List<String> shown = new ArrayList<>(firstByCommand.values());
        for (String m : mismatches) {
            if (shown.size() >= limit) break;
            if (!shown.contains(m)) shown.add(m);
        }
        for (String m : shown) sb.append(m).append('\n');
        return sb.toString();
    }

    @Override
    public void close() {
        if (log != null) log.flush();
        for (int i = 0; i < 2; i++) {
            if (o[i] != null) o[i].close();
            if (r[i] != null) r[i].close();
            o[i] = null;
            r[i] = null;
        }
    }
}
