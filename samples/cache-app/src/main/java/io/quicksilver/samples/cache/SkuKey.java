package io.quicksilver.samples.cache;

import java.io.Serializable;
import java.util.Objects;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The cache key of a price: just the SKU, so that {@link SkuKeyCodec} can store it as its text
 * and redis-cli shows {@code jcache:prices:<sku>} (the default generated key is Java-serialized).
 *
 * @param sku the product's SKU
 */
public record SkuKey(String sku) implements GeneratedCacheKey, Serializable {
    /** Requires a non-null SKU. */
    public SkuKey {
        Objects.requireNonNull(sku, "sku");
    }
}
