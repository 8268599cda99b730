package io.quicksilver.core.engine;

import java.util.Arrays;

/**
 * A set of segment locks held together, acquired in the global order (by ordinal) so that two
 * multi-key operations can never deadlock. Closing releases them in reverse order.
 *
 * <p>Built with {@link Engine#locks()}, or by the shortcuts {@link Engine#lockKeys},
 * {@link Engine#lockDb} and {@link Engine#lockAll}. Not thread-safe: one thread builds, holds and
 * closes it.
 */
public final class Locks implements AutoCloseable {
    private final Engine engine;
    private Segment[] segments = new Segment[4];
    private int count;
    private boolean locked;

    Locks(Engine engine) {
        this.engine = engine;
    }

    /** Adds the segment of {@code key} in database {@code db}. */
    public Locks key(int db, byte[] key) {
        return add(engine.db(db).segmentFor(key));
    }

    /** Adds every segment of database {@code db}. */
    public Locks db(int db) {
        for (Segment s : engine.db(db).segments) {
            add(s);
        }
        return this;
    }

    /** Adds every segment of every database: the exclusive path. */
    public Locks all() {
        for (int i = 0; i < engine.databaseCount(); i++) {
            db(i);
        }
        return this;
    }

    private Locks add(Segment s) {
        if (locked) {
            throw new IllegalStateException("already locked");
        }
        if (count == segments.length) {
            segments = Arrays.copyOf(segments, count * 2);
        }
        segments[count++] = s;
        return this;
    }

    /** Acquires every added lock in the global order; duplicates are taken once. */
    public Locks lock() {
        if (count > 1) {
            Arrays.sort(segments, 0, count, (a, b) -> Integer.compare(a.ordinal, b.ordinal));
            int n = 1;
            for (int i = 1; i < count; i++) {
                if (segments[i] != segments[n - 1]) {
                    segments[n++] = segments[i];
                }
            }
            count = n;
        }
        for (int i = 0; i < count; i++) {
            segments[i].lock();
        }
        locked = true;
        return this;
    }

    @Override
    public void close() {
        if (!locked) {
            return;
        }
        locked = false;
        for (int i = count - 1; i >= 0; i--) {
            segments[i].unlock();
        }
    }
}
