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

    /**
     * Reads, <em>without</em> the owning segment's lock, where {@code member} (a set member, a
     * hash field, a sorted-set member) would be, to bring it into the CPU's caches before a
     * pipelined command looks for it ({@link Prefetch}). Must never throw nor loop, whatever a
     * concurrent writer is doing; what it answers (anything derived from what it read) means
     * nothing. By default it reads nothing: the small encodings (listpack, intset) are one short
     * array, a few cache lines read in order.
     */
    default int touch(byte[] member) {
        return 0;
    }

    /**
     * The key dropped this value (deleted, overwritten, expired, evicted, flushed): frees what it
     * keeps outside the heap ({@link Slabs} chunks). Called once, under the key's lock, after any
     * listener has read the value; nothing reads it afterwards. By default there is nothing to free.
     */
    default void release() {
    }
}
