package io.quicksilver.core.engine;

/**
 * One key of a database: the key's bytes, its value, its expiry and its access time. A node of
 * its segment's chained hash table.
 *
 * <p>Fields are written only by a thread holding the owning {@link Segment}'s lock, through the
 * segment's methods for {@code next}, {@code value} and {@code expireAt} (which mark the change
 * for optimistic readers); they are read under that lock, or without it only by
 * {@link Database#readValue}, which validates what it read. An entry handed out by a lookup must
 * not be kept beyond that lock.
 *
 * <p>Values: a string is a {@code byte[]} (never mutated in place) or a {@link MutableString}
 * (Redis's "raw" encoding: after APPEND/SETRANGE, or a string of 512 bytes or more written by
 * SET's family, which a later SET rewrites in place); collection types are their own classes.
 */
public final class Entry {
    public static final long NO_EXPIRY = -1L;

    final byte[] key;
    /** The high half of the key's 64-bit hash ({@code Database.entryHash}): bucket and segment. */
    final int hash;
    Entry next;
    Object value;
    long expireAt = NO_EXPIRY;
    /** Last access, in seconds since the engine's epoch: OBJECT IDLETIME and LRU eviction. */
    int accessed;
    /**
     * What this entry's value counts for in its segment's memory estimate, as last added there
     * ({@link Segment#valueBytes}), or {@link #UNKNOWN_BYTES} when that does not fit an int. Kept
     * so that replacing or removing a value subtracts what was added without reading the old
     * value (a cache miss per overwrite); free with compact object headers (the field fills the
     * entry's padding), 8 bytes more per key without.
     */
    int valueBytes;

    static final int UNKNOWN_BYTES = -1;

    Entry(byte[] key, int hash, Object value) {
        this.key = key;
        this.hash = hash;
        this.value = value;
    }

    public byte[] key() {
        return key;
    }

    public Object value() {
        return value;
    }

    /** Absolute expiry in epoch milliseconds, or {@link #NO_EXPIRY}. */
    public long expireAt() {
        return expireAt;
    }

    public boolean isVolatile() {
        return expireAt != NO_EXPIRY;
    }

    public int accessed() {
        return accessed;
    }

    public ValueType type() {
        return ValueType.of(value);
    }
}
