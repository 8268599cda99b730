package io.quicksilver.core.command;

import io.quicksilver.core.command.strings.Lcs;
import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.MutableString;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.util.LongDouble;
import java.nio.charset.StandardCharsets;

/**
 * The string commands of Redis 7.0 (t_string.c): GET, SET and its variants, GETEX, GETDEL,
 * MGET, MSET(NX), APPEND, STRLEN, GETRANGE/SUBSTR, SETRANGE, INCR/DECR(BY), INCRBYFLOAT, LCS.
 *
 * <p>Values: a string is stored as the {@code byte[]} it was given (never modified afterwards);
 * APPEND and SETRANGE turn it into a {@link MutableString} and grow it in place, as Redis turns
 * the value into a "raw" sds. Replies, errors, their order, keyspace events and the dirty
 * counter follow Redis 7.0.15.
 *
 * <p>Threading: handlers run under the locks of the keys they name (the dispatcher takes them);
 * the only state of the group is the {@link #protoMaxBulkLen} limit, which is volatile.
 */
public final class StringCommands implements CommandGroup {
    /** Redis's default proto-max-bulk-len: the largest string, 512 MB. */
    public static final long DEFAULT_PROTO_MAX_BULK_LEN = 512L * 1024 * 1024;

    private static final byte[] EMPTY = new byte[0];

    // the flags of parseExtendedStringArgumentsOrReply, as t_string.c names them
    private static final int NX = 1;
    private static final int XX = 1 << 1;
    private static final int EX = 1 << 2;
    private static final int PX = 1 << 3;
    private static final int KEEPTTL = 1 << 4;
    private static final int GET = 1 << 5;
    private static final int EXAT = 1 << 6;
    private static final int PXAT = 1 << 7;
    private static final int PERSIST = 1 << 8;

    private volatile long protoMaxBulkLen = DEFAULT_PROTO_MAX_BULK_LEN;

