package io.quicksilver.core.util;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization to and from byte arrays, resolving classes in a given class loader first. Callers
 * wrap the checked exceptions in their own error type (a JCache {@code CacheException}, a session
 * store's {@code IllegalArgumentException}).
 */
public final class JavaSerialization {
    private JavaSerialization() {
    }

    /**
     * Serializes {@code value} with an {@link ObjectOutputStream}.
     *
     * @param initialSize the initial capacity of the output buffer
     * @throws IOException if the value (or something it refers to) is not serializable
     */
    public static byte[] serialize(Object value, int initialSize) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(initialSize);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads one object from {@code bytes}; classes are looked up in {@code loader} first (if not
     * null), then the default way (primitives and classes of the JDK).
     *
     * @throws IOException if the stream is malformed
     * @throws ClassNotFoundException if a class of the stream cannot be found
     */
    public static Object deserialize(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            return in.readObject();
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
