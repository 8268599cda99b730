/**
 * Where the entries live: which {@link io.quicksilver.core.store.Store} a manager URI means
 * ({@link io.quicksilver.jcache.store.StoreRegistry}, stores shared and reference-counted per
 * store URI) and how cache names and keys become store keys
 * ({@link io.quicksilver.jcache.store.KeySchema}).
 *
 * <p>Nullness: parameters and results are non-null unless documented. Threading: thread-safe.
 */
package io.quicksilver.jcache.store;
