package io.quicksilver.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

class CodecsTest {
    private static final ClassLoader LOADER = CodecsTest.class.getClassLoader();
    private final Codec<Object> untyped = Codecs.forType(Object.class, LOADER);

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void typedStringsAreTheirUtf8Bytes() {
        Codec<String> c = Codecs.forType(String.class, LOADER);
        assertArrayEquals("héllo #1".getBytes(StandardCharsets.UTF_8), c.encode("héllo #1"));
        assertEquals("héllo #1", c.decode("héllo #1".getBytes(StandardCharsets.UTF_8)));
        assertEquals("", c.decode(c.encode("")));
    }

    @Test
    void textIsDecodedStrictlyOnBothPaths() {
        Codec<String> c = Codecs.forType(String.class, LOADER);
        assertEquals("plain ascii", c.decode("plain ascii".getBytes(StandardCharsets.US_ASCII)));
        // a value someone else wrote with redis-cli that is not UTF-8: refused, not turned into U+FFFD
        assertThrows(CacheException.class, () -> c.decode(new byte[] {'a', (byte) 0xC3}));
        assertThrows(CacheException.class, () -> c.decode(new byte[] {'a', (byte) 0xFF, 'b'}));
        Codec<Object> untyped = Codecs.forType(Object.class, LOADER);
        assertEquals("#tag", untyped.decode(untyped.encode("#tag")));
    }

