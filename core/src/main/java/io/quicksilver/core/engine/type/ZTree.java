package io.quicksilver.core.engine.type;

import io.quicksilver.core.util.Hashing;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The large encoding of a sorted set (OBJECT ENCODING "skiplist", as Redis calls it): the members
 * in order in a counted B+tree (rank in O(log N)), and a chained hash table from member to its
 * node (score lookup in O(1)), as Redis pairs its skiplist with a dict.
 *
 * <p>Why a B+tree and not Redis's skiplist: a skiplist search follows about 40 links through a
 * million members, each a cache miss on another node; ZADD of an existing member searches twice.
 * A tree of 64-way nodes is four levels deep for a million members, its upper levels stay in the
 * cache, and a leaf keeps its members' scores in one {@code double[]}, so a search costs a few
 * misses (redis-benchmark ZADD over a million members: see benchmarks/README.md). The
 * complexities are those Redis documents: ZADD, ZREM, ZRANK and ZSCORE-then-rank O(log N), ZRANGE
 * and the range removals O(log N + M).
 *
 * <p>Layout. A {@link Node} is a member: its bytes, its score, its hash and the next node of its
 * hash bucket. A leaf holds up to {@link #FANOUT} nodes in order with their scores alongside, and
 * links to its neighbours for walks in both directions. An inner node holds up to FANOUT children,
 * the number of members under each (so ranks are found by descending), and for each child but
 * the first a separator: a (score, member) key at or below every member of that child and above
 * every member of the child before it. A separator may be the key of a member deleted since: it
 * still separates. Every node but the root is kept at least a third full: an underfull node is
 * merged with a neighbour or shares its neighbour's entries.
 *
 * <p>Ordering is Redis's: by score ({@code <} and {@code >}, so -0 and 0 tie), then by member bytes
 * compared unsigned (memcmp). Ranks in this class are 1-based as in t_zset.c.
 *
 * <p>Not thread-safe: used under the owning key's segment lock.
 */
final class ZTree {
    private static final long SEED = ThreadLocalRandom.current().nextLong();
    private static final int MIN_TABLE = 4;

    /** Members per leaf and children per inner node at most. */
    static final int FANOUT = 64;

    /** A member: also the entry of the hash table. */
    static final class Node {
        final byte[] ele;
        /** The score; while the node is in the tree, also its leaf's copy. */
        double score;
        final int hash;
        /** Next node in the same hash bucket. */
        Node chain;

        Node(byte[] ele, double score, int hash) {
            this.ele = ele;
            this.score = score;
            this.hash = hash;
        }
    }

    private static final class Leaf {
        final double[] scores;
        final Node[] nodes;
        int n;
        Leaf prev;
        Leaf next;

        Leaf(int cap) {
            scores = new double[cap];
            nodes = new Node[cap];
        }
    }

    private static final class Inner {
        final Object[] kids;
        /** Members under each child. */
        final int[] counts;
        /** Separator of child i (i >= 1): every member of child i is at or above it. */
        final double[] sepScore;
        final byte[][] sepEle;
        int n;

        Inner(int cap) {
            kids = new Object[cap];
            counts = new int[cap];
            sepScore = new double[cap];
            sepEle = new byte[cap][];
        }
    }

    /**
     * A position in the order, for walks: valid until the tree is next modified. Moving past
     * either end makes it invalid.
     */
    static final class Cursor {
        private Leaf leaf;
        private int idx;

        private Cursor(Leaf leaf, int idx) {
            this.leaf = leaf;
            this.idx = idx;
        }

        boolean valid() {
            return leaf != null;
        }

        Node node() {
            return leaf.nodes[idx];
        }

        void next() {
            if (++idx >= leaf.n) {
                leaf = leaf.next;
                idx = 0;
            }
        }

        void prev() {
            if (--idx < 0) {
                leaf = leaf.prev;
                idx = leaf == null ? 0 : leaf.n - 1;
            }
        }
    }

    /** A test over keys in order: true up to some key, false from it on. */
    interface Prefix {
        boolean holds(byte[] ele, double score);
    }

    private final int max;
    private final int min;
    private Object root;
    private Leaf firstLeaf;
    private Leaf lastLeaf;
    private int length;
    private int leaves = 1;
    private int inners;

    private Node[] table = new Node[MIN_TABLE];
    /** The table being filled while a resize is under way, else null. */
    private Node[] rehashTo;
    /** Next bucket of {@link #table} to move while rehashing, else -1. */
    private int rehashIdx = -1;
    /** Estimated heap bytes of the nodes and member arrays. */
    private long nodeBytes;

    /** The separator a split passes up to the parent, with the new right sibling. */
    private double upScore;
    private byte[] upEle;

    ZTree() {
        this(FANOUT);
    }

    /**
     * A tree of the given fanout (small ones let tests reach deep trees). At least 6, so that
     * every inner node but the root keeps two children (a third of the fanout) and can always
     * mend an underfull child with a neighbour.
     */
    ZTree(int fanout) {
        if (fanout < 6) {
            throw new IllegalArgumentException("fanout " + fanout);
        }
        this.max = fanout;
        this.min = fanout / 3;
        Leaf l = new Leaf(max);
        root = l;
        firstLeaf = l;
        lastLeaf = l;
    }

    // ------------------------------------------------------------------ keys

    private static int cmp(double s1, byte[] e1, double s2, byte[] e2) {
        if (s1 < s2) {
            return -1;
        }
        if (s1 > s2) {
            return 1;
        }
        return Arrays.compareUnsigned(e1, e2);
    }

    /** The child of {@code in} whose range holds the key: the last whose separator is at or below it. */
    private static int childFor(Inner in, double s, byte[] e) {
        int lo = 1;
        int hi = in.n - 1;
        int c = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            double ms = in.sepScore[mid];
            if (ms < s || (ms == s && Arrays.compareUnsigned(in.sepEle[mid], e) <= 0)) {
                c = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return c;
    }

    /** The first index of {@code l} whose key is at or above (s, e). */
    private static int lowerBound(Leaf l, double s, byte[] e) {
        int lo = 0;
        int hi = l.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double ms = l.scores[mid];
            if (ms < s || (ms == s && Arrays.compareUnsigned(l.nodes[mid].ele, e) < 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int count(Object t) {
        if (t instanceof Leaf l) {
            return l.n;
        }
        Inner in = (Inner) t;
        int c = 0;
        for (int i = 0; i < in.n; i++) {
            c += in.counts[i];
        }
        return c;
    }

    private static int fill(Object t) {
        return t instanceof Leaf l ? l.n : ((Inner) t).n;
    }

    /**
     * Reads, without the lock, the first node of {@code ele}'s bucket and its member's first
     * bytes ({@link ZSetValue#touch}): never throws, whatever a concurrent writer does.
     */
    int touch(byte[] ele) {
        Node[] t = table;
        if (t == null || t.length == 0) {
            return 0;
        }
        Node n = t[hashOf(ele) & (t.length - 1)];
        if (n == null) {
            return 0;
        }
        byte[] m = n.ele;
        return n.hash + (m == null ? 0 : m.length);
    }

    static int hashOf(byte[] ele) {
        return (int) Hashing.hash(SEED, ele);
    }

    private static long nodeBytes(Node n) {
        return 32 + arrayBytes(n.ele.length);
    }

    private static long arrayBytes(int len) {
        return (16 + len + 7) & ~7L;
    }

    private long leafBytes() {
        return 32 + arrayBytes(8 * max) + arrayBytes(4 * max);
    }

    private long innerBytes() {
        return 32 + 3 * arrayBytes(4 * max) + arrayBytes(8 * max);
    }

    // ------------------------------------------------------------------ size and memory

    int length() {
        return length;
    }

    long memoryUsage() {
        return 64 + nodeBytes + leaves * leafBytes() + inners * innerBytes() + arrayBytes(4 * table.length)
                + (rehashTo == null ? 0 : arrayBytes(4 * rehashTo.length));
    }

    /** A cursor on the first member (invalid when empty). */
    Cursor first() {
        return new Cursor(length == 0 ? null : firstLeaf, 0);
    }

    /** A cursor on the last member (invalid when empty). */
    Cursor last() {
        return new Cursor(length == 0 ? null : lastLeaf, length == 0 ? 0 : lastLeaf.n - 1);
    }

    // ------------------------------------------------------------------ the tree

    /** Inserts a member known to be absent. Returns its node. */
    Node insert(byte[] ele, double score) {
        Node x = new Node(ele, score, hashOf(ele));
        link(x);
        tableAdd(x);
        nodeBytes += nodeBytes(x);
        return x;
    }

    /** Puts node {@code x} in the tree at the place its score and member give it. */
    private void link(Node x) {
        Object right = insertInto(root, x);
        if (right != null) {
            Inner r = new Inner(max);
            inners++;
            r.kids[0] = root;
            r.counts[0] = count(root);
            r.kids[1] = right;
            r.counts[1] = count(right);
            r.sepScore[1] = upScore;
            r.sepEle[1] = upEle;
            r.n = 2;
            root = r;
        }
        upEle = null;
        length++;
    }

    /** Inserts into subtree {@code t}; returns the new right sibling when t split, else null. */
    private Object insertInto(Object t, Node x) {
        if (t instanceof Leaf l) {
            int i = lowerBound(l, x.score, x.ele);
            if (l.n < max) {
                leafInsertAt(l, i, x);
                return null;
            }
            Leaf r = new Leaf(max);
            leaves++;
            // an append (members added in order) leaves this leaf full, else it is halved
            int keep = i == l.n ? l.n : l.n / 2;
            int move = l.n - keep;
            copyEntries(l, keep, r, 0, move);
            Arrays.fill(l.nodes, keep, l.n, null);
            r.n = move;
            l.n = keep;
            if (i <= keep && keep < max) {
                leafInsertAt(l, i, x);
            } else {
                leafInsertAt(r, i - keep, x);
            }
            r.next = l.next;
            r.prev = l;
            if (l.next != null) {
                l.next.prev = r;
            } else {
                lastLeaf = r;
            }
            l.next = r;
            upScore = r.scores[0];
            upEle = r.nodes[0].ele;
            return r;
        }
        Inner in = (Inner) t;
        int c = childFor(in, x.score, x.ele);
        Object s = insertInto(in.kids[c], x);
        if (s == null) {
            in.counts[c]++;
            return null;
        }
        in.counts[c] = count(in.kids[c]);
        double ks = upScore;
        byte[] ke = upEle;
        int p = c + 1;
        if (in.n < max) {
            innerInsertAt(in, p, s, ks, ke);
            return null;
        }
        Inner r = new Inner(max);
        inners++;
        // an append keeps all but the last child here (an inner node keeps two children at least)
        int keep = p == in.n ? in.n - 1 : in.n / 2;
        double rs = in.sepScore[keep];
        byte[] re = in.sepEle[keep];
        int move = in.n - keep;
        copyKids(in, keep, r, 0, move);
        clearKids(in, keep, in.n);
        r.n = move;
        in.n = keep;
        if (p <= keep) {
            innerInsertAt(in, p, s, ks, ke);
        } else {
            innerInsertAt(r, p - keep, s, ks, ke);
        }
        r.sepEle[0] = null;
        upScore = rs;
        upEle = re;
        return r;
    }

    /** Copies entries [from, from + len) of src to dst at {@code to} (also within one leaf). */
    private static void copyEntries(Leaf src, int from, Leaf dst, int to, int len) {
        System.arraycopy(src.nodes, from, dst.nodes, to, len);
        System.arraycopy(src.scores, from, dst.scores, to, len);
    }

    /**
     * Copies children [from, from + len) of src, with their counts and separators, to dst at
     * {@code to} (also within one node).
     */
    private static void copyKids(Inner src, int from, Inner dst, int to, int len) {
        System.arraycopy(src.kids, from, dst.kids, to, len);
        System.arraycopy(src.counts, from, dst.counts, to, len);
        System.arraycopy(src.sepScore, from, dst.sepScore, to, len);
        System.arraycopy(src.sepEle, from, dst.sepEle, to, len);
    }

    /** Forgets the children in slots [from, to) of {@code in}, for the collector. */
    private static void clearKids(Inner in, int from, int to) {
        Arrays.fill(in.kids, from, to, null);
        Arrays.fill(in.sepEle, from, to, null);
    }

    private static void leafInsertAt(Leaf l, int i, Node x) {
        copyEntries(l, i, l, i + 1, l.n - i);
        l.nodes[i] = x;
        l.scores[i] = x.score;
        l.n++;
    }

    private static void innerInsertAt(Inner in, int i, Object kid, double sepScore, byte[] sepEle) {
        int tail = in.n - i;
        copyKids(in, i, in, i + 1, tail);
        in.kids[i] = kid;
        in.counts[i] = count(kid);
        in.sepScore[i] = sepScore;
        in.sepEle[i] = sepEle;
        in.n++;
    }

    private static void innerRemoveAt(Inner in, int i) {
        int tail = in.n - i - 1;
        copyKids(in, i + 1, in, i, tail);
        in.n--;
        in.kids[in.n] = null;
        in.sepEle[in.n] = null;
        in.sepEle[0] = null;
    }

    /** Removes a node of this tree (from the order and the hash table). */
    void delete(Node x) {
        unlink(x);
        tableRemove(x);
        nodeBytes -= nodeBytes(x);
        maybeShrink();
    }

    /** Takes node {@code x} out of the tree (not out of the hash table). */
    private void unlink(Node x) {
        deleteFrom(root, x);
        length--;
        collapseRoot();
    }

    /** Deletes from subtree {@code t}; true when t is then underfull. */
    private boolean deleteFrom(Object t, Node x) {
        if (t instanceof Leaf l) {
            int i = lowerBound(l, x.score, x.ele);
            if (i >= l.n || l.nodes[i] != x) {
                throw new IllegalStateException("node not found by its score");
            }
            copyEntries(l, i + 1, l, i, l.n - i - 1);
            l.nodes[--l.n] = null;
            return l.n < min;
        }
        Inner in = (Inner) t;
        int c = childFor(in, x.score, x.ele);
        boolean under = deleteFrom(in.kids[c], x);
        in.counts[c]--;
        if (under) {
            fix(in, c);
        }
        return in.n < min;
    }

    private void collapseRoot() {
        while (root instanceof Inner in && in.n <= 1) {
            if (in.n == 0) {
                Leaf l = new Leaf(max);
                leaves = 1;
                firstLeaf = l;
                lastLeaf = l;
                root = l;
            } else {
                root = in.kids[0];
            }
            inners--;
        }
    }

    /**
     * Mends underfull child {@code i} of {@code p} with a neighbour: the two are merged when
     * their entries fit in one node, else the entries are shared out evenly between them.
     */
    private void fix(Inner p, int i) {
        if (p.n < 2) {
            return;
        }
        int a = i + 1 < p.n ? i : i - 1;
        int b = a + 1;
        if (p.kids[a] instanceof Leaf la) {
            Leaf lb = (Leaf) p.kids[b];
            int total = la.n + lb.n;
            if (total <= max) {
                copyEntries(lb, 0, la, la.n, lb.n);
                la.n = total;
                la.next = lb.next;
                if (lb.next != null) {
                    lb.next.prev = la;
                } else {
                    lastLeaf = la;
                }
                leaves--;
                innerRemoveAt(p, b);
                p.counts[a] = total;
                return;
            }
            int target = total / 2;
            if (la.n < target) {
                int k = target - la.n;
                copyEntries(lb, 0, la, la.n, k);
                copyEntries(lb, k, lb, 0, lb.n - k);
                Arrays.fill(lb.nodes, lb.n - k, lb.n, null);
                la.n += k;
                lb.n -= k;
            } else {
                int k = la.n - target;
                copyEntries(lb, 0, lb, k, lb.n);
                copyEntries(la, target, lb, 0, k);
                Arrays.fill(la.nodes, target, la.n, null);
                la.n -= k;
                lb.n += k;
            }
            p.sepScore[b] = lb.scores[0];
            p.sepEle[b] = lb.nodes[0].ele;
            p.counts[a] = la.n;
            p.counts[b] = lb.n;
            return;
        }
        Inner ia = (Inner) p.kids[a];
        Inner ib = (Inner) p.kids[b];
        int total = ia.n + ib.n;
        if (total <= max) {
            int at = ia.n;
            copyKids(ib, 0, ia, at, ib.n);
            ia.sepScore[at] = p.sepScore[b];
            ia.sepEle[at] = p.sepEle[b];
            ia.n = total;
            inners--;
            innerRemoveAt(p, b);
            mend(ia);
            p.counts[a] = count(ia);
            return;
        }
        int target = total / 2;
        if (ia.n < target) {
            int k = target - ia.n;
            int at = ia.n;
            copyKids(ib, 0, ia, at, k);
            ia.sepScore[at] = p.sepScore[b];
            ia.sepEle[at] = p.sepEle[b];
            p.sepScore[b] = ib.sepScore[k];
            p.sepEle[b] = ib.sepEle[k];
            int rest = ib.n - k;
            copyKids(ib, k, ib, 0, rest);
            clearKids(ib, rest, ib.n);
            ib.sepEle[0] = null;
            ia.n += k;
            ib.n = rest;
        } else {
            int k = ia.n - target;
            copyKids(ib, 0, ib, k, ib.n);
            ib.sepScore[k] = p.sepScore[b];
            ib.sepEle[k] = p.sepEle[b];
            copyKids(ia, target, ib, 0, k);
            p.sepScore[b] = ia.sepScore[target];
            p.sepEle[b] = ia.sepEle[target];
            ib.sepEle[0] = null;
            clearKids(ia, target, ia.n);
            ia.n = target;
            ib.n += k;
        }
        mend(ia);
        mend(ib);
        p.counts[a] = count(ia);
        p.counts[b] = count(ib);
    }

    /**
     * Changes the score of a node: in place when it keeps its place among its leaf's neighbours
     * (as Redis's zslUpdateScore), else by taking it out and putting it back. Returns the node.
     */
    Node updateScore(Node x, double newScore) {
        Object t = root;
        while (t instanceof Inner in) {
            t = in.kids[childFor(in, x.score, x.ele)];
        }
        Leaf l = (Leaf) t;
        int i = lowerBound(l, x.score, x.ele);
        if (i >= l.n || l.nodes[i] != x) {
            throw new IllegalStateException("node not found by its score");
        }
        if (i > 0 && i < l.n - 1
                && cmp(l.scores[i - 1], l.nodes[i - 1].ele, newScore, x.ele) < 0
                && cmp(newScore, x.ele, l.scores[i + 1], l.nodes[i + 1].ele) < 0) {
            l.scores[i] = newScore;
            x.score = newScore;
            return x;
        }
        unlink(x);
        x.score = newScore;
        link(x);
        return x;
    }

    /** The 1-based rank of a node of this tree. */
    long rankOf(Node x) {
        long rank = 0;
        Object t = root;
        while (t instanceof Inner in) {
            int c = childFor(in, x.score, x.ele);
            for (int j = 0; j < c; j++) {
                rank += in.counts[j];
            }
            t = in.kids[c];
        }
        Leaf l = (Leaf) t;
        int i = lowerBound(l, x.score, x.ele);
        if (i >= l.n || l.nodes[i] != x) {
            throw new IllegalStateException("node not in the tree");
        }
        return rank + i + 1;
    }

    /** A cursor on the member of 1-based rank {@code rank} (invalid when out of range). */
    Cursor byRank(long rank) {
        if (rank < 1 || rank > length) {
            return new Cursor(null, 0);
        }
        long r = rank - 1;
        Object t = root;
        while (t instanceof Inner in) {
            int c = 0;
            while (r >= in.counts[c]) {
                r -= in.counts[c];
                c++;
            }
            t = in.kids[c];
        }
        return new Cursor((Leaf) t, (int) r);
    }

    /** A node chosen uniformly at random; the tree is not empty. */
    Node random() {
        return byRank(1 + ThreadLocalRandom.current().nextInt(length)).node();
    }

    /**
     * How many members, from the first, {@code before} holds for (it holds for a prefix of the
     * order): the 1-based rank of the last such member, 0 when none. O(log N): it is asked of the
     * separators on the way down, then of the leaf's members.
     */
    long countWhere(Prefix before) {
        long acc = 0;
        Object t = root;
        while (t instanceof Inner in) {
            int lo = 1;
            int hi = in.n - 1;
            int c = 0;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (before.holds(in.sepEle[mid], in.sepScore[mid])) {
                    c = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            for (int j = 0; j < c; j++) {
                acc += in.counts[j];
            }
            t = in.kids[c];
        }
        Leaf l = (Leaf) t;
        int lo = 0;
        int hi = l.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (before.holds(l.nodes[mid].ele, l.scores[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return acc + lo;
    }

    /**
     * Removes the nodes of 1-based ranks {@code start..end} (valid, inclusive), as
     * zslDeleteRangeByRank: O(log N + M). Returns how many were removed.
     */
    long deleteRankRange(long start, long end) {
        int from = (int) (start - 1);
        int cnt = (int) (end - start + 1);
        removeRange(root, from, cnt);
        length -= cnt;
        collapseRoot();
        maybeShrink();
        return cnt;
    }

    /** Removes {@code cnt} members from index {@code from} of subtree {@code t}. */
    private void removeRange(Object t, int from, int cnt) {
        if (t instanceof Leaf l) {
            for (int i = from; i < from + cnt; i++) {
                Node x = l.nodes[i];
                tableRemove(x);
                nodeBytes -= nodeBytes(x);
            }
            copyEntries(l, from + cnt, l, from, l.n - from - cnt);
            Arrays.fill(l.nodes, l.n - cnt, l.n, null);
            l.n -= cnt;
            return;
        }
        Inner in = (Inner) t;
        int acc = 0;
        int end = from + cnt;
        for (int c = 0; c < in.n && acc < end; c++) {
            int k = in.counts[c];
            int lo = Math.max(from, acc);
            int hi = Math.min(end, acc + k);
            if (lo < hi) {
                removeRange(in.kids[c], lo - acc, hi - lo);
                in.counts[c] -= hi - lo;
            }
            acc += k;
        }
        for (int c = in.n - 1; c >= 0; c--) {
            if (in.counts[c] == 0) {
                if (in.kids[c] instanceof Leaf l) {
                    if (l.prev != null) {
                        l.prev.next = l.next;
                    } else {
                        firstLeaf = l.next;
                    }
                    if (l.next != null) {
                        l.next.prev = l.prev;
                    } else {
                        lastLeaf = l.prev;
                    }
                    leaves--;
                } else {
                    inners--;
                }
                innerRemoveAt(in, c);
            }
        }
        mend(in);
    }

    /**
     * Mends every underfull child of {@code in} (while it has two children to work with). After
     * a range removal a node may be left with one child it could not mend; its parent merges it
     * with a neighbour ({@link #fix}), which then mends the merged node's children.
     */
    private void mend(Inner in) {
        for (int c = 0; c < in.n && in.n > 1; c++) {
            if (fill(in.kids[c]) < min) {
                fix(in, c);
                c = -1;
            }
        }
    }

    // ------------------------------------------------------------------ hash table

    /*
     * The member index is Redis's dict: chained buckets, a power-of-two table that doubles when
     * it holds as many nodes as buckets and shrinks below 10% fill, and INCREMENTAL rehashing:
     * while a resize is under way there are two tables, every write moves a few buckets from
     * the old one (rehashIdx is the next bucket to move), lookups search both. So no single
     * command pays for moving a million nodes at once.
     */

    /** The node of {@code ele}, or null. Reads never move buckets (memory stays as counted). */
    Node find(byte[] ele) {
        int h = hashOf(ele);
        Node n = findIn(table, ele, h);
        if (n == null && rehashTo != null) {
            n = findIn(rehashTo, ele, h);
        }
        return n;
    }

    private static Node findIn(Node[] t, byte[] ele, int h) {
        for (Node n = t[h & (t.length - 1)]; n != null; n = n.chain) {
            if (n.hash == h && Arrays.equals(n.ele, ele)) {
                return n;
            }
        }
        return null;
    }

    private void tableAdd(Node n) {
        if (rehashTo != null) {
            rehashStep();
        } else if (length >= table.length) {
            startRehash(table.length * 2);
            rehashStep();
        }
        Node[] t = rehashTo != null ? rehashTo : table;
        int b = n.hash & (t.length - 1);
        n.chain = t[b];
        t[b] = n;
    }

    private void tableRemove(Node n) {
        if (rehashTo != null) {
            rehashStep();
        }
        if (!unchain(table, n) && (rehashTo == null || !unchain(rehashTo, n))) {
            throw new IllegalStateException("node not in its bucket");
        }
    }

    private static boolean unchain(Node[] t, Node n) {
        int b = n.hash & (t.length - 1);
        Node p = null;
        for (Node c = t[b]; c != null; p = c, c = c.chain) {
            if (c == n) {
                if (p == null) {
                    t[b] = c.chain;
                } else {
                    p.chain = c.chain;
                }
                c.chain = null;
                return true;
            }
        }
        return false;
    }

    /** Shrinks the table as Redis's htNeedsResize/dictResize: below 10% fill, to fit. */
    private void maybeShrink() {
        if (rehashTo == null && table.length > MIN_TABLE && (long) length * 100 / table.length < 10) {
            int size = MIN_TABLE;
            while (size < length) {
                size <<= 1;
            }
            startRehash(size);
            rehashStep();
        }
    }

    private void startRehash(int size) {
        rehashTo = new Node[size];
        rehashIdx = 0;
    }

    /**
     * Moves the chains of the next bucket of the old table (visiting at most 10 empty buckets,
     * as Redis's _dictRehashStep), and finishes the resize when the old table is empty.
     */
    private void rehashStep() {
        Node[] from = table;
        Node[] to = rehashTo;
        int mask = to.length - 1;
        int empty = 10;
        while (rehashIdx < from.length && from[rehashIdx] == null) {
            rehashIdx++;
            if (--empty == 0) {
                break;
            }
        }
        if (rehashIdx < from.length && from[rehashIdx] != null) {
            Node n = from[rehashIdx];
            from[rehashIdx] = null;
            while (n != null) {
                Node next = n.chain;
                int b = n.hash & mask;
                n.chain = to[b];
                to[b] = n;
                n = next;
            }
            rehashIdx++;
        }
        if (rehashIdx >= from.length) {
            table = to;
            rehashTo = null;
            rehashIdx = -1;
        }
    }

    private static long reverseIncrement(long v, long mask) {
        v |= ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    private static void emit(Node[] t, long v, java.util.function.Consumer<Node> visitor) {
        for (Node n = t[(int) (v & (t.length - 1))]; n != null; n = n.chain) {
            visitor.accept(n);
        }
    }

    /**
     * One step of SCAN over the member index, as Redis's dictScan: visits the bucket the cursor
     * names (while a resize is under way, that bucket of the smaller table and all its
     * expansions in the larger one), then returns the next cursor in reverse-binary order, 0
     * when the walk is complete. A member present for the whole walk is visited at least once,
     * whatever resizes happen between steps.
     *
     * @param cursor  the cursor (0 to start)
     * @param visitor receives each node of the visited buckets
     */
    long scanStep(long cursor, java.util.function.Consumer<Node> visitor) {
        long v = cursor;
        if (rehashTo == null) {
            long m0 = table.length - 1;
            emit(table, v, visitor);
            return reverseIncrement(v, m0);
        }
        Node[] small = table.length <= rehashTo.length ? table : rehashTo;
        Node[] large = small == table ? rehashTo : table;
        long m0 = small.length - 1;
        long m1 = large.length - 1;
        emit(small, v, visitor);
        do {
            emit(large, v, visitor);
            v = reverseIncrement(v, m1);
        } while ((v & (m0 ^ m1)) != 0);
        return v;
    }

    /** Checks the invariants (counts, order, separators, leaf links, fill, table); for tests. */
    void verify() {
        int[] seen = {0};
        Leaf[] prevLeaf = {null};
        int depth = verify(root, null, 0, null, 0, true, seen, prevLeaf, 0, new int[] {-1});
        if (depth < 0 || seen[0] != length || prevLeaf[0] != lastLeaf) {
            throw new AssertionError("length/last leaf");
        }
        Node prev = null;
        int n = 0;
        for (Cursor c = first(); c.valid(); c.next()) {
            Node x = c.node();
            if (prev != null && cmp(prev.score, prev.ele, x.score, x.ele) >= 0) {
                throw new AssertionError("order");
            }
            if (find(x.ele) != x) {
                throw new AssertionError("hash table");
            }
            prev = x;
            n++;
        }
        if (n != length) {
            throw new AssertionError("walk length");
        }
        int inTable = 0;
        for (Node[] t : rehashTo == null ? new Node[][] {table} : new Node[][] {table, rehashTo}) {
            for (Node head : t) {
                for (Node c = head; c != null; c = c.chain) {
                    inTable++;
                }
            }
        }
        if (inTable != length) {
            throw new AssertionError("table count");
        }
    }

    /** Checks subtree t, whose members lie in [lo, hi) (null: unbounded); returns its height. */
    private int verify(Object t, byte[] loE, double loS, byte[] hiE, double hiS, boolean isRoot,
            int[] seen, Leaf[] prevLeaf, int level, int[] leafLevel) {
        if (t instanceof Leaf l) {
            if (!isRoot && l.n < 1) {
                throw new AssertionError("empty leaf");
            }
            if (l.prev != prevLeaf[0] || (prevLeaf[0] == null ? firstLeaf != l : prevLeaf[0].next != l)) {
                throw new AssertionError("leaf links");
            }
            prevLeaf[0] = l;
            for (int i = 0; i < l.n; i++) {
                Node x = l.nodes[i];
                if (x.score != l.scores[i] && !(Double.isNaN(x.score) && Double.isNaN(l.scores[i]))) {
                    throw new AssertionError("leaf score");
                }
                if ((loE != null && cmp(x.score, x.ele, loS, loE) < 0)
                        || (hiE != null && cmp(x.score, x.ele, hiS, hiE) >= 0)) {
                    throw new AssertionError("separator bounds");
                }
            }
            for (int i = l.n; i < l.nodes.length; i++) {
                if (l.nodes[i] != null) {
                    throw new AssertionError("stale leaf slot");
                }
            }
            seen[0] += l.n;
            if (leafLevel[0] < 0) {
                leafLevel[0] = level;
            } else if (leafLevel[0] != level) {
                throw new AssertionError("unbalanced");
            }
            return 1;
        }
        Inner in = (Inner) t;
        if (in.n < 2) {
            throw new AssertionError("inner of " + in.n);
        }
        int h = -1;
        for (int c = 0; c < in.n; c++) {
            byte[] le = c == 0 ? loE : in.sepEle[c];
            double ls = c == 0 ? loS : in.sepScore[c];
            byte[] he = c + 1 < in.n ? in.sepEle[c + 1] : hiE;
            double hs = c + 1 < in.n ? in.sepScore[c + 1] : hiS;
            int before = seen[0];
            int ch = verify(in.kids[c], le, ls, he, hs, false, seen, prevLeaf, level + 1, leafLevel);
            if (seen[0] - before != in.counts[c]) {
                throw new AssertionError("count");
            }
            h = ch;
        }
        for (int c = in.n; c < in.kids.length; c++) {
            if (in.kids[c] != null) {
                throw new AssertionError("stale inner slot");
            }
        }
        return h + 1;
    }

    /** Height of the tree (1 for a lone leaf); for tests. */
    int height() {
        int h = 1;
        for (Object t = root; t instanceof Inner in; t = in.kids[0]) {
            h++;
        }
        return h;
    }
}
