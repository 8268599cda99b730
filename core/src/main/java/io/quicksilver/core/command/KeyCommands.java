package io.quicksilver.core.command;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.MutableString;
import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.util.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generic key commands (DEL, EXISTS, TYPE, RENAME, COPY, EXPIRE and TTL families, OBJECT,
 * SCAN, KEYS, ...) and the whole-keyspace ones (DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, MOVE), as
 * Redis 7.0's db.c, expire.c and object.c.
 *
 * <p>Lock plans: single- and multi-key commands lock their keys (the default); KEYS, DBSIZE,
 * RANDOMKEY and FLUSHDB lock the client's database; FLUSHALL, SWAPDB, MOVE and COPY lock every
 * database (MOVE and COPY ... DB reach a second database, whose segments the key specs do not
 * name, and the global lock order forbids taking them later); SCAN locks one segment at a time
 * itself.
 *
 * <p>Lookups follow Redis's flags: reads that count keyspace hits and misses (EXISTS, TYPE, TTL,
 * OBJECT, TOUCH, COPY's source) and writes that do not (DEL, EXPIRE, PERSIST, RENAME, MOVE).
 * Stateless and thread-safe.
 */
public final class KeyCommands implements CommandGroup {

    /** The refcount Redis reports for a shared object (OBJ_SHARED_REFCOUNT = INT_MAX). */
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private static final String SAME_OBJECT = "ERR source and destination objects are the same";
    private static final String INVALID_CURSOR = "ERR invalid cursor";
    private static final String INT_RANGE =
            "ERR value is out of range, value must between -2147483648 and 2147483647";
    private static final String NOT_LFU = "ERR An LFU maxmemory policy is not selected, access "
            + "frequency not tracked. Please note that when switching between policies at runtime "
            + "LRU and LFU data will take some time to adjust.";
    private static final String LFU_NO_IDLE = "ERR An LFU maxmemory policy is selected, idle time "
            + "not tracked. Please note that when switching between policies at runtime LRU and LFU "
            + "data will take some time to adjust.";

    private static final String[] OBJECT_HELP = {
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
        "    Prints this help.",
    };

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("del", this::del);
        b.bind("unlink", this::del);
        b.bind("exists", this::exists);
        b.bind("type", this::type);
        b.bind("touch", this::touch);
        b.bind("rename", ctx -> rename(ctx, false));
        b.bind("renamenx", ctx -> rename(ctx, true));
        b.bind("copy", LockPlan.ALL, this::copy);
        b.bind("move", LockPlan.ALL, this::move);

        b.bind("expire", ctx -> expire(ctx, ctx.now(), true));
        b.bind("pexpire", ctx -> expire(ctx, ctx.now(), false));
        b.bind("expireat", ctx -> expire(ctx, 0, true));
        b.bind("pexpireat", ctx -> expire(ctx, 0, false));
        b.bind("ttl", ctx -> ttl(ctx, false, false));
        b.bind("pttl", ctx -> ttl(ctx, true, false));
        b.bind("expiretime", ctx -> ttl(ctx, false, true));
        b.bind("pexpiretime", ctx -> ttl(ctx, true, true));
        b.bind("persist", this::persist);

        b.bind("object|encoding", this::objectEncoding);
        b.bind("object|idletime", this::objectIdletime);
        b.bind("object|freq", this::objectFreq);
        b.bind("object|refcount", this::objectRefcount);
        b.bind("object|help", this::objectHelp);

