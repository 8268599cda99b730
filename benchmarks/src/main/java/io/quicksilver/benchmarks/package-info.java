/**
 * JMH benchmarks: {@link io.quicksilver.benchmarks.JCacheBenchmark} (our JCache provider embedded,
 * by reference and by value, beside Caffeine's and Ehcache's providers),
 * {@link io.quicksilver.benchmarks.RemoteGetBenchmark} (our provider against our server beside
 * Lettuce's GET) and {@link io.quicksilver.benchmarks.JCacheRun}, which runs both at 1, 2 and 4
 * threads and prints the table with ratios. Run by {@code benchmarks/jcache-jmh.sh}, never by
 * {@code mvn verify}. {@link io.quicksilver.benchmarks.SessionRun} (not JMH: a main run by
 * {@code benchmarks/compare-sessions.sh}) measures what the session store adds to a request on an
 * embedded Jetty, beside Jetty's own sessions.
 *
 * <p>Threading: JMH states say their scope. Nullness: non-null unless documented.
 */
package io.quicksilver.benchmarks;
