package io.quicksilver.core.command;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.EncodingConfig;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.engine.type.HashValue;
import io.quicksilver.core.engine.type.Listpack;
import io.quicksilver.core.util.Glob;
import io.quicksilver.core.util.LongDouble;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hash commands of Redis 7.0 (t_hash.c): HSET, HSETNX, HMSET, HGET, HMGET, HGETALL, HKEYS,
 * HVALS, HDEL, HEXISTS, HLEN, HSTRLEN, HINCRBY, HINCRBYFLOAT, HRANDFIELD, HSCAN.
 *
 * <p>Values are {@link HashValue}s ("listpack" while small, then "hashtable", as Redis with
 * hash-max-listpack-entries / hash-max-listpack-value). Replies, errors and their order,
 * keyspace events ("hset", "hdel", "hincrby", "hincrbyfloat", "del" when a hash empties) and the
 * dirty counter follow redis-server 7.0.15.
 *
 * <p>Threading: handlers run under their key's segment lock (taken by the dispatcher); the
 * group has no state.
 */
public final class HashCommands implements CommandGroup {

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("hset", ctx -> hset(ctx, false));
        b.bind("hmset", ctx -> hset(ctx, true));
        b.bind("hsetnx", this::hsetnx);
        b.bind("hget", this::hget);
        b.bind("hmget", this::hmget);
        b.bind("hgetall", ctx -> getAll(ctx, true, true));
        b.bind("hkeys", ctx -> getAll(ctx, true, false));
        b.bind("hvals", ctx -> getAll(ctx, false, true));
        b.bind("hdel", this::hdel);
        b.bind("hexists", this::hexists);
        b.bind("hlen", this::hlen);
        b.bind("hstrlen", this::hstrlen);
        b.bind("hincrby", this::hincrby);
        b.bind("hincrbyfloat", this::hincrbyfloat);
        b.bind("hrandfield", this::hrandfield);
        b.bind("hscan", this::hscan);
        b.members(2, "hset", "hmset", "hsetnx", "hget", "hmget", "hdel", "hexists", "hstrlen", "hincrby",
                "hincrbyfloat");
    }

    // ------------------------------------------------------------------ helpers

    /** As {@link BulkSink}, opening a two-element array before each field (RESP3 pairs). */
    private static final class PairSink implements Listpack.EntrySink {
        final BulkSink out;

        PairSink(Reply reply) {
            this.out = new BulkSink(reply);
        }

        @Override
        public void bytes(byte[] buf, int off, int len) {
            out.reply.array(2);
            out.bytes(buf, off, len);
        }

        @Override
        public void integer(long value) {
            out.reply.array(2);
            out.integer(value);
        }

        @Override
        public void view(java.nio.ByteBuffer buf) {
            out.reply.array(2);
            out.view(buf);
        }
    }

    /** The hash of a read lookup (hits/misses counted), null if absent; WRONGTYPE otherwise. */
    private static HashValue readHash(Context ctx, byte[] key) {
        Entry e = ctx.lookupRead(key);
        Context.checkType(e, ValueType.HASH);
        return e == null ? null : (HashValue) e.value();
    }

    /**
     * Redis's hashTypeLookupWriteOrCreate: the key's entry, created with an empty hash (firing
     * "new") when absent; WRONGTYPE for another type.
     */
    private static Entry writeHash(Context ctx, byte[] key) {
        Entry e = ctx.lookupWrite(key);
        Context.checkType(e, ValueType.HASH);
        if (e == null) {
            e = ctx.db().add(key, new HashValue(ctx.engine().slabs()), Entry.NO_EXPIRY);
        }
        return e;
    }

    /** Adds {@code extra} to the dirty counter beyond the one {@link Context#changed} counts. */
    private static void addDirty(Context ctx, long extra) {
        if (extra > 0) {
            ctx.engine().stats().dirty.add(extra);
        }
    }

    // ------------------------------------------------------------------ setting

    /**
     * HSET key field value [field value ...] (the number of new fields) and HMSET (OK). One
     * "hset" event; the dirty counter grows by the number of pairs.
     */
    private void hset(Context ctx, boolean hmset) {
        if (ctx.argc() % 2 == 1) {
            throw new CommandException(Errors.arity(ctx.spec.fullName()));
        }
        byte[] key = ctx.arg(1);
        Entry e = writeHash(ctx, key);
        HashValue h = (HashValue) e.value();
        EncodingConfig cfg = ctx.engine().encodings();
        long maxEntries = cfg.hashMaxListpackEntries;
        long maxValue = cfg.hashMaxListpackValue;
        // Redis's hashTypeTryConversion: any argument too long converts before the first set
        if (h.isListpack()) {
            for (int j = 2; j < ctx.argc(); j++) {
                if (ctx.arg(j).length > maxValue) {
                    h.convert();
                    break;
                }
            }
        }
        int created = 0;
        for (int j = 2; j < ctx.argc(); j += 2) {
            if (h.set(ctx.arg(j), ctx.arg(j + 1), maxEntries, maxValue)) {
                created++;
            }
            ctx.reuse(ctx.arg(j)); // a hash copies fields and values into its listpack or records
            ctx.reuse(ctx.arg(j + 1));
        }
        ctx.db().resized(e);
        ctx.changed(key, NotifyFlags.HASH, "hset");
        addDirty(ctx, (ctx.argc() - 2) / 2 - 1);
        if (hmset) {
            ctx.reply.ok();
        } else {
            ctx.reply.integer(created);
        }
    }

    /** HSETNX key field value: 1 if set, 0 if the field existed. */
    private void hsetnx(Context ctx) {
        byte[] key = ctx.arg(1);
        Entry e = writeHash(ctx, key);
        HashValue h = (HashValue) e.value();
        if (h.exists(ctx.arg(2))) {
            ctx.reply.integer(0);
            return;
        }
        h.set(ctx.arg(2), ctx.arg(3), ctx.engine().encodings());
        ctx.db().resized(e);
        ctx.changed(key, NotifyFlags.HASH, "hset");
        ctx.reply.integer(1);
    }

    // ------------------------------------------------------------------ reading

    /** HGET key field */
    private void hget(Context ctx) {
        HashValue h = readHash(ctx, ctx.arg(1));
        if (h == null || !h.get(ctx.arg(2), new BulkSink(ctx.reply))) {
            ctx.reply.nullBulk();
        }
    }

    /** HMGET key field [field ...]: a null for each missing field (all nulls if no key). */
    private void hmget(Context ctx) {
        HashValue h = readHash(ctx, ctx.arg(1));
        int n = ctx.argc() - 2;
        ctx.reply.array(n);
        BulkSink out = new BulkSink(ctx.reply);
        for (int j = 2; j < ctx.argc(); j++) {
            if (h == null || !h.get(ctx.arg(j), out)) {
                ctx.reply.nullBulk();
            }
        }
    }

    /**
     * HGETALL (a map: RESP3 {@code %}, a flat array in RESP2), HKEYS, HVALS (arrays); empty
     * when the key is absent.
     */
    private static void getAll(Context ctx, boolean fields, boolean values) {
        HashValue h = readHash(ctx, ctx.arg(1));
        int n = h == null ? 0 : h.size();
        if (fields && values) {
            ctx.reply.map(n);
        } else {
            ctx.reply.array(n);
        }
        if (h != null) {
            BulkSink out = new BulkSink(ctx.reply);
            h.forEach(fields ? out : null, values ? out : null);
        }
    }

    /** HEXISTS key field */
    private void hexists(Context ctx) {
        HashValue h = readHash(ctx, ctx.arg(1));
        ctx.reply.integer(h != null && h.exists(ctx.arg(2)));
    }

    /** HLEN key */
    private void hlen(Context ctx) {
        HashValue h = readHash(ctx, ctx.arg(1));
        ctx.reply.integer(h == null ? 0 : h.size());
    }

    /** HSTRLEN key field: the value's length, 0 when absent. */
    private void hstrlen(Context ctx) {
        HashValue h = readHash(ctx, ctx.arg(1));
        int len = h == null ? -1 : h.valueLength(ctx.arg(2));
        ctx.reply.integer(Math.max(0, len));
    }

    // ------------------------------------------------------------------ deleting

    /**
     * HDEL key field [field ...]: how many were removed. One "hdel" event, then "del" if the
     * hash emptied (the key is removed); the dirty counter grows by the number removed.
     */
    private void hdel(Context ctx) {
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        Context.checkType(e, ValueType.HASH);
        if (e == null) {
            ctx.reply.integer(0);
            return;
        }
        HashValue h = (HashValue) e.value();
        int deleted = 0;
        boolean removed = false;
        for (int j = 2; j < ctx.argc(); j++) {
            if (h.delete(ctx.arg(j))) {
                deleted++;
                if (h.size() == 0) {
                    removed = true;
                    break;
                }
            }
        }
        Database db = ctx.db();
        if (deleted > 0) {
            db.resized(e);
            if (removed) {
                db.delete(key);
            }
            ctx.changed(key, NotifyFlags.HASH, "hdel");
            if (removed) {
                ctx.engine().notify(ctx.client.db, key, NotifyFlags.GENERIC, "del");
            }
            addDirty(ctx, deleted - 1);
        }
        ctx.reply.integer(deleted);
    }

    // ------------------------------------------------------------------ counters

    /**
     * HINCRBY key field increment: the new value. The increment is parsed first; a value that
     * is not a 64-bit integer is "ERR hash value is not an integer"; overflow is refused.
     */
    private void hincrby(Context ctx) {
        long incr = ctx.longArg(3);
        byte[] key = ctx.arg(1);
        byte[] field = ctx.arg(2);
        Entry e = writeHash(ctx, key);
        HashValue h = (HashValue) e.value();
        long old = 0;
        byte[] current = h.get(field);
        if (current != null) {
            long v = Args.parseLongOr(current, Long.MIN_VALUE);
            if (v == Long.MIN_VALUE && !Args.isLong(current)) {
                throw new CommandException("ERR hash value is not an integer");
            }
            old = v;
        }
        if ((incr < 0 && old < 0 && incr < Long.MIN_VALUE - old)
                || (incr > 0 && old > 0 && incr > Long.MAX_VALUE - old)) {
            throw new CommandException(Errors.OVERFLOW);
        }
        long value = old + incr;
        h.set(field, Args.bytes(value), ctx.engine().encodings());
        ctx.db().resized(e);
        ctx.changed(key, NotifyFlags.HASH, "hincrby");
        ctx.reply.integer(value);
    }

    /**
     * HINCRBYFLOAT key field increment: computed in x87 long double and printed as Redis's
     * "%.17Lf" without trailing zeros ({@link LongDouble}, shared with INCRBYFLOAT).
     */
    private void hincrbyfloat(Context ctx) {
        LongDouble incr = LongDouble.parse(ctx.arg(3));
        if (incr == null) {
            throw new CommandException(Errors.NOT_FLOAT);
        }
        if (!incr.isFinite()) {
            throw new CommandException("ERR value is NaN or Infinity");
        }
        byte[] key = ctx.arg(1);
        byte[] field = ctx.arg(2);
        Entry e = writeHash(ctx, key);
        HashValue h = (HashValue) e.value();
        LongDouble value = LongDouble.ZERO;
        byte[] current = h.get(field);
        if (current != null) {
            value = LongDouble.parse(current);
            if (value == null) {
                throw new CommandException("ERR hash value is not a float");
            }
        }
        LongDouble sum = value.add(incr);
        if (!sum.isFinite()) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        byte[] bytes = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
        h.set(field, bytes, ctx.engine().encodings());
        ctx.db().resized(e);
        ctx.changed(key, NotifyFlags.HASH, "hincrbyfloat");
        ctx.reply.bulk(bytes);
    }

    // ------------------------------------------------------------------ random and scan

    /**
     * HRANDFIELD key [count [WITHVALUES]] (hrandfieldCommand / hrandfieldWithCountCommand).
     *
     * <p>Without a count: one random field or null. With a count: a positive count gives
     * distinct fields (the whole hash when count >= size), a negative one |count| independent
     * draws; WITHVALUES adds the values (RESP2: flat; RESP3: [field, value] pairs). The count
     * must lie in [-LONG_MAX, LONG_MAX] (Redis's range error), and with WITHVALUES in
     * [-LONG_MAX/2, LONG_MAX/2] ("ERR value is out of range"); a reply of more elements than
     * one array can announce here (2^31 - 1) is refused with that same error instead of being
     * attempted (Redis would try to send it and run out of memory).
     */
    private void hrandfield(Context ctx) {
        if (ctx.argc() == 2) {
            HashValue h = readHash(ctx, ctx.arg(1));
            if (h == null) {
                ctx.reply.nullBulk();
            } else {
                h.randomPairs(1, ThreadLocalRandom.current(), new BulkSink(ctx.reply), null);
            }
            return;
        }
        long l = ctx.longArg(2);
        if (l == Long.MIN_VALUE) {
            throw new CommandException("ERR value is out of range, value must between "
                    + -Long.MAX_VALUE + " and " + Long.MAX_VALUE);
        }
        boolean withValues = false;
        if (ctx.argc() > 4 || (ctx.argc() == 4 && !ctx.is(3, "withvalues"))) {
            throw Errors.syntax();
        } else if (ctx.argc() == 4) {
            withValues = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                throw new CommandException("ERR value is out of range");
            }
        }
        HashValue h = readHash(ctx, ctx.arg(1));
        if (h == null) {
            ctx.reply.array(0);
            return;
        }
        boolean unique = l >= 0;
        long count = Math.abs(l);
        if (count == 0) {
            ctx.reply.array(0);
            return;
        }
        int size = h.size();
        boolean resp3 = ctx.reply.protocol() >= 3;
        long replyCount = unique ? Math.min(count, size) : count;
        long elements = withValues && !resp3 ? replyCount * 2 : replyCount;
        if (elements > Integer.MAX_VALUE) {
            throw new CommandException("ERR value is out of range");
        }
        ctx.reply.array((int) elements);
        BulkSink out = new BulkSink(ctx.reply);
        Listpack.EntrySink fields = withValues && resp3 ? new PairSink(ctx.reply) : out;
        Listpack.EntrySink values = withValues ? out : null;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (!unique || count == 1) {
            h.randomPairs(count, rnd, fields, values); // CASE 1 (with count 1 too, as Redis)
        } else if (count >= size) {
            h.forEach(fields, values); // CASE 2: the whole hash
        } else {
            h.uniqueRandomPairs((int) count, rnd, fields, values); // CASES 2.5, 3 and 4
        }
    }

    /**
     * HSCAN key cursor [MATCH pattern] [COUNT count]. The cursor is checked first, then the key
     * (absent: an empty scan, whatever the options), then the options. A listpack hash is
     * returned whole with cursor 0; a hashtable is walked with a resize-safe cursor. MATCH
     * filters on the field and drops its value with it.
     */
    private void hscan(Context ctx) {
        long cursor = KeyCommands.parseCursor(ctx.arg(2));
        HashValue h = readHash(ctx, ctx.arg(1));
        if (h == null) {
            ScanArgs.reply(ctx.reply, 0, List.of());
            return;
        }
        ScanArgs opts = ScanArgs.parse(ctx, 3, false);
        byte[] match = opts.match();
        List<byte[]> items = new ArrayList<>();
        long next = h.scan(cursor, opts.count(), (f, v) -> {
            if (match == null || Glob.matches(match, f, false)) {
                items.add(f);
                items.add(v);
            }
        });
        ScanArgs.reply(ctx.reply, next, items);
    }
}
