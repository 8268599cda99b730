package io.quicksilver.samples.cache;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Makes a {@link SkuKey} of a cached method's single key parameter (the first parameter, or the
 * one annotated {@code @CacheKey}). Made by the interceptors with its no-argument constructor.
 */
public class SkuKeyGenerator implements CacheKeyGenerator {
    @Override
    public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
        CacheInvocationParameter[] keys = context.getKeyParameters();
        if (keys.length != 1 || !(keys[0].getValue() instanceof String sku)) {
            throw new IllegalArgumentException(context.getMethod() + ": one String key parameter expected");
        }
        return new SkuKey(sku);
    }
}
