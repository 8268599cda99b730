/**
 * Black-box tests of the RESP server: real clients (redis-cli, redis-benchmark, Jedis, Lettuce),
 * a raw RESP client that keeps exact reply types, and a randomized differential test against a
 * real redis-server.
 *
 * <p>Nullness: parameters and returns are non-null unless documented; a null {@link
 * io.quicksilver.it.Resp} from a read means "no reply" (closed or timed out) where documented.
 * Threading: every helper ({@link io.quicksilver.it.RespClient}, the differential runner) is
 * used by one test thread at a time; servers are shared per test class and stopped in
 * {@code @AfterAll}.
 */
package io.quicksilver.it;
