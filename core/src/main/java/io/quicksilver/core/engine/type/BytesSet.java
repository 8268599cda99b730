package io.quicksilver.core.engine.type;

/**
 * A set of byte strings without an object per member (see {@link OpenBytesTable}): each member
 * is stored as the {@code byte[]} given to {@link #add}, which the caller must never modify
 * afterwards (command arguments qualify: they are fresh arrays nobody writes to).
 *
 * <p>Meant as the large encoding of sets ("hashtable"): O(1) add, remove, contains, size and
 * random member; a resize-safe {@link #scan}. Not thread-safe: used under the owning key's
 * segment lock.
 */
public final class BytesSet extends OpenBytesTable {

    public BytesSet() {
        super(0);
    }

    /** A set sized for {@code expected} members without growing. */
    public BytesSet(int expected) {
        super(expected);
    }

    private BytesSet(BytesSet other) {
        super(other);
    }

    /** A copy (members are immutable, so they are shared). */
    public BytesSet copy() {
        return new BytesSet(this);
    }

    @Override
    int keyOffset(byte[] rec) {
        return 0;
    }

    @Override
    int keyLength(byte[] rec) {
        return rec.length;
    }

    public boolean contains(byte[] member) {
        return find(member) >= 0;
    }

    /** Adds {@code member} (kept by reference); true when it was not there. */
    public boolean add(byte[] member) {
        int h = hash(member, 0, member.length);
        if (find(member, 0, member.length, h) >= 0) {
            return false;
        }
        insertNew(member, h);
        return true;
    }

    /** Removes {@code member}; true when it was there. */
    public boolean remove(byte[] member) {
        int slot = find(member);
        if (slot < 0) {
            return false;
        }
        removeAt(slot);
        return true;
    }
}
