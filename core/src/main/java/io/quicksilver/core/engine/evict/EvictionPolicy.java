package io.quicksilver.core.engine.evict;

import java.util.Locale;

/**
 * The maxmemory policies of Redis 7.0, in the order its error message lists them. A policy picks
 * its candidates among all keys or only the volatile ones (those with a TTL), and ranks them by
 * idle time (LRU), access frequency (LFU), nearest expiry (TTL) or not at all (random).
 */
public enum EvictionPolicy {
    VOLATILE_LRU("volatile-lru", true, Rank.LRU),
    VOLATILE_LFU("volatile-lfu", true, Rank.LFU),
    VOLATILE_RANDOM("volatile-random", true, Rank.RANDOM),
    VOLATILE_TTL("volatile-ttl", true, Rank.TTL),
    ALLKEYS_LRU("allkeys-lru", false, Rank.LRU),
    ALLKEYS_LFU("allkeys-lfu", false, Rank.LFU),
    ALLKEYS_RANDOM("allkeys-random", false, Rank.RANDOM),
    NOEVICTION("noeviction", false, Rank.NONE);

    /** How candidates are ranked. */
    public enum Rank { LRU, LFU, TTL, RANDOM, NONE }

    private final String configName;
    private final boolean volatileOnly;
    private final Rank rank;

    EvictionPolicy(String configName, boolean volatileOnly, Rank rank) {
        this.configName = configName;
        this.volatileOnly = volatileOnly;
        this.rank = rank;
    }

    /** The name in redis.conf, CONFIG and INFO ("allkeys-lru"). */
    public String configName() {
        return configName;
    }

    /** True for the volatile-* policies: only keys with a TTL are candidates. */
    public boolean volatileOnly() {
        return volatileOnly;
    }

    public Rank rank() {
        return rank;
    }

    /** True for the LFU policies, under which an entry's access field holds the LFU counter. */
    public boolean isLfu() {
        return rank == Rank.LFU;
    }

    /** The policy of a configuration name, any case; null if there is none. */
    public static EvictionPolicy of(String name) {
        String l = name.toLowerCase(Locale.ROOT);
        for (EvictionPolicy p : values()) {
            if (p.configName.equals(l)) {
                return p;
            }
        }
        return null;
    }

    /** "volatile-lru, volatile-lfu, ..., noeviction": the list Redis's CONFIG SET error shows. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (EvictionPolicy p : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(p.configName);
        }
        return sb.toString();
    }
}
