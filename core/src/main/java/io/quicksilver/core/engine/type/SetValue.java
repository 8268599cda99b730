package io.quicksilver.core.engine.type;

import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.engine.ValueType;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A set value, with Redis 7.0's two encodings:
 * <ul>
 * <li><b>intset</b> ({@link IntSet}): while every member is the canonical decimal form of a
 *     64-bit integer and there are at most {@code set-max-intset-entries} of them; members are
 *     kept sorted, so iteration (SMEMBERS, SSCAN...) is in ascending numeric order, as Redis;</li>
 * <li><b>hashtable</b> ({@link BytesSet}): any members, an open-addressing table of the member
 *     arrays, O(1) add/remove/contains/random, a resize-safe SCAN cursor.</li>
 * </ul>
 * An intset converts to a hashtable when a non-integer member is added or it grows past the
 * limit, and never converts back (Redis's setTypeAdd). Members given to {@link #add} are kept by
 * reference and must not be modified afterwards; members handed out are the stored arrays
 * (hashtable) or fresh ones (intset): callers must not modify them.
 *
 * <p>Memory: {@link #memoryUsage} is O(1) (both encodings keep their own estimate).
 *
 * <p>Not thread-safe: used under the owning key's segment lock.
 */
public final class SetValue implements TypedValue {
    /** The members while the encoding is "intset", else null. */
    private IntSet ints;
    /** The members once the encoding is "hashtable", else null. */
    private BytesSet table;

    private SetValue(IntSet ints, BytesSet table) {
        this.ints = ints;
        this.table = table;
    }

    /** An empty set in the intset encoding (what SINTERSTORE & co. start from, as Redis). */
    public static SetValue newIntset() {
        return new SetValue(new IntSet(), null);
    }

    /** An empty set in the hashtable encoding, sized for {@code expected} members. */
    public static SetValue newHashtable(int expected) {
        return new SetValue(null, new BytesSet(expected));
    }

    /**
     * An empty set that can hold {@code first} (Redis's setTypeCreate): an intset when it is an
     * integer, else a hashtable. The member is not added.
     */
    public static SetValue forMember(byte[] first) {
        return IntSet.isCanonical(first) ? newIntset() : newHashtable(0);
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public String encoding() {
        return ints != null ? "intset" : "hashtable";
    }

    public boolean isIntset() {
        return ints != null;
    }

    @Override
    public long memoryUsage() {
        return 24 + (ints != null ? ints.memoryUsage() : table.memoryUsage());
    }

    @Override
    public int touch(byte[] member) {
        BytesSet t = table;
        return t == null ? 0 : t.touch(member);
    }

    @Override
    public SetValue copy() {
        return ints != null ? new SetValue(ints.copy(), null) : new SetValue(null, table.copy());
    }

    public int size() {
        return ints != null ? ints.size() : table.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public boolean contains(byte[] member) {
        if (ints != null) {
            return IntSet.isCanonical(member) && ints.contains(IntSet.parse(member));
        }
        return table.contains(member);
    }

    /**
     * Adds {@code member} (kept by reference), converting an intset to a hashtable when the member
     * is not an integer or the intset would pass {@code maxIntsetEntries} (Redis's setTypeAdd).
     *
     * @param member           the member; never modified afterwards by the caller
     * @param maxIntsetEntries set-max-intset-entries
     * @return true if it was not a member
     */
    public boolean add(byte[] member, long maxIntsetEntries) {
        if (ints != null) {
            if (IntSet.isCanonical(member)) {
                if (!ints.add(IntSet.parse(member))) {
                    return false;
                }
                if (ints.size() > maxIntsetEntries) {
                    toHashtable();
                }
                return true;
            }
            toHashtable();
        }
        return table.add(member);
    }

    /** Removes {@code member}; true when it was there. Never changes the encoding. */
    public boolean remove(byte[] member) {
        if (ints != null) {
            return IntSet.isCanonical(member) && ints.remove(IntSet.parse(member));
        }
        return table.remove(member);
    }

    private void toHashtable() {
        IntSet old = ints;
        BytesSet t = new BytesSet(old.size() + 1);
        for (int i = 0; i < old.size(); i++) {
            t.add(IntSet.bytes(old.get(i)));
        }
        table = t;
        ints = null;
    }

    /** A uniformly random member; the set must not be empty. */
    public byte[] random(Random rnd) {
        if (ints != null) {
            return IntSet.bytes(ints.random(rnd));
        }
        return table.record(table.randomSlot(rnd));
    }

    /** Removes and returns a uniformly random member; the set must not be empty. */
    public byte[] pop(Random rnd) {
        if (ints != null) {
            int i = rnd.nextInt(ints.size());
            long v = ints.get(i);
            ints.removeAt(i);
            return IntSet.bytes(v);
        }
        int slot = table.randomSlot(rnd);
        byte[] m = table.record(slot);
        table.removeAt(slot);
        return m;
    }

    /** Visits every member: ascending for an intset, table order for a hashtable. */
    public void forEach(Consumer<byte[]> consumer) {
        if (ints != null) {
            for (int i = 0; i < ints.size(); i++) {
                consumer.accept(IntSet.bytes(ints.get(i)));
            }
        } else {
            for (int s = table.nextSlot(0); s >= 0; s = table.nextSlot(s + 1)) {
                consumer.accept(table.record(s));
            }
        }
    }

    /**
     * The members in iteration order (as {@link #forEach}); the set must not change while the
     * iterator is used.
     */
    public Iterator<byte[]> iterator() {
        if (ints != null) {
            IntSet is = ints;
            return new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return i < is.size();
                }

                @Override
                public byte[] next() {
                    if (i >= is.size()) {
                        throw new NoSuchElementException();
                    }
                    return IntSet.bytes(is.get(i++));
                }
            };
        }
        BytesSet t = table;
        return new Iterator<>() {
            int slot = t.nextSlot(0);

            @Override
            public boolean hasNext() {
                return slot >= 0;
            }

            @Override
            public byte[] next() {
                if (slot < 0) {
                    throw new NoSuchElementException();
                }
                byte[] m = t.record(slot);
                slot = t.nextSlot(slot + 1);
                return m;
            }
        };
    }

    /**
     * One SSCAN step. An intset is returned whole with cursor 0, as Redis does for compact
     * encodings; a hashtable is walked from {@code cursor} (see {@link OpenBytesTable#scan}).
     *
     * @param cursor where to resume, 0 to start
     * @param count  the COUNT hint, at least 1
     * @param sink   receives the members
     * @return the next cursor, 0 when done
     */
    public long scan(long cursor, long count, Consumer<byte[]> sink) {
        if (ints != null) {
            forEach(sink);
            return 0;
        }
        return table.scan(cursor, count, sink);
    }
}
