/**
 * maxmemory and key eviction as Redis 7.0's evict.c: the policies
 * ({@link io.quicksilver.core.engine.evict.EvictionPolicy}), the logarithmic LFU counter with
 * decay ({@link io.quicksilver.core.engine.evict.Lfu}) and the evictor with its sampling pool
 * ({@link io.quicksilver.core.engine.evict.Evictor}).
 *
 * <p>What maxmemory is compared against is the engine's dataset estimate
 * ({@link io.quicksilver.core.engine.Engine#usedMemory()}: the bytes the keys and values hold,
 * kept exactly as keys change), not the JVM heap, which depends on when the GC last ran.
 *
 * <p>Threading: the settings are volatile and may be changed from any thread. One eviction runs
 * at a time (the evictor's own mutex); it is entered with no segment lock held, and locks one
 * segment at a time inside, so the global lock order of the engine holds. Nullness: parameters
 * and results are non-null unless documented.
 */
package io.quicksilver.core.engine.evict;
