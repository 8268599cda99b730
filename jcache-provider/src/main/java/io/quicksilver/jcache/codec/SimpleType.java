package io.quicksilver.jcache.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;
import java.util.function.Function;

/**
 * The types written as canonical text: their tag in untyped caches ({@code #l:42}) and their text
 * form, which parses back to an equal value.
 */
enum SimpleType {
    LONG('l', Long.class, Long::valueOf),
    INTEGER('i', Integer.class, Integer::valueOf),
    SHORT('h', Short.class, Short::valueOf),
    BYTE('b', Byte.class, Byte::valueOf),
    DOUBLE('d', Double.class, Double::valueOf),
    FLOAT('f', Float.class, Float::valueOf),
    BOOLEAN('z', Boolean.class, SimpleType::parseBoolean),
    CHARACTER('c', Character.class, SimpleType::parseCharacter),
    BIG_INTEGER('n', BigInteger.class, BigInteger::new),
    BIG_DECIMAL('m', BigDecimal.class, BigDecimal::new),
    UUID_('u', UUID.class, UUID::fromString);

    /** {@code values()}, which copies its array on every call. */
    private static final SimpleType[] ALL = values();

    final char tag;
    final Class<?> type;
    private final Function<String, Object> parser;

    SimpleType(char tag, Class<?> type, Function<String, Object> parser) {
        this.tag = tag;
        this.type = type;
        this.parser = parser;
    }

    /** The simple type of exactly {@code type}, or null. */
    static SimpleType of(Class<?> type) {
        for (SimpleType t : ALL) {
            if (t.type == type) {
                return t;
            }
        }
        return null;
    }

    /** The simple type with {@code tag}, or null. */
    static SimpleType ofTag(char tag) {
        for (SimpleType t : ALL) {
            if (t.tag == tag) {
                return t;
            }
        }
        return null;
    }

    /** The canonical text of {@code value} (an instance of {@link #type}). */
    String toText(Object value) {
        if (this == CHARACTER) {
            char c = (Character) value;
            // a lone surrogate has no UTF-8 form: write it as an escape (a backslash alone stays one char)
            return Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
        return value.toString();
    }

    Object parse(String text) {
        return parser.apply(text);
    }

    private static Object parseBoolean(String text) {
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean: " + text);
    }

    private static Object parseCharacter(String text) {
        if (text.length() == 1) {
            return text.charAt(0);
        }
        if (text.length() == 6 && text.startsWith("\\u")) {
            return (char) Integer.parseInt(text.substring(2), 16);
        }
        throw new IllegalArgumentException("not a character: " + text);
    }
}