        b.bind("randomkey", LockPlan.DB, this::randomkey);
        b.bind("keys", LockPlan.DB, this::keys);
        b.bind("scan", LockPlan.SELF, this::scan);
        b.bind("dbsize", LockPlan.DB, ctx -> ctx.reply.integer(ctx.db().size()));
        b.bind("flushdb", LockPlan.DB, this::flushdb);
        b.bind("flushall", LockPlan.ALL, this::flushall);
        b.bind("swapdb", LockPlan.ALL, this::swapdb);
    }

    // ------------------------------------------------------------------ lookups

    /**
     * A read lookup that does not touch the access time (Redis's lookupKeyReadWithFlags with
     * LOOKUP_NOTOUCH): counts a keyspace hit or miss, and on a miss fires "keymiss" unless
     * {@code quiet} (LOOKUP_NONOTIFY, as OBJECT).
     *
     * @param ctx   the command's context (its database)
     * @param key   the key to look up
     * @param quiet true to count the miss without the "keymiss" event
     * @return the live entry, or null
     */
    private static Entry peekRead(Context ctx, byte[] key, boolean quiet) {
        Entry e = ctx.db().peek(key);
        if (e == null) {
            ctx.engine().stats().keyspaceMisses.increment();
            if (!quiet) {
                ctx.engine().notify(ctx.client.db, key, NotifyFlags.KEY_MISS, "keymiss");
            }
        } else {
            ctx.engine().stats().keyspaceHits.increment();
        }
        return e;
    }

    // ------------------------------------------------------------------ DEL, EXISTS, TYPE, TOUCH

    /** DEL and UNLINK: the number of keys removed; an expired key counts as absent. */
    private void del(Context ctx) {
        Database db = ctx.db();
        long deleted = 0;
        for (int i = 1; i < ctx.argc(); i++) {
            byte[] key = ctx.arg(i);
            if (db.delete(key)) {
                ctx.changed(key, NotifyFlags.GENERIC, "del");
                deleted++;
            }
        }
        ctx.reply.integer(deleted);
    }

    /** EXISTS: counts a key named twice twice. */
    private void exists(Context ctx) {
        long n = 0;
        for (int i = 1; i < ctx.argc(); i++) {
            if (peekRead(ctx, ctx.arg(i), false) != null) {
                n++;
            }
        }
        ctx.reply.integer(n);
    }

    private void type(Context ctx) {
        Entry e = peekRead(ctx, ctx.arg(1), false);
        ctx.reply.simple(e == null ? "none" : e.type().redisName());
    }

    /** TOUCH: a read lookup per key (updates the access time); the number that exist. */
    private void touch(Context ctx) {
        long n = 0;
        for (int i = 1; i < ctx.argc(); i++) {
            if (ctx.lookupRead(ctx.arg(i)) != null) {
                n++;
            }
        }
        ctx.reply.integer(n);
    }

    // ------------------------------------------------------------------ RENAME, COPY, MOVE

    /**
     * RENAME and RENAMENX (renameGenericCommand). A missing source is "ERR no such key" even
     * when both names are the same; an existing source renamed to itself answers OK (RENAME) or
     * 0 (RENAMENX) and changes nothing. The value keeps its TTL; an overwritten destination is
     * replaced without a "del" event.
     *
     * @param ctx the command's context: args[1] source, args[2] destination
     * @param nx  RENAMENX: answer 0 and change nothing if the destination exists
     */
    private void rename(Context ctx, boolean nx) {
        byte[] src = ctx.arg(1);
        byte[] dst = ctx.arg(2);
        Database db = ctx.db();
        Entry e = ctx.lookupWrite(src);
        if (e == null) {
            throw new CommandException(Errors.NO_SUCH_KEY);
        }
        if (Arrays.equals(src, dst)) {
            if (nx) {
                ctx.reply.integer(0);
            } else {
                ctx.reply.ok();
            }
            return;
        }
        Object value = e.value();
        long expireAt = e.expireAt();
        if (ctx.lookupWrite(dst) != null) {
            if (nx) {
                ctx.reply.integer(0);
                return;
            }
            db.delete(dst);
        }
        db.detach(src); // the value moves: not released
        db.add(dst, value, expireAt); // fires "new", as dbAdd
        ctx.changed(src, NotifyFlags.GENERIC, "rename_from");
        ctx.changed(dst, NotifyFlags.GENERIC, "rename_to");
        if (nx) {
            ctx.reply.integer(1);
        } else {
            ctx.reply.ok();
        }
    }

    /**
     * COPY source destination [DB index] [REPLACE]: a deep copy with the source's TTL, into the
     * client's database or another. Runs with every database locked (the destination database
     * is only known from the arguments).
     */
    private void copy(Context ctx) {
        Engine engine = ctx.engine();
        int srcDb = ctx.client.db;
        int dstDb = srcDb;
        boolean replace = false;
        for (int j = 3; j < ctx.argc(); j++) {
            int additional = ctx.argc() - j - 1;
            if (ctx.is(j, "replace")) {
                replace = true;
            } else if (ctx.is(j, "db") && additional >= 1) {
                dstDb = dbIndex(ctx, ctx.arg(j + 1));
                j++;
            } else {
                throw Errors.syntax();
            }
        }
        byte[] key = ctx.arg(1);
        byte[] newKey = ctx.arg(2);
        if (srcDb == dstDb && Arrays.equals(key, newKey)) {
            throw new CommandException(SAME_OBJECT);
        }
        Entry e = ctx.lookupRead(key);
        if (e == null) {
            ctx.reply.integer(0);
            return;
        }
        Database dst = engine.db(dstDb);
        boolean delete = false;
        if (dst.lookup(newKey) != null) {
            if (!replace) {
                ctx.reply.integer(0);
                return;
            }
            delete = true;
        }
        Object copy = copyValue(e.value());
        long expireAt = e.expireAt();
        if (delete) {
            dst.delete(newKey);
        }
        dst.add(newKey, copy, expireAt);
        engine.keyChanged(dstDb, newKey, NotifyFlags.GENERIC, "copy_to");
        ctx.reply.integer(1);
    }

    /** A value as COPY duplicates it: immutable strings are shared, the rest deep-copied. */
    private static Object copyValue(Object value) {
        if (value instanceof byte[]) {
            return value; // never modified in place
        }
        if (value instanceof MutableString m) {
            return m.copy(); // keeps its encoding, as dupStringObject
        }
        return ((TypedValue) value).copy();
    }

    /**
     * MOVE key db: moves a key with its TTL to another database; 0 if it is missing here or
     * already there. Runs with every database locked.
     */
    private void move(Context ctx) {
        Engine engine = ctx.engine();
        int srcId = ctx.client.db;
        int dstId = dbIndex(ctx, ctx.arg(2));
        if (srcId == dstId) {
            throw new CommandException(SAME_OBJECT);
        }
        byte[] key = ctx.arg(1);
        Database src = ctx.db();
        Database dst = engine.db(dstId);
        Entry e = ctx.lookupWrite(key);
        if (e == null || dst.lookup(key) != null) {
            ctx.reply.integer(0);
            return;
        }
        Object value = e.value();
        long expireAt = e.expireAt();
        dst.add(key, value, expireAt);
        src.detach(key); // the value moved: not released
        engine.keyChanged(srcId, key, NotifyFlags.GENERIC, "move_from");
        engine.keyChanged(dstId, key, NotifyFlags.GENERIC, "move_to");
        ctx.reply.integer(1);
    }

    /**
     * A database index argument as COPY and MOVE parse it (getIntFromObjectOrReply, then
     * selectDb): not an integer, not an int, or no such database are three different errors.
     */
    private static int dbIndex(Context ctx, byte[] arg) {
        long v = Args.parseLong(arg);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CommandException(INT_RANGE);
        }
        if (v < 0 || v >= ctx.engine().databaseCount()) {
            throw new CommandException(Errors.DB_INDEX);
        }
        return (int) v;
    }

    // ------------------------------------------------------------------ EXPIRE, TTL, PERSIST

    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 2;
    private static final int EXPIRE_GT = 4;
    private static final int EXPIRE_LT = 8;

    /**
     * EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT (expireGenericCommand). Options are parsed before
     * the time, as Redis does; a time that overflows milliseconds is "invalid expire time"; a
     * time not after now deletes the key (event "del"), otherwise the TTL is set (event
     * "expire").
     *
     * @param ctx      the command's context: args[1] key, args[2] time, args[3..] NX/XX/GT/LT
     * @param basetime added to the time: now for EXPIRE/PEXPIRE, 0 for the -AT forms
     * @param seconds  the time is in seconds (EXPIRE, EXPIREAT) rather than milliseconds
     */
    private void expire(Context ctx, long basetime, boolean seconds) {
        int flags = expireFlags(ctx);
        long when = ctx.longArg(2);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw invalidExpireTime(ctx);
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) {
            throw invalidExpireTime(ctx);
        }
        when += basetime;
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            ctx.reply.integer(0);
            return;
        }
        long current = e.expireAt();
        boolean hasTtl = current != Entry.NO_EXPIRY;
        if ((flags & EXPIRE_NX) != 0 && hasTtl
                || (flags & EXPIRE_XX) != 0 && !hasTtl
                // no TTL is an infinite one: GT always fails, LT always succeeds
                || (flags & EXPIRE_GT) != 0 && (!hasTtl || when <= current)
                || (flags & EXPIRE_LT) != 0 && hasTtl && when >= current) {
            ctx.reply.integer(0);
            return;
        }
        if (when <= ctx.now()) {
            ctx.db().delete(key);
            ctx.changed(key, NotifyFlags.GENERIC, "del");
        } else {
            ctx.db().setExpire(e, when);
            ctx.changed(key, NotifyFlags.GENERIC, "expire");
        }
        ctx.reply.integer(1);
    }

    /** Parses NX/XX/GT/LT from args[3] on (parseExtendedExpireArgumentsOrReply). */
    private static int expireFlags(Context ctx) {
        int flags = 0;
        for (int j = 3; j < ctx.argc(); j++) {
            if (ctx.is(j, "nx")) {
                flags |= EXPIRE_NX;
            } else if (ctx.is(j, "xx")) {
                flags |= EXPIRE_XX;
            } else if (ctx.is(j, "gt")) {
                flags |= EXPIRE_GT;
            } else if (ctx.is(j, "lt")) {
                flags |= EXPIRE_LT;
            } else {
                throw new CommandException("ERR Unsupported option " + oneLine(ctx.argString(j)));
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
            throw new CommandException("ERR GT and LT options at the same time are not compatible");
        }
        return flags;
    }

    private static CommandException invalidExpireTime(Context ctx) {
        return new CommandException("ERR invalid expire time in '" + ctx.spec.fullName() + "' command");
    }

    /** User text in an error line, as addReplyErrorFormat: CR and LF become spaces. */
    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    /**
     * TTL, PTTL, EXPIRETIME and PEXPIRETIME (ttlGenericCommand): -2 for a missing key, -1 for
     * one without TTL; seconds are rounded to the nearest.
     *
     * @param ctx      the command's context: args[1] key
     * @param millis   answer in milliseconds rather than seconds
     * @param absolute answer the Unix time of expiry rather than the time left
     */
    private void ttl(Context ctx, boolean millis, boolean absolute) {
        Entry e = peekRead(ctx, ctx.arg(1), false);
        if (e == null) {
            ctx.reply.integer(-2);
            return;
        }
        long expire = e.expireAt();
        if (expire == Entry.NO_EXPIRY) {
            ctx.reply.integer(-1);
            return;
        }
        long ttl = absolute ? expire : expire - ctx.now();
        if (ttl < 0) {
            ttl = 0;
        }
        // ttl >= 0, so ttl + 500 fits an unsigned long: what Redis's compiled code computes
        ctx.reply.integer(millis ? ttl : Long.divideUnsigned(ttl + 500, 1000));
    }

    private void persist(Context ctx) {
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        if (e == null || !e.isVolatile()) {
            ctx.reply.integer(0);
            return;
        }
        ctx.db().setExpire(e, Entry.NO_EXPIRY);
        ctx.changed(key, NotifyFlags.GENERIC, "persist");
        ctx.reply.integer(1);
    }

    // ------------------------------------------------------------------ OBJECT

    private void objectEncoding(Context ctx) {
        Entry e = peekRead(ctx, ctx.arg(2), true);
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        ctx.reply.bulk(encodingOf(e.value()));
    }

    private void objectIdletime(Context ctx) {
        Entry e = peekRead(ctx, ctx.arg(2), true);
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        if (ctx.engine().evictor().policy().isLfu()) {
            throw new CommandException(LFU_NO_IDLE); // the access field holds the LFU counter
        }
        ctx.reply.integer(ctx.engine().idleSeconds(e));
    }

    /**
     * OBJECT FREQ: the logarithmic access counter, decayed to now (not stored), tracked only under
     * an LFU maxmemory policy.
     */
    private void objectFreq(Context ctx) {
        Entry e = peekRead(ctx, ctx.arg(2), true);
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        if (!ctx.engine().evictor().policy().isLfu()) {
            throw new CommandException(NOT_LFU);
        }
        ctx.reply.integer(ctx.engine().evictor().frequency(e));
    }

    /**
     * OBJECT REFCOUNT: 1, or INT_MAX for the values Redis 7.0 keeps as shared integer objects
     * (int-encoded strings from 0 to 9999).
     */
    private void objectRefcount(Context ctx) {
        Entry e = peekRead(ctx, ctx.arg(2), true);
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        Object v = e.value();
        if (v instanceof byte[] b && "int".equals(encodingOf(v))) {
            long n = Args.parseLong(b);
            if (n >= 0 && n < Args.SHARED_INTEGERS) {
                ctx.reply.integer(SHARED_REFCOUNT);
                return;
            }
        }
        ctx.reply.integer(1);
    }

    private void objectHelp(Context ctx) {
        ctx.reply.array(OBJECT_HELP.length);
        for (String line : OBJECT_HELP) {
            ctx.reply.simple(line);
        }
    }

    /** The encoding OBJECT ENCODING names for a value of any type. */
    static String encodingOf(Object value) {
        if (value instanceof TypedValue t) {
            return t.encoding();
        }
        return StringCommands.encodingOf(value);
    }

    // ------------------------------------------------------------------ whole database

    private void randomkey(Context ctx) {
        Entry e = ctx.db().randomEntry();
        if (e == null) {
            ctx.reply.nullBulk();
        } else {
            ctx.reply.bulk(e.key());
        }
    }

    /** KEYS pattern: every live key that matches; "*" matches all, the empty key included. */
    private void keys(Context ctx) {
        byte[] pattern = ctx.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> out = new ArrayList<>();
        ctx.db().forEach(e -> {
            if (all || Glob.matches(pattern, e.key(), false)) {
                out.add(e.key());
            }
        });
        ctx.reply.array(out.size());
        for (byte[] k : out) {
            ctx.reply.bulk(k);
        }
    }

    /**
     * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] (scanGenericCommand). The cursor is
     * parsed before the options; COUNT must be positive; an unknown TYPE matches nothing. Locks
     * one segment at a time ({@link Database#scan}), so a long scan never stalls the keyspace,
     * and a key present for the whole scan is returned at least once.
     */
    private void scan(Context ctx) {
        long cursor = parseCursor(ctx.arg(1));
        ScanArgs opts = ScanArgs.parse(ctx, 2, true);
        byte[] match = opts.match();
        boolean filterType = opts.typeName() != null;
        ValueType type = filterType ? ValueType.byName(opts.typeName()) : null;
        Engine engine = ctx.engine();
        List<byte[]> keys = new ArrayList<>();
        long next = ctx.db().scan(cursor, (int) Math.min(opts.count(), Integer.MAX_VALUE), e -> {
            if (match != null && !Glob.matches(match, e.key(), false)) {
                return;
            }
            if (filterType) {
                engine.stats().keyspaceHits.increment(); // Redis looks the key up to see its type
                if (e.type() != type) {
                    return;
                }
            }
            keys.add(e.key());
        });
        ScanArgs.reply(ctx.reply, next, keys);
    }

    /**
     * Parses a SCAN-family cursor as Redis does (strtoul in base 10, then rejecting a leading
     * space, trailing characters and overflow): an optional sign (a '-' negates modulo 2^64),
     * leading zeros allowed, the empty string is 0. Throws "ERR invalid cursor" otherwise.
     *
     * @param arg the cursor argument
     * @return the cursor as an unsigned 64-bit value
     */
    public static long parseCursor(byte[] arg) {
        int n = arg.length;
        if (n == 0) {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (arg[0] == '+' || arg[0] == '-') {
            negative = arg[0] == '-';
            i = 1;
            if (n == 1) {
                throw new CommandException(INVALID_CURSOR);
            }
        }
        final long maxDiv10 = Long.divideUnsigned(-1L, 10); // 1844674407370955161
        long v = 0;
        for (; i < n; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9) {
                throw new CommandException(INVALID_CURSOR); // also a leading space
            }
            if (Long.compareUnsigned(v, maxDiv10) > 0 || (v == maxDiv10 && d > 5)) {
                throw new CommandException(INVALID_CURSOR); // ERANGE
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** FLUSHDB and FLUSHALL take an optional ASYNC or SYNC; both free at once here. */
    private static void flushMode(Context ctx) {
        if (ctx.argc() == 1 || ctx.argc() == 2 && (ctx.is(1, "sync") || ctx.is(1, "async"))) {
            return;
        }
        throw Errors.syntax();
    }

    private void flushdb(Context ctx) {
        flushMode(ctx);
        ctx.engine().flush(ctx.client.db);
        ctx.reply.ok();
    }

    private void flushall(Context ctx) {
        flushMode(ctx);
        Engine engine = ctx.engine();
        for (int i = 0; i < engine.databaseCount(); i++) {
            engine.flush(i);
        }
        ctx.reply.ok();
    }

    /**
     * SWAPDB a b: exchanges two databases' keys; clients keep their selected index and see the
     * other keys. Watchers of keys in either database are touched (unless a == b, a no-op).
     */
    private void swapdb(Context ctx) {
        int a = intArg(ctx.arg(1), "ERR invalid first DB index");
        int b = intArg(ctx.arg(2), "ERR invalid second DB index");
        Engine engine = ctx.engine();
        int n = engine.databaseCount();
        if (a < 0 || a >= n || b < 0 || b >= n) {
            throw new CommandException(Errors.DB_INDEX);
        }
        if (a != b) {
            engine.swap(a, b);
        }
        ctx.reply.ok();
    }

    /** An int argument, or {@code error} if it is not an integer within the int range. */
    private static int intArg(byte[] arg, String error) {
        return Args.parseInt(arg, Integer.MIN_VALUE, Integer.MAX_VALUE, error);
    }
}
