package io.quicksilver.jcache.annotation.beans;

import io.quicksilver.jcache.annotation.DefaultGeneratedCacheKey;
import java.lang.annotation.Annotation;
import java.util.Locale;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** A key generator that is not a CDI bean: the key is the first key parameter upper-cased. */
public class UpperCaseKeyGenerator implements CacheKeyGenerator {
    @Override
    public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
        String first = (String) context.getKeyParameters()[0].getValue();
        return new DefaultGeneratedCacheKey(new Object[] {first.toUpperCase(Locale.ROOT)});
    }
}