    /** The largest string SETRANGE and APPEND may build (and the LCS table limit). */
    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    /** Sets the proto-max-bulk-len limit (CONFIG SET proto-max-bulk-len). */
    public void protoMaxBulkLen(long bytes) {
        this.protoMaxBulkLen = bytes;
    }

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("get", this::get);
        b.bind("set", this::set);
        b.bind("setnx", this::setnx);
        b.bind("setex", this::setex);
        b.bind("psetex", this::psetex);
        b.bind("getset", this::getset);
        b.bind("getdel", this::getdel);
        b.bind("getex", this::getex);
        b.bind("mget", this::mget);
        b.bind("mset", this::mset);
        b.bind("msetnx", this::msetnx);
        b.bind("append", this::append);
        b.bind("strlen", this::strlen);
        b.bind("getrange", this::getrange);
        b.bind("substr", this::getrange);
        b.bind("setrange", this::setrange);
        b.bind("incr", ctx -> incrDecr(ctx, 1));
        b.bind("decr", ctx -> incrDecr(ctx, -1));
        b.bind("incrby", this::incrby);
        b.bind("decrby", this::decrby);
        b.bind("incrbyfloat", this::incrbyfloat);
        b.bind("lcs", this::lcs);
    }

    // ------------------------------------------------------------------ shared helpers

    /**
     * The encoding Redis 7.0 reports in OBJECT ENCODING for a string value: "int" for a
     * canonical 64-bit integer of at most 20 bytes (what tryObjectEncoding turns into an
     * integer), "embstr" up to 44 bytes, "raw" above that and for a {@link MutableString} (the
     * value after APPEND or SETRANGE).
     *
     * <p>Known difference: Redis keeps INCRBYFLOAT results as "embstr" even when they print as
     * an integer ("3"); such a value is a plain {@code byte[]} here and reports "int".
     *
     * @param value a string value: {@code byte[]} or {@link MutableString}
     */
    public static String encodingOf(Object value) {
        if (value instanceof MutableString m) {
            return m.isRaw() || m.length() > 44 ? "raw" : "embstr";
        }
        byte[] b = (byte[]) value;
        if (b.length <= 20 && Args.isLong(b)) {
            return "int";
        }
        return b.length <= 44 ? "embstr" : "raw";
    }

    /** Writes a string value as a bulk reply, without copying a MutableString's content first. */
    private static void replyValue(Reply r, Object value) {
        if (value instanceof MutableString m) {
            replyRange(r, m, 0, m.length());
        } else {
            r.bulk((byte[]) value);
        }
    }

    /** Replies {@code len} bytes of a MutableString from {@code from}, wherever it keeps them. */
    private static void replyRange(Reply r, MutableString m, int from, int len) {
        byte[] buf = m.buffer();
        if (buf != null) {
            r.bulk(buf, from, len);
        } else {
            r.bulk(m.view(from, len));
        }
    }

    /**
     * Redis's getGenericCommand: looks {@code key} up for reading and replies its value or null;
     * WRONGTYPE (thrown before any reply) for a non-string. Returns the entry or null.
     */
    private static Entry getGeneric(Context ctx, byte[] key) {
        Entry e = ctx.lookupRead(key);
        if (e == null) {
            ctx.reply.nullBulk();
            return null;
        }
        Context.checkType(e, ValueType.STRING);
        replyValue(ctx.reply, e.value());
        return e;
    }

    private static CommandException invalidExpire(Context ctx) {
        return new CommandException("ERR invalid expire time in '" + ctx.spec.fullName() + "' command");
    }

    /**
     * Redis's getExpireMillisecondsOrReply: the absolute expiry in epoch milliseconds that an
     * EX/PX/EXAT/PXAT argument names.
     *
     * @param ctx     the command (its name goes into the error)
     * @param arg     the time argument
     * @param flags   the parsed option flags (EX and PX are relative to now)
     * @param seconds true when the argument counts seconds (EX, EXAT, SETEX)
     * @throws CommandException "value is not an integer" for a non-integer; "invalid expire
     *         time" for zero, negative, or values that overflow when converted to milliseconds
     *         or made absolute
     */
    private static long expireMillis(Context ctx, byte[] arg, int flags, boolean seconds) {
        long ms = Args.parseLong(arg);
        if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
            throw invalidExpire(ctx);
        }
        if (seconds) {
            ms *= 1000;
        }
        if ((flags & (PX | EX)) != 0) {
            ms += ctx.now(); // wraps on overflow, as the C code does, and is caught below
        }
        if (ms <= 0) {
            throw invalidExpire(ctx);
        }
        return ms;
    }

    /** The options of SET (from argument 3) or GETEX (from argument 2). */
    private record Options(int flags, byte[] expire, boolean seconds) {}

    private static final Options NO_OPTIONS = new Options(0, null, true);

    /**
     * Redis's parseExtendedStringArgumentsOrReply: NX, XX, GET, KEEPTTL (SET only), PERSIST
     * (GETEX only), EX/PX/EXAT/PXAT with a value. A repeated option is accepted (the last time
     * wins); a conflicting one, an unknown word or a missing value is a syntax error.
     *
     * @param ctx   the command
     * @param first index of the first option
     * @param isSet true for SET, false for GETEX
     */
    private static Options parseOptions(Context ctx, int first, boolean isSet) {
        if (first >= ctx.args.length) {
            return NO_OPTIONS; // plain SET key value / GETEX key: nothing to parse, nothing to allocate
        }
        int flags = 0;
        byte[] expire = null;
        boolean seconds = true;
        byte[][] a = ctx.args;
        for (int j = first; j < a.length; j++) {
            byte[] opt = a[j];
            boolean next = j < a.length - 1;
            if (isSet && Args.is(opt, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (isSet && Args.is(opt, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (isSet && Args.is(opt, "get")) {
                flags |= GET;
            } else if (isSet && Args.is(opt, "keepttl")
                    && (flags & (PERSIST | EX | EXAT | PX | PXAT)) == 0) {
                flags |= KEEPTTL;
            } else if (!isSet && Args.is(opt, "persist")
                    && (flags & (EX | EXAT | PX | PXAT | KEEPTTL)) == 0) {
                flags |= PERSIST;
            } else if (Args.is(opt, "ex") && (flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) == 0 && next) {
                flags |= EX;
                seconds = true;
                expire = a[++j];
            } else if (Args.is(opt, "px") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) == 0 && next) {
                flags |= PX;
                seconds = false;
                expire = a[++j];
            } else if (Args.is(opt, "exat") && (flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) == 0 && next) {
                flags |= EXAT;
                seconds = true;
                expire = a[++j];
            } else if (Args.is(opt, "pxat") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) == 0 && next) {
                flags |= PXAT;
                seconds = false;
                expire = a[++j];
            } else {
                throw Errors.syntax();
            }
        }
        return new Options(flags, expire, seconds);
    }

    /** The reply of a SET-family command: OK / null bulk (SET), 1 / 0 (SETNX). */
    private enum Replies { OK_NULL, ONE_ZERO }

    /**
     * Redis's setGenericCommand, for SET, SETNX, SETEX and PSETEX.
     *
     * @param ctx     the command
     * @param flags   NX, XX, GET, KEEPTTL and the expire kind
     * @param key     the key
     * @param value   the new value (stored as given; the arguments are never modified)
     * @param expire  the EX/PX/EXAT/PXAT argument, or null
     * @param seconds whether {@code expire} counts seconds
     * @param replies which replies mean "done" and "not done (NX/XX)"
     */
    private static void setGeneric(Context ctx, int flags, byte[] key, byte[] value, byte[] expire,
            boolean seconds, Replies replies) {
        long when = 0;
        if (expire != null) {
            when = expireMillis(ctx, expire, flags, seconds);
        }
        if ((flags & GET) != 0) {
            getGeneric(ctx, key); // WRONGTYPE here aborts before anything is written or set
        }
        Entry found = ctx.lookupWrite(key);
        if (((flags & NX) != 0 && found != null) || ((flags & XX) != 0 && found == null)) {
            if ((flags & GET) == 0) {
                if (replies == Replies.ONE_ZERO) {
                    ctx.reply.integer(0);
                } else {
                    ctx.reply.nullBulk();
                }
            }
            return;
        }
        Database db = ctx.db();
        long h = ctx.hash(key);
        boolean keepTtl = (flags & KEEPTTL) != 0 || expire != null;
        Entry e = found;
        if (e == null) {
            e = db.addString(key, h, value, true); // fires "new", as setKey's dbAdd
        } else {
            db.overwriteString(e, h, value, keepTtl, true); // found just above: no second search
        }
        handBack(ctx, e, value);
        ctx.changed(key, NotifyFlags.STRING, "set");
        if (expire != null) {
            db.setExpire(e, h, when);
            // watchers were touched and dirty counted by "set": Redis fires the event only
            ctx.engine().notify(ctx.client.db, key, NotifyFlags.GENERIC, "expire");
        }
        if ((flags & GET) == 0) {
            if (replies == Replies.ONE_ZERO) {
                ctx.reply.integer(1);
            } else {
                ctx.reply.ok();
            }
        }
    }

    /**
     * After {@code value} was written to entry {@code e}: hands the argument back to the
     * connection ({@link Context#reuse}) when the string was copied (into a slab chunk or the
     * key's own buffer), not when the key keeps the array itself (a short value, or an adopted one).
     */
    private static void handBack(Context ctx, Entry e, byte[] value) {
        if (!Database.keeps(e, value)) {
            ctx.reuse(value);
        }
    }

    // ------------------------------------------------------------------ GET / SET family

    /** GET key */
    private void get(Context ctx) {
        getGeneric(ctx, ctx.arg(1));
    }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ms-ts | KEEPTTL] */
    private void set(Context ctx) {
        Options o = parseOptions(ctx, 3, true);
        setGeneric(ctx, o.flags(), ctx.arg(1), ctx.arg(2), o.expire(), o.seconds(), Replies.OK_NULL);
    }

    /** SETNX key value */
    private void setnx(Context ctx) {
        setGeneric(ctx, NX, ctx.arg(1), ctx.arg(2), null, true, Replies.ONE_ZERO);
    }

    /** SETEX key seconds value */
    private void setex(Context ctx) {
        setGeneric(ctx, EX, ctx.arg(1), ctx.arg(3), ctx.arg(2), true, Replies.OK_NULL);
    }

    /** PSETEX key milliseconds value */
    private void psetex(Context ctx) {
        setGeneric(ctx, PX, ctx.arg(1), ctx.arg(3), ctx.arg(2), false, Replies.OK_NULL);
    }

    /** GETSET key value: the old value (or null), then SET without options (clears the TTL). */
    private void getset(Context ctx) {
        byte[] key = ctx.arg(1);
        getGeneric(ctx, key);
        byte[] value = ctx.arg(2);
        handBack(ctx, ctx.db().setString(key, ctx.hash(key), value, false, true), value);
        ctx.changed(key, NotifyFlags.STRING, "set");
    }

    /** GETDEL key */
    private void getdel(Context ctx) {
        byte[] key = ctx.arg(1);
        if (getGeneric(ctx, key) != null && ctx.db().delete(key)) {
            ctx.changed(key, NotifyFlags.GENERIC, "del");
        }
    }

    /** GETEX key [EX s | PX ms | EXAT ts | PXAT ms-ts | PERSIST] */
    private void getex(Context ctx) {
        Options o = parseOptions(ctx, 2, false);
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupRead(key);
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        Context.checkType(e, ValueType.STRING);
        int flags = o.flags();
        long when = 0;
        if (o.expire() != null) {
            when = expireMillis(ctx, o.expire(), flags, o.seconds());
        }
        replyValue(ctx.reply, e.value());
        Database db = ctx.db();
        if ((flags & (PXAT | EXAT)) != 0 && when <= ctx.now()) {
            db.delete(key);
            ctx.changed(key, NotifyFlags.GENERIC, "del");
        } else if (o.expire() != null) {
            db.setExpire(e, when);
            ctx.changed(key, NotifyFlags.GENERIC, "expire");
        } else if ((flags & PERSIST) != 0 && e.isVolatile()) {
            db.setExpire(e, Entry.NO_EXPIRY);
            ctx.changed(key, NotifyFlags.GENERIC, "persist");
        }
    }

    /** MGET key [key ...]: null for missing keys and for keys of other types. */
    private void mget(Context ctx) {
        int n = ctx.argc() - 1;
        // look everything up first: an expiring lookup must not happen between reply elements
        Object[] values = new Object[n];
        for (int j = 0; j < n; j++) {
            Entry e = ctx.lookupRead(ctx.arg(j + 1));
            values[j] = e == null || e.type() != ValueType.STRING ? null : e.value();
        }
        ctx.reply.array(n);
        for (Object v : values) {
            if (v == null) {
                ctx.reply.nullBulk();
            } else {
                replyValue(ctx.reply, v);
            }
        }
    }

    /** MSET key value [key value ...] */
    private void mset(Context ctx) {
        msetGeneric(ctx, false);
    }

    /** MSETNX key value [key value ...]: all or nothing, 1 or 0. */
    private void msetnx(Context ctx) {
        msetGeneric(ctx, true);
    }

    private static void msetGeneric(Context ctx, boolean nx) {
        if (ctx.argc() % 2 == 0) {
            throw new CommandException(Errors.arity(ctx.spec.fullName()));
        }
        if (nx) {
            for (int j = 1; j < ctx.argc(); j += 2) {
                if (ctx.lookupWrite(ctx.arg(j)) != null) {
                    ctx.reply.integer(0);
                    return;
                }
            }
        }
        Database db = ctx.db();
        for (int j = 1; j < ctx.argc(); j += 2) {
            byte[] value = ctx.arg(j + 1);
            // a key may repeat: no adopting
            handBack(ctx, db.setString(ctx.arg(j), ctx.hash(ctx.arg(j)), value, false, false), value);
            ctx.changed(ctx.arg(j), NotifyFlags.STRING, "set");
        }
        if (nx) {
            ctx.reply.integer(1);
        } else {
            ctx.reply.ok();
        }
    }

    // ------------------------------------------------------------------ in-place edits

    /** The longest string a Java array holds, whatever proto-max-bulk-len says. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Throws the proto-max-bulk-len error unless {@code size + append} fits (and fits a Java
     * array, for a limit configured above 2 GB).
     */
    private void checkStringLength(long size, long append) {
        long limit = Math.min(protoMaxBulkLen, MAX_ARRAY);
        if (size > limit - append) {
            throw new CommandException(Errors.STRING_TOO_LONG);
        }
    }

    /**
     * Redis's dbUnshareStringValue: the value of a live string entry as a MutableString that
     * may be changed in place, converting (copying) a {@code byte[]} first.
     */
    private static MutableString unshare(Database db, Entry e) {
        if (e.value() instanceof MutableString m) {
            return m;
        }
        MutableString m = new MutableString((byte[]) e.value(), 0);
        db.setValue(e, m);
        return m;
    }

    /** APPEND key value: the new length. */
    private void append(Context ctx) {
        byte[] key = ctx.arg(1);
        byte[] value = ctx.arg(2);
        Database db = ctx.db();
        Entry e = ctx.lookupWrite(key);
        long total;
        if (e == null) {
            db.add(key, value, Entry.NO_EXPIRY);
            total = value.length;
        } else {
            Context.checkType(e, ValueType.STRING);
            checkStringLength(MutableString.lengthOf(e.value()), value.length);
            MutableString m = unshare(db, e);
            m.append(value);
            db.resized(e);
            total = m.length();
        }
        ctx.changed(key, NotifyFlags.STRING, "append");
        ctx.reply.integer(total);
    }

    /** STRLEN key */
    private void strlen(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ctx.reply.integer(0);
            return;
        }
        Context.checkType(e, ValueType.STRING);
        ctx.reply.integer(MutableString.lengthOf(e.value()));
    }

    /**
     * GETRANGE key start end (and SUBSTR): inclusive byte range, negative indexes counting from
     * the end, clamped to the string, as Redis 7.0.15 computes it (two negative indexes with
     * start > end give ""; otherwise each is clamped at 0, so "0 -100" still gives the first
     * byte).
     */
    private void getrange(Context ctx) {
        long start = ctx.longArg(2);
        long end = ctx.longArg(3);
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ctx.reply.bulk(EMPTY);
            return;
        }
        Context.checkType(e, ValueType.STRING);
        Object v = e.value();
        long len = MutableString.lengthOf(v);
        if (start < 0 && end < 0 && start > end) {
            ctx.reply.bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            ctx.reply.bulk(EMPTY);
            return;
        }
        if (v instanceof MutableString m) {
            replyRange(ctx.reply, m, (int) start, (int) (end - start + 1));
        } else {
            ctx.reply.bulk((byte[]) v, (int) start, (int) (end - start + 1));
        }
    }

    /** SETRANGE key offset value: the new length. */
    private void setrange(Context ctx) {
        byte[] key = ctx.arg(1);
        long offset = ctx.longArg(2);
        byte[] value = ctx.arg(3);
        if (offset < 0) {
            throw new CommandException("ERR offset is out of range");
        }
        Database db = ctx.db();
        Entry e = ctx.lookupWrite(key);
        MutableString m;
        if (e == null) {
            if (value.length == 0) {
                ctx.reply.integer(0);
                return;
            }
            checkStringLength(offset, value.length);
            m = new MutableString(EMPTY, (int) (offset + value.length));
            m.setRange((int) offset, value);
            db.add(key, m, Entry.NO_EXPIRY);
        } else {
            Context.checkType(e, ValueType.STRING);
            if (value.length == 0) {
                ctx.reply.integer(MutableString.lengthOf(e.value()));
                return;
            }
            checkStringLength(offset, value.length);
            m = unshare(db, e);
            m.setRange((int) offset, value);
            db.resized(e);
        }
        ctx.changed(key, NotifyFlags.STRING, "setrange");
        ctx.reply.integer(m.length());
    }

    // ------------------------------------------------------------------ counters

    /** INCRBY key increment */
    private void incrby(Context ctx) {
        incrDecr(ctx, ctx.longArg(2));
    }

    /** DECRBY key decrement */
    private void decrby(Context ctx) {
        long decr = ctx.longArg(2);
        if (decr == Long.MIN_VALUE) {
            throw new CommandException("ERR decrement would overflow");
        }
        incrDecr(ctx, -decr);
    }

    /**
     * Redis's incrDecrCommand: adds {@code incr} to the integer value of the key (0 if absent),
     * keeping its TTL; the result is stored as its decimal string ("int" encoding).
     */
    private static void incrDecr(Context ctx, long incr) {
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        Context.checkType(e, ValueType.STRING);
        long old = 0;
        if (e != null) {
            old = Args.parseLong(MutableString.bytesOf(e.value()));
        }
        if ((incr < 0 && old < 0 && incr < Long.MIN_VALUE - old)
                || (incr > 0 && old > 0 && incr > Long.MAX_VALUE - old)) {
            throw new CommandException(Errors.OVERFLOW);
        }
        long value = old + incr;
        byte[] bytes = Args.storedBytes(value);
        if (e != null) {
            ctx.db().setValue(e, bytes);
        } else {
            ctx.db().add(key, bytes, Entry.NO_EXPIRY);
        }
        ctx.changed(key, NotifyFlags.STRING, "incrby");
        ctx.reply.integer(value);
    }

    /**
     * INCRBYFLOAT key increment: computed in x87 long double and printed with "%.17Lf" minus
     * trailing zeros, as Redis does ({@link LongDouble}); keeps the TTL.
     */
    private void incrbyfloat(Context ctx) {
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        Context.checkType(e, ValueType.STRING);
        LongDouble value = LongDouble.ZERO;
        if (e != null) {
            Object v = e.value();
            value = v instanceof MutableString m && m.buffer() != null
                    ? LongDouble.parse(m.buffer(), 0, m.length())
                    : LongDouble.parse(MutableString.bytesOf(v)); // a slab string: copied out
        }
        LongDouble incr = value == null ? null : LongDouble.parse(ctx.arg(2));
        if (value == null || incr == null) {
            throw new CommandException(Errors.NOT_FLOAT);
        }
        LongDouble sum = value.add(incr);
        if (!sum.isFinite()) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        byte[] bytes = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
        // Redis stores the result as a plain string, never int-encoded: keep that visible to
        // OBJECT ENCODING when it happens to look like an integer
        Object stored = Args.isLong(bytes) ? MutableString.embedded(bytes) : bytes;
        if (e != null) {
            ctx.db().setValue(e, stored);
        } else {
            ctx.db().add(key, stored, Entry.NO_EXPIRY);
        }
        ctx.changed(key, NotifyFlags.STRING, "incrbyfloat");
        ctx.reply.bulk(bytes);
    }

    // ------------------------------------------------------------------ LCS

    /**
     * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common
     * subsequence, its length, or (IDX) a map {"matches": [[[a0, a1], [b0, b1](, len)], ...],
     * "len": n} (a flat array of four in RESP2). Missing keys are empty strings.
     */
    private void lcs(Context ctx) {
        Entry ea = ctx.lookupRead(ctx.arg(1));
        Entry eb = ctx.lookupRead(ctx.arg(2));
        if ((ea != null && ea.type() != ValueType.STRING) || (eb != null && eb.type() != ValueType.STRING)) {
            throw new CommandException("ERR The specified keys must contain string values");
        }
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < ctx.argc(); j++) {
            int moreArgs = ctx.argc() - 1 - j;
            if (ctx.is(j, "idx")) {
                getIdx = true;
            } else if (ctx.is(j, "len")) {
                getLen = true;
            } else if (ctx.is(j, "withmatchlen")) {
                withMatchLen = true;
            } else if (ctx.is(j, "minmatchlen") && moreArgs > 0) {
                minMatchLen = Math.max(0, ctx.longArg(j + 1));
                j++;
            } else {
                throw Errors.syntax();
            }
        }
        if (getLen && getIdx) {
            throw new CommandException("ERR If you want both the length and indexes, please just use IDX.");
        }
        byte[] a = ea == null ? EMPTY : MutableString.bytesOf(ea.value());
        byte[] b = eb == null ? EMPTY : MutableString.bytesOf(eb.value());
        if (Lcs.tableBytes(a.length, b.length) > protoMaxBulkLen) {
            throw new CommandException(
                    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        if (getLen) {
            ctx.reply.integer(Lcs.length(a, b));
            return;
        }
        Lcs.Result r;
        try {
            r = Lcs.compute(a, b, minMatchLen);
        } catch (OutOfMemoryError | ArithmeticException oom) {
            throw new CommandException("ERR Insufficient memory, failed allocating transient memory for LCS");
        }
        if (!getIdx) {
            ctx.reply.bulk(r.lcs());
            return;
        }
        Reply out = ctx.reply;
        out.map(2);
        out.bulk("matches");
        out.array(r.matches().size());
        for (Lcs.Match m : r.matches()) {
            out.array(withMatchLen ? 3 : 2);
            out.array(2);
            out.integer(m.aStart());
            out.integer(m.aEnd());
            out.array(2);
            out.integer(m.bStart());
            out.integer(m.bEnd());
            if (withMatchLen) {
                out.integer(m.length());
            }
        }
        out.bulk("len");
        out.integer(r.length());
    }
}
