/**
 * Expiry: an {@link javax.cache.expiry.ExpiryPolicy}'s durations become the TTLs of the store's
 * keys ({@link io.quicksilver.jcache.expiry.ExpiryTtl}), so the engine expires entries (lazily
 * and actively); the provider runs no sweeper of its own.
 *
 * <p>Nullness: parameters and results are non-null. Threading: as thread-safe as the policy.
 */
package io.quicksilver.jcache.expiry;
