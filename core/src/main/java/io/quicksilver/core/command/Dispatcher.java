package io.quicksilver.core.command;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Locks;
import io.quicksilver.core.engine.Prefetch;
import io.quicksilver.core.engine.Segment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs commands: lookup, arity, authentication, the pub/sub context, MULTI queueing, locks, the
 * handler, statistics, SLOWLOG and MONITOR (Redis's processCommand and call).
 *
 * <p>Thread-safe: any number of threads may dispatch at once, each for its own client; one
 * client's commands are dispatched one at a time.
 */
public final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private final Node node;

    Dispatcher(Node node) {
        this.node = node;
    }

    /**
     * Executes one command from {@code client}. {@code args[0]} is the command name. The arrays
     * are handed over: they must not be changed afterwards (MULTI keeps them), nor read once the
     * command ran, as the engine may keep a long string argument as a key's value and rewrite it
     * in place later ({@code Database.setString}); nor may one array be passed twice.
     */
    public void execute(Client client, byte[][] args, Reply reply) {
        execute(client, args, reply, false);
    }

    /**
     * As {@link #execute(Client, byte[][], Reply)}; with {@code follows}, the caller vouches that
     * this command follows the client's previous one at once (the next of a batch decoded
     * together, nothing else run in between), and its clock (INFO commandstats, SLOWLOG) starts
     * where that one's stopped instead of being read again: a clock read costs 23 ns on some
     * virtual machines, twice per command. The time of such a command includes the caller's
     * work between the two, as Redis's includes its own between reading a command and calling it.
     */
    public void execute(Client client, byte[][] args, Reply reply, boolean follows) {
        if (args.length == 0) {
            return;
        }
        long chained = follows ? client.lastEndNanos : 0;
        client.lastEndNanos = 0;
        if (client.blocked != null) {
            throw new IllegalStateException(client + " is blocked: its commands wait until it is served");
        }
        CommandSpec spec = lookup(client, args[0]);
        String rejection = null;
        boolean unknownSubcommand = false;
        if (spec == null) {
            rejection = unknownCommand(args);
        } else if (spec.isContainer() && (spec.handler() == null || args.length >= 2)) {
            // a container with a handler of its own (COMMAND) runs it when called alone
            if (args.length < 2) {
                rejection = Errors.arity(spec.fullName());
            } else {
                CommandSpec sub = spec.subcommand(Args.string(args[1]));
                if (sub == null) {
                    unknownSubcommand = true; // as Redis: no command, so no rejected_calls
                    rejection = "ERR unknown subcommand '" + Errors.sanitize(Args.string(args[1]))
                            + "'. Try " + spec.fullName().toUpperCase() + " HELP.";
                } else {
                    spec = sub;
                }
            }
        }
        if (rejection == null && !spec.arityOk(args.length)) {
            rejection = Errors.arity(spec.fullName());
        }
        if (rejection == null && node.requirePass() != null && !client.authenticated && !spec.isNoAuth()) {
            rejection = Errors.NOAUTH;
        }
        if (rejection == null && !(client.inMulti() && !isTransactionControl(spec) && spec.isNoMulti())) {
            rejection = MaxMemoryGate.check(node, client, spec); // evicts over maxmemory; null or OOM
        }
        if (rejection == null && client.protocol == 2 && client.subscriptionCount() > 0
                && !allowedWhileSubscribed(spec)) {
            rejection = "ERR Can't execute '" + spec.fullName() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
        }
        if (rejection == null && client.inMulti() && !isTransactionControl(spec) && spec.isNoMulti()) {
            rejection = "ERR Command not allowed inside a transaction";
        }
        if (rejection != null) {
            if (client.inMulti()) {
                client.multiDirty = true;
            }
            if (spec != null && !unknownSubcommand) {
                spec.rejectedCalls.increment();
            }
            node.engine().stats().errorReplies.increment();
            node.errorStats().count(rejection);
            if (spec != null && "exec".equals(spec.fullName())) {
                // Redis's execCommandAbort: a rejected EXEC (in MULTI or not) discards the
                // transaction and its WATCHes
                client.multi = null;
                client.multiDirty = false;
                unwatchAll(client);
                rejection = "EXECABORT Transaction discarded because of: "
                        + (rejection.startsWith("ERR ") ? rejection.substring(4) : rejection);
            }
            reply(client, reply).error(rejection);
            return;
        }
        if (client.lastCommand != spec.fullName()) { // a volatile store is a fence: only on a change
            client.lastCommand = spec.fullName();
        }
        if (client.inMulti() && !isTransactionControl(spec)) {
            client.multi.add(new Client.Queued(spec, args));
            reply(client, reply).simple("QUEUED");
            return;
        }
        Client.ReplyMode mode = client.replyMode;
        Reply out = reply(client, reply);
        if (out != reply && ((args.length == 3 && "client|reply".equals(spec.fullName())
                && Args.is(args[2], "on")) || (mode == Client.ReplyMode.OFF && "reset".equals(spec.fullName())))) {
            // Redis clears the OFF flag (and, for CLIENT REPLY ON, the SKIP one) before these answer
            out = reply;
        }
        call(client, spec, args, out, true, false, false, chained, true);
        if (node.blocking().hasReady()) {
            node.blocking().serveReady(this);
            client.lastEndNanos = 0; // other clients' commands ran since
        }
    }

    /**
     * Adds the keys of a command about to run for {@code client} to a batch's {@link Prefetch},
     * and says whether the command is a plain keyed one. A caller that decodes a pipeline ahead
     * (to prefetch its keys) stops at a command that is not: without keys, it may change how the
     * rest is read or run (AUTH, HELLO, CONFIG SET, SELECT, MULTI...), so what follows it is
     * decoded after it ran, as Redis reads its query buffer one command at a time.
     *
     * <p>Reads only the command table and the client's database number; takes no lock.
     *
     * @return true if the command is known, not a container and has keys at fixed positions, and
     *         the batch has room for more keys
     */
    public boolean prefetch(Client client, byte[][] args, Prefetch batch) {
        if (args.length < 2) {
            return false;
        }
        CommandSpec spec = lookup(client, args[0]);
        if (spec == null || spec.isContainer() || spec.isMovableKeys() || spec.firstKey() <= 0
                || spec.lockPlan() != LockPlan.KEYS || client.inMulti()) {
            return false;
        }
        int first = spec.firstKey();
        int last = spec.lastKey() < 0 ? args.length + spec.lastKey() : spec.lastKey();
        int step = Math.max(1, spec.keyStep());
        Database db = node.engine().db(client.db);
        for (int i = first; i <= last && i < args.length; i += step) {
            if (!batch.add(db, args[i])) {
                break;
            }
        }
        byte[] member = spec.member(args);
        if (member != null) {
            batch.addMember(member);
        }
        // a full batch is handed over, and the next one decoded when it has run: a long pipeline
        // is prefetched batch by batch, and decoded no further ahead than one batch
        return !batch.isFull();
    }

    /**
     * Re-runs a blocked command whose key received data (see {@link Blocking}), in database
     * {@code db}, replying into {@code reply}. Returns true if it was served, false if it found
     * no data and keeps waiting.
     */
    boolean retry(Client client, CommandSpec spec, byte[][] args, int db, Reply reply) {
        int saved = client.db;
        client.db = db;
        try {
            Context ctx = call(client, spec, args, reply, true, false, true, 0, false);
            return !ctx.blockedAgain;
        } finally {
            client.db = saved;
        }
    }

    /**
     * The command named {@code name}, or null: the client's previous name when it is the same
     * bytes (a client mostly repeats one command, and a pipeline is looked up twice, to prefetch
     * and to run), else the table's.
     */
    private CommandSpec lookup(Client client, byte[] name) {
        byte[] last = client.lastName;
        if (last != null && Arrays.equals(last, name)) {
            return client.lastSpec;
        }
        CommandSpec spec = node.commands().lookup(name);
        if (spec != null) {
            client.lastSpec = spec;
            client.lastName = name.clone(); // the argument array is the connection's to reuse
        }
        return spec;
    }

    /** Honours CLIENT REPLY OFF/SKIP. */
    private static Reply reply(Client client, Reply reply) {
        switch (client.replyMode) {
            case ON:
                return reply;
            case SKIP:
                client.replyMode = Client.ReplyMode.ON;
                return DiscardingReply.INSTANCE;
            default:
                return DiscardingReply.INSTANCE;
        }
    }

    /**
     * Runs a command whose checks have passed: takes its locks (unless the caller holds them,
     * as EXEC does), runs the handler, records statistics, SLOWLOG and MONITOR.
     */
    void call(Client client, CommandSpec spec, byte[][] args, Reply reply, boolean lock) {
        call(client, spec, args, reply, lock, !lock, false, 0, false);
    }

    /**
     * @param lock     take the command's locks (false inside EXEC, which holds them)
     * @param inExec   the command runs inside EXEC (blocking commands answer at once)
     * @param retrying a blocked command re-run because its key received data
     * @param start    {@link System#nanoTime()} when the command started, 0 to read the clock now
     * @param chain    record the end for the client's next command (see {@link #execute(Client, byte[][], Reply, boolean)})
     * @return the invocation, for the caller to inspect
     */
    private Context call(Client client, CommandSpec spec, byte[][] args, Reply reply, boolean lock,
            boolean inExec, boolean retrying, long start, boolean chain) {
        Engine engine = node.engine();
        if (start == 0) {
            start = System.nanoTime();
        }
        Context ctx = new Context(node, client, args, reply, spec, inExec, retrying);
        boolean failed = false;
        Segment single = null;
        Locks locks = null;
        if (lock) {
            switch (spec.lockPlan()) {
                case KEYS -> {
                    int first = spec.firstKey();
                    int last = spec.lastKey() < 0 ? args.length + spec.lastKey() : spec.lastKey();
                    if (!spec.isMovableKeys() && first > 0 && first == last && first < args.length) {
                        // the common case: one key at a fixed position, no allocation, and its
                        // hash kept for the handler's lookups (one hash per command)
                        Database db = engine.db(client.db);
                        byte[] key = args[first];
                        long h = db.hash(key);
                        ctx.hashedKey = key;
                        ctx.keyHash = h;
                        single = db.segment(h);
                        single.lock();
                    } else {
                        int[] pos = spec.keyPositions(args);
                        if (pos == null) {
                            locks = engine.lockDb(client.db);
                        } else if (pos.length == 1) {
                            single = engine.db(client.db).segmentFor(args[pos[0]]);
                            single.lock();
                        } else if (pos.length > 1) {
                            locks = engine.locks();
                            for (int p : pos) {
                                locks.key(client.db, args[p]);
                            }
                            locks.lock();
                        }
                    }
                }
                case DB -> locks = engine.lockDb(client.db);
                case ALL -> locks = engine.lockAll();
                case SELF, NONE -> { }
            }
        }
        try {
            spec.handler().handle(ctx);
        } catch (CommandException e) {
            failed = true;
            node.errorStats().count(e.getMessage());
            reply.error(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            failed = true;
            LOG.log(Level.SEVERE, "command " + spec.fullName() + " failed", e);
            node.errorStats().count("ERR");
            reply.error("ERR internal error in '" + spec.fullName() + "': " + e);
        } finally {
            if (single != null) {
                single.unlock();
            } else if (locks != null) {
                locks.close();
            }
        }
        long end = System.nanoTime();
        if (chain) {
            client.lastEndNanos = end;
        }
        long micros = (end - start) / 1000;
        spec.calls.increment();
        spec.micros.add(micros);
        engine.stats().commandsProcessed.increment();
        if (failed) {
            spec.failedCalls.increment();
            engine.stats().errorReplies.increment();
        }
        SlowLog slowLog = node.slowLog();
        if (slowLog.isSlow(micros) && !spec.isSkipSlowlog()) {
            Client.Connection conn = client.connection();
            slowLog.add(engine.clock().millis() / 1000, micros, args,
                    conn == null ? "" : conn.remoteAddress(), client.name);
        }
        if (node.latency().thresholdMillis() > 0) { // LATENCY: Redis's "command" / "fast-command" events
            node.latency().addIfNeeded(spec.flags().contains("fast") ? "fast-command" : "command",
                    micros / 1000, engine.clock().millis() / 1000);
        }
        List<Client> monitors = node.clients().monitors();
        if (!monitors.isEmpty() && !spec.isSkipMonitor() && !spec.flags().contains("admin")) {
            feedMonitors(monitors, client, args);
        }
        return ctx;
    }

    /**
     * EXEC: runs the queued commands of {@code client} atomically. Locks the keys of every queued
     * command and every watched key (in the global order), then checks WATCH, then runs them.
     */
    void exec(Client client, Reply reply) {
        Engine engine = node.engine();
        List<Client.Queued> queue = client.multi;
        Locks locks = engine.locks();
        boolean all = false;
        for (Client.Queued q : queue) {
            CommandSpec s = q.spec();
            if (s.lockPlan() == LockPlan.ALL || "select".equals(s.fullName())) {
                all = true; // a SELECT moves later commands to another database: take everything
                break;
            }
        }
        if (all) {
            locks.all();
        } else {
            for (Client.Queued q : queue) {
                switch (q.spec().lockPlan()) {
                    case KEYS -> {
                        int[] pos = q.spec().keyPositions(q.args());
                        if (pos == null) {
                            locks.db(client.db);
                        } else {
                            for (int p : pos) {
                                locks.key(client.db, q.args()[p]);
                            }
                        }
                    }
                    case DB, SELF -> locks.db(client.db);
                    default -> { }
                }
            }
            for (Client.Watched w : client.watched) {
                locks.key(w.db(), w.key());
            }
        }
        locks.lock();
        try {
            // a watched key whose time passed is reclaimed now, which touches it
            for (Client.Watched w : client.watched) {
                engine.db(w.db()).peek(w.key());
            }
            boolean aborted = client.dirtyCas;
            client.multi = null;
            client.multiDirty = false;
            unwatchAll(client);
            if (aborted) {
                reply.nullArray();
                return;
            }
            reply.array(queue.size());
            boolean denied = client.denyBlocking;
            client.denyBlocking = true;
            try {
                for (Client.Queued q : queue) {
                    call(client, q.spec(), q.args(), reply, false);
                }
            } finally {
                client.denyBlocking = denied;
            }
        } finally {
            locks.close();
        }
    }

    /** Forgets every WATCH of the client (EXEC, DISCARD, UNWATCH, RESET, disconnect). */
    public void unwatchAll(Client client) {
        for (Client.Watched w : client.watched) {
            node.engine().watches().unwatch(w.db(), w.key(), client);
        }
        client.watched.clear();
        client.dirtyCas = false;
    }

    /**
     * Forgets everything the node keeps for a client whose connection closed: its subscriptions
     * (channels, patterns, shard channels), its WATCHed keys, its MULTI queue, its MONITOR
     * registration and its entry in {@link Node#clients()}. Idempotent. The server calls it once
     * the connection is closed; an in-process caller when it drops a client.
     *
     * @param client the departing client; no command of it may be running concurrently
     */
    public void disconnect(Client client) {
        node.blocking().cancel(client);
        PubSubCommands.unsubscribeAll(client, node);
        client.multi = null;
        client.multiDirty = false;
        unwatchAll(client);
        client.monitor = false;
        node.clients().close(client);
    }

    private static boolean isTransactionControl(CommandSpec spec) {
        switch (spec.fullName()) {
            case "exec", "discard", "multi", "watch", "quit", "reset":
                return true;
            default:
                return false;
        }
    }

    private static boolean allowedWhileSubscribed(CommandSpec spec) {
        switch (spec.fullName()) {
            case "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe",
                    "sunsubscribe", "ping", "quit", "reset":
                return true;
            default:
                return false;
        }
    }

    /** "ERR unknown command 'foo', with args beginning with: 'a' 'b' " (Redis 7 text). */
    static String unknownCommand(byte[][] args) {
        StringBuilder sb = new StringBuilder("ERR unknown command '")
                .append(Errors.sanitize(Args.string(args[0])))
                .append("', with args beginning with: ");
        for (int i = 1; i < args.length && sb.length() < 128; i++) {
            String a = Errors.sanitize(Args.string(args[i]));
            int room = 128 - sb.length();
            sb.append('\'').append(a.length() > room ? a.substring(0, Math.max(0, room)) : a).append("' ");
        }
        return sb.toString();
    }

    private void feedMonitors(List<Client> monitors, Client client, byte[][] args) {
        long micros = node.engine().clock().millis() * 1000;
        Client.Connection conn = client.connection();
        String addr = conn == null ? "lua" : conn.remoteAddress();
        StringBuilder sb = new StringBuilder();
        sb.append(micros / 1_000_000).append('.').append(String.format("%06d", micros % 1_000_000))
                .append(" [").append(client.db).append(' ').append(addr).append(']');
        for (byte[] a : args) {
            sb.append(' ');
            repr(sb, a);
        }
        String line = sb.toString();
        List<Client> gone = new ArrayList<>();
        for (Client m : monitors) {
            if (m.killed || m.connection() == null) {
                gone.add(m);
                continue;
            }
            m.connection().push(r -> r.simple(line));
        }
        monitors.removeAll(gone);
    }

    /** Redis's sdscatrepr: a quoted string with escapes. */
    public static void repr(StringBuilder sb, byte[] a) {
        sb.append('"');
        for (byte b : a) {
            int c = b & 0xFF;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        sb.append('"');
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
