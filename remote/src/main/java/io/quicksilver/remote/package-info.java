/**
 * {@link io.quicksilver.core.store.Store} over a RESP server through Lettuce: standalone
 * ({@code redis://}, {@code rediss://}), Sentinel ({@code redis-sentinel://}) and Redis Cluster
 * ({@code redis-cluster://}). Registered as a {@link io.quicksilver.core.store.StoreProvider}.
 * Thread-safe; nullness as in core.
 */
package io.quicksilver.remote;
