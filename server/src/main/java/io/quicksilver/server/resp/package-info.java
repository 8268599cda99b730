/**
 * The RESP wire protocol: {@link io.quicksilver.server.resp.RespDecoder} (multibulk and inline
 * requests into {@code byte[][]}, with Redis 7.0's protocol errors and limits) and
 * {@link io.quicksilver.server.resp.RespWriter} (the core's {@code Reply} written straight into a
 * Netty buffer, RESP2 or RESP3 per client).
 *
 * <p>Threading: decoders and writers belong to one channel and run on its event loop.
 * Nullness: parameters and results are non-null unless documented ("or null").
 */
package io.quicksilver.server.resp;
