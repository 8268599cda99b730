package io.quicksilver.core.engine.type;

import io.quicksilver.core.util.Hashing;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The large encoding of a sorted set ("skiplist"): Redis's skiplist with span counts (rank in
 * O(log N)) and, in the same nodes, a chained hash table from member to node (score lookup in
 * O(1)). One object per member, no wrapper: a node holds its member bytes, its score, the
 * level-0 links inline, the higher levels in two small arrays (a quarter of the nodes have
 * them), its hash and the next node of its hash bucket.
 *
 * <p>Ordering is Redis's: by score, then by member bytes compared unsigned (memcmp).
 * Ranks in this class are 1-based as in t_zset.c (the header has rank 0).
 *
 * <p>Not thread-safe: used under the owning key's segment lock.
 */
final class ZSkipList {
    static final int MAX_LEVEL = 32;
    private static final long SEED = ThreadLocalRandom.current().nextLong();
    private static final int MIN_TABLE = 4;

    /** Forward links kept in the node itself: levels 0..INLINE-1. */
    static final int INLINE = 3;

    /**
     * A member. Levels 0..2 are fields of the node ({@link #next}, {@link #l1}, {@link #l2}), so a
     * search step reads one object: the node whose score it compares also holds the links it
     * follows next (as Redis's node holds its level array). Only nodes above level 3 (1 in 64)
     * keep their higher links in {@link #up}/{@link #upSpan}.
     */
    static final class Node {
        final byte[] ele;
        double score;
        Node backward;
        Node next;
        Node l1;
        Node l2;
        /** Spans of levels 1 and 2 (level 0's span is 1 when {@link #next} is set, else 0). */
        int s1;
        int s2;
        /** Forward links of levels 3..level-1, or null for a node of level 3 or less. */
        Node[] up;
        /** Spans of levels 3..level-1. */
        int[] upSpan;
        /** Next node in the same hash bucket. */
        Node chain;
        final int hash;

        Node(byte[] ele, double score, int hash, int level) {
            this.ele = ele;
            this.score = score;
            this.hash = hash;
            if (level > INLINE) {
                up = new Node[level - INLINE];
                upSpan = new int[level - INLINE];
            }
        }
    }

    private final Node header = new Node(null, 0, 0, MAX_LEVEL);
    private Node tail;
    private int length;
    private int level = 1;

    private Node[] table = new Node[MIN_TABLE];
    /** The table being filled while a resize is under way, else null. */
    private Node[] rehashTo;
    /** Next bucket of {@link #table} to move while rehashing, else -1. */
    private int rehashIdx = -1;
    /** Estimated heap bytes of the nodes and member arrays (the table is added on request). */
    private long nodeBytes;

    // ------------------------------------------------------------------ link helpers

    private static Node fwd(Node x, int i) {
        switch (i) {
            case 0:
                return x.next;
            case 1:
                return x.l1;
            case 2:
                return x.l2;
            default:
                return x.up[i - INLINE];
        }
    }

    private static void setFwd(Node x, int i, Node n) {
        switch (i) {
            case 0 -> x.next = n;
            case 1 -> x.l1 = n;
            case 2 -> x.l2 = n;
            default -> x.up[i - INLINE] = n;
        }
    }

    private static int span(Node x, int i) {
        switch (i) {
            case 0:
                return x.next != null ? 1 : 0;
            case 1:
                return x.s1;
            case 2:
                return x.s2;
            default:
                return x.upSpan[i - INLINE];
        }
    }

    private static void setSpan(Node x, int i, int s) {
        switch (i) {
            case 0 -> { }
            case 1 -> x.s1 = s;
            case 2 -> x.s2 = s;
            default -> x.upSpan[i - INLINE] = s;
        }
    }

    private static int compare(Node x, double score, byte[] ele) {
        if (x.score < score) {
            return -1;
        }
        if (x.score > score) {
            return 1;
        }
        return Arrays.compareUnsigned(x.ele, ele);
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

    static long nodeBytes(Node n) {
        long b = 64 + arrayBytes(n.ele.length);
        if (n.up != null) {
            b += 2 * ((16 + 4L * n.up.length + 7) & ~7L);
        }
        return b;
    }

    private static long arrayBytes(int len) {
        return (16 + len + 7) & ~7L;
    }

    private static int randomLevel() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int lvl = 1;
        while ((r.nextInt() & 0xFFFF) < (int) (0.25 * 0xFFFF)) {
            lvl++;
        }
        return Math.min(lvl, MAX_LEVEL);
    }

    // ------------------------------------------------------------------ size and memory

    int length() {
        return length;
    }

    long memoryUsage() {
        return 64 + nodeBytes + arrayBytes(0) + 4L * table.length
                + (rehashTo == null ? 0 : arrayBytes(0) + 4L * rehashTo.length);
    }

    Node first() {
        return header.next;
    }

