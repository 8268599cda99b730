/**
 * {@link io.quicksilver.core.store.Store} over a RESP server through Lettuce: standalone
 * ({@code redis://}, {@code rediss://}), Sentinel ({@code redis-sentinel://}) and Redis Cluster
 * ({@code redis-cluster://}). Registered as a {@link io.quicksilver.core.store.StoreProvider}.
 *
 * <p>Threading: every public method is safe from any thread. Plain commands share one connection
 * (Lettuce pipelines concurrent callers); compute and the watched hash/set writes borrow a
 * dedicated connection from a small pool. Message and expiry listeners run on one event thread
 * per store ({@code qs-remote-events-N}), in arrival order, never on Lettuce's I/O threads, so a
 * listener may call the store. Nullness as in core: parameters non-null, results non-null unless
 * documented.
 */
package io.quicksilver.remote;
