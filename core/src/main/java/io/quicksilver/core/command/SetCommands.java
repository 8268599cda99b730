package io.quicksilver.core.command;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.engine.type.BytesSet;
import io.quicksilver.core.engine.type.SetValue;
import io.quicksilver.core.util.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The set commands of Redis 7.0 (t_set.c): SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD,
 * SPOP, SRANDMEMBER, SMOVE, SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF,
 * SDIFFSTORE, SSCAN.
 *
 * <p>Replies, errors and their order, keyspace events, keyspace hits/misses and the dirty counter
 * follow redis-server 7.0.15. Results of SINTER/SUNION/SDIFF (and their STORE forms) are built as
 * Redis builds them, a new set starting as an intset, so the encoding of a stored result and the
 * order of a reply (ascending for an intset) are Redis's too; a hashtable's order is its own.
 *
 * <p>All commands lock their keys (the default plan). Stateless and thread-safe.
 */
public final class SetCommands implements CommandGroup {

    /** SPOP count: the "create a new set" strategy is used when count > remaining * this. */
    private static final long SPOP_MOVE_STRATEGY_MUL = 5;
    /** SRANDMEMBER count: the "remove from a copy" strategy when count * this > size. */
    private static final long SRANDMEMBER_SUB_STRATEGY_MUL = 3;
    /** The most elements one reply can hold (an array header is an int). */
    private static final long MAX_REPLY = Integer.MAX_VALUE - 8;