    @Test
    void typedSimpleTypesAreCanonicalText() {
        assertEquals("42", text(Codecs.forType(Long.class, LOADER).encode(42L)));
        assertEquals("-7", text(Codecs.forType(Integer.class, LOADER).encode(-7)));
        assertEquals("1.5", text(Codecs.forType(Double.class, LOADER).encode(1.5)));
        assertEquals("true", text(Codecs.forType(Boolean.class, LOADER).encode(true)));
        assertEquals("123456789012345678901234567890",
                text(Codecs.forType(BigInteger.class, LOADER).encode(new BigInteger("123456789012345678901234567890"))));
        assertEquals(12L, Codecs.forType(Long.class, LOADER).decode("12".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void typedCodecsRefuseOtherTypes() {
        Codec<Long> c = Codecs.forType(Long.class, LOADER);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Codec<Object> raw = (Codec) c;
        assertThrows(ClassCastException.class, () -> raw.encode("not a long"));
        assertThrows(CacheException.class, () -> c.decode("x1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void untypedStringsAreTextUnlessTheyStartWithHash() {
        assertEquals("plain", text(untyped.encode("plain")));
        assertEquals("#s:#tag", text(untyped.encode("#tag")));
        assertEquals("#tag", untyped.decode(untyped.encode("#tag")));
        assertEquals("", text(untyped.encode("")));
        assertEquals("", untyped.decode(untyped.encode("")));
        // text we did not write, even with a '#', is a String
        assertEquals("#not-a-tag", untyped.decode("#not-a-tag".getBytes(StandardCharsets.UTF_8)));
        assertEquals("#q:1", untyped.decode("#q:1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void untypedSimpleTypesAreTagged() {
        assertEquals("#l:42", text(untyped.encode(42L)));
        assertEquals("#i:42", text(untyped.encode(42)));
        assertEquals("#h:42", text(untyped.encode((short) 42)));
        assertEquals("#b:42", text(untyped.encode((byte) 42)));
        assertEquals("#d:0.1", text(untyped.encode(0.1)));
        assertEquals("#f:0.1", text(untyped.encode(0.1f)));
        assertEquals("#z:false", text(untyped.encode(false)));
        assertEquals("#c:x", text(untyped.encode('x')));
        assertEquals("#m:1.50", text(untyped.encode(new BigDecimal("1.50"))));
        assertEquals("#u:123e4567-e89b-12d3-a456-426614174000",
                text(untyped.encode(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))));
    }

    @Test
    void everySimpleValueRoundTripsExactly() {
        List<Object> values = List.of(0L, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, (short) -1, (byte) 127,
                -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e300, Float.MAX_VALUE, -0.0f,
                true, '\\', ':', '\uD800', '\u00e9', new BigInteger("-99999999999999999999"),
                new BigDecimal("1E+3"), new BigDecimal("0.000"), UUID.randomUUID(),
                "", "a:b\\c", "#", "#s:x", "\uD83D\uDE00 emoji", "lone \uDC00 surrogate");
        for (Object v : values) {
            Object back = untyped.decode(untyped.encode(v));
            assertEquals(v, back, () -> "untyped " + v.getClass().getSimpleName() + " " + v);
            assertEquals(v.getClass(), back.getClass());
            @SuppressWarnings("unchecked")
            Codec<Object> typed = (Codec<Object>) Codecs.forType(v.getClass(), LOADER);
            assertEquals(v, typed.decode(typed.encode(v)), () -> "typed " + v);
        }
    }

    @Test
    void aLoneSurrogateStringIsSerializedNotMangled() {
        byte[] b = Codecs.forType(String.class, LOADER).encode("a\uD800b");
        assertEquals(0xAC, b[0] & 0xFF);
        assertEquals("a\uD800b", Codecs.forType(String.class, LOADER).decode(b));
    }

    @Test
    void otherObjectsAreJavaSerializedAndCopied() {
        ArrayList<String> list = new ArrayList<>(List.of("x"));
        byte[] b = untyped.encode(list);
        assertEquals(0xAC, b[0] & 0xFF);
        assertEquals(0xED, b[1] & 0xFF);
        Object back = untyped.decode(b);
        assertEquals(list, back);
        assertNotSame(list, back);
        Codec<ArrayList> typed = Codecs.forType(ArrayList.class, LOADER);
        assertEquals(list, typed.decode(typed.encode(list)));
    }

    @Test
    void garbageIsACacheExceptionNotACrash() {
        assertThrows(CacheException.class, () -> untyped.decode(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 1}));
        assertThrows(CacheException.class, () -> untyped.decode(new byte[] {(byte) 0xC3}));
        assertThrows(CacheException.class, () -> untyped.decode("#l:notanumber".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CacheException.class, () -> untyped.encode(new Object()));
    }
    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aPrefixedEncodingIsThePrefixThenTheSameBytes() {
        byte[] prefix = "jcache:caf\u00e9:".getBytes(StandardCharsets.UTF_8);
        List<Object> values = List.of("", "key:42", "caf\u00e9", "\u00ff\u0100\u07ff\u0800\uffff", "\uD83D\uDE00 emoji",
                "lone \uDC00 surrogate", "high at end \uD800", "#tag", "#s:x", 42L, -7, 1.5, 'x', '\uD800', true,
                new BigDecimal("1.50"), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                new ArrayList<>(List.of("serialized")));
        for (Object v : values) {
            assertArrayEquals(concat(prefix, untyped.encode(v)), untyped.encode(v, prefix), () -> "untyped " + v);
            assertArrayEquals(untyped.encode(v), untyped.encode(v, new byte[0]), () -> "untyped, no prefix " + v);
            @SuppressWarnings("unchecked")
            Codec<Object> typed = (Codec<Object>) Codecs.forType(v.getClass(), LOADER);
            assertArrayEquals(concat(prefix, typed.encode(v)), typed.encode(v, prefix), () -> "typed " + v);
        }
    }

    @Test
    void utf8IsExactlyTheJdksEncodingOrNullForALoneSurrogate() {
        byte[] prefix = {'p', ':'};
        Random random = new Random(42);
        char[] pool = {'a', 'Z', '0', ':', '#', '\u007f', '\u0080', '\u00e9', '\u00ff', '\u0100', '\u07ff', '\u0800',
            '\u4e2d', '\ufffd', '\uffff', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'};
        for (int n = 0; n < 20_000; n++) {
            char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = pool[random.nextInt(pool.length)];
            }
            String s = new String(chars);
            byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
            boolean exact = new String(jdk, StandardCharsets.UTF_8).equals(s); // false only for a lone surrogate
            byte[] ours = Codecs.utf8(prefix, s);
            if (exact) {
                assertArrayEquals(concat(prefix, jdk), ours, s);
                assertArrayEquals(jdk, Codecs.utf8(s), s);
            } else {
                assertEquals(null, ours, s);
                assertEquals(null, Codecs.utf8(s), s);
            }
        }
    }

    @Test
    void decodingIsStrictOnArbitraryBytesAndKeepsARealReplacementCharacter() {
        assertEquals("a\ufffdb", Codecs.text("a\ufffdb".getBytes(StandardCharsets.UTF_8), 0));
        assertEquals("\ufffd", Codecs.text("#s:\ufffd".getBytes(StandardCharsets.UTF_8), 3));
        Random random = new Random(7);
        byte[] pool = {'a', '#', (byte) 0x80, (byte) 0xBF, (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0xEF,
            (byte) 0xBD, (byte) 0xF0, (byte) 0x9F, (byte) 0xED, (byte) 0xA0, (byte) 0xFF};
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = pool[random.nextInt(pool.length)];
            }
            String strict;
            try {
                strict = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                assertThrows(CacheException.class, () -> Codecs.text(bytes, 0), () -> Arrays.toString(bytes));
                continue;
            }
            assertEquals(strict, Codecs.text(bytes, 0), () -> Arrays.toString(bytes));
        }
    }
}
