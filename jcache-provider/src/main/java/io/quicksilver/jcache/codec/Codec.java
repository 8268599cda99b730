package io.quicksilver.jcache.codec;

/**
 * Turns keys or values of a cache into the bytes the store keeps, and back. A codec must be
 * exact ({@code decode(encode(x))} equals {@code x}) and should be readable where it can, so that
 * redis-cli shows the entries as text.
 *
 * @param <T> the type it encodes
 */
public interface Codec<T> {
    /** The bytes of {@code value} (never null). */
    byte[] encode(T value);

    /**
     * The value of {@code bytes}, a fresh object each time.
     *
     * @throws javax.cache.CacheException if the bytes cannot be decoded
     */
    T decode(byte[] bytes);
}
