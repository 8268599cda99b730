package io.quicksilver.core.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * A statistics counter that the threads running commands add to and INFO reads: as
 * {@link java.util.concurrent.atomic.LongAdder}, but each thread adds to a cell of its own with a
 * plain store, no atomic instruction. A command adds to several (calls and time of its command,
 * commands processed, keyspace hits, changes, used memory), and on the hot path of a one-CPU
 * server those compare-and-swaps were a measurable share of a short command, each also a full
 * fence that waits for the command's pending stores (a 1 KiB value written).
 *
 * <p>A thread finds its cell in a small open-addressing table keyed by the thread's id, at the
 * slot its id hashes to in the common case: a thread's load, a multiply and an array read, where
 * a {@link ThreadLocal} per counter (hundreds of counters, four per command) made each thread's
 * map large enough for most lookups to miss their first slot and probe (8 % of a pipelined
 * LPUSH's server CPU). The table is rebuilt, and replaced as one, when a thread registers.
 *
 * <p>{@link #sum()} adds the cells (each read with opaque access: a count may lag a command
 * running at the same moment, never tear). A thread's first add registers its cell; cells of
 * threads that have ended are folded into a base when a new thread registers, so a pool that
 * replaces its threads does not grow the table. At most {@value #MAX_CELLS} threads alive at once
 * get a cell: the others (an application calling the engine from thousands of virtual threads)
 * share a {@link LongAdder}, as every thread did before, marked in a {@link ThreadLocal}.
 * {@link #reset()} moves the zero rather than clearing other threads' cells, which they may be
 * writing.
 */
public final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Cell.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Cell {
        final Thread owner;
        long value;

        Cell(Thread owner) {
            this.owner = owner;
        }
    }

    /**
     * The live threads' cells, by thread id (linear probing in a power-of-two table at most half
     * full), and what the cells of ended threads held, replaced as one.
     */
    private record Cells(Cell[] table, long retired) {
        long sum() {
            long s = retired;
            for (Cell c : table) {
                if (c != null) {
                    s += (long) VALUE.getOpaque(c);
                }
            }
            return s;
        }
    }

    /** Threads alive at once with a cell of their own; registering one scans them. */
    static final int MAX_CELLS = 64;
    /** The cell of threads that found none free: their adds go to {@link #shared}. */
    private static final Cell SHARED = new Cell(null);

    /** Set to {@link #SHARED} for the threads that got no cell. */
    private final ThreadLocal<Cell> local = new ThreadLocal<>();
    private final LongAdder shared = new LongAdder();
    private volatile Cells cells = new Cells(new Cell[1], 0);
    /** What {@link #sum()} subtracts: the total at the last {@link #reset()}. */
    private volatile long zero;

    public void increment() {
        add(1);
    }

    public void add(long x) {
        Thread t = Thread.currentThread();
        Cell[] tab = cells.table();
        Cell c = tab[slot(t, tab.length)];
        if (c == null || c.owner != t) {
            c = find(t);
        }
        if (c == SHARED) {
            shared.add(x);
        } else {
            VALUE.setOpaque(c, (long) VALUE.getOpaque(c) + x); // only this thread writes its cell
        }
    }

    /** Where a thread's cell goes in a table of {@code length} slots. */
    @SuppressWarnings("deprecation") // threadId() is Java 19's name for it
    private static int slot(Thread t, int length) {
        return (int) ((t.getId() * 0x9E3779B97F4A7C15L) >>> 32) & (length - 1);
    }

    /** A thread's cell away from its slot, {@link #SHARED}, or a new one. */
    private Cell find(Thread t) {
        Cell[] tab = cells.table();
        int mask = tab.length - 1;
        for (int i = slot(t, tab.length); tab[i] != null; i = (i + 1) & mask) {
            if (tab[i].owner == t) {
                return tab[i];
            }
        }
        Cell c = local.get();
        return c != null ? c : register(t);
    }

    private synchronized Cell register(Thread t) {
        Cells old = cells;
        Cell[] kept = new Cell[MAX_CELLS];
        long retired = old.retired();
        int n = 0;
        for (Cell o : old.table()) {
            if (o == null) {
                continue;
            }
            if (o.owner.isAlive() && n < MAX_CELLS) {
                kept[n++] = o;
            } else {
                retired += (long) VALUE.getOpaque(o); // its thread ended: it adds nothing more
            }
        }
        if (n == MAX_CELLS) { // all the cells' threads are alive: nothing was folded
            local.set(SHARED);
            return SHARED;
        }
        Cell c = new Cell(t);
        kept[n++] = c;
        int length = Integer.highestOneBit(2 * n - 1) << 1;
        Cell[] tab = new Cell[length];
        for (int k = 0; k < n; k++) {
            int i = slot(kept[k].owner, length);
            while (tab[i] != null) {
                i = (i + 1) & (length - 1);
            }
            tab[i] = kept[k];
        }
        cells = new Cells(tab, retired);
        return c;
    }

    /** Threads with a cell of their own (tests). */
    int cellCount() {
        int n = 0;
        for (Cell c : cells.table()) {
            if (c != null) {
                n++;
            }
        }
        return n;
    }

    /** The total since the start or the last {@link #reset()}. */
    public long sum() {
        return total() - zero;
    }

    /** Starts counting from zero again (CONFIG RESETSTAT); adds racing with it may or may not count. */
    public void reset() {
        zero = total();
    }

    private long total() {
        return cells.sum() + shared.sum();
    }
}
