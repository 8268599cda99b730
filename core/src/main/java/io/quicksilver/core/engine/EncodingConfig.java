package io.quicksilver.core.engine;

/**
 * The thresholds at which a collection leaves its compact encoding, as Redis 7.0's
 * {@code *-max-listpack-*} and {@code set-max-intset-entries} settings (CONFIG SET changes them at
 * run time; a value already converted stays converted, as in Redis).
 *
 * <p>Fields are volatile: read by any thread, written by CONFIG SET.
 */
public final class EncodingConfig {
    /** hash-max-listpack-entries (alias hash-max-ziplist-entries); 512 as Redis 7.0 without a redis.conf. */
    public volatile long hashMaxListpackEntries = 512;
    /** hash-max-listpack-value (alias hash-max-ziplist-value). */
    public volatile long hashMaxListpackValue = 64;
    /** set-max-intset-entries. */
    public volatile long setMaxIntsetEntries = 512;
    /** zset-max-listpack-entries (alias zset-max-ziplist-entries). */
    public volatile long zsetMaxListpackEntries = 128;
    /** zset-max-listpack-value (alias zset-max-ziplist-value). */
    public volatile long zsetMaxListpackValue = 64;
    /**
     * list-max-listpack-size (alias list-max-ziplist-size): positive = entries per quicklist node,
     * -1..-5 = node size limit of 4, 8, 16, 32, 64 KiB.
     */
    public volatile long listMaxListpackSize = -2;
    /** list-compress-depth: accepted and reported; nodes are not compressed. */
    public volatile long listCompressDepth = 0;
}