    Node last() {
        return tail;
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

    /** A node chosen uniformly at random; the list is not empty. */
    Node random() {
        return byRank(1 + ThreadLocalRandom.current().nextInt(length));
    }

    // ------------------------------------------------------------------ skiplist

    /** Inserts a member known to be absent. Returns its node. */
    Node insert(byte[] ele, double score) {
        int lvl = randomLevel();
        Node n = new Node(ele, score, hashOf(ele), lvl);
        link(n, lvl);
        tableAdd(n);
        nodeBytes += nodeBytes(n);
        return n;
    }

    /**
     * Links node {@code n}, of level {@code lvl} (its links and spans are overwritten), at the
     * place its score and member give it; the hash table is not touched.
     */
    private void link(Node n, int lvl) {
        double score = n.score;
        byte[] ele = n.ele;
        Node[] update = new Node[Math.max(level, lvl)];
        int[] rank = new int[update.length];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            Node f;
            while ((f = fwd(x, i)) != null && compare(f, score, ele) < 0) {
                rank[i] += span(x, i);
                x = f;
            }
            update[i] = x;
        }
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                setSpan(header, i, length);
            }
            level = lvl;
        }
        for (int i = 0; i < lvl; i++) {
            setFwd(n, i, fwd(update[i], i));
            setFwd(update[i], i, n);
            setSpan(n, i, span(update[i], i) - (rank[0] - rank[i]));
            setSpan(update[i], i, (rank[0] - rank[i]) + 1);
        }
        for (int i = lvl; i < level; i++) {
            setSpan(update[i], i, span(update[i], i) + 1);
        }
        n.backward = update[0] == header ? null : update[0];
        if (n.next != null) {
            n.next.backward = n;
        } else {
            tail = n;
        }
        length++;
    }

    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (fwd(update[i], i) == x) {
                setSpan(update[i], i, span(update[i], i) + span(x, i) - 1);
                setFwd(update[i], i, fwd(x, i));
            } else {
                setSpan(update[i], i, span(update[i], i) - 1);
            }
        }
        if (x.next != null) {
            x.next.backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && fwd(header, level - 1) == null) {
            level--;
        }
        length--;
    }

    private Node[] updatePath(double score, byte[] ele) {
        Node[] update = new Node[level];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(x, i)) != null && compare(f, score, ele) < 0) {
                x = f;
            }
            update[i] = x;
        }
        return update;
    }

    /** Removes a node of this list (from the skiplist and the hash table). */
    void delete(Node n) {
        Node[] update = updatePath(n.score, n.ele);
        if (fwd(update[0], 0) != n) {
            throw new IllegalStateException("node not found by its score");
        }
        unlink(n, update);
        tableRemove(n);
        nodeBytes -= nodeBytes(n);
        maybeShrink();
    }

    /**
     * Changes the score of a node, keeping its place when the order allows it (Redis's
     * zslUpdateScore), else re-inserting it. Returns the node now holding the member.
     */
    Node updateScore(Node x, double newScore) {
        Node[] update = updatePath(x.score, x.ele);
        if (fwd(update[0], 0) != x) {
            throw new IllegalStateException("node not found by its score");
        }
        if ((x.backward == null || x.backward.score < newScore)
                && (x.next == null || x.next.score > newScore)) {
            x.score = newScore;
            return x;
        }
        // moved: the same node is relinked at its new place with its level (Redis makes a new
        // node; keeping this one spares the hash table two updates, and the collector a node)
        int lvl = 1;
        while (lvl < level && fwd(update[lvl], lvl) == x) {
            lvl++;
        }
        unlink(x, update);
        x.score = newScore;
        link(x, lvl);
        return x;
    }

    /** The 1-based rank of a node of this list. */
    long rankOf(Node n) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(x, i)) != null && compare(f, n.score, n.ele) <= 0) {
                rank += span(x, i);
                x = f;
            }
            if (x == n) {
                return rank;
            }
        }
        throw new IllegalStateException("node not in the list");
    }

    /** The node of 1-based rank {@code rank}, or null when out of range. */
    Node byRank(long rank) {
        if (rank < 1 || rank > length) {
            return null;
        }
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(x, i)) != null && traversed + span(x, i) <= rank) {
                traversed += span(x, i);
                x = f;
            }
            if (traversed == rank) {
                return x;
            }
        }
        return null;
    }

    /** A test over nodes in list order: true for a prefix of the list, false after. */
    interface Prefix {
        boolean holds(Node n);
    }

    /**
     * The last node for which {@code before} holds, descending levels as zslFirstInRange does
     * ("go forward while out of range"); the header (returned as null) when none does.
     */
    Node lastWhere(Prefix before) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(x, i)) != null && before.holds(f)) {
                x = f;
            }
        }
        return x == header ? null : x;
    }

    /**
     * Removes the nodes of 1-based ranks {@code start..end} (valid, inclusive), as
     * zslDeleteRangeByRank. Returns how many were removed.
     */
    long deleteRankRange(long start, long end) {
        Node[] update = new Node[MAX_LEVEL];
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(x, i)) != null && traversed + span(x, i) < start) {
                traversed += span(x, i);
                x = f;
            }
            update[i] = x;
        }
        traversed++;
        x = x.next;
        long removed = 0;
        while (x != null && traversed <= end) {
            Node next = x.next;
            unlink(x, update);
            tableRemove(x);
            nodeBytes -= nodeBytes(x);
            removed++;
            traversed++;
            x = next;
        }
        maybeShrink();
        return removed;
    }

    /** Checks the invariants (spans, order, backward links, table); for tests. */
    void verify() {
        int n = 0;
        Node prev = null;
        for (Node x = header.next; x != null; x = x.next) {
            if (x.backward != prev) {
                throw new AssertionError("backward link");
            }
            if (prev != null && compare(prev, x.score, x.ele) >= 0) {
                throw new AssertionError("order");
            }
            if (find(x.ele) != x) {
                throw new AssertionError("hash table");
            }
            prev = x;
            n++;
        }
        if (n != length || tail != prev) {
            throw new AssertionError("length/tail");
        }
        for (int i = 1; i < level; i++) {
            Node x = header;
            while (fwd(x, i) != null) {
                Node f = fwd(x, i);
                long r0 = x == header ? 0 : rankByWalk(x);
                long r1 = rankByWalk(f);
                if (r1 - r0 != span(x, i)) {
                    throw new AssertionError("span at level " + i);
                }
                x = f;
            }
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

    private long rankByWalk(Node target) {
        long r = 0;
        for (Node x = header.next; x != null; x = x.next) {
            r++;
            if (x == target) {
                return r;
            }
        }
        throw new AssertionError("not found");
    }
}
