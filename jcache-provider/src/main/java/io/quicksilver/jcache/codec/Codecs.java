package io.quicksilver.jcache.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.cache.CacheException;

/**
 * The built-in codecs and the rule that picks one for a declared key or value type:
 * <ul>
 *   <li>{@code String}: its UTF-8 bytes as they are;</li>
 *   <li>Long, Integer, Short, Byte, Double, Float, Boolean, Character, BigInteger, BigDecimal,
 *       UUID: their canonical text ({@code 42}, {@code 1.5}, {@code true});</li>
 *   <li>{@code Object} (an untyped cache): a String is its UTF-8 bytes unless it starts with
 *       {@code '#'} (then {@code #s:} + it), a simple type is {@code #<tag>:<text>}
 *       ({@code #l:42}), anything else is Java-serialized;</li>
 *   <li>any other type: Java serialization (resolved with the cache's class loader).</li>
 * </ul>
 * A String that UTF-8 cannot hold exactly (an unpaired surrogate) is Java-serialized too.
 */
public final class Codecs {
    private Codecs() {
    }

    /** The codec for values declared as {@code type}. */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> forType(Class<T> type, ClassLoader classLoader) {
        SerializingCodec serializing = new SerializingCodec(classLoader);
        if (type == Object.class) {
            return (Codec<T>) new UntypedCodec(serializing);
        }
        if (type == String.class) {
            return (Codec<T>) new StringCodec(serializing);
        }
        SimpleType simple = SimpleType.of(type);
        if (simple != null) {
            return (Codec<T>) new TextCodec(simple, serializing);
        }
        return (Codec<T>) serializing;
    }

    /**
     * True if the built-in codecs encode {@code key} as text, without Java serialization: a
     * String or one of the simple types (whose {@code equals} is that of their text).
     */
    public static boolean isText(Object key) {
        return key instanceof String || SimpleType.of(key.getClass()) != null;
    }

    /** The exact UTF-8 bytes of {@code s}, or null if it holds an unpaired surrogate. */
    static byte[] utf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return null;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return null;
            }
        }
        // the JDK's own encoding: for an ASCII string one vectorized scan and one copy
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code prefix} and then the exact UTF-8 bytes of {@code s}, in one array sized up front, or
     * null if {@code s} holds an unpaired surrogate (UTF-8 cannot hold it exactly).
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for ASCII, and one copy
    static byte[] utf8(byte[] prefix, String s) {
        int n = s.length();
        int length = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (!Character.isSurrogate(c)) {
                length += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                return null;
            }
        }
        byte[] out = Arrays.copyOf(prefix, prefix.length + length);
        if (length == n) { // every char took one byte: ASCII, the common case, copied as it is
            s.getBytes(0, n, out, prefix.length);
        } else {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, out, prefix.length, length);
        }
        return out;
    }

    /**
     * Decodes UTF-8 strictly; malformed bytes (written by someone else) fail. The JDK's own
     * decoding (for ASCII one vectorized scan and one copy) replaces malformed input with
     * U+FFFD: only a result holding one is decoded again strictly, to tell a real U+FFFD from
     * a replacement.
     */
    static String text(byte[] bytes, int offset) {
        String s = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new CacheException("not UTF-8 text: " + e, e);
        }
    }

    /** Strings: UTF-8 as is. */
    static final class StringCodec implements Codec<String> {
        private final SerializingCodec serializing;

        StringCodec(SerializingCodec serializing) {
            this.serializing = serializing;
        }

        @Override
        public byte[] encode(String value) {
            byte[] bytes = utf8(value);
            return bytes != null ? bytes : serializing.encode(value);
        }

        @Override
        public byte[] encode(String value, byte[] prefix) {
            byte[] bytes = utf8(prefix, value);
            return bytes != null ? bytes : Codec.super.encode(value, prefix);
        }

        @Override
        public String decode(byte[] bytes) {
            if (SerializingCodec.isSerialized(bytes)) {
                return (String) serializing.decode(bytes);
            }
            return text(bytes, 0);
        }
    }

    /** One simple type as its canonical text. */
    static final class TextCodec implements Codec<Object> {
        private final SimpleType type;
        private final SerializingCodec serializing;

        TextCodec(SimpleType type, SerializingCodec serializing) {
            this.type = type;
            this.serializing = serializing;
        }

        @Override
        public byte[] encode(Object value) {
            if (!type.type.isInstance(value)) {
                throw new ClassCastException(value.getClass().getName() + " is not a " + type.type.getName());
            }
            return type.toText(value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] encode(Object value, byte[] prefix) {
            if (!type.type.isInstance(value)) {
                throw new ClassCastException(value.getClass().getName() + " is not a " + type.type.getName());
            }
            byte[] bytes = utf8(prefix, type.toText(value)); // canonical text: no lone surrogate (toText escapes it)
            return bytes != null ? bytes : Codec.super.encode(value, prefix);
        }

        @Override
        public Object decode(byte[] bytes) {
            if (SerializingCodec.isSerialized(bytes)) {
                return serializing.decode(bytes);
            }
            try {
                return type.parse(text(bytes, 0));
            } catch (IllegalArgumentException e) {
                throw new CacheException("not a " + type.type.getSimpleName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Untyped caches: text for strings, tagged text for simple types, serialization otherwise. */
    static final class UntypedCodec implements Codec<Object> {
        private final SerializingCodec serializing;

        UntypedCodec(SerializingCodec serializing) {
            this.serializing = serializing;
        }

        @Override
        public byte[] encode(Object value) {
            if (value instanceof String) {
                String s = (String) value;
                byte[] bytes = utf8(s.startsWith("#") ? "#s:" + s : s);
                return bytes != null ? bytes : serializing.encode(value);
            }
            SimpleType type = SimpleType.of(value.getClass());
            if (type != null) {
                return ("#" + type.tag + ":" + type.toText(value)).getBytes(StandardCharsets.UTF_8);
            }
            return serializing.encode(value);
        }

        @Override
        public byte[] encode(Object value, byte[] prefix) {
            if (value instanceof String && !((String) value).startsWith("#")) {
                byte[] bytes = utf8(prefix, (String) value);
                if (bytes != null) {
                    return bytes;
                }
            }
            return Codec.super.encode(value, prefix);
        }

        @Override
        public Object decode(byte[] bytes) {
            if (SerializingCodec.isSerialized(bytes)) {
                return serializing.decode(bytes);
            }
            if (bytes.length >= 3 && bytes[0] == '#' && bytes[2] == ':') {
                if (bytes[1] == 's') {
                    return text(bytes, 3);
                }
                SimpleType type = SimpleType.ofTag((char) bytes[1]);
                if (type != null) {
                    try {
                        return type.parse(text(bytes, 3));
                    } catch (IllegalArgumentException e) {
                        throw new CacheException("not a " + type.type.getSimpleName() + ": " + e.getMessage(), e);
                    }
                }
            }
            // any other text, including a '#' we did not write, is a String
            return text(bytes, 0);
        }
    }
}
