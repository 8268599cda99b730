/**
 * Jakarta CDI 4 support for the JSR-107 annotations ({@code @CacheResult}, {@code @CachePut},
 * {@code @CacheRemove}, {@code @CacheRemoveAll}, with {@code @CacheDefaults}, {@code @CacheKey},
 * {@code @CacheValue}). {@link io.quicksilver.jcache.annotation.CacheAnnotationsExtension} is a
 * portable extension that declares the four annotations as interceptor bindings (every member
 * non-binding: their own {@code javax.enterprise.util.Nonbinding} means nothing to CDI 4) and
 * adds the four globally enabled interceptors, so an application needs no {@code beans.xml}
 * entry. Only the javax.cache API is used: the caches come from whatever default
 * {@link javax.cache.spi.CachingProvider} is present.
 *
 * <p>Nullness: parameters and results are non-null unless documented otherwise (a cached
 * method's arguments and results may be null). Threading: every type here is thread-safe; the
 * per-method details are computed once and shared, the per-invocation contexts are confined to
 * the invoking thread. A {@code @CacheResult} miss is computed once per cache and key even under
 * concurrent calls (see {@link io.quicksilver.jcache.annotation.SingleFlight}).
 */
package io.quicksilver.jcache.annotation;
