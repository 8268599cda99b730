package io.quicksilver.core.command;

import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.config.ConfigRegistry.Param;
import io.quicksilver.core.engine.EncodingConfig;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The encoding thresholds of the collection types as configuration parameters, with Redis 7.0's
 * names, its ziplist-era aliases, ranges and defaults (those of redis-server started without a
 * redis.conf).
 */
final class CollectionConfig {
    private CollectionConfig() {}

    static void register(Node node) {
        EncodingConfig e = node.engine().encodings();
        ConfigRegistry c = node.config();
        c.register(param("hash-max-listpack-entries", "hash-max-ziplist-entries",
                "quicksilver.hash.max-listpack-entries", 0, Long.MAX_VALUE,
                () -> e.hashMaxListpackEntries, v -> e.hashMaxListpackEntries = v,
                "Fields up to which a hash keeps its compact listpack encoding"));
        c.register(memoryParam("hash-max-listpack-value", "hash-max-ziplist-value",
                "quicksilver.hash.max-listpack-value", 0, Long.MAX_VALUE,
                () -> e.hashMaxListpackValue, v -> e.hashMaxListpackValue = v,
                "Bytes per field or value up to which a hash stays listpack-encoded"));
        c.register(param("zset-max-listpack-entries", "zset-max-ziplist-entries",
                "quicksilver.zset.max-listpack-entries", 0, Long.MAX_VALUE,
                () -> e.zsetMaxListpackEntries, v -> e.zsetMaxListpackEntries = v,
                "Members up to which a sorted set keeps its compact listpack encoding"));
        c.register(memoryParam("zset-max-listpack-value", "zset-max-ziplist-value",
                "quicksilver.zset.max-listpack-value", 0, Long.MAX_VALUE,
                () -> e.zsetMaxListpackValue, v -> e.zsetMaxListpackValue = v,
                "Bytes per member up to which a sorted set stays listpack-encoded"));
        c.register(param("set-max-intset-entries", null, "quicksilver.set.max-intset-entries", 0,
                Long.MAX_VALUE, () -> e.setMaxIntsetEntries, v -> e.setMaxIntsetEntries = v,
                "Integer members up to which a set keeps its compact intset encoding"));
        c.register(param("list-max-listpack-size", "list-max-ziplist-size",
                "quicksilver.list.max-listpack-size", Integer.MIN_VALUE, Integer.MAX_VALUE,
                () -> e.listMaxListpackSize, v -> e.listMaxListpackSize = v,
                "Entries (positive) or bytes (-1..-5: 4..64 KiB) per quicklist node"));
        c.register(param("list-compress-depth", null, "quicksilver.list.compress-depth", 0,
                Integer.MAX_VALUE, () -> e.listCompressDepth, v -> e.listCompressDepth = v,
                "Accepted for compatibility; list nodes are not compressed"));
    }

    /** The *-max-listpack-value thresholds are memory values in Redis ("64", "1kb"). */
    private static Param memoryParam(String name, String alias, String mpName, long min, long max,
            Supplier<Long> getter, Consumer<Long> setter, String description) {
        return withAlias(ConfigRegistry.memory(name, mpName, min, max, getter, setter, description), alias);
    }

    private static Param param(String name, String alias, String mpName, long min, long max,
            Supplier<Long> getter, Consumer<Long> setter, String description) {
        return withAlias(ConfigRegistry.integer(name, mpName, min, max, getter, setter, description), alias);
    }

    private static Param withAlias(Param p, String alias) {
        return alias == null ? p
                : new Param(p.name(), p.mpName(), List.of(alias), p.immutable(), p.getter(), p.setter(),
                        p.description());
    }
}
