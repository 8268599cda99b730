package io.quicksilver.session;

import io.quicksilver.core.util.JavaSerialization;
import java.io.IOException;
import java.io.Serializable;

/** The default {@link AttributeSerializer}: Java serialization, classes resolved in the application's loader. */
public final class JavaSerializer implements AttributeSerializer {

    @Override
    public boolean accepts(Object value) {
        return value instanceof Serializable;
    }

    @Override
    public byte[] serialize(Object value) {
        try {
            return JavaSerialization.serialize(value, 128);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize a " + value.getClass().getName() + ": " + e, e);
        }
    }

    @Override
    public Object deserialize(byte[] bytes, ClassLoader loader) {
        try {
            return JavaSerialization.deserialize(bytes, loader);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("cannot deserialize an attribute: " + e, e);
        }
    }
}
