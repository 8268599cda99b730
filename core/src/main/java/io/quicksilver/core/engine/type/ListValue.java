package io.quicksilver.core.engine.type;

import io.quicksilver.core.engine.Slabs;
import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.engine.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A list value, encoded as Redis 7.0's quicklist: a deque of nodes, each node one
 * {@link Listpack} (a packed {@code byte[]}) holding a run of consecutive elements. OBJECT
 * ENCODING reports "quicklist" for every list, as Redis 7.0 does.
 *
 * <p>Layout: the nodes are kept in a ring of arrays (a power-of-two {@code byte[][]} with a head
 * index), so there is no object per node and none per element. How full a node may get is the
 * {@code list-max-listpack-size} in force when the list was created (Redis's fill): -1..-5 limit
 * a node to 4, 8, 16, 32 or 64 KiB; a positive value limits its entries (and, as Redis's
 * SIZE_SAFETY_LIMIT, its size to 8 KiB). A node always holds at least one element.
 *
 * <p>Complexity, as Redis: pushes and pops at either end are O(1) (amortised; they shift at most
 * one node's bytes); access by index walks nodes from the nearer end, then entries within the
 * node from its nearer end, so it is O(1) near the ends; LINSERT, LREM, LPOS are O(N).
 *
 * <p>Memory: the bytes of the listpacks (a small integer takes 2 bytes, a short string its length
 * plus 2), an array header per node and 4 bytes per ring slot. A node that stops being the one
 * written to is trimmed to its exact size, unless it was filled by pushes and has under an eighth
 * to spare; the one at each end keeps spare capacity so that appends are amortised O(1): up to a
 * quarter in a list of one node, up to half in a longer one, whose end nodes grow by doubling up
 * to the node limit. {@link #memoryUsage} is kept as a running sum.
 *
 * <p>Off the heap: a node that pushes leave two nodes from an end (and that holds 512 bytes to
 * 32 KiB) is moved into a chunk of the engine's {@link Slabs}, as long strings are, and its array
 * becomes the next new end node's (a node headed there is not trimmed first). So a list that
 * grows by pushes (a queue, a feed) keeps only the two nodes at each end on the heap, the
 * collector does not copy the rest from generation to generation, and pushing allocates no
 * node arrays. Reads of such a node (LRANGE, LINDEX, LPOS, SORT)
 * work on a copy; an edit (LSET, LINSERT, LREM, a pop reaching it) moves it back to the heap
 * first. The list owns its chunks: {@link #release} frees them when its key drops it.
 *
 * <p>Threading: accessed only under the key's segment lock; no synchronisation of its own. A
 * {@link Cursor} is valid until the list is next modified.
 */
public final class ListValue implements TypedValue {
    /** quicklist.c: the node byte limits of fill -1..-5. */
    private static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};
    /** quicklist.c: a positive fill still never makes a node larger than this. */
    private static final int SIZE_SAFETY_LIMIT = 8192;
    /** quicklist.c: slack counted for an entry's header and back-length when deciding to insert. */
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;
    /** quicklist.c FILL_MAX. */
    private static final int FILL_MAX = (1 << 15) - 1;

    private final int fill;
    /** Where interior nodes go off the heap, or null to keep them all on it. */
    private final Slabs slabs;
    /**
     * Ring of nodes; length a power of two; slot (head + i) & (length - 1) is node i. A slot is
     * null for a node kept in a chunk ({@link #frozen}).
     */
    private byte[][] nodes;
    /** Chunks of off-heap nodes, by slot (Slabs.NONE for a node on the heap); null until needed. */
    private long[] frozen;
    private int head;
    private int nodeCount;
    private long size;
    /** Sum of the heap sizes of the node arrays and the capacities of the nodes' chunks. */
    private long nodeBytes;
    /** Set when the key dropped this list and its chunks were freed. */
    private boolean released;
    /**
     * The array of the last node a pop emptied, while the list has nodes off the heap: the next
     * node moved back to the heap ({@link #thaw}) is read into it instead of a new array, so a
     * queue drained from a long list does not allocate, zero and fault in a node every few pops.
     */
    private byte[] spare;
    /** Shortest node array worth keeping as {@link #spare}. */
    private static final int SPARE_MIN = 1024;

    /**
     * An empty list.
     *
     * @param fill list-max-listpack-size: negative = node byte limit (-1 = 4 KiB ... -5 = 64 KiB,
     *             lower is taken as -5), positive = entries per node (at most 32767)
     */
    public ListValue(long fill) {
        this(fill, null);
    }

    /**
     * An empty list whose interior nodes move into chunks of {@code slabs} (see the class
     * comment), or stay on the heap when it is null.
     */
    public ListValue(long fill, Slabs slabs) {
        this.fill = (int) Math.max(-5, Math.min(FILL_MAX, fill));
        this.slabs = slabs;
        this.nodes = new byte[1][];
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public long memoryUsage() {
        return 48 + arrayBytes(4L * nodes.length) + (frozen == null ? 0 : arrayBytes(8L * frozen.length))
                + nodeBytes + (spare == null ? 0 : arrayBytes(spare.length));
    }

    @Override
    public ListValue copy() {
        ListValue c = new ListValue(fill, slabs);
        int cap = nodes.length;
        c.nodes = new byte[cap][];
        for (int i = 0; i < nodeCount; i++) {
            byte[] lp = Listpack.copy(peek(i));
            c.nodes[i] = lp;
            c.nodeBytes += arrayBytes(lp.length);
        }
        c.nodeCount = nodeCount;
        c.size = size;
        for (int i = 2; i < nodeCount - 2; i++) {
            c.freeze(i); // as the original keeps them: off the heap away from the ends
        }
        return c;
    }

    /** The fill (list-max-listpack-size) this list was created with, as clamped. */
    public int fill() {
        return fill;
    }

    /** Number of elements: LLEN. */
    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Number of quicklist nodes (for tests and DEBUG). */
    public int nodeCount() {
        return nodeCount;
    }

    /** Entries in node {@code i} (for tests). */
    public int nodeEntries(int i) {
        return countOf(i);
    }

    /** Listpack bytes used by node {@code i} (for tests). */
    public int nodeUsedBytes(int i) {
        return bytesOf(i);
    }

    // ------------------------------------------------------------------ ends

    /** LPUSH of one element, copied into the head node (the caller may reuse the array). */
    public void pushHead(byte[] value) {
        if (nodeCount > 0) {
            byte[] lp = node(0);
            if (allowInsert(lp, value.length)) {
                setNode(0, Listpack.insert(roomFor(lp, value.length), Listpack.HEADER, value));
                size++;
                return;
            }
            setNode(0, retire(lp)); // no longer the node written to
        }
        insertNode(0, Listpack.append(newEndNode(value.length), value));
        size++;
        freeze(2); // now two nodes from the head
    }

    /** RPUSH of one element, copied into the tail node (the caller may reuse the array). */
    public void pushTail(byte[] value) {
        if (nodeCount > 0) {
            int last = nodeCount - 1;
            byte[] lp = node(last);
            if (allowInsert(lp, value.length)) {
                setNode(last, Listpack.append(roomFor(lp, value.length), value));
                size++;
                return;
            }
            setNode(last, retire(lp));
        }
        insertNode(nodeCount, Listpack.append(newEndNode(value.length), value));
        size++;
        freeze(nodeCount - 3);
    }

    /**
     * Hands the first ({@code head}) or last element to {@code sink} (a slice of its node, valid
     * during the call only), then removes it; false when empty. LPOP and RPOP reply so, without an
     * array per element.
     */
    public boolean pop(boolean head, Listpack.EntrySink sink) {
        if (size == 0) {
            return false;
        }
        int n = head ? 0 : nodeCount - 1;
        byte[] lp = node(n);
        int p = head ? Listpack.HEADER : Listpack.last(lp);
        Listpack.read(lp, p, sink);
        Listpack.delete(lp, p, 1);
        afterShrink(n, lp);
        size--;
        return true;
    }

    /** Removes and returns the first ({@code head}) or last element as a new array, or null when empty. */
    public byte[] pop(boolean head) {
        Taken taken = new Taken();
        return pop(head, taken) ? taken.value : null;
    }

    /** Keeps a copy of the entry handed to it ({@link #pop(boolean)}). */
    private static final class Taken implements Listpack.EntrySink {
        byte[] value;

        @Override
        public void bytes(byte[] buf, int off, int len) {
            value = Arrays.copyOfRange(buf, off, off + len);
        }

        @Override
        public void integer(long v) {
            value = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Removes the first {@code n} elements (all when {@code n >= size}). */
    public void removeHead(long n) {
        while (n > 0 && nodeCount > 0) {
            int c = countOf(0);
            if (c <= n) {
                removeNode(0);
                size -= c;
                n -= c;
            } else {
                byte[] lp = node(0);
                Listpack.delete(lp, Listpack.HEADER, (int) n);
                size -= n;
                afterShrink(0, lp);
                n = 0;
            }
        }
    }

    /** Removes the last {@code n} elements (all when {@code n >= size}). */
    public void removeTail(long n) {
        while (n > 0 && nodeCount > 0) {
            int last = nodeCount - 1;
            int c = countOf(last);
            if (c <= n) {
                removeNode(last);
                size -= c;
                n -= c;
            } else {
                byte[] lp = node(last);
                Listpack.delete(lp, Listpack.seek(lp, c - n), (int) n);
                size -= n;
                afterShrink(last, lp);
                n = 0;
            }
        }
    }

    // ------------------------------------------------------------------ by index

    /** The element at {@code index} (negative counts from the tail), or null when out of range. */
    public byte[] get(long index) {
        Cursor c = cursor(index, true);
        return c.next() ? c.bytes() : null;
    }

    /**
     * LSET: replaces the element at {@code index} (negative counts from the tail). Returns false
     * when the index is out of range.
     */
    public boolean set(long index, byte[] value) {
        long i = index < 0 ? size + index : index;
        if (i < 0 || i >= size) {
            return false;
        }
        int n = locateNode(i);
        byte[] lp = node(n);
        int p = Listpack.seek(lp, i - locBase);
        setNode(n, Listpack.replace(lp, p, value));
        fixOversized(n);
        trimInterior(n);
        return true;
    }

    // ------------------------------------------------------------------ searches and edits

    /**
     * LINSERT: inserts {@code value} before or after the first element equal to {@code pivot}
     * (searching from the head). Returns false when there is no such element.
     *
     * @param pivot the element to find
     * @param value the element to insert
     * @param after true for AFTER, false for BEFORE
     */
    public boolean insert(byte[] pivot, byte[] value, boolean after) {
        for (int n = 0; n < nodeCount; n++) {
            byte[] view = peek(n);
            if (Listpack.find(view, Listpack.first(view), pivot, 0) < 0) {
                continue;
            }
            byte[] lp = node(n);
            int p = Listpack.find(lp, Listpack.first(lp), pivot, 0);
            int at = after ? p + Listpack.entrySize(lp, p) : p;
            setNode(n, Listpack.insert(lp, at, value));
            size++;
            fixOversized(n);
            trimInterior(n);
            return true;
        }
        return false;
    }

    /**
     * LREM: removes elements equal to {@code value}, scanning from the head or from the tail,
     * up to {@code limit} of them (0 = all). Returns how many were removed.
     *
     * @param value    the element to remove
     * @param fromTail scan from the tail (LREM with a negative count)
     * @param limit    most elements to remove; 0 = no limit
     */
    public long remove(byte[] value, boolean fromTail, long limit) {
        long removed = 0;
        if (!fromTail) {
            for (int n = 0; n < nodeCount && (limit == 0 || removed < limit); ) {
                if (!holds(n, value)) {
                    n++;
                    continue;
                }
                byte[] lp = node(n);
                int before = Listpack.count(lp);
                int p = Listpack.first(lp);
                while (p >= 0 && (limit == 0 || removed < limit)) {
                    p = Listpack.find(lp, p, value, 0);
                    if (p < 0) {
                        break;
                    }
                    Listpack.delete(lp, p, 1);
                    removed++;
                    p = Listpack.at(lp, p);
                }
                if (Listpack.count(lp) != before) {
                    size -= before - Listpack.count(lp);
                    if (Listpack.isEmpty(lp)) {
                        removeNode(n);
                        continue;
                    }
                    setNode(n, Listpack.trim(lp));
                    trimInterior(n);
                }
                n++;
            }
        } else {
            for (int n = nodeCount - 1; n >= 0 && (limit == 0 || removed < limit); n--) {
                if (!holds(n, value)) {
                    continue;
                }
                byte[] lp = node(n);
                int before = Listpack.count(lp);
                int p = Listpack.last(lp);
                while (p >= 0 && (limit == 0 || removed < limit)) {
                    int prev = Listpack.prev(lp, p); // offsets before p survive deleting p
                    if (Listpack.equals(lp, p, value)) {
                        Listpack.delete(lp, p, 1);
                        removed++;
                    }
                    p = prev;
                }
                if (Listpack.count(lp) != before) {
                    size -= before - Listpack.count(lp);
                    if (Listpack.isEmpty(lp)) {
                        removeNode(n);
                    } else {
                        setNode(n, Listpack.trim(lp));
                        trimInterior(n);
                    }
                }
            }
        }
        if (removed > 0) {
            mergeSmallNodes();
        }
        return removed;
    }

    // ------------------------------------------------------------------ iteration

    /**
     * A cursor over the elements from {@code index} (negative counts from the tail) towards the
     * tail ({@code forward}) or the head. The first {@link Cursor#next} moves onto the element at
     * {@code index}; when the index is out of range the cursor is empty.
     */
    public Cursor cursor(long index, boolean forward) {
        long i = index < 0 ? size + index : index;
        Cursor c = new Cursor(forward);
        if (i < 0 || i >= size) {
            c.node = -1;
            return c;
        }
        int n = locateNode(i);
        c.node = n;
        c.pos = Listpack.seek(peek(n), i - locBase);
        c.fresh = true;
        return c;
    }

    /**
     * Walks the elements of a {@link ListValue} one at a time without copying them: the current
     * element is either an integer ({@link #isInt}, {@link #intValue}) or a slice of the node's
     * array ({@link #buffer}, {@link #offset}, {@link #length}). Valid until the list changes.
     */
    public final class Cursor {
        private final boolean forward;
        private int node;
        private int pos;
        private boolean fresh;
        private byte[] lp;

        private Cursor(boolean forward) {
            this.forward = forward;
        }

        /** Moves to the next element; false when there is none (then the cursor is spent). */
        public boolean next() {
            if (node < 0) {
                return false;
            }
            if (fresh) {
                fresh = false;
                lp = peek(node);
                return true;
            }
            pos = forward ? Listpack.next(lp, pos) : Listpack.prev(lp, pos);
            if (pos < 0) {
                node += forward ? 1 : -1;
                if (node < 0 || node >= nodeCount) {
                    node = -1;
                    lp = null;
                    return false;
                }
                lp = peek(node);
                pos = forward ? Listpack.first(lp) : Listpack.last(lp);
            }
            return true;
        }

        private void check() {
            if (lp == null) {
                throw new NoSuchElementException();
            }
        }

        public boolean isInt() {
            check();
            return Listpack.isInt(lp, pos);
        }

        public long intValue() {
            return Listpack.intValue(lp, pos);
        }

        /** The array holding a string element; see {@link #offset} and {@link #length}. */
        public byte[] buffer() {
            check();
            return lp;
        }

        public int offset() {
            return Listpack.strOffset(lp, pos);
        }

        public int length() {
            return Listpack.strLength(lp, pos);
        }

        /** The current element as a new array. */
        public byte[] bytes() {
            check();
            return Listpack.get(lp, pos);
        }

        /** Whether the current element equals {@code v} (Redis's listTypeEqual). */
        public boolean matches(byte[] v) {
            check();
            return Listpack.equals(lp, pos, v);
        }
    }

    // ------------------------------------------------------------------ nodes

    /** Base index (of the node's first element) of the node {@link #locateNode} last found. */
    private long locBase;

    /** The node holding element {@code i} (0 <= i < size), walking from the nearer end. */
    private int locateNode(long i) {
        if (i < size / 2) {
            long base = 0;
            for (int n = 0; ; n++) {
                int c = countOf(n);
                if (i < base + c) {
                    locBase = base;
                    return n;
                }
                base += c;
            }
        }
        long end = size; // one past the last element of node n
        for (int n = nodeCount - 1; ; n--) {
            int c = countOf(n);
            if (i >= end - c) {
                locBase = end - c;
                return n;
            }
            end -= c;
        }
    }

    /** quicklist's _quicklistNodeAllowInsert: may an element of {@code len} bytes go into lp? */
    private boolean allowInsert(byte[] lp, int len) {
        long newSize = (long) Listpack.bytes(lp) + len + SIZE_ESTIMATE_OVERHEAD;
        if (fill < 0) {
            return newSize <= OPTIMIZATION_LEVEL[-fill - 1];
        }
        return newSize <= SIZE_SAFETY_LIMIT && Listpack.count(lp) < fill;
    }

    /**
     * The end node of a list of several nodes, about to take an element of {@code len} bytes:
     * when it must grow, it grows by doubling, up to the node's byte limit, instead of by the
     * listpack's quarter: such a node keeps being pushed to until it is full, so a few large
     * steps copy less than many small ones (an end node filled with 1 KiB elements was copied
     * about five times, and the collector had that much more to sweep). A list of one node
     * keeps the listpack's growth, so many small lists hold little spare room.
     */
    private byte[] roomFor(byte[] lp, int len) {
        if (fill >= 0 || nodeCount < 2) {
            return lp;
        }
        long needed = (long) Listpack.bytes(lp) + len + SIZE_ESTIMATE_OVERHEAD;
        if (needed <= lp.length) {
            return lp;
        }
        int limit = OPTIMIZATION_LEVEL[-fill - 1];
        return Arrays.copyOf(lp, (int) Math.max(needed, Math.min(limit, 2L * lp.length)));
    }

    /**
     * An end node that is full and stops being written to: trimmed to its size, unless its
     * spare room is under an eighth of it (about what an allocator's size classes round up by),
     * which is kept rather than copying the whole node once more, or unless it is headed for a
     * chunk: in a list of several nodes with slabs, the next node pushed at this end moves it
     * two nodes from the end, and {@link #freeze} then copies its used bytes only (trimming it
     * first copied a 1 KiB-element node twice). Until then it is next to an end, where
     * {@link #verify} allows the room; should it not get a chunk, {@link #freeze} trims it.
     */
    private byte[] retire(byte[] lp) {
        int used = Listpack.bytes(lp);
        if (!roomy(lp.length, used) || headedForChunk(used)) {
            return lp;
        }
        return Listpack.trim(lp);
    }

    /** Whether a retired end node of {@code used} bytes will move into a chunk (see {@link #retire}). */
    private boolean headedForChunk(int used) {
        return nodeCount >= 3 && chunkable(used);
    }

    /** Whether a node of {@code used} bytes may go into a chunk of this list's slabs. */
    private boolean chunkable(int used) {
        return slabs != null && !released && Slabs.holds(used);
    }

    /**
     * Whether an array of {@code capacity} bytes holding a listpack of {@code used} keeps more
     * than an eighth of it to spare: more than a node away from the ends may keep.
     */
    private static boolean roomy(int capacity, int used) {
        return capacity - used > used >> 3;
    }

    /**
     * The array for a new end node about to take an element of {@code len} bytes: the
     * {@link #spare} (the array of the last node moved into a chunk or emptied) when the list
     * has nodes off the heap, the fill is a byte limit and the spare is within it, so that a list
     * growing by pushes fills the array its last frozen node left instead of growing a new one
     * by doubling (four arrays, and four copies, for a node of 1 KiB elements); else a new
     * listpack, which {@link #roomFor} grows.
     */
    private byte[] newEndNode(int len) {
        byte[] lp = spare;
        if (lp != null && fill < 0 && lp.length <= OPTIMIZATION_LEVEL[-fill - 1]
                && lp.length >= (long) Listpack.EMPTY_BYTES + len + SIZE_ESTIMATE_OVERHEAD) {
            spare = null;
            return Listpack.clear(lp);
        }
        return Listpack.create();
    }

    /** Whether a node respects the fill (a node of one element always does). */
    private boolean fits(int bytes, int count) {
        if (count <= 1) {
            return true;
        }
        if (fill < 0) {
            return bytes <= OPTIMIZATION_LEVEL[-fill - 1];
        }
        return bytes <= SIZE_SAFETY_LIMIT && count <= fill;
    }

    /** Splits node {@code n} (after a middle insert or replace) until every part fits. */
    private void fixOversized(int n) {
        byte[] lp = node(n);
        int count = Listpack.count(lp);
        if (fits(Listpack.bytes(lp), count)) {
            return;
        }
        // split in two halves by entry count; recurse on each half
        int half = count / 2;
        int p = Listpack.seek(lp, half);
        int end = Listpack.end(lp);
        byte[] right = Listpack.create(end - p + Listpack.EMPTY_BYTES);
        for (int q = p; q >= 0; q = Listpack.next(lp, q)) {
            right = appendEntry(right, lp, q);
        }
        Listpack.delete(lp, p, count - half);
        setNode(n, Listpack.trim(lp));
        insertNode(n + 1, Listpack.trim(right));
        fixOversized(n + 1);
        fixOversized(n);
    }

    /** Appends the entry at {@code q} of {@code src} to {@code dst}; returns dst (maybe regrown). */
    private static byte[] appendEntry(byte[] dst, byte[] src, int q) {
        if (Listpack.isInt(src, q)) {
            return Listpack.append(dst, Listpack.intValue(src, q));
        }
        return Listpack.append(dst, src, Listpack.strOffset(src, q), Listpack.strLength(src, q));
    }

    /** Merges neighbouring nodes whose union fits the fill (after deletions in the middle). */
    private void mergeSmallNodes() {
        for (int n = 0; n + 1 < nodeCount; ) {
            int bytes = bytesOf(n) + bytesOf(n + 1) - Listpack.EMPTY_BYTES;
            int count = countOf(n) + countOf(n + 1);
            if (fill < 0 ? bytes <= OPTIMIZATION_LEVEL[-fill - 1]
                    : bytes <= SIZE_SAFETY_LIMIT && count <= Math.max(1, fill)) {
                byte[] a = node(n);
                byte[] b = node(n + 1);
                byte[] merged = Listpack.create(bytes);
                System.arraycopy(a, 0, merged, 0, Listpack.bytes(a));
                // a's entries are in place; re-append b's after them
                for (int q = Listpack.first(b); q >= 0; q = Listpack.next(b, q)) {
                    merged = appendEntry(merged, b, q);
                }
                setNode(n, Listpack.trim(merged));
                removeNode(n + 1);
                trimInterior(n);
            } else {
                n++;
            }
        }
    }

    /**
     * Drops the spare capacity a middle edit may have added to node {@code n} (when it is not at
     * an end, where pushes use the room) and moves it off the heap again ({@link #freeze}); the
     * node may have been split into n, n+1...
     */
    private void trimInterior(int n) {
        if (n > 0 && n < nodeCount - 1) {
            setNode(n, Listpack.trim(node(n)));
            freeze(n); // when it is far enough from the ends
        }
    }

    /** After elements left node {@code n} in place: drop it when empty, release spare room. */
    private void afterShrink(int n, byte[] lp) {
        if (Listpack.isEmpty(lp)) {
            removeNode(n);
            keepSpare(lp);
        } else if (lp.length > 64 && Listpack.bytes(lp) < lp.length / 4) {
            int capacity = Listpack.grownCapacity(Listpack.bytes(lp));
            if (capacity < lp.length) {
                setNode(n, Arrays.copyOf(lp, capacity));
                keepSpare(lp);
            } else {
                setNode(n, lp);
            }
        } else {
            setNode(n, lp);
        }
    }

    /**
     * Keeps {@code lp}, an array no node holds any more (node arrays are never shared), as the
     * {@link #spare} when the list has nodes off the heap and it is longer than the one kept.
     */
    private void keepSpare(byte[] lp) {
        if (frozen != null && nodeCount > 0 && !released && lp.length >= SPARE_MIN
                && (spare == null || lp.length > spare.length)) {
            spare = lp;
        }
    }

    private int slot(int i) {
        return (head + i) & (nodes.length - 1);
    }

    /** Node {@code i}, to be edited: one kept off the heap is moved back to it first. */
    private byte[] node(int i) {
        int slot = slot(i);
        byte[] lp = nodes[slot];
        if (lp == null) {
            lp = thaw(slot);
        }
        return lp;
    }

    /** Node {@code i}, to be read only: the array itself, or a copy of a chunk's bytes. */
    private byte[] peek(int i) {
        int slot = slot(i);
        byte[] lp = nodes[slot];
        if (lp == null) {
            long c = chunk(slot);
            lp = new byte[header(c, 0)];
            slabs.read(c, 0, lp, 0, lp.length);
        }
        return lp;
    }

    /** The chunk of the off-heap node in {@code slot}; fails loudly after {@link #release}. */
    private long chunk(int slot) {
        long c = frozen == null ? Slabs.NONE : frozen[slot];
        if (c == Slabs.NONE) {
            throw new IllegalStateException(released ? "list value used after its key dropped it"
                    : "list node missing");
        }
        return c;
    }

    /** A little-endian field of a chunk's listpack header: total bytes (at 0, 4 bytes) or count (at 4, 2). */
    private int header(long c, int at) {
        byte[] h = new byte[Listpack.HEADER];
        slabs.read(c, 0, h, 0, h.length);
        return at == 0 ? Listpack.bytes(h) : (h[4] & 0xFF) | (h[5] & 0xFF) << 8;
    }

    /** Entries of node {@code i}, read from a chunk's header without copying it when it can. */
    private int countOf(int i) {
        int slot = slot(i);
        byte[] lp = nodes[slot];
        if (lp != null) {
            return Listpack.count(lp);
        }
        int n = header(chunk(slot), 4);
        return n < 65535 ? n : Listpack.count(peek(i));
    }

    /** Listpack bytes of node {@code i}. */
    private int bytesOf(int i) {
        int slot = slot(i);
        byte[] lp = nodes[slot];
        return lp != null ? Listpack.bytes(lp) : header(chunk(slot), 0);
    }

    /** Whether node {@code i} holds an element equal to {@code value} (without moving it). */
    private boolean holds(int i, byte[] value) {
        byte[] lp = peek(i);
        return Listpack.find(lp, Listpack.first(lp), value, 0) >= 0;
    }

    /**
     * Moves node {@code i} (on the heap) into a chunk, when it is at least two nodes from
     * either end (so that reads near the ends, LRANGE 0 99 and the like, find the heap), fits a
     * chunk, and the slabs have room.
     */
    private void freeze(int i) {
        if (i < 2 || i >= nodeCount - 2) {
            return;
        }
        int slot = slot(i);
        byte[] lp = nodes[slot];
        int len = lp == null ? 0 : Listpack.bytes(lp);
        if (!chunkable(len)) {
            return;
        }
        long c = slabs.allocate(len);
        if (c == Slabs.NONE) {
            // out of slab memory: it stays on the heap, without the room retire left it
            if (roomy(lp.length, len)) {
                setNode(i, Listpack.trim(lp));
            }
            return;
        }
        slabs.write(c, 0, lp, 0, len);
        if (frozen == null) {
            frozen = new long[nodes.length];
            Arrays.fill(frozen, Slabs.NONE);
        }
        frozen[slot] = c;
        nodes[slot] = null;
        nodeBytes += Slabs.capacity(c) - arrayBytes(lp.length);
        keepSpare(lp); // for the next end node (newEndNode) or the next node thawed
    }

    /** Moves the off-heap node in {@code slot} back to the heap and frees its chunk. */
    private byte[] thaw(int slot) {
        long c = chunk(slot);
        int len = header(c, 0);
        byte[] lp = spare;
        boolean end = slot == head || slot == slot(nodeCount - 1);
        if (lp != null && lp.length >= len && (end || !roomy(lp.length, len))) {
            // the listpack's header says how much of it is used; the room left is no more than
            // an end or (an eighth) an interior node may keep (verify)
            spare = null;
        } else {
            lp = new byte[len];
        }
        slabs.read(c, 0, lp, 0, len);
        slabs.free(c);
        frozen[slot] = Slabs.NONE;
        nodes[slot] = lp;
        nodeBytes += arrayBytes(lp.length) - Slabs.capacity(c);
        return lp;
    }

    /** Bytes node {@code slot} is counted for: its array, or its chunk's capacity. */
    private long slotBytes(int slot) {
        byte[] lp = nodes[slot];
        return lp != null ? arrayBytes(lp.length) : Slabs.capacity(frozen[slot]);
    }

    /**
     * Frees the chunks of the nodes kept off the heap: the key dropped this list (deleted,
     * overwritten, expired, evicted, flushed). Reading such a node afterwards fails loudly.
     */
    @Override
    public void release() {
        if (frozen != null) {
            for (int k = 0; k < nodeCount; k++) {
                int slot = slot(k);
                if (frozen[slot] != Slabs.NONE) {
                    nodeBytes -= Slabs.capacity(frozen[slot]);
                    slabs.free(frozen[slot]);
                    frozen[slot] = Slabs.NONE;
                }
            }
        }
        spare = null;
        released = true;
    }

    /** Stores the (possibly re-allocated) array of node {@code i}, keeping the byte count. */
    private void setNode(int i, byte[] lp) {
        int slot = slot(i);
        byte[] old = nodes[slot];
        if (old == null) {
            old = thaw(slot);
        }
        if (old != lp) {
            nodeBytes += arrayBytes(lp.length) - arrayBytes(old.length);
            nodes[slot] = lp;
        }
    }

    /** Copies the first {@code nodeCount} nodes (arrays and chunks) into rings of {@code cap} slots from 0. */
    private void reshape(int cap) {
        byte[][] n = new byte[cap][];
        long[] f = frozen == null ? null : new long[cap];
        if (f != null) {
            Arrays.fill(f, Slabs.NONE);
        }
        for (int k = 0; k < nodeCount; k++) {
            int slot = slot(k);
            n[k] = nodes[slot];
            if (f != null) {
                f[k] = frozen[slot];
            }
        }
        nodes = n;
        frozen = f;
        head = 0;
    }

    /** Moves the node in slot {@code from} to slot {@code to}. */
    private void moveSlot(int from, int to) {
        nodes[to] = nodes[from];
        if (frozen != null) {
            frozen[to] = frozen[from];
        }
    }

    private void clearSlot(int slot) {
        nodes[slot] = null;
        if (frozen != null) {
            frozen[slot] = Slabs.NONE;
        }
    }

    /** Inserts a node so that it becomes node {@code i} (0 <= i <= nodeCount). */
    private void insertNode(int i, byte[] lp) {
        if (nodeCount == nodes.length) {
            reshape(nodes.length * 2);
        }
        int mask = nodes.length - 1;
        if (i == 0) {
            head = (head - 1) & mask;
        } else {
            for (int k = nodeCount; k > i; k--) {
                moveSlot((head + k - 1) & mask, (head + k) & mask);
            }
        }
        clearSlot((head + i) & mask);
        nodes[(head + i) & mask] = lp;
        nodeCount++;
        nodeBytes += arrayBytes(lp.length);
        if (i > 0 && i < nodeCount - 1) {
            // a node between: the one that was next to an end may now be two from it
            settle(2);
            settle(nodeCount - 3);
        }
    }

    /**
     * Trims node {@code i} when it is on the heap at least two nodes from either end with more than
     * an eighth of its array to spare: a node {@link #retire} left its room while it was next to
     * an end and that a node inserted between moved inwards.
     */
    private void settle(int i) {
        if (i < 2 || i >= nodeCount - 2) {
            return;
        }
        byte[] lp = nodes[slot(i)];
        if (lp != null && roomy(lp.length, Listpack.bytes(lp))) {
            setNode(i, Listpack.trim(lp));
        }
    }

    /** Removes node {@code i} (freeing its chunk when it has one). */
    private void removeNode(int i) {
        int mask = nodes.length - 1;
        int slot = (head + i) & mask;
        nodeBytes -= slotBytes(slot);
        if (nodes[slot] == null) {
            slabs.free(chunk(slot));
        }
        if (i == 0) {
            clearSlot(head);
            head = (head + 1) & mask;
        } else {
            for (int k = i; k < nodeCount - 1; k++) {
                moveSlot((head + k + 1) & mask, (head + k) & mask);
            }
            clearSlot((head + nodeCount - 1) & mask);
        }
        nodeCount--;
        if (nodeCount == 0) {
            head = 0;
            if (nodes.length > 1) {
                nodes = new byte[1][];
                frozen = null;
            }
            spare = null;
            return;
        }
        if (nodes.length > 8 && nodeCount < nodes.length / 4) {
            reshape(nodes.length / 2);
        }
    }

    /** Heap bytes of an array of {@code length} bytes: header and 8-byte alignment. */
    private static long arrayBytes(long length) {
        return (16 + length + 7) & ~7L;
    }

    /**
     * Checks the structure (for tests): no empty node, counts and byte sum agree, every node
     * holds the fill except single-element ones, nodes between the ends keep at most an eighth
     * of spare capacity ({@link #retire}; but for one next to an end when the list has slabs),
     * unused ring slots are null.
     */
    void verify() {
        long n = 0;
        long bytes = 0;
        for (int i = 0; i < nodeCount; i++) {
            byte[] lp = peek(i);
            int c = Listpack.count(lp);
            if (c == 0) {
                throw new AssertionError("empty node " + i);
            }
            if (c != countOf(i) || Listpack.bytes(lp) != bytesOf(i)) {
                throw new AssertionError("header of node " + i);
            }
            if (!fits(Listpack.bytes(lp), c)) {
                throw new AssertionError("node " + i + " over the fill: " + Listpack.bytes(lp) + " bytes, " + c);
            }
            boolean onHeap = nodes[slot(i)] != null;
            boolean nextToEnd = slabs != null && (i == 1 || i == nodeCount - 2); // see retire
            if (onHeap && i > 0 && i < nodeCount - 1 && !nextToEnd
                    && roomy(lp.length, Listpack.bytes(lp))) {
                throw new AssertionError("interior node " + i + " keeps spare capacity: " + lp.length
                        + " for " + Listpack.bytes(lp));
            }
            if (onHeap == (frozen != null && frozen[slot(i)] != Slabs.NONE)) {
                throw new AssertionError("node " + i + " both or neither on the heap and in a chunk");
            }
            n += c;
            bytes += slotBytes(slot(i));
        }
        if (n != size) {
            throw new AssertionError("size " + size + " but nodes hold " + n);
        }
        if (bytes != nodeBytes) {
            throw new AssertionError("nodeBytes " + nodeBytes + " but nodes take " + bytes);
        }
        for (int i = nodeCount; i < nodes.length; i++) {
            int slot = slot(i);
            if (nodes[slot] != null || (frozen != null && frozen[slot] != Slabs.NONE)) {
                throw new AssertionError("stale slot " + i);
            }
        }
    }

    /** Whether an emptied node's array waits to take the next node back from a chunk (tests). */
    boolean holdsSpare() {
        return spare != null;
    }

    /** The length of node {@code i}'s array, or -1 for a node in a chunk (for tests). */
    int nodeCapacity(int i) {
        byte[] lp = nodes[slot(i)];
        return lp == null ? -1 : lp.length;
    }

    /** Nodes kept in chunks (for tests). */
    int frozenNodes() {
        int k = 0;
        for (int i = 0; i < nodeCount; i++) {
            if (nodes[slot(i)] == null) {
                k++;
            }
        }
        return k;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        Cursor c = cursor(0, true);
        boolean first = true;
        while (c.next()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(new String(c.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return sb.append(']').toString();
    }
}
