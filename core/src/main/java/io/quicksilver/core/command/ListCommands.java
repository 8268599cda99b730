package io.quicksilver.core.command;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.engine.type.ListValue;
import java.util.Arrays;

/**
 * The list commands of Redis 7.0 (t_list.c): LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN,
 * LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS, LMOVE, RPOPLPUSH, LMPOP and the blocking
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP.
 *
 * <p>Replies, errors and the order in which arguments are checked, keyspace events (the
 * command's own event, then "del" when the list became empty) and the dirty counter follow
 * Redis 7.0.15. Values are {@link ListValue} quicklists, created with the
 * list-max-listpack-size in force at the time.
 *
 * <p>Blocking: when no key named has data, a blocking command parks its client through
 * {@link Context#block} (nothing is written); the dispatcher re-runs the same handler when a
 * key receives data, in the order the clients blocked. Where the client cannot block (inside
 * MULTI/EXEC, an in-process client) it answers at once as on timeout. Timeout replies are the
 * null array in both protocols, BLMOVE and BRPOPLPUSH included (Redis's
 * replyToBlockedClientTimedOut); inside MULTI, BLMOVE and BRPOPLPUSH answer a null bulk.
 *
 * <p>Threading: stateless; handlers run under their keys' locks.
 */
public final class ListCommands implements CommandGroup {

