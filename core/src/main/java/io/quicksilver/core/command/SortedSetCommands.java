package io.quicksilver.core.command;

import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.EncodingConfig;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.engine.type.SetValue;
import io.quicksilver.core.engine.type.ZScore;
import io.quicksilver.core.engine.type.ZSetValue;
import io.quicksilver.core.util.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sorted-set commands of Redis 7.0 (t_zset.c): ZADD/ZINCRBY with their options, ZREM, the
 * ZRANGE family (by rank, score and lex, reversed, LIMIT, WITHSCORES, ZRANGESTORE), counts,
 * ranks and scores, range removals, ZPOPMIN/ZPOPMAX/ZMPOP and their blocking forms, ZRANDMEMBER,
 * ZUNION/ZINTER/ZDIFF (and STORE, ZINTERCARD) over sorted sets and sets, ZSCAN.
 *
 * <p>Replies, errors and their order, keyspace events, the dirty counter and the RESP3 shapes
 * follow Redis 7.0.15. Scores are written with {@link Reply#doubleValue} (a bulk string in
 * RESP2, a double in RESP3), except in ZSCAN which answers text as Redis does.
 *
 * <p>Threading: handlers run under the segment locks of the keys they name; the group has no
 * state of its own.
 */
public final class SortedSetCommands implements CommandGroup {
    private static final String NAN_RESULT = "ERR resulting score is not a number (NaN)";
    private static final String NOT_FLOAT_RANGE = "ERR min or max is not a float";
    private static final String NOT_LEX_RANGE = "ERR min or max not valid string range item";
    private static final String OUT_OF_RANGE = "ERR value is out of range";

    private enum RangeType { AUTO, RANK, SCORE, LEX }

    private enum Direction { AUTO, FORWARD, REVERSE }

