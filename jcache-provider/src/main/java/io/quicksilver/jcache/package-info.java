/**
 * The JSR-107 (JCache 1.1.1) provider of Quicksilver: {@link io.quicksilver.jcache.QuicksilverCachingProvider},
 * {@link io.quicksilver.jcache.QuicksilverCacheManager} and {@link io.quicksilver.jcache.QuicksilverCache}.
 * A cache holds no data: its entries are ordinary keys {@code jcache:<cache>:<key>} of a
 * {@link io.quicksilver.core.store.Store} (the engine in this JVM or a RESP server), readable
 * with redis-cli.
 *
 * <p>Nullness: parameters are non-null unless the JCache API allows null (NullPointerException
 * otherwise); results may be null where the API says so. Threading: everything here is
 * thread-safe.
 */
package io.quicksilver.jcache;
