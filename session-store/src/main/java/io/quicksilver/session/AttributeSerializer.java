package io.quicksilver.session;

/**
 * Turns attribute values that are not Strings into bytes and back (Strings are stored as UTF-8
 * text and never reach a serializer). Pluggable through {@code quicksilver.session.serializer}
 * (a class name with a public no-argument constructor).
 *
 * <p>The first byte of every serialized form must be in {@code 0x80..0xBF}: no UTF-8 text starts
 * with such a byte (a continuation byte), which is how a stored value is told to be serialized
 * rather than text. Java serialization's stream magic {@code 0xACED} does.
 *
 * <p>Implementations are thread-safe.
 */
public interface AttributeSerializer {
    /** True if {@link #serialize} can take {@code value} (setAttribute throws IllegalArgumentException otherwise). */
    boolean accepts(Object value);

    /** The serialized form, starting with a byte in {@code 0x80..0xBF}. */
    byte[] serialize(Object value);

    /**
     * The value back.
     *
     * @param loader the application's class loader, for its classes
     * @throws IllegalArgumentException if the bytes cannot be read (a class missing or changed)
     */
    Object deserialize(byte[] bytes, ClassLoader loader);
}
