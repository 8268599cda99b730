/**
 * MicroProfile for the JCache provider: configuration from MicroProfile Config
 * ({@link io.quicksilver.jcache.mp.MicroProfileConfig}) and health checks
 * ({@link io.quicksilver.jcache.mp.JCacheReadiness}, {@link io.quicksilver.jcache.mp.JCacheLiveness}).
 *
 * <p>Every MicroProfile and CDI API here is optional at run time: without MicroProfile Config the
 * provider reads system properties and environment variables; the health checks are plain
 * classes that work without CDI or a MicroProfile Health implementation (their responses are
 * built with {@code HealthCheckResponse}'s constructor). Only classes that are loaded when the
 * API is present refer to it.
 *
 * <p>Threading: every class is thread-safe. Nullness: parameters and results are non-null unless
 * documented otherwise.
 */
package io.quicksilver.jcache.mp;
