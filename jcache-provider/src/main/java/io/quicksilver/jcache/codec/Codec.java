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
     * {@code prefix} followed by the bytes of {@link #encode(Object) encode(value)}, in one new
     * array: a cache's store key. The built-in codecs write the text of a String or simple type
     * straight behind the prefix (one allocation per call); this default copies.
     */
    default byte[] encode(T value, byte[] prefix) {
        byte[] bytes = encode(value);
        byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + bytes.length);
        System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
        return out;
    }

    /**
     * The value of {@code bytes}, a fresh object each time.
     *
     * @throws javax.cache.CacheException if the bytes cannot be decoded
     */
    T decode(byte[] bytes);
}
