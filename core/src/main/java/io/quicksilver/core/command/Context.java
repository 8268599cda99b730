package io.quicksilver.core.command;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import java.nio.charset.StandardCharsets;

/**
 * One invocation of a command: who runs it, its arguments, where its reply goes. Created by the
 * dispatcher per call; used by one thread.
 */
public final class Context {
    public final Node node;
    public final Client client;
    public final byte[][] args;
    public final Reply reply;
    public final CommandSpec spec;
    /** Inside EXEC: blocking commands answer at once. */
    final boolean inExec;
    /** Re-run of a blocked command whose key received data. */
    final boolean retrying;
    /** Set when a retried command found no data and asked to keep waiting. */
    boolean blockedAgain;
    /**
     * The key whose hash the dispatcher computed to pick the segment lock (the single key of
     * the common one-key command), or null; {@link #keyHash} is its hash. Compared by identity:
     * it is the argument array itself.
     */
    byte[] hashedKey;
    long keyHash;

    Context(Node node, Client client, byte[][] args, Reply reply, CommandSpec spec, boolean inExec,
            boolean retrying) {
        this.node = node;
        this.client = client;
        this.args = args;
        this.reply = reply;
        this.spec = spec;
        this.inExec = inExec;
        this.retrying = retrying;
    }

    public Engine engine() {
        return node.engine();
    }

    /** The client's selected database. */
    public Database db() {
        return node.engine().db(client.db);
    }

    public int argc() {
        return args.length;
    }

    public byte[] arg(int i) {
        return args[i];
    }

    public String argString(int i) {
        return new String(args[i], StandardCharsets.UTF_8);
    }

    /** Argument {@code i} as a 64-bit integer, with Redis's parse rules and error. */
    public long longArg(int i) {
        return Args.parseLong(args[i]);
    }

    /** True if argument {@code i} is the keyword, case-insensitively. */
    public boolean is(int i, String keyword) {
        return Args.is(args[i], keyword);
    }

    /** Current time in epoch milliseconds, from the engine's clock. */
    public long now() {
        return node.engine().clock().millis();
    }

    /**
     * A lookup for reading (Redis's lookupKeyRead): the live entry or null; counts keyspace hits
     * and misses and fires the "keymiss" event on a miss.
     */
    public Entry lookupRead(byte[] key) {
        Entry e = db().lookup(key, hash(key));
        if (e == null) {
            node.engine().stats().keyspaceMisses.increment();
            node.engine().notify(client.db, key, NotifyFlags.KEY_MISS, "keymiss");
        } else {
            node.engine().stats().keyspaceHits.increment();
        }
        return e;
    }

    /** A lookup for writing (lookupKeyWrite): the live entry or null, no hit/miss counting. */
    public Entry lookupWrite(byte[] key) {
        return db().lookup(key, hash(key));
    }

    /**
     * The hash of {@code key} ({@link Database#hash}): the one the dispatcher computed to lock
     * the command's single key when {@code key} is that argument, so the hot path hashes a key
     * once; computed otherwise.
     */
    public long hash(byte[] key) {
        return key == hashedKey ? keyHash : node.engine().db(client.db).hash(key);
    }

    /** Throws WRONGTYPE unless {@code e} is null or holds a value of {@code type}. */
    public static void checkType(Entry e, ValueType type) {
        if (e != null && e.type() != type) {
            throw Errors.wrongType();
        }
    }

    // ---------------------------------------------------------------- blocking commands

    /**
     * Whether this command may block: false inside MULTI/EXEC and for an in-process client (no
     * connection), where a blocking command answers at once as on timeout, as Redis does in MULTI.
     */
    public boolean canBlock() {
        return !inExec && (retrying || client.connection() != null);
    }

    /**
     * A blocking command's timeout argument in milliseconds (seconds as a float), 0 = forever, with
     * Redis's errors.
     */
    public long timeoutArg(int i) {
        // Redis 7.0's getTimeoutFromObjectOrReply: strtold, times 1000, ceill, cast to long long
        // (an x86 cast of anything out of range, infinities included, gives LLONG_MIN: negative)
        io.quicksilver.core.util.LongDouble v = io.quicksilver.core.util.LongDouble.parse(args[i]);
        if (v == null || v.isNaN()) {
            throw new CommandException("ERR timeout is not a float or out of range");
        }
        if (v.isInfinite()) {
            throw new CommandException("ERR timeout is negative");
        }
        java.math.BigDecimal ms = v.toBigDecimal().multiply(java.math.BigDecimal.valueOf(1000))
                .setScale(0, java.math.RoundingMode.CEILING);
        if (ms.signum() < 0 || ms.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new CommandException("ERR timeout is negative");
        }
        long millis = ms.longValue();
        // a deadline past the end of time: Redis's sum wraps; waiting forever is what it amounts to
        return millis > Long.MAX_VALUE - now() ? 0 : millis;
    }

    /**
     * Parks the client until one of {@code keys} holds data of {@code type}, or the timeout passes
     * (then {@code onTimeout} writes the reply). The handler writes nothing else. When data
     * arrives the handler is run again with the same arguments; if it finds nothing it calls this
     * again, which keeps the client waiting in its place.
     *
     * @param keys          the keys to wait on, in the client's database
     * @param type          the type whose arrival can serve the command
     * @param timeoutMillis relative timeout, 0 = forever
     * @param onTimeout     writes the timeout reply (null array for BLPOP, null bulk for BLMOVE)
     */
    public void block(byte[][] keys, ValueType type, long timeoutMillis,
            java.util.function.Consumer<Reply> onTimeout) {
        if (retrying) {
            blockedAgain = true;
            return;
        }
        if (!canBlock()) {
            throw new IllegalStateException(spec.fullName() + " blocked where it cannot: check canBlock()");
        }
        node.blocking().block(this, keys, type, timeoutMillis, onTimeout);
    }

    /**
     * Says that this command copied {@code argument} (one of its own arguments) wherever it put
     * it and keeps no reference to it: the connection may reuse the array once the command has
     * finished ({@link Client.Connection#reuse}). Call it only after the last read of the array,
     * and only when nothing the command wrote holds it ({@link Database#keeps} tells for a
     * string); when in doubt, don't: an array reused while something holds it changes that
     * value behind the engine's back.
     */
    public void reuse(byte[] argument) {
        Client.Connection c = client.connection();
        if (c != null) {
            c.reuse(argument);
        }
    }

    /** Data was added to {@code key}: clients blocked on it are served after this command. */
    public void signalReady(byte[] key) {
        node.blocking().signal(client.db, key);
    }

    /**
     * Records a change of {@code key} in the client's database: WATCH, dirty counter, keyspace
     * event. See {@link Engine#keyChanged}.
     */
    public void changed(byte[] key, int type, String event) {
        node.engine().keyChanged(client.db, key, type, event);
    }
}
