/**
 * Read-through and write-through: {@link io.quicksilver.jcache.integration.Loader} and
 * {@link io.quicksilver.jcache.integration.Writer} call the configured CacheLoader and
 * CacheWriter and turn what they throw into the exceptions the spec names.
 *
 * <p>Nullness: parameters are non-null; a loader's result may be null (nothing loaded).
 * Threading: as thread-safe as the wrapped loader or writer.
 */
package io.quicksilver.jcache.integration;