    private static final String POSITIVE = "ERR value is out of range, must be positive";
    private static final String SRANDMEMBER_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("sadd", this::sadd);
        b.bind("srem", this::srem);
        b.bind("smembers", this::smembers);
        b.bind("sismember", this::sismember);
        b.bind("smismember", this::smismember);
        b.bind("scard", this::scard);
        b.members(2, "sadd", "srem", "sismember", "smismember");
        b.bind("spop", this::spop);
        b.bind("srandmember", this::srandmember);
        b.bind("smove", this::smove);
        b.bind("sinter", ctx -> sinter(ctx, 1, ctx.argc() - 1, null, false, 0));
        b.bind("sintercard", this::sintercard);
        b.bind("sinterstore", ctx -> sinter(ctx, 2, ctx.argc() - 2, ctx.arg(1), false, 0));
        b.bind("sunion", ctx -> sunionDiff(ctx, 1, null, false));
        b.bind("sunionstore", ctx -> sunionDiff(ctx, 2, ctx.arg(1), false));
        b.bind("sdiff", ctx -> sunionDiff(ctx, 1, null, true));
        b.bind("sdiffstore", ctx -> sunionDiff(ctx, 2, ctx.arg(1), true));
        b.bind("sscan", this::sscan);
    }

    // ------------------------------------------------------------------ helpers

    private static SetValue set(Entry e) {
        return (SetValue) e.value();
    }

    private static long maxIntset(Context ctx) {
        return ctx.engine().encodings().setMaxIntsetEntries;
    }

    private static Random random() {
        return ThreadLocalRandom.current();
    }

    /** Adds {@code n} to the dirty counter (which {@link Context#changed} already moved by one). */
    private static void addDirty(Context ctx, long n) {
        if (n != 0) {
            ctx.engine().stats().dirty.add(n);
        }
    }

    /**
     * Records an in-place change of the set of {@code e}: memory, the command's event (WATCH,
     * dirty, notification), the rest of Redis's dirty count, then, if the set became empty, the
     * key's deletion and its "del" event (after the command's own, as Redis).
     *
     * @param ctx    the command
     * @param e      the set's entry
     * @param event  the command's event ("srem", "spop"...)
     * @param dirty  how many changes Redis counts (server.dirty)
     */
    private static void changedSet(Context ctx, Entry e, String event, long dirty) {
        byte[] key = e.key();
        ctx.db().resized(e);
        ctx.changed(key, NotifyFlags.SET, event);
        addDirty(ctx, dirty - 1);
        if (set(e).isEmpty()) {
            ctx.db().delete(key);
            // watchers were touched by the command's event: Redis only fires "del" here
            ctx.engine().notify(ctx.client.db, key, NotifyFlags.GENERIC, "del");
        }
    }

    /** Writes a whole set as a RESP3 set (an array in RESP2), in its iteration order. */
    private static void replySet(Reply r, SetValue s) {
        r.set(s.size());
        s.forEach(r::bulk);
    }

    // ------------------------------------------------------------------ SADD, SREM

    /** SADD key member...: creates the key as setTypeCreate(first member) would. */
    private void sadd(Context ctx) {
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        Context.checkType(e, ValueType.SET);
        if (e == null) {
            e = ctx.db().add(key, SetValue.forMember(ctx.arg(2)), Entry.NO_EXPIRY);
        }
        SetValue s = set(e);
        long max = maxIntset(ctx);
        long added = 0;
        for (int i = 2; i < ctx.argc(); i++) {
            if (s.add(ctx.arg(i), max)) {
                added++;
            }
        }
        ctx.db().resized(e);
        if (added > 0) {
            ctx.changed(key, NotifyFlags.SET, "sadd");
            addDirty(ctx, added - 1);
        }
        ctx.reply.integer(added);
    }

    /** SREM key member...: stops at the member that empties the set, which is deleted. */
    private void srem(Context ctx) {
        Entry e = ctx.lookupWrite(ctx.arg(1));
        if (e == null) {
            ctx.reply.integer(0);
            return;
        }
        Context.checkType(e, ValueType.SET);
        SetValue s = set(e);
        long deleted = 0;
        for (int i = 2; i < ctx.argc() && !s.isEmpty(); i++) {
            if (s.remove(ctx.arg(i))) {
                deleted++;
            }
        }
        if (deleted > 0) {
            changedSet(ctx, e, "srem", deleted);
        }
        ctx.reply.integer(deleted);
    }

    // ------------------------------------------------------------------ reads

    /** SMEMBERS key: a RESP3 set; an empty set for a missing key. */
    private void smembers(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.SET);
        if (e == null) {
            ctx.reply.set(0);
            return;
        }
        replySet(ctx.reply, set(e));
    }

    private void sismember(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.SET);
        ctx.reply.integer(e != null && set(e).contains(ctx.arg(2)));
    }

    /** SMISMEMBER key member...: a missing key is an empty set (all zeros). */
    private void smismember(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.SET);
        SetValue s = e == null ? null : set(e);
        ctx.reply.array(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            ctx.reply.integer(s != null && s.contains(ctx.arg(i)));
        }
    }

    private void scard(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.SET);
        ctx.reply.integer(e == null ? 0 : set(e).size());
    }

    // ------------------------------------------------------------------ SPOP, SRANDMEMBER

    /** SPOP key [count]. */
    private void spop(Context ctx) {
        if (ctx.argc() == 3) {
            spopWithCount(ctx);
            return;
        }
        if (ctx.argc() > 3) {
            throw Errors.syntax();
        }
        Entry e = ctx.lookupWrite(ctx.arg(1));
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        Context.checkType(e, ValueType.SET);
        SetValue s = set(e);
        byte[] member = s.pop(random());
        changedSet(ctx, e, "spop", 1);
        ctx.reply.bulk(member);
    }

    /**
     * SPOP key count (spopWithCountCommand), with Redis's three strategies: the whole set when
     * count >= size (the key is deleted); random pops when few are taken; otherwise the members
     * that stay are drawn into a new set (which may have another encoding, as in Redis) and the
     * old set's remaining members are returned. The reply is a RESP3 set.
     */
    private void spopWithCount(Context ctx) {
        long count = Args.longAtLeast(ctx.arg(2), 0, POSITIVE); // also for a non-integer, as Redis
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            ctx.reply.set(0);
            return;
        }
        Context.checkType(e, ValueType.SET);
        if (count == 0) {
            ctx.reply.set(0);
            return;
        }
        SetValue s = set(e);
        long size = s.size();
        long max = maxIntset(ctx);
        Random rnd = random();

        if (count >= size) {
            // CASE 1: everything, in the order of the union Redis builds to reply
            SetValue all = SetValue.newIntset();
            s.forEach(m -> all.add(m, max));
            ctx.db().delete(key);
            ctx.changed(key, NotifyFlags.SET, "spop");
            addDirty(ctx, size - 1);
            ctx.engine().notify(ctx.client.db, key, NotifyFlags.GENERIC, "del");
            replySet(ctx.reply, all);
            return;
        }

        long remaining = size - count;
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            // CASE 2: few elements are taken: pop them one by one
            byte[][] popped = new byte[(int) count][];
            for (int i = 0; i < count; i++) {
                popped[i] = s.pop(rnd);
            }
            changedSet(ctx, e, "spop", count);
            ctx.reply.set(popped.length);
            for (byte[] m : popped) {
                ctx.reply.bulk(m);
            }
            return;
        }
        // CASE 3: most elements are taken: move the few that stay into a new set
        SetValue kept = null;
        for (long i = 0; i < remaining; i++) {
            byte[] m = s.pop(rnd);
            if (kept == null) {
                kept = SetValue.forMember(m);
            }
            kept.add(m, max);
        }
        SetValue taken = s;
        ctx.db().setValue(e, kept);
        changedSet(ctx, e, "spop", count);
        replySet(ctx.reply, taken);
    }

    /** SRANDMEMBER key [count]. */
    private void srandmember(Context ctx) {
        if (ctx.argc() == 3) {
            srandmemberWithCount(ctx);
            return;
        }
        if (ctx.argc() > 3) {
            throw Errors.syntax();
        }
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        Context.checkType(e, ValueType.SET);
        ctx.reply.bulk(set(e).random(random()));
    }

    /**
     * SRANDMEMBER key count (srandmemberWithCountCommand): a negative count draws |count| members
     * with repeats; a positive one distinct members, the whole set when count >= size. The reply
     * is an array. A |count| larger than one reply can hold (2^31 - 9) is refused with "ERR value
     * is out of range" (Redis would try to build the reply and run out of memory).
     */
    private void srandmemberWithCount(Context ctx) {
        long l = ctx.longArg(2);
        if (l == Long.MIN_VALUE) {
            throw new CommandException(SRANDMEMBER_RANGE);
        }
        boolean uniq = l >= 0;
        long count = Math.abs(l);
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ctx.reply.array(0);
            return;
        }
        Context.checkType(e, ValueType.SET);
        if (count == 0) {
            ctx.reply.array(0);
            return;
        }
        SetValue s = set(e);
        int size = s.size();
        Random rnd = random();

        if (!uniq) {
            // CASE 1: repeats allowed: independent draws
            if (count > MAX_REPLY) {
                throw new CommandException("ERR value is out of range");
            }
            ctx.reply.array((int) count);
            for (long i = 0; i < count; i++) {
                ctx.reply.bulk(s.random(rnd));
            }
            return;
        }
        if (count >= size) {
            // CASE 2: the whole set, in its order
            ctx.reply.array(size);
            s.forEach(ctx.reply::bulk);
            return;
        }
        int n = (int) count;
        if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
            // CASE 3: a copy of all members, from which random ones are removed
            byte[][] all = new byte[size][];
            Iterator<byte[]> it = s.iterator();
            for (int i = 0; i < size; i++) {
                all[i] = it.next();
            }
            for (int left = size; left > n; left--) {
                int victim = rnd.nextInt(left);
                all[victim] = all[left - 1];
            }
            ctx.reply.array(n);
            for (int i = 0; i < n; i++) {
                ctx.reply.bulk(all[i]);
            }
            return;
        }
        // CASE 4: a big set: draw until enough distinct members
        BytesSet picked = new BytesSet(n);
        while (picked.size() < n) {
            picked.add(s.random(rnd));
        }
        ctx.reply.array(n);
        for (int slot = picked.nextSlot(0); slot >= 0; slot = picked.nextSlot(slot + 1)) {
            ctx.reply.bulk(picked.record(slot));
        }
    }

    // ------------------------------------------------------------------ SMOVE

    /**
     * SMOVE source destination member: 0 when the source is missing (before any type check) or
     * lacks the member; with source == destination, whether it is a member. Events: "srem" on the
     * source (then "del" if emptied), "sadd" on the destination if the member was new there (only
     * then are the destination's watchers touched, as in Redis 7.0).
     */
    private void smove(Context ctx) {
        byte[] srcKey = ctx.arg(1);
        byte[] dstKey = ctx.arg(2);
        byte[] member = ctx.arg(3);
        Entry src = ctx.lookupWrite(srcKey);
        Entry dst = ctx.lookupWrite(dstKey);
        if (src == null) {
            ctx.reply.integer(0);
            return;
        }
        Context.checkType(src, ValueType.SET);
        Context.checkType(dst, ValueType.SET);
        if (Arrays.equals(srcKey, dstKey)) {
            ctx.reply.integer(set(src).contains(member));
            return;
        }
        SetValue from = set(src);
        if (!from.remove(member)) {
            ctx.reply.integer(0);
            return;
        }
        changedSet(ctx, src, "srem", 1);
        Database db = ctx.db();
        if (dst == null) {
            dst = db.add(dstKey, SetValue.forMember(member), Entry.NO_EXPIRY);
        }
        SetValue to = set(dst);
        if (to.add(member, maxIntset(ctx))) {
            db.resized(dst);
            ctx.changed(dstKey, NotifyFlags.SET, "sadd");
        }
        ctx.reply.integer(1);
    }

    // ------------------------------------------------------------------ SINTER family

    /** SINTERCARD numkeys key... [LIMIT limit]. */
    private void sintercard(Context ctx) {
        long numkeys = Args.longAtLeast(ctx.arg(1), 1, "ERR numkeys should be greater than 0");
        if (numkeys > ctx.argc() - 2) {
            throw new CommandException("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < ctx.argc(); j++) {
            int more = ctx.argc() - 1 - j;
            if (ctx.is(j, "limit") && more > 0) {
                j++;
                limit = Args.longAtLeast(ctx.arg(j), 0, "ERR LIMIT can't be negative");
            } else {
                throw Errors.syntax();
            }
        }
        sinter(ctx, 2, (int) numkeys, null, true, limit);
    }

    /**
     * SINTER, SINTERSTORE, SINTERCARD and SMEMBERS-like reads (sinterGenericCommand). Every key is
     * looked up (a read lookup, also for STORE) and type-checked in order; a missing key makes the
     * result empty. The smallest set is walked and each member tested against the others.
     *
     * @param ctx             the command
     * @param first           index of the first source key in the arguments
     * @param n               number of source keys
     * @param dstKey          SINTERSTORE's destination, or null
     * @param cardinalityOnly SINTERCARD: reply the count only
     * @param limit           SINTERCARD's LIMIT, 0 = none
     */
    private void sinter(Context ctx, int first, int n, byte[] dstKey, boolean cardinalityOnly, long limit) {
        SetValue[] sets = new SetValue[n];
        boolean empty = false;
        for (int j = 0; j < n; j++) {
            Entry e = ctx.lookupRead(ctx.arg(first + j));
            if (e == null) {
                empty = true;
                continue;
            }
            Context.checkType(e, ValueType.SET);
            sets[j] = set(e);
        }
        if (empty) {
            if (dstKey != null) {
                if (ctx.db().delete(dstKey)) {
                    ctx.changed(dstKey, NotifyFlags.GENERIC, "del");
                }
                ctx.reply.integer(0);
            } else if (cardinalityOnly) {
                ctx.reply.integer(0);
            } else {
                ctx.reply.set(0);
            }
            return;
        }
        // smallest first (a stable sort, as glibc's qsort of Redis's build)
        Arrays.sort(sets, Comparator.comparingInt(SetValue::size));
        SetValue smallest = sets[0];
        long cardinality = 0;
        List<byte[]> out = dstKey == null && !cardinalityOnly ? new ArrayList<>() : null;
        SetValue dst = dstKey != null ? SetValue.newIntset() : null;
        long max = maxIntset(ctx);
        for (Iterator<byte[]> it = smallest.iterator(); it.hasNext(); ) {
            byte[] m = it.next();
            boolean inAll = true;
            for (int j = 1; j < n && inAll; j++) {
                inAll = sets[j] == smallest || sets[j].contains(m);
            }
            if (!inAll) {
                continue;
            }
            if (cardinalityOnly) {
                cardinality++;
                if (limit != 0 && cardinality >= limit) {
                    break;
                }
            } else if (dst != null) {
                dst.add(m, max);
            } else {
                out.add(m);
            }
        }
        if (cardinalityOnly) {
            ctx.reply.integer(cardinality);
        } else if (dst != null) {
            store(ctx, dstKey, dst, "sinterstore");
        } else {
            ctx.reply.set(out.size());
            for (byte[] m : out) {
                ctx.reply.bulk(m);
            }
        }
    }

    /**
     * Stores a STORE command's result (setKey: overwrites any type, clears the TTL, fires "new"
     * when it creates the key) and fires {@code event}; an empty result deletes the destination
     * instead ("del" if it existed). Replies with the result's size.
     */
    private static void store(Context ctx, byte[] dstKey, SetValue result, String event) {
        Database db = ctx.db();
        if (result.size() > 0) {
            db.set(dstKey, result, false);
            ctx.changed(dstKey, NotifyFlags.SET, event);
            ctx.reply.integer(result.size());
        } else {
            if (db.delete(dstKey)) {
                ctx.changed(dstKey, NotifyFlags.GENERIC, "del");
            }
            ctx.reply.integer(0);
        }
    }

    /**
     * SUNION, SUNIONSTORE, SDIFF and SDIFFSTORE (sunionDiffGenericCommand). Missing keys are empty
     * sets. The result is built as a new set that starts as an intset; SDIFF picks Redis's
     * algorithm (test each member of the first set against the others, or add the first and
     * remove the others) by the same work estimate, since the two can end in different
     * encodings. A key named again as the first one makes a difference empty.
     *
     * @param ctx    the command
     * @param first  index of the first source key in the arguments
     * @param dstKey the STORE destination, or null to reply the members
     * @param diff   SDIFF rather than SUNION
     */
    private void sunionDiff(Context ctx, int first, byte[] dstKey, boolean diff) {
        int n = ctx.argc() - first;
        SetValue[] sets = new SetValue[n];
        boolean sameSet = false;
        for (int j = 0; j < n; j++) {
            Entry e = ctx.lookupRead(ctx.arg(first + j));
            if (e != null) {
                Context.checkType(e, ValueType.SET);
                sets[j] = set(e);
            }
            if (j > 0 && sets[0] == sets[j]) {
                sameSet = true;
            }
        }
        long max = maxIntset(ctx);
        SetValue result = SetValue.newIntset();
        if (!diff) {
            for (SetValue s : sets) {
                if (s != null) {
                    s.forEach(m -> result.add(m, max));
                }
            }
        } else if (sets[0] != null && !sameSet) {
            long algoOne = 0;
            long algoTwo = 0;
            for (SetValue s : sets) {
                if (s != null) {
                    algoOne += sets[0].size();
                    algoTwo += s.size();
                }
            }
            algoOne /= 2; // algorithm 1 has better constants: Redis gives it this advantage
            if (algoOne <= algoTwo) {
                // subtract the largest sets first: a member is dropped sooner (a stable sort)
                Arrays.sort(sets, 1, n, Comparator.comparingInt((SetValue s) -> s == null ? 0 : s.size()).reversed());
                sets[0].forEach(m -> {
                    for (int j = 1; j < n; j++) {
                        if (sets[j] != null && sets[j].contains(m)) {
                            return;
                        }
                    }
                    result.add(m, max);
                });
            } else {
                sets[0].forEach(m -> result.add(m, max));
                for (int j = 1; j < n && !result.isEmpty(); j++) {
                    if (sets[j] != null) {
                        sets[j].forEach(result::remove);
                    }
                }
            }
        }
        if (dstKey == null) {
            replySet(ctx.reply, result);
        } else {
            store(ctx, dstKey, result, diff ? "sdiffstore" : "sunionstore");
        }
    }

    // ------------------------------------------------------------------ SSCAN

    /**
     * SSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is parsed before the lookup and
     * the options after it (so a missing key ignores bad options, as Redis). An intset is returned
     * whole with cursor 0; a hashtable is walked with a resize-safe cursor.
     */
    private void sscan(Context ctx) {
        long cursor = KeyCommands.parseCursor(ctx.arg(2));
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ScanArgs.reply(ctx.reply, 0, List.of());
            return;
        }
        Context.checkType(e, ValueType.SET);
        ScanArgs opts = ScanArgs.parse(ctx, 3, false);
        byte[] match = opts.match();
        List<byte[]> found = new ArrayList<>();
        // Redis's count * 10 iteration budget overflows for huge counts: it then scans everything
        long next = set(e).scan(cursor, Math.min(opts.count(), Long.MAX_VALUE / 10), m -> {
            if (match == null || Glob.matches(match, m, false)) {
                found.add(m);
            }
        });
        ScanArgs.reply(ctx.reply, next, found);
    }
}
