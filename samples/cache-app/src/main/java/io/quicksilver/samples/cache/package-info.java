/**
 * A small Jakarta EE 10 application that caches a slow price lookup with the JSR-107 annotations
 * ({@code @CacheResult}, {@code @CachePut}, {@code @CacheRemove}) on Quicksilver's JCache provider.
 *
 * <p>Nullness: parameters and results are non-null unless documented otherwise. Threading: the
 * beans are application-scoped and thread-safe; the servlet is called concurrently by the
 * container.
 */
package io.quicksilver.samples.cache;
