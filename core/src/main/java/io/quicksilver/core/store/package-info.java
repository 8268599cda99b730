/**
 * The keyspace as the in-process faces see it: the JCache provider and the session store talk to
 * a {@link io.quicksilver.core.store.Store}, which is either the engine in this JVM
 * ({@link io.quicksilver.core.store.EngineStore}, no thread hand-off, no copy of byte values) or
 * a RESP server reached over the network (the {@code quicksilver-remote} module, Lettuce, found
 * through {@link io.quicksilver.core.store.StoreProvider} by {@link java.util.ServiceLoader}).
 *
 * <p>Keys are ordinary keys of database {@code db} (0 unless configured), values are ordinary
 * strings, so redis-cli sees and reads them. Every method is safe to call from any thread.
 * Nullness: parameters are non-null; results are non-null unless documented ("or null").
 */
package io.quicksilver.core.store;
