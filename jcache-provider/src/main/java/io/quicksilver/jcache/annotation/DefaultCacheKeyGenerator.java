package io.quicksilver.jcache.annotation;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The specification's default key generator: a {@link DefaultGeneratedCacheKey} over the values
 * of {@link CacheKeyInvocationContext#getKeyParameters()} (the {@code @CacheKey} parameters, or
 * all parameters but the {@code @CacheValue} one when none is marked). Stateless.
 */
public final class DefaultCacheKeyGenerator implements CacheKeyGenerator {
    @Override
    public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
        CacheInvocationParameter[] keyParameters = context.getKeyParameters();
        Object[] values = new Object[keyParameters.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = keyParameters[i].getValue();
        }
        return new DefaultGeneratedCacheKey(values);
    }
}
