package io.quicksilver.jcache.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(value);
        } catch (IOException e) {
            throw new CacheException("cannot serialize a " + value.getClass().getName() + ": " + e, e);
        }
        return out.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes) {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader.get())) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new CacheException("cannot deserialize a value: " + e, e);
        }
    }

    /** Resolves classes with a given class loader, then the default way. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall through: primitives and classes of the JDK
                }
            }
            return super.resolveClass(desc);
        }
    }
}
