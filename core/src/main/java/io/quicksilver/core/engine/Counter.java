package io.quicksilver.core.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A statistics counter that the threads running commands add to and INFO reads: as
 * {@link java.util.concurrent.atomic.LongAdder}, but each thread adds to a cell of its own with a
 * plain store, no atomic instruction. A command adds to several (calls and time of its command,
 * commands processed, keyspace hits, changes, used memory), and on the hot path of a one-CPU
 * server those compare-and-swaps were a measurable share of a short command, each also a full
 * fence that waits for the command's pending stores (a 1 KiB value written).
 *
 * <p>{@link #sum()} adds the cells (each read with opaque access: a count may lag a command
 * running at the same moment, never tear). A thread's first add registers its cell; cells of
 * threads that have ended are folded into a base when a new thread registers, so a pool that
 * replaces its threads does not grow the list. At most {@value #MAX_CELLS} threads alive at once
 * get a cell: the others (an application calling the engine from thousands of virtual threads)
 * share a {@link LongAdder}, as every thread did before. {@link #reset()} moves the zero rather
 * than clearing other threads' cells, which they may be writing.
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

    /** The live threads' cells and what the cells of ended threads held, replaced as one. */
    private record Cells(Cell[] cells, long retired) {
        long sum() {
            long s = retired;
            for (Cell c : cells) {
                s += (long) VALUE.getOpaque(c);
            }
            return s;
        }
    }

    /** Threads alive at once with a cell of their own; registering one scans them. */
    static final int MAX_CELLS = 64;
    /** The cell of threads that found none free: their adds go to {@link #shared}. */
    private static final Cell SHARED = new Cell(null);

    private final ThreadLocal<Cell> local = new ThreadLocal<>();
    private final LongAdder shared = new LongAdder();
    private volatile Cells cells = new Cells(new Cell[0], 0);
    /** What {@link #sum()} subtracts: the total at the last {@link #reset()}. */
    private volatile long zero;

    public void increment() {
        add(1);
    }

    public void add(long x) {
        Cell c = local.get();
        if (c == null) {
            c = register();
        }
        if (c == SHARED) {
            shared.add(x);
        } else {
            VALUE.setOpaque(c, (long) VALUE.getOpaque(c) + x); // only this thread writes its cell
        }
    }

    private synchronized Cell register() {
        Cells old = cells;
        Cell[] kept = new Cell[old.cells().length + 1];
        long retired = old.retired();
        int n = 0;
        for (Cell o : old.cells()) {
            if (o.owner.isAlive()) {
                kept[n++] = o;
            } else {
                retired += (long) VALUE.getOpaque(o); // its thread ended: it adds nothing more
            }
        }
        Cell c = SHARED; // all the cells' threads are alive: nothing was folded
        if (n < MAX_CELLS) {
            c = new Cell(Thread.currentThread());
            kept[n++] = c;
            cells = new Cells(Arrays.copyOf(kept, n), retired);
        }
        local.set(c);
        return c;
    }

    /** Threads with a cell of their own (tests). */
    int cellCount() {
        return cells.cells().length;
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
