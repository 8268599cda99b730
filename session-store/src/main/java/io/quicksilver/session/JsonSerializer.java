package io.quicksilver.session;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;

/**
 * The optional JSON {@link AttributeSerializer} ({@code quicksilver.session.serializer=json}),
 * on Jackson 2 ({@code com.fasterxml.jackson.core:jackson-databind}, which the application brings):
 * attributes stay readable with redis-cli and need not be {@link java.io.Serializable}.
 *
 * <p>Form: the byte {@code 0xBF} (no UTF-8 text starts with it, see {@link AttributeSerializer})
 * followed by the UTF-8 JSON of the value, with the Java type where JSON alone would lose it
 * (Jackson's default typing for non-final types and enums, as a {@code "@class"} property or a
 * {@code ["type", value]} pair): {@code \xbf{"@class":"com.example.Cart","items":["java.util.ArrayList",[...]]}}.
 * So a {@code Long}, a {@code List<Item>} or an enum comes back as what was set, not as an
 * {@code Integer}, a list of maps or a String.
 *
 * <p>What Jackson maps: beans (getters/setters or public fields, a no-argument constructor or
 * {@code @JsonCreator}), records, collections, maps, arrays, enums, boxed primitives; the
 * application's Jackson modules (found through {@link java.util.ServiceLoader} in its class
 * loader, e.g. {@code jackson-datatype-jsr310} for {@code java.time}) are registered. Unknown
 * properties are ignored when reading (a field removed from a class does not make old sessions
 * unreadable). A value Jackson cannot write fails with {@link IllegalArgumentException}.
 *
 * <p>Trust: the stored form names the classes to create, as Java serialization does; the store
 * must be as trusted as the application (password, loopback or TLS). Jackson's own deny-list of
 * known gadget classes applies.
 *
 * <p>Thread-safe.
 */
public final class JsonSerializer implements AttributeSerializer {
    /** The first byte of every form. */
    static final byte MARKER = (byte) 0xBF;

    /** The mapper of the last class loader seen (an application has one). */
    private volatile Mapping mapping;

    @Override
    public boolean accepts(Object value) {
        return value != null;
    }

    @Override
    public byte[] serialize(Object value) {
        byte[] json;
        try {
            // writing needs no class loader but the modules': any mapping will do, the last one first
            Mapping m = mapping;
            json = (m != null ? m : mapping(Thread.currentThread().getContextClassLoader())).writer
                    .writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
        byte[] out = new byte[json.length + 1];
        out[0] = MARKER;
        System.arraycopy(json, 0, out, 1, json.length);
        return out;
    }

    @Override
    public Object deserialize(byte[] bytes, ClassLoader loader) {
        if (bytes.length == 0 || bytes[0] != MARKER) {
            throw new IllegalArgumentException("not a JSON attribute (it starts with 0x"
                    + Integer.toHexString(bytes.length == 0 ? 0 : bytes[0] & 0xFF) + ", not 0xbf): "
                    + "written by another serializer?");
        }
        try {
            return mapping(loader).reader.readValue(bytes, 1, bytes.length - 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read a JSON attribute: " + e.getMessage(), e);
        }
    }

    private Mapping mapping(ClassLoader loader) {
        ClassLoader l = loader != null ? loader : JsonSerializer.class.getClassLoader();
        Mapping m = mapping;
        if (m == null || m.loader != l) {
            m = new Mapping(l);
            mapping = m;
        }
        return m;
    }

    /** A mapper resolving classes (and finding modules) in one class loader. */
    private static final class Mapping {
        final ClassLoader loader;
        final ObjectWriter writer;
        final ObjectReader reader;

        Mapping(ClassLoader loader) {
            this.loader = loader;
            ObjectMapper mapper = JsonMapper.builder()
                    .addModules(ObjectMapper.findModules(loader))
                    .activateDefaultTyping(
                            BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build(),
                            ObjectMapper.DefaultTyping.NON_FINAL_AND_ENUMS, JsonTypeInfo.As.PROPERTY)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .typeFactory(TypeFactory.defaultInstance().withClassLoader(loader))
                    .build();
            // declared as Object, so the root value carries its type like any Object-typed property
            this.writer = mapper.writerFor(Object.class);
            this.reader = mapper.readerFor(Object.class);
        }
    }

}
