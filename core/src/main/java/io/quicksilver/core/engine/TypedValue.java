package io.quicksilver.core.engine;

/**
 * A value of a collection type (list, hash, set, sorted set, stream). Strings are plain
 * {@code byte[]} or {@link MutableString} and do not implement this.
 *
 * <p>Accessed only under the owning segment's lock.
 */
public interface TypedValue {
    ValueType type();

    /** The encoding OBJECT ENCODING prints: listpack, quicklist, hashtable, intset, skiplist... */
    String encoding();

    /** An estimate of the bytes this value holds, for INFO and maxmemory. */
    long memoryUsage();

    /** A deep copy, for COPY. */
    TypedValue copy();
}
