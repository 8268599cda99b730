package io.quicksilver.samples.cache;

import io.quicksilver.jcache.codec.Codec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import javax.cache.CacheException;

/**
 * Stores a {@link SkuKey} as the UTF-8 text of its SKU, so the entry of SKU {@code apple} is the
 * store key {@code jcache:prices:apple}. Serializable so that its factory can be part of a cache's
 * configuration.
 */
public final class SkuKeyCodec implements Codec<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] encode(Object value) {
        if (value instanceof SkuKey key) {
            return key.sku().getBytes(StandardCharsets.UTF_8);
        }
        throw new CacheException("the prices cache takes SkuKey keys, not " + value.getClass().getName());
    }

    @Override
    public Object decode(byte[] bytes) {
        return new SkuKey(new String(bytes, StandardCharsets.UTF_8));
    }
}
