package io.quicksilver.jcache.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheMethodDetails;

/**
 * What a {@link javax.cache.annotation.CacheResolverFactory} is told about an annotated method:
 * the method, its annotations, the cache annotation in force and the cache name resolved from
 * it. Immutable.
 */
final class MethodDetails<A extends Annotation> implements CacheMethodDetails<A> {
    private final Method method;
    private final Set<Annotation> annotations;
    private final A cacheAnnotation;
    private final String cacheName;

    MethodDetails(Method method, Set<Annotation> annotations, A cacheAnnotation, String cacheName) {
        this.method = method;
        this.annotations = annotations;
        this.cacheAnnotation = cacheAnnotation;
        this.cacheName = cacheName;
    }

    @Override
    public Method getMethod() {
        return method;
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return annotations;
    }

    @Override
    public A getCacheAnnotation() {
        return cacheAnnotation;
    }

    @Override
    public String getCacheName() {
        return cacheName;
    }

    @Override
    public String toString() {
        return "@" + cacheAnnotation.annotationType().getSimpleName() + " " + method + " on cache " + cacheName;
    }
}
