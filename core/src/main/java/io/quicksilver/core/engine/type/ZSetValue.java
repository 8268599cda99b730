package io.quicksilver.core.engine.type;

import io.quicksilver.core.engine.EncodingConfig;
import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.engine.ValueType;
import io.quicksilver.core.util.DoubleFormat;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sorted set, in one of Redis 7.0's two encodings:
 * <ul>
 * <li><b>listpack</b> (compact): ONE {@link Listpack} (Redis's exact layout) holding member,
 *     score, member, score... in order (by score, then member bytes unsigned). A score is
 *     stored as Redis's zzlInsertAt stores it: an integer entry when it is integral within
 *     ±2^62 (so -0 becomes 0), else its {@code %.17g} text. Operations are linear scans, as in
 *     Redis.</li>
 * <li><b>skiplist</b> (as Redis names it): {@link ZTree}, a counted B+tree (rank in O(log N))
 *     whose nodes are also chained in a hash table (score lookup in O(1)).</li>
 * </ul>
 * A value starts compact and converts to the skiplist when an insertion would pass
 * {@code zset-max-listpack-entries} entries or add a member longer than
 * {@code zset-max-listpack-value} bytes; it never converts back (as Redis).
 *
 * <p>Ranks in this API are 0-based, in ascending order.
 *
 * <p>Not thread-safe: accessed only under the owning key's segment lock.
 */
public final class ZSetValue implements TypedValue {
    // zsetAdd input flags
    public static final int IN_INCR = 1;
    public static final int IN_NX = 1 << 1;
    public static final int IN_XX = 1 << 2;
    public static final int IN_GT = 1 << 3;
    public static final int IN_LT = 1 << 4;
    // zsetAdd output flags
    public static final int OUT_NAN = 1;
    public static final int OUT_ADDED = 1 << 1;
    public static final int OUT_UPDATED = 1 << 2;
    public static final int OUT_NOP = 1 << 3;

    /** The lex range item "-": below every member. Compared by identity. */
    public static final byte[] LEX_MIN = new byte[0];
    /** The lex range item "+": above every member. Compared by identity. */
    public static final byte[] LEX_MAX = new byte[0];

    /** The listpack of (member, score) pairs (compact encoding), or null as a skiplist. */
    private byte[] lp;
    private int lpCount;
    /** The skiplist encoding, or null while compact. */
    private ZTree zsl;

    /** An empty compact sorted set. */
    public ZSetValue() {
        this.lp = Listpack.create();
    }

    private ZSetValue(ZTree zsl) {
        this.zsl = zsl;
    }

    // ------------------------------------------------------------------ visitors and ranges

    /** Receives members in order; returns false to stop. The bytes must not be kept or changed. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param buf   array holding the member
         * @param off   where the member starts
         * @param len   member length
         * @param score its score
         * @return true to go on
         */
        boolean visit(byte[] buf, int off, int len, double score);
    }

    /** A range over the order of a sorted set: by score (ZRANGEBYSCORE) or by member (BYLEX). */
    public interface Range {
        /** True when no element can be in the range whatever the set (min above max...). */
        boolean alwaysEmpty();

        boolean gteMin(byte[] buf, int off, int len, double score);

        boolean lteMax(byte[] buf, int off, int len, double score);
    }

    /** A score interval (Redis's zrangespec). */
    public record ScoreRange(double min, boolean minEx, double max, boolean maxEx) implements Range {
        @Override
        public boolean alwaysEmpty() {
            return min > max || (min == max && (minEx || maxEx));
        }

        public boolean gteMin(double v) {
            return minEx ? v > min : v >= min;
        }

        public boolean lteMax(double v) {
            return maxEx ? v < max : v <= max;
        }

        @Override
        public boolean gteMin(byte[] buf, int off, int len, double score) {
            return gteMin(score);
        }

        @Override
        public boolean lteMax(byte[] buf, int off, int len, double score) {
            return lteMax(score);
        }
    }

    /**
     * A member interval (Redis's zlexrangespec): {@code min}/{@code max} are bytes, or the
     * sentinels {@link #LEX_MIN} / {@link #LEX_MAX} (which are always exclusive).
     */
    public record LexRange(byte[] min, boolean minEx, byte[] max, boolean maxEx) implements Range {
        @Override
        public boolean alwaysEmpty() {
            int cmp = cmpLex(min, max);
            return cmp > 0 || (cmp == 0 && (minEx || maxEx));
        }

        @Override
        public boolean gteMin(byte[] buf, int off, int len, double score) {
            int c = cmpLex(buf, off, len, min);
            return minEx ? c > 0 : c >= 0;
        }

        @Override
        public boolean lteMax(byte[] buf, int off, int len, double score) {
            int c = cmpLex(buf, off, len, max);
            return maxEx ? c < 0 : c <= 0;
        }

        /** Redis's sdscmplex between two range items. */
        private static int cmpLex(byte[] a, byte[] b) {
            if (a == b) {
                return 0;
            }
            if (a == LEX_MIN || b == LEX_MAX) {
                return -1;
            }
            if (a == LEX_MAX || b == LEX_MIN) {
                return 1;
            }
            return Arrays.compareUnsigned(a, b);
        }

        /** sdscmplex of a member (never a sentinel) against a range item. */
        private static int cmpLex(byte[] buf, int off, int len, byte[] item) {
            if (item == LEX_MAX) {
                return -1;
            }
            if (item == LEX_MIN) {
                return 1;
            }
            return Arrays.compareUnsigned(buf, off, off + len, item, 0, item.length);
        }
    }

    // ------------------------------------------------------------------ TypedValue

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public String encoding() {
        return lp != null ? "listpack" : "skiplist";
    }

    @Override
    public int touch(byte[] member) {
        ZTree l = zsl;
        return l == null ? 0 : l.touch(member);
    }

    @Override
    public long memoryUsage() {
        if (lp != null) {
            return 32 + ((16 + lp.length + 7) & ~7L);
        }
        return 32 + zsl.memoryUsage();
    }

    @Override
    public ZSetValue copy() {
        if (lp != null) {
            ZSetValue c = new ZSetValue();
            c.lp = Listpack.copy(lp);
            c.lpCount = lpCount;
            return c;
        }
        ZTree l = new ZTree();
        // in order: each insertion appends to the last leaf, which splits full
        for (ZTree.Cursor c = zsl.first(); c.valid(); c.next()) {
            l.insert(c.node().ele, c.node().score);
        }
        return new ZSetValue(l);
    }

    public boolean isCompact() {
        return lp != null;
    }

    public long size() {
        return lp != null ? lpCount : zsl.length();
    }

    // ------------------------------------------------------------------ listpack helpers

    /** The score of the score entry at {@code sp} (zzlGetScore). */
    private static double lpScore(byte[] lp, int sp) {
        if (Listpack.isInt(lp, sp)) {
            return Listpack.intValue(lp, sp);
        }
        int o = Listpack.strOffset(lp, sp);
        return ZScore.strtod(lp, o, Listpack.strLength(lp, sp), null);
    }

    /** Inserts the pair (ele, score) before the entry at {@code p} (zzlInsertAt). */
    private static byte[] lpInsertAt(byte[] lp, int p, byte[] ele, int off, int len, double score) {
        lp = Listpack.insert(lp, p, ele, off, len);
        int sp = p + Listpack.entrySize(lp, p);
        if (ZScore.isListpackInteger(score)) {
            return Listpack.insert(lp, sp, (long) score);
        }
        byte[] text = DoubleFormat.g17(score).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return Listpack.insert(lp, sp, text, 0, text.length);
    }

    /**
     * Hands the member at {@code p} to {@code v} with {@code score}: a slice of the listpack, or
     * the decimal digits of an integer member written into {@code scratch}.
     */
    private static boolean lpVisit(byte[] lp, int p, double score, byte[] scratch, Visitor v) {
        if (Listpack.isInt(lp, p)) {
            int n = writeLong(scratch, Listpack.intValue(lp, p));
            return v.visit(scratch, 0, n, score);
        }
        return v.visit(lp, Listpack.strOffset(lp, p), Listpack.strLength(lp, p), score);
    }

    private static int writeLong(byte[] b, long v) {
        String s = Long.toString(v);
        for (int i = 0; i < s.length(); i++) {
            b[i] = (byte) s.charAt(i);
        }
        return s.length();
    }

    /** The member entry at {@code p} as a new array. */
    private static byte[] lpMember(byte[] lp, int p) {
        return Listpack.get(lp, p);
    }

    /** Gives back the spare capacity a shrinking listpack keeps, once it is more than half. */
    private void trim() {
        if (lp.length > 2L * Listpack.bytes(lp) + 64) {
            lp = Listpack.trim(lp);
        }
    }

    /** Inserts a member known to be absent at its place in the order (zzlInsert). */
    private void lpInsert(byte[] ele, double score) {
        int p = Listpack.first(lp);
        while (p >= 0) {
            int sp = Listpack.next(lp, p);
            double s = lpScore(lp, sp);
            if (s > score || (s == score && Listpack.compare(lp, p, ele) > 0)) {
                break;
            }
            p = Listpack.next(lp, sp);
        }
        lp = lpInsertAt(lp, p < 0 ? Listpack.end(lp) : p, ele, 0, ele.length, score);
        lpCount++;
    }

    private static byte[] pack(byte[][] members, double[] scores, int n) {
        byte[] lp = Listpack.create();
        for (int i = 0; i < n; i++) {
            lp = lpInsertAt(lp, Listpack.end(lp), members[i], 0, members[i].length, scores[i]);
        }
        return Listpack.trim(lp);
    }

    /** Converts to the skiplist encoding (zsetConvert). */
    private void convert() {
        ZTree l = new ZTree();
        for (int p = Listpack.first(lp); p >= 0; ) {
            int sp = Listpack.next(lp, p);
            l.insert(lpMember(lp, p), lpScore(lp, sp));
            p = Listpack.next(lp, sp);
        }
        zsl = l;
        lp = null;
        lpCount = 0;
    }

    // ------------------------------------------------------------------ members

    /** The score of {@code ele}, or NaN when it is not a member (scores are never NaN). */
    public double score(byte[] ele) {
        if (lp != null) {
            int p = Listpack.find(lp, Listpack.first(lp), ele, 1);
            return p < 0 ? Double.NaN : lpScore(lp, Listpack.next(lp, p));
        }
        ZTree.Node n = zsl.find(ele);
        return n == null ? Double.NaN : n.score;
    }

    /**
     * Redis's zsetAdd: adds {@code ele} or updates its score, as the flags say, converting to
     * the skiplist encoding first when a new member would pass the thresholds.
     *
     * @param ele      the member (kept by the set: the caller must not change it afterwards)
     * @param score    the score, or the increment with {@link #IN_INCR}
     * @param inFlags  {@link #IN_INCR}, {@link #IN_NX}, {@link #IN_XX}, {@link #IN_GT},
     *                 {@link #IN_LT}
     * @param newScore if not null, {@code newScore[0]} receives the member's score after the
     *                 call when something was done (not on NOP)
     * @param cfg      the encoding thresholds
     * @return {@link #OUT_NAN} (nothing done: the score or the sum is NaN), or a combination of
     *         {@link #OUT_ADDED}, {@link #OUT_UPDATED}, {@link #OUT_NOP} (0 when the member
     *         kept its score)
     */
    public int add(byte[] ele, double score, int inFlags, double[] newScore, EncodingConfig cfg) {
        boolean incr = (inFlags & IN_INCR) != 0;
        boolean nx = (inFlags & IN_NX) != 0;
        boolean xx = (inFlags & IN_XX) != 0;
        boolean gt = (inFlags & IN_GT) != 0;
        boolean lt = (inFlags & IN_LT) != 0;
        if (Double.isNaN(score)) {
            return OUT_NAN;
        }
        if (lp != null) {
            int off = Listpack.find(lp, Listpack.first(lp), ele, 1);
            if (off >= 0) {
                double[] cur = {lpScore(lp, Listpack.next(lp, off))};
                if (nx) {
                    return OUT_NOP;
                }
                if (incr) {
                    score += cur[0];
                    if (Double.isNaN(score)) {
                        return OUT_NAN;
                    }
                }
                if ((lt && score >= cur[0]) || (gt && score <= cur[0])) {
                    return OUT_NOP;
                }
                if (newScore != null) {
                    newScore[0] = score;
                }
                if (score != cur[0]) {
                    lp = Listpack.delete(lp, off, 2);
                    lpCount--;
                    lpInsert(ele, score);
                    return OUT_UPDATED;
                }
                return 0;
            } else if (!xx) {
                if (lpCount + 1 > cfg.zsetMaxListpackEntries || ele.length > cfg.zsetMaxListpackValue
                        || !Listpack.safeToAdd(lp, ele.length)) {
                    convert();
                } else {
                    lpInsert(ele, score);
                    if (newScore != null) {
                        newScore[0] = score; // the reply shows -0 even though 0 is stored
                    }
                    return OUT_ADDED;
                }
            } else {
                return OUT_NOP;
            }
        }
        ZTree.Node n = zsl.find(ele);
        if (n != null) {
            if (nx) {
                return OUT_NOP;
            }
            double cur = n.score;
            if (incr) {
                score += cur;
                if (Double.isNaN(score)) {
                    return OUT_NAN;
                }
            }
            if ((lt && score >= cur) || (gt && score <= cur)) {
                return OUT_NOP;
            }
            if (newScore != null) {
                newScore[0] = score;
            }
            if (score != cur) {
                zsl.updateScore(n, score);
                return OUT_UPDATED;
            }
            return 0;
        } else if (!xx) {
            zsl.insert(ele, score);
            if (newScore != null) {
                newScore[0] = score;
            }
            return OUT_ADDED;
        }
        return OUT_NOP;
    }

    /** Removes {@code ele}; false when it was not a member. */
    public boolean remove(byte[] ele) {
        if (lp != null) {
            int off = Listpack.find(lp, Listpack.first(lp), ele, 1);
            if (off < 0) {
                return false;
            }
            lp = Listpack.delete(lp, off, 2);
            lpCount--;
            trim();
            return true;
        }
        ZTree.Node n = zsl.find(ele);
        if (n == null) {
            return false;
        }
        zsl.delete(n);
        return true;
    }

    /** The 0-based rank of {@code ele} (from the highest score when {@code reverse}), or -1. */
    public long rank(byte[] ele, boolean reverse) {
        long len = size();
        long rank;
        if (lp != null) {
            rank = -1;
            int i = 0;
            for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, Listpack.next(lp, p))) {
                if (Listpack.equals(lp, p, ele)) {
                    rank = i;
                    break;
                }
                i++;
            }
            if (rank < 0) {
                return -1;
            }
        } else {
            ZTree.Node n = zsl.find(ele);
            if (n == null) {
                return -1;
            }
            rank = zsl.rankOf(n) - 1;
        }
        return reverse ? len - 1 - rank : rank;
    }

    // ------------------------------------------------------------------ ranges

    /**
     * Visits members from 0-based rank {@code rank} on, ascending (or descending when
     * {@code reverse}), until the visitor returns false or the set ends. O(log N + M) in the
     * skiplist encoding.
     *
     * @param rank    the first rank visited; nothing is visited when it is out of range
     * @param reverse walk towards lower ranks
     * @param v       the visitor
     */
    public void walk(long rank, boolean reverse, Visitor v) {
        if (rank < 0 || rank >= size()) {
            return;
        }
        if (lp != null) {
            byte[] scratch = new byte[20];
            int p = Listpack.seek(lp, 2 * rank);
            while (p >= 0) {
                int sp = Listpack.next(lp, p);
                if (!lpVisit(lp, p, lpScore(lp, sp), scratch, v)) {
                    return;
                }
                p = reverse ? Listpack.prev(lp, p) : Listpack.next(lp, sp);
                if (reverse && p >= 0) {
                    p = Listpack.prev(lp, p);
                }
            }
            return;
        }
        for (ZTree.Cursor c = zsl.byRank(rank + 1); c.valid(); ) {
            ZTree.Node n = c.node();
            if (!v.visit(n.ele, 0, n.ele.length, n.score)) {
                return;
            }
            if (reverse) {
                c.prev();
            } else {
                c.next();
            }
        }
    }

    /** Visits every member, ascending. */
    public void forEach(Visitor v) {
        walk(0, false, v);
    }

    /** Visits one member chosen uniformly at random; the set must not be empty. */
    public void random(Visitor v) {
        if (lp != null) {
            walk(ThreadLocalRandom.current().nextInt(lpCount), false, (b, o, l, s) -> {
                v.visit(b, o, l, s);
                return false;
            });
            return;
        }
        ZTree.Node n = zsl.random();
        v.visit(n.ele, 0, n.ele.length, n.score);
    }

    private boolean inRangeAtAll(Range r) {
        if (r.alwaysEmpty() || size() == 0) {
            return false;
        }
        boolean[] ok = {false};
        walk(size() - 1, true, (b, o, l, s) -> {
            ok[0] = r.gteMin(b, o, l, s);
            return false;
        });
        if (!ok[0]) {
            return false;
        }
        walk(0, false, (b, o, l, s) -> {
            ok[0] = r.lteMax(b, o, l, s);
            return false;
        });
        return ok[0];
    }

    /**
     * The 0-based rank of the first member in {@code r}, or -1 (zzlFirstInRange /
     * zslFirstInRange and their lex forms: the first member at or above min, if it is also at or
     * below max).
     */
    public long firstInRange(Range r) {
        if (!inRangeAtAll(r)) {
            return -1;
        }
        if (lp != null) {
            long[] found = {-1};
            long[] i = {0};
            walk(0, false, (b, o, l, s) -> {
                if (r.gteMin(b, o, l, s)) {
                    if (r.lteMax(b, o, l, s)) {
                        found[0] = i[0];
                    }
                    return false;
                }
                i[0]++;
                return true;
            });
            return found[0];
        }
        long below = zsl.countWhere((e, s) -> !r.gteMin(e, 0, e.length, s));
        ZTree.Cursor c = zsl.byRank(below + 1);
        if (!c.valid() || !r.lteMax(c.node().ele, 0, c.node().ele.length, c.node().score)) {
            return -1;
        }
        return below;
    }

    /** The 0-based rank of the last member in {@code r}, or -1 (zzlLastInRange / zslLastInRange). */
    public long lastInRange(Range r) {
        if (!inRangeAtAll(r)) {
            return -1;
        }
        if (lp != null) {
            long[] found = {-1};
            long[] i = {lpCount - 1};
            walk(lpCount - 1, true, (b, o, l, s) -> {
                if (r.lteMax(b, o, l, s)) {
                    if (r.gteMin(b, o, l, s)) {
                        found[0] = i[0];
                    }
                    return false;
                }
                i[0]--;
                return true;
            });
            return found[0];
        }
        long upTo = zsl.countWhere((e, s) -> r.lteMax(e, 0, e.length, s));
        ZTree.Cursor c = zsl.byRank(upTo);
        if (!c.valid() || !r.gteMin(c.node().ele, 0, c.node().ele.length, c.node().score)) {
            return -1;
        }
        return upTo - 1;
    }

    /**
     * Removes the members of 0-based ranks {@code start..end} (inclusive, within the set).
     * Returns how many were removed.
     */
    public long removeRange(long start, long end) {
        if (start < 0 || end >= size() || start > end) {
            return 0;
        }
        if (lp != null) {
            int n = (int) (end - start + 1);
            lp = Listpack.deleteRange(lp, 2 * start, 2 * n);
            lpCount -= n;
            trim();
            return n;
        }
        return zsl.deleteRankRange(start + 1, end + 1);
    }

    // ------------------------------------------------------------------ scan

    /**
     * One ZSCAN step. The compact encoding returns everything with cursor 0 (as Redis does for
     * a listpack); the skiplist walks its hash table in reverse-binary cursor order until
     * {@code count * 10} more buckets were visited or {@code count} replies gathered, a
     * member and its score counting as two as in Redis's scanGenericCommand.
     *
     * @param cursor the cursor (0 to start)
     * @param count  the COUNT hint (positive)
     * @param v      receives members (its return value is ignored)
     * @return the next cursor, 0 when the scan is complete
     */
    public long scan(long cursor, long count, Visitor v) {
        if (lp != null) {
            forEach((b, o, l, s) -> {
                v.visit(b, o, l, s);
                return true;
            });
            return 0;
        }
        long[] emitted = {0};
        long maxIterations = count * 10;
        do {
            cursor = zsl.scanStep(cursor, n -> {
                v.visit(n.ele, 0, n.ele.length, n.score);
                emitted[0] += 2;
            });
        } while (cursor != 0 && maxIterations-- > 0 && emitted[0] < count);
        return cursor;
    }

    // ------------------------------------------------------------------ building

    /**
     * Builds a sorted set from members and scores in any order (each member once), in the
     * encoding Redis gives a stored result (zsetConvertToListpackIfNeeded / zsetAdd on a new
     * listpack): compact when there are at most zset-max-listpack-entries members and none is
     * longer than zset-max-listpack-value, else a skiplist.
     *
     * @param members the members (kept by the set)
     * @param scores  their scores
     * @param n       how many of the arrays' elements are used
     * @param cfg     the thresholds
     */
    public static ZSetValue build(byte[][] members, double[] scores, int n, EncodingConfig cfg) {
        int[] idx = sortOrder(members, scores, n);
        int maxLen = 0;
        long totalLen = 0;
        byte[][] m = new byte[n][];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = members[idx[i]];
            s[i] = scores[idx[i]];
            maxLen = Math.max(maxLen, m[i].length);
            totalLen += m[i].length;
        }
        if (n <= cfg.zsetMaxListpackEntries && maxLen <= cfg.zsetMaxListpackValue
                && Listpack.safeToAdd(null, totalLen)) {
            ZSetValue z = new ZSetValue();
            z.lp = pack(m, s, n);
            z.lpCount = n;
            return z;
        }
        ZTree l = new ZTree();
        for (int i = 0; i < n; i++) {
            l.insert(m[i], s[i]);
        }
        return new ZSetValue(l);
    }

    /**
     * The indexes of the first {@code n} (member, score) pairs in the order of a sorted set:
     * scores compared with {@code <} and {@code >} (so -0 ties with 0), then member bytes
     * unsigned. The members must be distinct.
     */
    public static int[] sortOrder(byte[][] members, double[] scores, int n) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> scores[a] < scores[b] ? -1 : scores[a] > scores[b] ? 1
                : Arrays.compareUnsigned(members[a], members[b]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** The listpack bytes (used part only) in the compact encoding, else null; for tests. */
    byte[] listpackBytes() {
        return lp == null ? null : Listpack.copy(lp);
    }

    /** Checks the internal invariants; for tests. */
    void verify() {
        if (lp != null) {
            if (Listpack.count(lp) != 2 * lpCount) {
                throw new AssertionError("listpack count");
            }
            double[] prev = {Double.NEGATIVE_INFINITY};
            byte[][] prevM = {null};
            forEach((b, o, l, s) -> {
                byte[] cur = Arrays.copyOfRange(b, o, o + l);
                if (prevM[0] != null && (s < prev[0]
                        || (s == prev[0] && Arrays.compareUnsigned(prevM[0], cur) >= 0))) {
                    throw new AssertionError("packed order");
                }
                prev[0] = s;
                prevM[0] = cur;
                return true;
            });
        } else {
            zsl.verify();
        }
    }
}
