package io.quicksilver.jcache.codec;

import io.quicksilver.core.util.JavaSerialization;
import java.io.IOException;
import java.lang.ref.WeakReference;
import javax.cache.CacheException;

/**
 * Java serialization; classes are resolved with the cache's class loader first. Its streams start
 * with 0xAC 0xED, which no UTF-8 text starts with, so it can share a key or value with text.
 */
public final class SerializingCodec implements Codec<Object> {
    private final WeakReference<ClassLoader> classLoader;

    public SerializingCodec(ClassLoader classLoader) {
        this.classLoader = new WeakReference<>(classLoader);
    }

    /** True if {@code bytes} is a Java serialization stream. */
    public static boolean isSerialized(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0xAC && (bytes[1] & 0xFF) == 0xED;
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return JavaSerialization.serialize(value, 64);
        } catch (IOException e) {
            throw new CacheException("cannot serialize a " + value.getClass().getName() + ": " + e, e);
        }
    }

    @Override
    public Object decode(byte[] bytes) {
        try {
            return JavaSerialization.deserialize(bytes, classLoader.get());
        } catch (IOException | ClassNotFoundException e) {
            throw new CacheException("cannot deserialize a value: " + e, e);
        }
    }
}
