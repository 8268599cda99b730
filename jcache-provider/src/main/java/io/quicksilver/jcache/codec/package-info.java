/**
 * Codecs: how keys and values become the bytes of ordinary string keys (store-by-value).
 * {@link io.quicksilver.jcache.codec.Codecs} picks one per declared type: text for strings and
 * the simple types, Java serialization for the rest, tags ({@code #l:42}) for untyped caches.
 *
 * <p>Nullness: parameters and results are non-null. Threading: codecs are stateless and
 * thread-safe.
 */
package io.quicksilver.jcache.codec;
