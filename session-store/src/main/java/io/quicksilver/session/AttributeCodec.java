package io.quicksilver.session;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Attribute values to hash field values and back: a String as its UTF-8 text (readable with
 * redis-cli), anything else through the {@link AttributeSerializer}, whose forms start with a
 * byte no UTF-8 text starts with. A stored value that does not start with such a byte is read
 * as text, so a value an operator writes with {@code HSET} is read as a String.
 *
 * <p>Thread-safe.
 */
public final class AttributeCodec {
    private final AttributeSerializer serializer;
    private final ClassLoader loader;

    /**
     * @param serializer for values other than Strings
     * @param loader     the application's class loader (may be null: the serializer's own)
     */
    public AttributeCodec(AttributeSerializer serializer, ClassLoader loader) {
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.loader = loader;
    }

    /** True if the value can be stored. */
    public boolean accepts(Object value) {
        return value instanceof String || serializer.accepts(value);
    }

    public byte[] encode(Object value) {
        if (value instanceof String s) {
            byte[] text = s.getBytes(StandardCharsets.UTF_8);
            if (s.length() * 3 >= text.length && isWellFormed(s)) {
                return text;
            }
        }
        byte[] b = serializer.serialize(value);
        if (b.length == 0 || !isSerialized(b)) {
            throw new IllegalStateException(serializer.getClass().getName()
                    + " produced a form that does not start with a byte in 0x80..0xBF");
        }
        return b;
    }

    /** @throws IllegalArgumentException when a serialized form cannot be read */
    public Object decode(byte[] b) {
        return isSerialized(b) ? serializer.deserialize(b, loader) : new String(b, StandardCharsets.UTF_8);
    }

    /** True if {@code b} is a serializer's form rather than text. */
    public static boolean isSerialized(byte[] b) {
        return b.length > 0 && (b[0] & 0xC0) == 0x80;
    }

    /** No lone surrogate (which UTF-8 cannot carry): such a String goes through the serializer. */
    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
