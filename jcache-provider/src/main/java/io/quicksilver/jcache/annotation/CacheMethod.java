package io.quicksilver.jcache.annotation;

import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * Everything about one annotated method of one bean class that does not change from call to
 * call: the operation in force, the method details, which parameters make the key and which is
 * the value, and the resolvers and key generator the annotations chose (each asked for once).
 * Immutable; built by {@link CacheMethodParser}.
 *
 * @param operation the operation in force for the method
 * @param details the details handed to the resolver factory
 * @param parameters every parameter of the method
 * @param keyPositions the positions of the key parameters
 * @param valuePosition the position of the {@code @CacheValue} parameter, or -1
 * @param resolver the cache resolver
 * @param exceptionResolver the exception cache resolver ({@code @CacheResult} with an
 *     {@code exceptionCacheName}), or null
 * @param keyGenerator the key generator, null for {@code @CacheRemoveAll}
 * @param exceptionFilter which exceptions are cached ({@code @CacheResult}), cause a put
 *     ({@code @CachePut}) or an eviction ({@code @CacheRemove}, {@code @CacheRemoveAll})
 * @param afterInvocation true if a put or removal happens after the method returns
 * @param skipGet {@code @CacheResult(skipGet = true)}
 */
record CacheMethod(
        CacheOperation operation,
        MethodDetails<? extends Annotation> details,
        ParameterDetails[] parameters,
        int[] keyPositions,
        int valuePosition,
        CacheResolver resolver,
        CacheResolver exceptionResolver,
        CacheKeyGenerator keyGenerator,
        ExceptionFilter exceptionFilter,
        boolean afterInvocation,
        boolean skipGet) {

    /** The context of one call. */
    KeyInvocationContext<? extends Annotation> context(InvocationContext invocation) {
        return newContext(details, invocation);
    }

    private <A extends Annotation> KeyInvocationContext<A> newContext(MethodDetails<A> d, InvocationContext invocation) {
        return new KeyInvocationContext<>(this, d, invocation);
    }

    /** The cache for {@code context}. */
    Cache<Object, Object> cache(KeyInvocationContext<? extends Annotation> context) {
        return resolver.resolveCache(context);
    }

    /** The exception cache for {@code context}, or null if exceptions are not cached. */
    Cache<Object, Object> exceptionCache(KeyInvocationContext<? extends Annotation> context) {
        return exceptionResolver == null ? null : exceptionResolver.resolveCache(context);
    }

    /** The key for {@code context}. */
    GeneratedCacheKey key(KeyInvocationContext<? extends Annotation> context) {
        GeneratedCacheKey key = keyGenerator.generateCacheKey(context);
        if (key == null) {
            throw new NullPointerException(keyGenerator.getClass().getName() + " generated a null key for " + details);
        }
        return key;
    }
}