    private static final String OUT_OF_RANGE_POSITIVE = "ERR value is out of range, must be positive";

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("lpush", ctx -> push(ctx, true, false));
        b.bind("rpush", ctx -> push(ctx, false, false));
        b.bind("lpushx", ctx -> push(ctx, true, true));
        b.bind("rpushx", ctx -> push(ctx, false, true));
        b.bind("lpop", ctx -> pop(ctx, true));
        b.bind("rpop", ctx -> pop(ctx, false));
        b.bind("llen", ListCommands::llen);
        b.bind("lrange", ListCommands::lrange);
        b.bind("lindex", ListCommands::lindex);
        b.bind("lset", ListCommands::lset);
        b.bind("linsert", ListCommands::linsert);
        b.bind("lrem", ListCommands::lrem);
        b.bind("ltrim", ListCommands::ltrim);
        b.bind("lpos", ListCommands::lpos);
        b.bind("lmove", ListCommands::lmove);
        b.bind("rpoplpush", ctx -> lmoveGeneric(ctx, false, true));
        b.bind("lmpop", ctx -> lmpopGeneric(ctx, 1, false));
        b.bind("blpop", ctx -> blockingPop(ctx, true));
        b.bind("brpop", ctx -> blockingPop(ctx, false));
        b.bind("blmove", ListCommands::blmove);
        b.bind("brpoplpush", ListCommands::brpoplpush);
        b.bind("blmpop", ctx -> lmpopGeneric(ctx, 2, true));
    }

    // ------------------------------------------------------------------ helpers

    /** The list of a live entry whose type was checked. */
    private static ListValue list(Entry e) {
        return (ListValue) e.value();
    }

    /** Creates {@code key}, found absent, as an empty list (Redis's dbAdd: fires "new"). */
    private static Entry create(Context ctx, byte[] key) {
        return ctx.db().add(key, new ListValue(ctx.engine().encodings().listMaxListpackSize, ctx.engine().slabs()), Entry.NO_EXPIRY);
    }

    /**
     * Records a change of a list: its event through {@link Context#changed} (WATCH, dirty,
     * notification), the rest of Redis's dirty count ({@code dirty} changes in all), then the
     * "del" event if the list became empty, in which case the key is deleted. The caller has
     * already told the database about the new size ({@link Database#resized}).
     *
     * @param ctx   the command
     * @param e     the list's entry
     * @param event the command's event ("lpop", "lrem", ...)
     * @param dirty how many changes Redis counts for it (server.dirty)
     */
    private static void changedList(Context ctx, Entry e, String event, long dirty) {
        byte[] key = e.key();
        ctx.changed(key, NotifyFlags.LIST, event);
        if (dirty != 1) {
            ctx.engine().stats().dirty.add(dirty - 1);
        }
        if (list(e).isEmpty()) {
            ctx.db().delete(key);
            // watchers were touched by the command's event: Redis only fires "del" here
            ctx.engine().notify(ctx.client.db, key, NotifyFlags.GENERIC, "del");
        }
    }

    /** Writes the element under the cursor as a bulk string, without copying a string. */
    private static void replyElement(Reply r, ListValue.Cursor c) {
        if (c.isInt()) {
            r.bulk(Args.bytes(c.intValue()));
        } else {
            r.bulk(c.buffer(), c.offset(), c.length());
        }
    }

    /**
     * Redis's addListRangeReply: the elements from {@code start} to {@code end} (inclusive,
     * negative counting from the tail, clamped), or in reverse order from {@code end} down to
     * {@code start}.
     *
     * @param r       the reply
     * @param l       the list
     * @param start   first index
     * @param end     last index
     * @param reverse emit from the end of the range towards its start (RPOP with a count)
     */
    private static void replyRange(Reply r, ListValue l, long start, long end, boolean reverse) {
        long llen = l.size();
        start = Args.rangeStart(start, llen);
        end = Args.rangeEnd(end, llen);
        if (start > end) {
            r.array(0);
            return;
        }
        long n = end - start + 1;
        r.array((int) n);
        ListValue.Cursor c = l.cursor(reverse ? end : start, !reverse);
        for (long i = 0; i < n && c.next(); i++) {
            replyElement(r, c);
        }
    }

    /** LEFT = head (true), RIGHT = tail (false); anything else is a syntax error. */
    private static boolean position(byte[] arg) {
        if (Args.is(arg, "right")) {
            return false;
        }
        if (Args.is(arg, "left")) {
            return true;
        }
        throw Errors.syntax();
    }

    // ------------------------------------------------------------------ pushes

    /**
     * LPUSH, RPUSH, LPUSHX, RPUSHX (pushGenericCommand): replies the new length; the X forms
     * answer 0 for a missing key and create nothing.
     *
     * @param ctx  args[1] key, args[2..] elements
     * @param head push at the head (L) or the tail (R)
     * @param xx   only if the key exists (the X forms)
     */
    private static void push(Context ctx, boolean head, boolean xx) {
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        Context.checkType(e, ValueType.LIST);
        if (e == null) {
            if (xx) {
                ctx.reply.integer(0);
                return;
            }
            e = create(ctx, key);
        }
        ListValue l = list(e);
        for (int j = 2; j < ctx.argc(); j++) {
            if (head) {
                l.pushHead(ctx.arg(j));
            } else {
                l.pushTail(ctx.arg(j));
            }
        }
        ctx.db().resized(e);
        for (int j = 2; j < ctx.argc(); j++) {
            ctx.reuse(ctx.arg(j)); // a list copies what it is given into its nodes
        }
        ctx.reply.integer(l.size());
        changedList(ctx, e, head ? "lpush" : "rpush", ctx.argc() - 2);
        ctx.signalReady(key);
    }

    // ------------------------------------------------------------------ pops

    /**
     * LPOP and RPOP (popGenericCommand). Without a count: the element or a null bulk. With a
     * count (checked first: "must be positive"): up to count elements, an empty array for count
     * 0 on an existing list, a null array for a missing key.
     */
    private static void pop(Context ctx, boolean head) {
        if (ctx.argc() > 3) {
            throw new CommandException(Errors.arity(ctx.spec.fullName()));
        }
        boolean hasCount = ctx.argc() == 3;
        long count = hasCount ? Args.longAtLeast(ctx.arg(2), 0, OUT_OF_RANGE_POSITIVE) : 0;
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            if (hasCount) {
                ctx.reply.nullArray();
            } else {
                ctx.reply.nullBulk();
            }
            return;
        }
        Context.checkType(e, ValueType.LIST);
        if (hasCount && count == 0) {
            ctx.reply.array(0);
            return;
        }
        ListValue l = list(e);
        if (!hasCount) {
            boolean popped = l.pop(head, new BulkSink(ctx.reply));
            assert popped : "an empty list is no longer a key";
            ctx.db().resized(e);
            changedList(ctx, e, head ? "lpop" : "rpop", 1);
        } else {
            long n = popRange(ctx.reply, l, head, count);
            ctx.db().resized(e);
            changedList(ctx, e, head ? "lpop" : "rpop", n);
        }
    }

    /**
     * Replies up to {@code count} elements from one end as an array (the tail's in reverse
     * order) and removes them. Returns how many.
     */
    private static long popRange(Reply r, ListValue l, boolean head, long count) {
        long n = Math.min(count, l.size());
        if (head) {
            replyRange(r, l, 0, n - 1, false);
            l.removeHead(n);
        } else {
            replyRange(r, l, -n, -1, true);
            l.removeTail(n);
        }
        return n;
    }

    /**
     * The multi-key pops' search: the first of {@code keys} holding a non-empty list, looked up
     * for writing in order (a key of another type met first is WRONGTYPE, as in Redis).
     *
     * @param ctx  the command
     * @param keys the candidate keys, in the client's order
     * @return the list's entry, or null when no key holds one
     */
    private static Entry firstNonEmpty(Context ctx, byte[][] keys) {
        for (byte[] key : keys) {
            Entry e = ctx.lookupWrite(key);
            if (e == null) {
                continue;
            }
            Context.checkType(e, ValueType.LIST);
            if (!list(e).isEmpty()) {
                return e;
            }
        }
        return null;
    }

    /**
     * LMPOP and BLMPOP (lmpopGenericCommand): numkeys, the keys, LEFT|RIGHT, optional COUNT.
     * Replies [key, [elements]] for the first non-empty list, or a null array.
     *
     * @param ctx        the command
     * @param numkeysIdx index of numkeys (1 for LMPOP, 2 for BLMPOP, whose timeout is at 1)
     * @param blocking   BLMPOP
     */
    private static void lmpopGeneric(Context ctx, int numkeysIdx, boolean blocking) {
        MpopArgs a = MpopArgs.parse(ctx, numkeysIdx, "left", "right");
        boolean head = !a.second();
        long count = a.count();
        long timeout = blocking ? ctx.timeoutArg(1) : 0;
        byte[][] keys = a.keys();
        Entry e = firstNonEmpty(ctx, keys);
        if (e != null) {
            ListValue l = list(e);
            ctx.reply.array(2);
            ctx.reply.bulk(e.key());
            long n = popRange(ctx.reply, l, head, count);
            ctx.db().resized(e);
            changedList(ctx, e, head ? "lpop" : "rpop", n);
            return;
        }
        if (!blocking || !ctx.canBlock()) {
            ctx.reply.nullArray();
            return;
        }
        ctx.block(keys, ValueType.LIST, timeout, Reply::nullArray);
    }

    /**
     * BLPOP and BRPOP (blockingPopGenericCommand): keys, then the timeout (checked first).
     * Pops from the first non-empty list and replies [key, element]; otherwise blocks.
     */
    private static void blockingPop(Context ctx, boolean head) {
        long timeout = ctx.timeoutArg(ctx.argc() - 1);
        byte[][] keys = Arrays.copyOfRange(ctx.args, 1, ctx.argc() - 1);
        Entry e = firstNonEmpty(ctx, keys);
        if (e != null) {
            ListValue l = list(e);
            byte[] v = l.pop(head);
            ctx.db().resized(e);
            ctx.reply.array(2);
            ctx.reply.bulk(e.key());
            ctx.reply.bulk(v);
            changedList(ctx, e, head ? "lpop" : "rpop", 1);
            return;
        }
        if (!ctx.canBlock()) {
            ctx.reply.nullArray();
            return;
        }
        ctx.block(keys, ValueType.LIST, timeout, Reply::nullArray);
    }

    // ------------------------------------------------------------------ moves

    private static void lmove(Context ctx) {
        boolean from = position(ctx.arg(3));
        boolean to = position(ctx.arg(4));
        lmoveGeneric(ctx, from, to);
    }

    /**
     * LMOVE and RPOPLPUSH (lmoveGenericCommand): pops from the source, pushes to the destination
     * (created if missing; it may be the source), replies the element, or a null bulk when the
     * source is missing. Events: "lpush"/"rpush" on the destination, then "lpop"/"rpop" on the
     * source, then "del" if the source became empty.
     *
     * @param ctx      args[1] source, args[2] destination
     * @param fromHead pop from the source's head (LEFT)
     * @param toHead   push at the destination's head (LEFT)
     */
    private static void lmoveGeneric(Context ctx, boolean fromHead, boolean toHead) {
        byte[] src = ctx.arg(1);
        byte[] dst = ctx.arg(2);
        Entry se = ctx.lookupWrite(src);
        if (se == null) {
            ctx.reply.nullBulk();
            return;
        }
        Context.checkType(se, ValueType.LIST);
        Entry de = ctx.lookupWrite(dst);
        Context.checkType(de, ValueType.LIST);
        ListValue sl = list(se);
        byte[] v = sl.pop(fromHead);
        if (de == null) {
            de = create(ctx, dst);
        }
        ListValue dl = list(de);
        if (toHead) {
            dl.pushHead(v);
        } else {
            dl.pushTail(v);
        }
        ctx.db().resized(se);
        if (de != se) {
            ctx.db().resized(de);
        }
        ctx.changed(dst, NotifyFlags.LIST, toHead ? "lpush" : "rpush");
        ctx.signalReady(dst);
        ctx.reply.bulk(v);
        // Redis counts one change for the move; the destination's event above counted it
        changedList(ctx, se, fromHead ? "lpop" : "rpop", 0);
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout. */
    private static void blmove(Context ctx) {
        boolean from = position(ctx.arg(3));
        boolean to = position(ctx.arg(4));
        long timeout = ctx.timeoutArg(5);
        blmoveGeneric(ctx, from, to, timeout);
    }

    /** BRPOPLPUSH source destination timeout. */
    private static void brpoplpush(Context ctx) {
        long timeout = ctx.timeoutArg(3);
        blmoveGeneric(ctx, false, true, timeout);
    }

    /**
     * blmoveGenericCommand: moves at once when the source exists; otherwise blocks on it (a
     * null bulk where the client cannot block).
     */
    private static void blmoveGeneric(Context ctx, boolean fromHead, boolean toHead, long timeout) {
        Entry se = ctx.lookupWrite(ctx.arg(1));
        Context.checkType(se, ValueType.LIST);
        if (se != null) {
            lmoveGeneric(ctx, fromHead, toHead);
            return;
        }
        if (!ctx.canBlock()) {
            ctx.reply.nullBulk();
            return;
        }
        ctx.block(new byte[][] {ctx.arg(1)}, ValueType.LIST, timeout, Reply::nullArray);
    }

    // ------------------------------------------------------------------ reads

    private static void llen(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.LIST);
        ctx.reply.integer(e == null ? 0 : list(e).size());
    }

    /** LRANGE key start stop: the indexes are parsed before the key is looked up. */
    private static void lrange(Context ctx) {
        long start = ctx.longArg(2);
        long end = ctx.longArg(3);
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ctx.reply.array(0);
            return;
        }
        Context.checkType(e, ValueType.LIST);
        replyRange(ctx.reply, list(e), start, end, false);
    }

    /** LINDEX key index: the key is looked up before the index is parsed, as Redis does. */
    private static void lindex(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        Context.checkType(e, ValueType.LIST);
        long index = ctx.longArg(2);
        ListValue.Cursor c = list(e).cursor(index, true);
        if (c.next()) {
            replyElement(ctx.reply, c);
        } else {
            ctx.reply.nullBulk();
        }
    }

    /**
     * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: options are checked before
     * the key is looked up. Without COUNT: the index or a null; with COUNT: an array (COUNT 0 =
     * every match). A negative RANK searches from the tail; the indexes are still from the head.
     */
    private static void lpos(Context ctx) {
        byte[] ele = ctx.arg(2);
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < ctx.argc(); j++) {
            boolean more = j + 1 < ctx.argc();
            if (ctx.is(j, "rank") && more) {
                rank = ctx.longArg(++j);
                if (rank == 0) {
                    throw new CommandException("ERR RANK can't be zero: use 1 to start from the first "
                            + "match, 2 from the second ... or use negative to start from the end of the list");
                }
            } else if (ctx.is(j, "count") && more) {
                count = Args.longAtLeast(ctx.arg(++j), 0, "ERR COUNT can't be negative");
            } else if (ctx.is(j, "maxlen") && more) {
                maxlen = Args.longAtLeast(ctx.arg(++j), 0, "ERR MAXLEN can't be negative");
            } else {
                throw Errors.syntax();
            }
        }
        boolean forward = true;
        if (rank < 0) {
            rank = -rank; // Long.MIN_VALUE stays negative, as in C: every match then qualifies
            forward = false;
        }
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            if (count != -1) {
                ctx.reply.array(0);
            } else {
                ctx.reply.nullBulk();
            }
            return;
        }
        Context.checkType(e, ValueType.LIST);
        ListValue l = list(e);
        long llen = l.size();
        ListValue.Cursor c = l.cursor(forward ? 0 : -1, forward);
        long index = 0;
        long matches = 0;
        long[] found = new long[count > 0 ? (int) Math.min(count, 16) : 16];
        int nfound = 0;
        while (c.next() && (maxlen == 0 || index < maxlen)) {
            if (c.matches(ele)) {
                matches++;
                if (matches >= rank) {
                    long at = forward ? index : llen - index - 1;
                    if (count == -1) {
                        ctx.reply.integer(at);
                        return;
                    }
                    if (nfound == found.length) {
                        found = Arrays.copyOf(found, nfound * 2);
                    }
                    found[nfound++] = at;
                    if (count != 0 && matches - rank + 1 >= count) {
                        break;
                    }
                }
            }
            index++;
        }
        if (count == -1) {
            ctx.reply.nullBulk();
            return;
        }
        ctx.reply.array(nfound);
        for (int i = 0; i < nfound; i++) {
            ctx.reply.integer(found[i]);
        }
    }

    // ------------------------------------------------------------------ edits

    /** LSET key index element: "no such key", WRONGTYPE, then the index, then its range. */
    private static void lset(Context ctx) {
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            throw new CommandException(Errors.NO_SUCH_KEY);
        }
        Context.checkType(e, ValueType.LIST);
        long index = ctx.longArg(2);
        ListValue l = list(e);
        if (!l.set(index, ctx.arg(3))) {
            throw new CommandException("ERR index out of range");
        }
        ctx.db().resized(e);
        ctx.reply.ok();
        ctx.changed(key, NotifyFlags.LIST, "lset");
    }

    /** LINSERT key BEFORE|AFTER pivot element: the new length, -1 without the pivot, 0 without the key. */
    private static void linsert(Context ctx) {
        boolean after;
        if (ctx.is(2, "after")) {
            after = true;
        } else if (ctx.is(2, "before")) {
            after = false;
        } else {
            throw Errors.syntax();
        }
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            ctx.reply.integer(0);
            return;
        }
        Context.checkType(e, ValueType.LIST);
        ListValue l = list(e);
        if (!l.insert(ctx.arg(3), ctx.arg(4), after)) {
            ctx.reply.integer(-1);
            return;
        }
        ctx.db().resized(e);
        ctx.changed(key, NotifyFlags.LIST, "linsert");
        ctx.signalReady(key);
        ctx.reply.integer(l.size());
    }

    /**
     * LREM key count element: count > 0 removes from the head, < 0 from the tail, 0 all. The
     * count is parsed before the key is looked up.
     */
    private static void lrem(Context ctx) {
        long toRemove = ctx.longArg(2);
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            ctx.reply.integer(0);
            return;
        }
        Context.checkType(e, ValueType.LIST);
        ListValue l = list(e);
        boolean fromTail = toRemove < 0;
        // -Long.MIN_VALUE overflows in C too: Redis then never reaches the limit and removes all
        long limit = fromTail ? (toRemove == Long.MIN_VALUE ? 0 : -toRemove) : toRemove;
        long removed = l.remove(ctx.arg(3), fromTail, limit);
        if (removed > 0) {
            ctx.db().resized(e);
            changedList(ctx, e, "lrem", removed);
        }
        ctx.reply.integer(removed);
    }

    /** LTRIM key start stop: keeps the range; an empty range deletes the key. Always "ltrim". */
    private static void ltrim(Context ctx) {
        long start = ctx.longArg(2);
        long end = ctx.longArg(3);
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            ctx.reply.ok();
            return;
        }
        Context.checkType(e, ValueType.LIST);
        ListValue l = list(e);
        long llen = l.size();
        start = Args.rangeStart(start, llen);
        end = Args.rangeEnd(end, llen);
        long ltrim;
        long rtrim;
        if (start > end) {
            ltrim = llen;
            rtrim = 0;
        } else {
            ltrim = start;
            rtrim = llen - end - 1;
        }
        l.removeHead(ltrim);
        l.removeTail(rtrim);
        ctx.db().resized(e);
        changedList(ctx, e, "ltrim", ltrim + rtrim);
        ctx.reply.ok();
    }
}
