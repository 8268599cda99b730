/**
 * The JCache MXBeans: {@link io.quicksilver.jcache.management.CacheStatistics} (counters and
 * average times) and {@link io.quicksilver.jcache.management.CacheConfigurationMXBean}, registered
 * in the platform MBean server under the spec's names by {@link io.quicksilver.jcache.management.Jmx}.
 *
 * <p>Nullness: parameters and results are non-null. Threading: thread-safe; counters are
 * {@link java.util.concurrent.atomic.LongAdder}s.
 */
package io.quicksilver.jcache.management;