    private enum SetOp { UNION, INTER, DIFF }

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("zadd", ctx -> zaddGeneric(ctx, 0));
        b.bind("zincrby", ctx -> zaddGeneric(ctx, ZSetValue.IN_INCR));
        b.bind("zrem", this::zrem);
        b.bind("zcard", this::zcard);
        b.bind("zscore", this::zscore);
        b.bind("zmscore", this::zmscore);
        b.bind("zrank", ctx -> zrankGeneric(ctx, false));
        b.bind("zrevrank", ctx -> zrankGeneric(ctx, true));
        b.bind("zcount", this::zcount);
        b.bind("zlexcount", this::zlexcount);
        b.bind("zrange", ctx -> zrangeGeneric(ctx, 1, false, RangeType.AUTO, Direction.AUTO));
        b.bind("zrangestore", ctx -> zrangeGeneric(ctx, 2, true, RangeType.AUTO, Direction.AUTO));
        b.bind("zrevrange", ctx -> zrangeGeneric(ctx, 1, false, RangeType.RANK, Direction.REVERSE));
        b.bind("zrangebyscore", ctx -> zrangeGeneric(ctx, 1, false, RangeType.SCORE, Direction.FORWARD));
        b.bind("zrevrangebyscore", ctx -> zrangeGeneric(ctx, 1, false, RangeType.SCORE, Direction.REVERSE));
        b.bind("zrangebylex", ctx -> zrangeGeneric(ctx, 1, false, RangeType.LEX, Direction.FORWARD));
        b.bind("zrevrangebylex", ctx -> zrangeGeneric(ctx, 1, false, RangeType.LEX, Direction.REVERSE));
        b.bind("zremrangebyrank", ctx -> zremrangeGeneric(ctx, RangeType.RANK));
        b.bind("zremrangebyscore", ctx -> zremrangeGeneric(ctx, RangeType.SCORE));
        b.bind("zremrangebylex", ctx -> zremrangeGeneric(ctx, RangeType.LEX));
        b.bind("zpopmin", ctx -> zpopMinMax(ctx, false));
        b.bind("zpopmax", ctx -> zpopMinMax(ctx, true));
        b.bind("bzpopmin", ctx -> bzpop(ctx, false));
        b.bind("bzpopmax", ctx -> bzpop(ctx, true));
        b.bind("zmpop", ctx -> zmpopGeneric(ctx, 1, false));
        b.bind("bzmpop", ctx -> zmpopGeneric(ctx, 2, true));
        b.bind("zrandmember", this::zrandmember);
        b.bind("zunion", ctx -> setOpGeneric(ctx, null, 1, SetOp.UNION, false));
        b.bind("zinter", ctx -> setOpGeneric(ctx, null, 1, SetOp.INTER, false));
        b.bind("zdiff", ctx -> setOpGeneric(ctx, null, 1, SetOp.DIFF, false));
        b.bind("zintercard", ctx -> setOpGeneric(ctx, null, 1, SetOp.INTER, true));
        b.bind("zunionstore", ctx -> setOpGeneric(ctx, ctx.arg(1), 2, SetOp.UNION, false));
        b.bind("zinterstore", ctx -> setOpGeneric(ctx, ctx.arg(1), 2, SetOp.INTER, false));
        b.bind("zdiffstore", ctx -> setOpGeneric(ctx, ctx.arg(1), 2, SetOp.DIFF, false));
        b.bind("zscan", this::zscan);
        b.members(-1, "zadd", "zincrby"); // ZADD's last member; ZINCRBY key increment member
        b.members(2, "zrem", "zscore", "zmscore", "zrank", "zrevrank");
    }

    // ------------------------------------------------------------------ shared helpers

    /** The sorted set of an entry already type-checked, or null for a missing key. */
    private static ZSetValue zset(Entry e) {
        return e == null ? null : (ZSetValue) e.value();
    }

    /** Adds {@code n - 1} to the dirty counter: {@link Context#changed} counted one. */
    private static void dirtyMore(Context ctx, long n) {
        if (n > 1) {
            ctx.engine().stats().dirty.add(n - 1);
        }
    }

    /**
     * After an in-place change: deletes the key when the set became empty (returns true), else
     * tells the database the value's new size.
     */
    private static boolean settle(Context ctx, byte[] key, Entry e, ZSetValue z) {
        if (z.size() == 0) {
            ctx.db().delete(key);
            return true;
        }
        ctx.db().resized(e);
        return false;
    }

    /** Fires "del" for a key a command emptied (no dirty count, watchers already touched). */
    private static void firedDel(Context ctx, byte[] key) {
        ctx.engine().notify(ctx.client.db, key, NotifyFlags.GENERIC, "del");
    }

    private static double parseScoreArg(byte[] arg, String error) {
        double v = ZScore.parseStrict(arg);
        if (Double.isNaN(v)) {
            throw new CommandException(error);
        }
        return v;
    }

    /**
     * One end of a score range (zslParseRange): "(" makes it exclusive; the rest goes through
     * strtod, which must stop at the end of the argument (or at a NUL byte, as C sees it), and
     * must not give NaN.
     *
     * @param arg the argument
     * @param out {@code out[0]} receives the value
     * @return true when exclusive
     */
    private static boolean parseRangeItem(byte[] arg, double[] out) {
        boolean ex = arg.length > 0 && arg[0] == '(';
        int off = ex ? 1 : 0;
        int[] end = new int[2];
        double v = ZScore.strtod(arg, off, arg.length - off, end);
        int stop = off + end[0];
        if ((stop != arg.length && arg[stop] != 0) || Double.isNaN(v)) {
            throw new CommandException(NOT_FLOAT_RANGE);
        }
        out[0] = v;
        return ex;
    }

    static ZSetValue.ScoreRange parseScoreRange(byte[] min, byte[] max) {
        double[] v = new double[1];
        boolean minEx = parseRangeItem(min, v);
        double lo = v[0];
        boolean maxEx = parseRangeItem(max, v);
        return new ZSetValue.ScoreRange(lo, minEx, v[0], maxEx);
    }

    /** One end of a lex range (zslParseLexRangeItem): "+", "-", "(bytes" or "[bytes". */
    private static byte[] parseLexItem(byte[] arg, boolean[] ex) {
        if (arg.length == 0) {
            throw new CommandException(NOT_LEX_RANGE);
        }
        switch (arg[0]) {
            case '+':
                if (arg.length > 1 && arg[1] != 0) {
                    throw new CommandException(NOT_LEX_RANGE);
                }
                ex[0] = true;
                return ZSetValue.LEX_MAX;
            case '-':
                if (arg.length > 1 && arg[1] != 0) {
                    throw new CommandException(NOT_LEX_RANGE);
                }
                ex[0] = true;
                return ZSetValue.LEX_MIN;
            case '(':
                ex[0] = true;
                return Arrays.copyOfRange(arg, 1, arg.length);
            case '[':
                ex[0] = false;
                return Arrays.copyOfRange(arg, 1, arg.length);
            default:
                throw new CommandException(NOT_LEX_RANGE);
        }
    }

    static ZSetValue.LexRange parseLexRange(byte[] min, byte[] max) {
        boolean[] ex = new boolean[1];
        byte[] lo = parseLexItem(min, ex);
        boolean minEx = ex[0];
        byte[] hi = parseLexItem(max, ex);
        return new ZSetValue.LexRange(lo, minEx, hi, ex[0]);
    }

    /** Writes one (member, score) element of a WITHSCORES reply in the client's protocol. */
    private static void replyPair(Reply r, byte[] buf, int off, int len, double score, boolean withScores) {
        if (withScores && r.protocol() > 2) {
            r.array(2);
        }
        r.bulk(buf, off, len);
        if (withScores) {
            r.doubleValue(score);
        }
    }

    /** Array length of a reply of {@code n} elements, flat in RESP2 when WITHSCORES. */
    private static int replyLength(Reply r, long n, boolean withScores) {
        long len = withScores && r.protocol() == 2 ? n * 2 : n;
        if (len > Integer.MAX_VALUE) {
            throw new CommandException(OUT_OF_RANGE);
        }
        return (int) len;
    }

    // ------------------------------------------------------------------ ZADD, ZINCRBY, ZREM

    /**
     * ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] and ZINCRBY key
     * increment member (zaddGenericCommand). Options are read while they match (in any order),
     * then score/member pairs; every score is parsed before the key is touched.
     *
     * @param ctx   the command
     * @param flags {@link ZSetValue#IN_INCR} for ZINCRBY, else 0
     */
    private void zaddGeneric(Context ctx, int flags) {
        byte[] key = ctx.arg(1);
        boolean ch = false;
        int idx = 2;
        while (idx < ctx.argc()) {
            if (ctx.is(idx, "nx")) {
                flags |= ZSetValue.IN_NX;
            } else if (ctx.is(idx, "xx")) {
                flags |= ZSetValue.IN_XX;
            } else if (ctx.is(idx, "ch")) {
                ch = true;
            } else if (ctx.is(idx, "incr")) {
                flags |= ZSetValue.IN_INCR;
            } else if (ctx.is(idx, "gt")) {
                flags |= ZSetValue.IN_GT;
            } else if (ctx.is(idx, "lt")) {
                flags |= ZSetValue.IN_LT;
            } else {
                break;
            }
            idx++;
        }
        boolean incr = (flags & ZSetValue.IN_INCR) != 0;
        boolean nx = (flags & ZSetValue.IN_NX) != 0;
        boolean xx = (flags & ZSetValue.IN_XX) != 0;
        boolean gt = (flags & ZSetValue.IN_GT) != 0;
        boolean lt = (flags & ZSetValue.IN_LT) != 0;
        int elements = ctx.argc() - idx;
        if (elements % 2 != 0 || elements == 0) {
            throw Errors.syntax();
        }
        elements /= 2;
        if (nx && xx) {
            throw new CommandException("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new CommandException("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = parseScoreArg(ctx.arg(idx + j * 2), Errors.NOT_FLOAT);
        }
        Database db = ctx.db();
        Entry e = ctx.lookupWrite(key);
        Context.checkType(e, ValueType.ZSET);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        if (e == null && xx) {
            replyZadd(ctx, incr, ch, processed, score, added, updated);
            return;
        }
        if (e == null) {
            e = db.add(key, new ZSetValue(), Entry.NO_EXPIRY);
        }
        ZSetValue z = zset(e);
        EncodingConfig cfg = ctx.engine().encodings();
        double[] newScore = new double[1];
        for (int j = 0; j < elements; j++) {
            int out = z.add(ctx.arg(idx + 1 + j * 2), scores[j], flags, newScore, cfg);
            if (out == ZSetValue.OUT_NAN) {
                // only an INCR on an existing member gets here: nothing was changed
                ctx.db().resized(e);
                throw new CommandException(NAN_RESULT);
            }
            if ((out & ZSetValue.OUT_ADDED) != 0) {
                added++;
            }
            if ((out & ZSetValue.OUT_UPDATED) != 0) {
                updated++;
            }
            if ((out & ZSetValue.OUT_NOP) == 0) {
                processed++;
                score = newScore[0];
            }
        }
        db.resized(e);
        if (added + updated > 0) {
            ctx.changed(key, NotifyFlags.ZSET, incr ? "zincr" : "zadd");
            dirtyMore(ctx, added + updated);
        }
        if (added > 0) {
            ctx.signalReady(key);
        }
        replyZadd(ctx, incr, ch, processed, score, added, updated);
    }

    private static void replyZadd(Context ctx, boolean incr, boolean ch, int processed, double score,
            int added, int updated) {
        if (incr) {
            if (processed > 0) {
                ctx.reply.doubleValue(score);
            } else {
                ctx.reply.nullBulk();
            }
        } else {
            ctx.reply.integer(ch ? added + updated : added);
        }
    }

    /** ZREM key member [member ...]: stops early once the set is empty (and deleted). */
    private void zrem(Context ctx) {
        byte[] key = ctx.arg(1);
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            ctx.reply.integer(0);
            return;
        }
        Context.checkType(e, ValueType.ZSET);
        ZSetValue z = zset(e);
        long deleted = 0;
        for (int j = 2; j < ctx.argc(); j++) {
            if (z.remove(ctx.arg(j))) {
                deleted++;
            }
            if (z.size() == 0) {
                break;
            }
        }
        boolean removed = settle(ctx, key, e, z);
        if (deleted > 0) {
            ctx.changed(key, NotifyFlags.ZSET, "zrem");
            dirtyMore(ctx, deleted);
            if (removed) {
                firedDel(ctx, key);
            }
        }
        ctx.reply.integer(deleted);
    }

    // ------------------------------------------------------------------ reads of one member

    private void zcard(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.ZSET);
        ctx.reply.integer(e == null ? 0 : zset(e).size());
    }

    private void zscore(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.ZSET);
        double s = e == null ? Double.NaN : zset(e).score(ctx.arg(2));
        if (Double.isNaN(s)) {
            ctx.reply.nullBulk();
        } else {
            ctx.reply.doubleValue(s);
        }
    }

    /** ZMSCORE key member [member ...]: a missing key is an empty set. */
    private void zmscore(Context ctx) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.ZSET);
        ZSetValue z = zset(e);
        ctx.reply.array(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) {
            double s = z == null ? Double.NaN : z.score(ctx.arg(j));
            if (Double.isNaN(s)) {
                ctx.reply.nullBulk();
            } else {
                ctx.reply.doubleValue(s);
            }
        }
    }

    private void zrankGeneric(Context ctx, boolean reverse) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        Context.checkType(e, ValueType.ZSET);
        long rank = zset(e).rank(ctx.arg(2), reverse);
        if (rank >= 0) {
            ctx.reply.integer(rank);
        } else {
            ctx.reply.nullBulk();
        }
    }

    // ------------------------------------------------------------------ counts

    /**
     * How many members are in {@code r}: in the compact encoding a walk from the first member
     * in range while members stay at or below max (as on a listpack), in the skiplist the
     * difference of the ranks of the first and last members in range (O(log N)).
     */
    private static long countInRange(ZSetValue z, ZSetValue.Range r) {
        long first = z.firstInRange(r);
        if (first < 0) {
            return 0;
        }
        if (z.isCompact()) {
            long[] n = {0};
            z.walk(first, false, (b, o, l, s) -> {
                if (!r.lteMax(b, o, l, s)) {
                    return false;
                }
                n[0]++;
                return true;
            });
            return n[0];
        }
        long len = z.size();
        long count = len - first;
        long last = z.lastInRange(r);
        if (last >= 0) {
            count -= len - 1 - last;
        }
        return count;
    }

    private void zcount(Context ctx) {
        ZSetValue.ScoreRange r = parseScoreRange(ctx.arg(2), ctx.arg(3));
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.ZSET);
        ctx.reply.integer(e == null ? 0 : countInRange(zset(e), r));
    }

    private void zlexcount(Context ctx) {
        ZSetValue.LexRange r = parseLexRange(ctx.arg(2), ctx.arg(3));
        Entry e = ctx.lookupRead(ctx.arg(1));
        Context.checkType(e, ValueType.ZSET);
        ctx.reply.integer(e == null ? 0 : countInRange(zset(e), r));
    }

    // ------------------------------------------------------------------ ZRANGE family

    /** Where a range result goes: to the client, or collected for ZRANGESTORE. */
    private static final class RangeResult {
        final Context ctx;
        final boolean store;
        final boolean withScores;
        final List<byte[]> members = new ArrayList<>();
        double[] scores = new double[16];

        RangeResult(Context ctx, boolean store, boolean withScores) {
            this.ctx = ctx;
            this.store = store;
            this.withScores = withScores;
        }

        /** Emits {@code n} members walking from {@code rank}. */
        void emit(ZSetValue z, long rank, boolean reverse, long n) {
            if (!store) {
                Reply r = ctx.reply;
                r.array(replyLength(r, n, withScores));
                if (n == 0) {
                    return;
                }
                long[] left = {n};
                z.walk(rank, reverse, (b, o, l, s) -> {
                    replyPair(r, b, o, l, s, withScores);
                    return --left[0] > 0;
                });
                return;
            }
            if (n == 0) {
                return;
            }
            long[] left = {n};
            z.walk(rank, reverse, (b, o, l, s) -> {
                int i = members.size();
                if (i == scores.length) {
                    scores = Arrays.copyOf(scores, i * 2);
                }
                members.add(Arrays.copyOfRange(b, o, o + l));
                scores[i] = s;
                return --left[0] > 0;
            });
        }

        /** ZRANGESTORE's end (zrangeResultFinalizeStore), or an empty reply to the client. */
        void finish(byte[] dst) {
            if (!store) {
                return;
            }
            int n = members.size();
            Database db = ctx.db();
            if (n > 0) {
                // Redis adds the results one by one to a new listpack, which converts when it
                // would pass the thresholds: the members added before that went through the
                // listpack, which keeps -0 as the integer 0
                EncodingConfig cfg = ctx.engine().encodings();
                for (int i = 0; i < n; i++) {
                    if (i + 1 > cfg.zsetMaxListpackEntries || members.get(i).length > cfg.zsetMaxListpackValue) {
                        break;
                    }
                    if (scores[i] == 0) {
                        scores[i] = 0.0;
                    }
                }
                ZSetValue v = ZSetValue.build(members.toArray(new byte[0][]), scores, n, cfg);
                db.set(dst, v, false);
                ctx.reply.integer(n);
                ctx.changed(dst, NotifyFlags.ZSET, "zrangestore");
                ctx.signalReady(dst);
            } else {
                ctx.reply.integer(0);
                if (db.delete(dst)) {
                    ctx.changed(dst, NotifyFlags.GENERIC, "del");
                }
            }
        }

        void empty(byte[] dst) {
            if (store) {
                finish(dst);
            } else {
                ctx.reply.array(0);
            }
        }
    }

    /**
     * ZRANGE, ZRANGESTORE and the older Z[REV]RANGE[BYSCORE|BYLEX] (zrangeGenericCommand).
     *
     * @param ctx        the command
     * @param argStart   index of the source key (1, or 2 for ZRANGESTORE)
     * @param store      true for ZRANGESTORE (the destination is argument 1)
     * @param rangeType  AUTO (ZRANGE: BYSCORE/BYLEX allowed) or the fixed type
     * @param direction  AUTO (REV allowed) or the fixed direction
     */
    private void zrangeGeneric(Context ctx, int argStart, boolean store, RangeType rangeType,
            Direction direction) {
        byte[] key = ctx.arg(argStart);
        int minIdx = argStart + 1;
        int maxIdx = argStart + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = argStart + 3; j < ctx.argc(); j++) {
            int left = ctx.argc() - j - 1;
            if (!store && ctx.is(j, "withscores")) {
                withScores = true;
            } else if (ctx.is(j, "limit") && left >= 2) {
                offset = ctx.longArg(j + 1);
                limit = ctx.longArg(j + 2);
                j += 2;
            } else if (direction == Direction.AUTO && ctx.is(j, "rev")) {
                direction = Direction.REVERSE;
            } else if (rangeType == RangeType.AUTO && ctx.is(j, "bylex")) {
                rangeType = RangeType.LEX;
            } else if (rangeType == RangeType.AUTO && ctx.is(j, "byscore")) {
                rangeType = RangeType.SCORE;
            } else {
                throw Errors.syntax();
            }
        }
        if (direction == Direction.AUTO) {
            direction = Direction.FORWARD;
        }
        if (rangeType == RangeType.AUTO) {
            rangeType = RangeType.RANK;
        }
        if (limit != -1 && rangeType == RangeType.RANK) {
            throw new CommandException(
                    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && rangeType == RangeType.LEX) {
            throw new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        boolean reverse = direction == Direction.REVERSE;
        if (reverse && rangeType != RangeType.RANK) {
            int t = maxIdx;
            maxIdx = minIdx;
            minIdx = t;
        }
        long start = 0;
        long end = 0;
        ZSetValue.Range range = null;
        switch (rangeType) {
            case SCORE -> range = parseScoreRange(ctx.arg(minIdx), ctx.arg(maxIdx));
            case LEX -> range = parseLexRange(ctx.arg(minIdx), ctx.arg(maxIdx));
            default -> {
                start = ctx.longArg(minIdx);
                end = ctx.longArg(maxIdx);
            }
        }
        RangeResult out = new RangeResult(ctx, store, withScores || store);
        byte[] dst = store ? ctx.arg(1) : null;
        Entry e = ctx.lookupRead(key);
        if (e == null) {
            out.empty(dst);
            return;
        }
        Context.checkType(e, ValueType.ZSET);
        ZSetValue z = zset(e);
        if (rangeType == RangeType.RANK) {
            long llen = z.size();
            start = Args.rangeStart(start, llen);
            end = Args.rangeEnd(end, llen);
            if (start > end) {
                out.empty(dst);
                return;
            }
            out.emit(z, reverse ? llen - 1 - start : start, reverse, end - start + 1);
        } else {
            rangeByOrder(z, range, offset, limit, reverse, out, rangeType == RangeType.SCORE);
        }
        out.finish(dst);
    }

    /**
     * genericZrangebyscoreCommand / genericZrangebylexCommand: from the first (or, reversed,
     * the last) member in range, skip {@code offset} members, then take members while they stay
     * in range, at most {@code limit} (negative: no limit). A negative offset walks off the end
     * in Redis, so it yields nothing.
     */
    private static void rangeByOrder(ZSetValue z, ZSetValue.Range r, long offset, long limit,
            boolean reverse, RangeResult out, boolean byScore) {
        if (byScore && offset > 0 && offset >= z.size()) {
            out.emit(z, 0, false, 0);
            return;
        }
        long first = reverse ? z.lastInRange(r) : z.firstInRange(r);
        if (first < 0 || offset < 0) {
            out.emit(z, 0, false, 0);
            return;
        }
        long startRank = reverse ? first - offset : first + offset;
        if (startRank < 0 || startRank >= z.size() || limit == 0) {
            out.emit(z, 0, false, 0);
            return;
        }
        long[] n = {0};
        z.walk(startRank, reverse, (b, o, l, s) -> {
            boolean in = reverse ? r.gteMin(b, o, l, s) : r.lteMax(b, o, l, s);
            if (!in) {
                return false;
            }
            n[0]++;
            return limit < 0 || n[0] < limit;
        });
        out.emit(z, startRank, reverse, n[0]);
    }

    // ------------------------------------------------------------------ range removals

    /** ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX (zremrangeGenericCommand). */
    private void zremrangeGeneric(Context ctx, RangeType type) {
        byte[] key = ctx.arg(1);
        long start = 0;
        long end = 0;
        ZSetValue.Range range = null;
        String event;
        switch (type) {
            case RANK -> {
                event = "zremrangebyrank";
                start = ctx.longArg(2);
                end = ctx.longArg(3);
            }
            case SCORE -> {
                event = "zremrangebyscore";
                range = parseScoreRange(ctx.arg(2), ctx.arg(3));
            }
            default -> {
                event = "zremrangebylex";
                range = parseLexRange(ctx.arg(2), ctx.arg(3));
            }
        }
        Entry e = ctx.lookupWrite(key);
        if (e == null) {
            ctx.reply.integer(0);
            return;
        }
        Context.checkType(e, ValueType.ZSET);
        ZSetValue z = zset(e);
        if (type == RangeType.RANK) {
            long llen = z.size();
            start = Args.rangeStart(start, llen);
            end = Args.rangeEnd(end, llen);
            if (start > end) {
                ctx.reply.integer(0);
                return;
            }
        } else {
            start = z.firstInRange(range);
            if (start < 0) {
                ctx.reply.integer(0);
                return;
            }
            ZSetValue.Range r = range;
            long[] n = {0};
            z.walk(start, false, (b, o, l, s) -> {
                if (!r.lteMax(b, o, l, s)) {
                    return false;
                }
                n[0]++;
                return true;
            });
            end = start + n[0] - 1;
        }
        long deleted = z.removeRange(start, end);
        boolean removed = settle(ctx, key, e, z);
        if (deleted > 0) {
            ctx.changed(key, NotifyFlags.ZSET, event);
            dirtyMore(ctx, deleted);
            if (removed) {
                firedDel(ctx, key);
            }
        }
        ctx.reply.integer(deleted);
    }

    // ------------------------------------------------------------------ pops

    /**
     * genericZpopCommand: pops from the first of {@code keys} that exists.
     *
     * @param ctx          the command
     * @param keys         candidate keys, in order; the first existing one must be a sorted set
     * @param max          pop the highest scores (else the lowest)
     * @param emitKey      name the key in the reply (BZPOP*, ZMPOP)
     * @param count        how many, or -1 for the single-pop form
     * @param nested       [member, score] pairs as arrays (ZMPOP; ZPOP* with a count in RESP3)
     * @param nilWhenEmpty answer a null array (ZMPOP) instead of an empty array when no key exists
     */
    private static void genericZpop(Context ctx, byte[][] keys, boolean max, boolean emitKey, long count,
            boolean nested, boolean nilWhenEmpty) {
        Entry e = null;
        byte[] key = null;
        for (byte[] k : keys) {
            e = ctx.lookupWrite(k);
            if (e == null) {
                continue;
            }
            Context.checkType(e, ValueType.ZSET);
            key = k;
            break;
        }
        Reply r = ctx.reply;
        if (e == null) {
            if (nilWhenEmpty) {
                r.nullArray();
            } else {
                r.array(0);
            }
            return;
        }
        if (count == 0) {
            r.array(0);
            return;
        }
        if (count == -1) {
            count = 1;
        }
        ZSetValue z = zset(e);
        long llen = z.size();
        int rangelen = (int) Math.min(count, llen);
        byte[][] members = new byte[rangelen][];
        double[] scores = new double[rangelen];
        int[] i = {0};
        z.walk(max ? llen - 1 : 0, max, (b, o, l, s) -> {
            members[i[0]] = Arrays.copyOfRange(b, o, o + l);
            scores[i[0]] = s;
            return ++i[0] < rangelen;
        });
        if (max) {
            z.removeRange(llen - rangelen, llen - 1);
        } else {
            z.removeRange(0, rangelen - 1);
        }
        boolean removed = settle(ctx, key, e, z);
        ctx.changed(key, NotifyFlags.ZSET, max ? "zpopmax" : "zpopmin");
        dirtyMore(ctx, rangelen);
        if (removed) {
            firedDel(ctx, key);
        }
        if (!nested && !emitKey) {
            r.array(rangelen * 2);
        } else if (nested && !emitKey) {
            r.array(rangelen);
        } else if (!nested) {
            r.array(rangelen * 2 + 1);
            r.bulk(key);
        } else {
            r.array(2);
            r.bulk(key);
            r.array(rangelen);
        }
        for (int j = 0; j < rangelen; j++) {
            if (nested) {
                r.array(2);
            }
            r.bulk(members[j]);
            r.doubleValue(scores[j]);
        }
    }

    /** ZPOPMIN / ZPOPMAX key [count]. */
    private void zpopMinMax(Context ctx, boolean max) {
        if (ctx.argc() > 3) {
            throw Errors.syntax();
        }
        long count = -1;
        if (ctx.argc() == 3) {
            count = Args.longAtLeast(ctx.arg(2), 0, "ERR value is out of range, must be positive");
        }
        boolean nested = ctx.reply.protocol() > 2 && count != -1;
        genericZpop(ctx, new byte[][] {ctx.arg(1)}, max, false, count, nested, false);
    }

    /**
     * blockingGenericZpopCommand: pops from the first non-empty key, else blocks (or, where the
     * client may not block, answers a null array at once).
     */
    private static void blockingZpop(Context ctx, byte[][] keys, boolean max, int timeoutIdx, long count,
            boolean nested, boolean nilWhenEmpty) {
        long timeout = ctx.timeoutArg(timeoutIdx);
        for (byte[] k : keys) {
            Entry e = ctx.lookupWrite(k);
            if (e == null) {
                continue;
            }
            Context.checkType(e, ValueType.ZSET);
            if (zset(e).size() == 0) {
                continue;
            }
            genericZpop(ctx, new byte[][] {k}, max, true, count, nested, nilWhenEmpty);
            return;
        }
        if (!ctx.canBlock()) {
            ctx.reply.nullArray();
            return;
        }
        ctx.block(keys, ValueType.ZSET, timeout, Reply::nullArray);
    }

    /** BZPOPMIN / BZPOPMAX key [key ...] timeout. */
    private void bzpop(Context ctx, boolean max) {
        byte[][] keys = Arrays.copyOfRange(ctx.args, 1, ctx.argc() - 1);
        blockingZpop(ctx, keys, max, ctx.argc() - 1, -1, false, false);
    }

    /**
     * ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] and BZMPOP timeout numkeys ...
     * (zmpopGenericCommand).
     *
     * @param numKeysIdx where numkeys is (1, or 2 for BZMPOP)
     * @param block      true for BZMPOP
     */
    private void zmpopGeneric(Context ctx, int numKeysIdx, boolean block) {
        MpopArgs a = MpopArgs.parse(ctx, numKeysIdx, "min", "max");
        if (block) {
            blockingZpop(ctx, a.keys(), a.second(), 1, a.count(), true, true);
        } else {
            genericZpop(ctx, a.keys(), a.second(), true, a.count(), true, true);
        }
    }

    // ------------------------------------------------------------------ ZRANDMEMBER

    /** ZRANDMEMBER key [count [WITHSCORES]]. */
    private void zrandmember(Context ctx) {
        if (ctx.argc() >= 3) {
            long l = ctx.longArg(2);
            if (l == Long.MIN_VALUE) {
                throw new CommandException("ERR value is out of range, value must between "
                        + -Long.MAX_VALUE + " and " + Long.MAX_VALUE);
            }
            boolean withScores = false;
            if (ctx.argc() > 4 || (ctx.argc() == 4 && !ctx.is(3, "withscores"))) {
                throw Errors.syntax();
            } else if (ctx.argc() == 4) {
                withScores = true;
                if (l < -Long.MAX_VALUE / 2) {
                    throw new CommandException(OUT_OF_RANGE);
                }
            }
            zrandmemberWithCount(ctx, l, withScores);
            return;
        }
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ctx.reply.nullBulk();
            return;
        }
        Context.checkType(e, ValueType.ZSET);
        zset(e).random((b, o, l, s) -> {
            ctx.reply.bulk(b, o, l);
            return false;
        });
    }

    /**
     * zrandmemberWithCountCommand: a negative count draws with repetition; a positive one
     * returns distinct members (the whole set, highest score first, when the count covers it).
     */
    private static void zrandmemberWithCount(Context ctx, long l, boolean withScores) {
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ctx.reply.array(0);
            return;
        }
        Context.checkType(e, ValueType.ZSET);
        ZSetValue z = zset(e);
        long size = z.size();
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        Reply r = ctx.reply;
        if (count == 0) {
            r.array(0);
            return;
        }
        if (!uniq || count == 1) {
            r.array(replyLength(r, count, withScores));
            for (long i = 0; i < count; i++) {
                z.random((b, o, len, s) -> {
                    replyPair(r, b, o, len, s, withScores);
                    return false;
                });
            }
            return;
        }
        if (count >= size) {
            r.array(replyLength(r, size, withScores));
            z.walk(size - 1, true, (b, o, len, s) -> {
                replyPair(r, b, o, len, s, withScores);
                return true;
            });
            return;
        }
        // distinct ranks, chosen uniformly (Floyd's algorithm), answered in the order drawn
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        java.util.LinkedHashSet<Long> picked = new java.util.LinkedHashSet<>();
        for (long j = size - count; j < size; j++) {
            long t = rnd.nextLong(j + 1);
            if (!picked.add(t)) {
                picked.add(j);
            }
        }
        r.array(replyLength(r, count, withScores));
        for (long rank : picked) {
            z.walk(rank, false, (b, o, len, s) -> {
                replyPair(r, b, o, len, s, withScores);
                return false;
            });
        }
    }

    // ------------------------------------------------------------------ ZUNION / ZINTER / ZDIFF

    /** An input of ZUNION & co: a sorted set, or a set whose members all score 1. */
    private interface Source {
        long size();

        /** Visits every member with its score (1 for a set member). */
        void forEach(ZSetValue.Visitor v);

        /** The score of {@code member}, or NaN when absent. */
        double find(byte[] member);

        /** The stored value, to recognise the same key given twice. */
        Object identity();
    }

    private record ZSource(ZSetValue z) implements Source {
        @Override
        public long size() {
            return z.size();
        }

        @Override
        public void forEach(ZSetValue.Visitor v) {
            z.forEach(v);
        }

        @Override
        public double find(byte[] member) {
            return z.score(member);
        }

        @Override
        public Object identity() {
            return z;
        }
    }

    private static final Source EMPTY_SOURCE = new Source() {
        @Override
        public long size() {
            return 0;
        }

        @Override
        public void forEach(ZSetValue.Visitor v) {
        }

        @Override
        public double find(byte[] member) {
            return Double.NaN;
        }

        @Override
        public Object identity() {
            return this;
        }
    };

    /** A source over a stored value of type set or sorted set; WRONGTYPE otherwise. */
    private static Source sourceOf(Entry e) {
        if (e == null) {
            return EMPTY_SOURCE;
        }
        Object v = e.value();
        if (v instanceof ZSetValue z) {
            return new ZSource(z);
        }
        if (v instanceof SetValue set) {
            return new SetSource(set);
        }
        throw Errors.wrongType();
    }

    /** A set as an input: every member scores 1. */
    private record SetSource(SetValue set) implements Source {
        @Override
        public long size() {
            return set.size();
        }

        @Override
        public void forEach(ZSetValue.Visitor v) {
            for (java.util.Iterator<byte[]> it = set.iterator(); it.hasNext(); ) {
                byte[] m = it.next();
                if (!v.visit(m, 0, m.length, 1.0)) {
                    return;
                }
            }
        }

        @Override
        public double find(byte[] member) {
            return set.contains(member) ? 1.0 : Double.NaN;
        }

        @Override
        public Object identity() {
            return set;
        }
    }

    private record Key(byte[] b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(b, k.b);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(b);
        }
    }

    private static final int AGGR_SUM = 0;
    private static final int AGGR_MIN = 1;
    private static final int AGGR_MAX = 2;

    /** zunionInterAggregate. */
    private static double aggregate(double target, double val, int aggregate) {
        switch (aggregate) {
            case AGGR_SUM -> {
                double t = target + val;
                return Double.isNaN(t) ? 0.0 : t; // inf + -inf counts as 0
            }
            case AGGR_MIN -> {
                return val < target ? val : target;
            }
            default -> {
                return val > target ? val : target;
            }
        }
    }

    /**
     * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (zunionInterDiffGenericCommand).
     *
     * @param ctx              the command
     * @param dstKey           the destination (STORE forms), or null
     * @param numKeysIdx       where numkeys is
     * @param op               union, intersection or difference
     * @param cardinalityOnly  ZINTERCARD
     */
    private void setOpGeneric(Context ctx, byte[] dstKey, int numKeysIdx, SetOp op, boolean cardinalityOnly) {
        long setNum = ctx.longArg(numKeysIdx);
        if (setNum < 1) {
            throw new CommandException("ERR at least 1 input key is needed for '" + ctx.spec.fullName()
                    + "' command");
        }
        if (setNum > ctx.argc() - (numKeysIdx + 1)) {
            throw Errors.syntax();
        }
        int n = (int) setNum;
        Source[] src = new Source[n];
        double[] weights = new double[n];
        int j = numKeysIdx + 1;
        for (int i = 0; i < n; i++, j++) {
            src[i] = sourceOf(ctx.lookupRead(ctx.arg(j)));
            weights[i] = 1.0;
        }
        int aggregate = AGGR_SUM;
        boolean withScores = false;
        long limit = 0;
        while (j < ctx.argc()) {
            int remaining = ctx.argc() - j;
            if (op != SetOp.DIFF && !cardinalityOnly && remaining >= n + 1 && ctx.is(j, "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) {
                    weights[i] = parseScoreArg(ctx.arg(j), "ERR weight value is not a float");
                }
            } else if (op != SetOp.DIFF && !cardinalityOnly && remaining >= 2 && ctx.is(j, "aggregate")) {
                j++;
                if (ctx.is(j, "sum")) {
                    aggregate = AGGR_SUM;
                } else if (ctx.is(j, "min")) {
                    aggregate = AGGR_MIN;
                } else if (ctx.is(j, "max")) {
                    aggregate = AGGR_MAX;
                } else {
                    throw Errors.syntax();
                }
                j++;
            } else if (remaining >= 1 && dstKey == null && !cardinalityOnly && ctx.is(j, "withscores")) {
                j++;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && ctx.is(j, "limit")) {
                j++;
                limit = Args.longAtLeast(ctx.arg(j), 0, "ERR LIMIT can't be negative");
                j++;
            } else {
                throw Errors.syntax();
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (op != SetOp.DIFF) {
            // smallest first, stable (glibc's qsort is a merge sort here)
            Arrays.sort(order, (a, b) -> Long.compare(src[a].size(), src[b].size()));
        }
        Source[] s = new Source[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = src[order[i]];
            w[i] = weights[order[i]];
        }
        Acc acc = new Acc();
        long cardinality = 0;
        switch (op) {
            case INTER -> cardinality = inter(s, w, aggregate, cardinalityOnly, limit, acc);
            case UNION -> union(s, w, aggregate, acc);
            default -> diff(s, acc);
        }
        if (dstKey != null) {
            Database db = ctx.db();
            if (acc.size > 0) {
                ZSetValue v = ZSetValue.build(acc.members, acc.scores, acc.size, ctx.engine().encodings());
                db.set(dstKey, v, false);
                ctx.reply.integer(acc.size);
                ctx.changed(dstKey, NotifyFlags.ZSET,
                        op == SetOp.UNION ? "zunionstore" : op == SetOp.INTER ? "zinterstore" : "zdiffstore");
                ctx.signalReady(dstKey);
            } else {
                ctx.reply.integer(0);
                if (db.delete(dstKey)) {
                    ctx.changed(dstKey, NotifyFlags.GENERIC, "del");
                }
            }
        } else if (cardinalityOnly) {
            ctx.reply.integer(cardinality);
        } else {
            Reply r = ctx.reply;
            int[] sorted = ZSetValue.sortOrder(acc.members, acc.scores, acc.size);
            r.array(replyLength(r, acc.size, withScores));
            for (int i : sorted) {
                byte[] m = acc.members[i];
                replyPair(r, m, 0, m.length, acc.scores[i], withScores);
            }
        }
    }

    /** The result of a set operation: members and scores, in arrays. */
    private static final class Acc {
        byte[][] members = new byte[16][];
        double[] scores = new double[16];
        int size;

        void add(byte[] m, double s) {
            if (size == members.length) {
                members = Arrays.copyOf(members, size * 2);
                scores = Arrays.copyOf(scores, size * 2);
            }
            members[size] = m;
            scores[size] = s;
            size++;
        }
    }

    private static long inter(Source[] s, double[] w, int aggregate, boolean cardinalityOnly, long limit, Acc acc) {
        if (s[0].size() == 0) {
            return 0;
        }
        long[] cardinality = {0};
        s[0].forEach((b, o, l, sc) -> {
            byte[] m = Arrays.copyOfRange(b, o, o + l);
            double score = w[0] * sc;
            if (Double.isNaN(score)) {
                score = 0;
            }
            int j;
            for (j = 1; j < s.length; j++) {
                if (s[j].identity() == s[0].identity()) {
                    score = aggregate(score, sc * w[j], aggregate);
                } else {
                    double v = s[j].find(m);
                    if (Double.isNaN(v)) {
                        break;
                    }
                    score = aggregate(score, v * w[j], aggregate);
                }
            }
            if (j == s.length) {
                if (cardinalityOnly) {
                    cardinality[0]++;
                    return limit == 0 || cardinality[0] < limit;
                }
                acc.add(m, score);
            }
            return true;
        });
        return cardinality[0];
    }

    private static void union(Source[] s, double[] w, int aggregate, Acc acc) {
        Map<Key, Integer> index = new HashMap<>();
        for (int i = 0; i < s.length; i++) {
            if (s[i].size() == 0) {
                continue;
            }
            double weight = w[i];
            s[i].forEach((b, o, l, sc) -> {
                double score = weight * sc;
                if (Double.isNaN(score)) {
                    score = 0;
                }
                byte[] m = Arrays.copyOfRange(b, o, o + l);
                Integer at = index.putIfAbsent(new Key(m), acc.size);
                if (at == null) {
                    acc.add(m, score);
                } else {
                    acc.scores[at] = aggregate(acc.scores[at], score, aggregate);
                }
                return true;
            });
        }
    }

    private static void diff(Source[] s, Acc acc) {
        if (s[0].size() == 0) {
            return;
        }
        for (int j = 1; j < s.length; j++) {
            if (s[j].identity() == s[0].identity()) {
                return; // everything would be removed
            }
        }
        s[0].forEach((b, o, l, sc) -> {
            byte[] m = Arrays.copyOfRange(b, o, o + l);
            for (int j = 1; j < s.length; j++) {
                if (!Double.isNaN(s[j].find(m))) {
                    return true;
                }
            }
            acc.add(m, sc);
            return true;
        });
    }

    // ------------------------------------------------------------------ ZSCAN

    /**
     * ZSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is parsed first, then the key
     * is looked up (a missing key answers an empty scan before the options are read), then the
     * options. Scores are answered as text, as Redis's scan does.
     */
    private void zscan(Context ctx) {
        long cursor = KeyCommands.parseCursor(ctx.arg(2));
        Entry e = ctx.lookupRead(ctx.arg(1));
        if (e == null) {
            ScanArgs.reply(ctx.reply, 0, List.of());
            return;
        }
        Context.checkType(e, ValueType.ZSET);
        ScanArgs opts = ScanArgs.parse(ctx, 3, false);
        ZSetValue z = zset(e);
        boolean compact = z.isCompact();
        List<byte[]> out = new ArrayList<>();
        byte[] match = opts.match();
        long next = z.scan(cursor, opts.count(), (b, o, l, s) -> {
            byte[] m = Arrays.copyOfRange(b, o, o + l);
            if (match == null || Glob.matches(match, m, false)) {
                out.add(m);
                out.add(ZScore.scanText(s, compact).getBytes(StandardCharsets.US_ASCII));
            }
            return true;
        });
        ScanArgs.reply(ctx.reply, next, out);
    }
}
