package io.quicksilver.jcache.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.lang.annotation.RetentionPolicy;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default key, the exception rules and the generated cache name, without a container. */
class KeysAndRulesTest {
    @Test
    void keysCompareTheirParametersDeeply() {
        DefaultGeneratedCacheKey a = new DefaultGeneratedCacheKey(new Object[] {"x", new int[] {1, 2}, null, List.of(3)});
        DefaultGeneratedCacheKey b = new DefaultGeneratedCacheKey(new Object[] {"x", new int[] {1, 2}, null, List.of(3)});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new DefaultGeneratedCacheKey(new Object[] {"x", new int[] {2, 1}, null, List.of(3)}));
        assertNotEquals(new DefaultGeneratedCacheKey(new Object[] {"x"}), new DefaultGeneratedCacheKey(new Object[] {"x", null}));
        assertEquals(new DefaultGeneratedCacheKey(new Object[0]), new DefaultGeneratedCacheKey(new Object[0]));
    }

    @Test
    void aKeyDoesNotChangeWhenItsArgumentArrayDoes() {
        Object[] args = {"x"};
        DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey(args);
        args[0] = "y";
        assertEquals(new DefaultGeneratedCacheKey(new Object[] {"x"}), key);
    }

    @Test
    void keysSurviveSerializationWithoutCarryingTheirHash() throws Exception {
        DefaultGeneratedCacheKey key = new DefaultGeneratedCacheKey(new Object[] {RetentionPolicy.RUNTIME, 7L, "s"});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(key);
        }
        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }
        assertEquals(key, back);
        assertEquals(key.hashCode(), back.hashCode());
        // an enum's hash differs from JVM to JVM: the serialized form must hold only the parameters
        ObjectStreamField[] fields = ObjectStreamClass.lookup(DefaultGeneratedCacheKey.class).getFields();
        assertArrayEquals(new String[] {"parameters"}, Arrays.stream(fields).map(ObjectStreamField::getName).toArray());
    }

    @Test
    void theExceptionRules() {
        Class<? extends Throwable>[] none = classes();
        Class<? extends Throwable>[] io = classes(IOException.class);
        Class<? extends Throwable>[] fnf = classes(FileNotFoundException.class);
        IOException ioe = new IOException();
        FileNotFoundException fnfe = new FileNotFoundException();
        IllegalStateException ise = new IllegalStateException();

        assertTrue(new ExceptionFilter(none, none, true).test(ise), "both empty: the default");
        assertFalse(new ExceptionFilter(none, none, false).test(ise));
        ExceptionFilter onlyIo = new ExceptionFilter(io, none, false);
        assertTrue(onlyIo.test(fnfe));
        assertFalse(onlyIo.test(ise));
        ExceptionFilter allButFnf = new ExceptionFilter(none, fnf, false);
        assertTrue(allButFnf.test(ise));
        assertFalse(allButFnf.test(fnfe));
        ExceptionFilter ioButFnf = new ExceptionFilter(io, fnf, true);
        assertTrue(ioButFnf.test(ioe));
        assertFalse(ioButFnf.test(fnfe));
        assertFalse(ioButFnf.test(ise));
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Throwable>[] classes(Class<?>... classes) {
        return (Class<? extends Throwable>[]) classes;
    }

    @SuppressWarnings("unused")
    private static void sample(String s, int n, long[] longs, String[][] grid, java.util.Map.Entry<?, ?> inner) {
    }

    @SuppressWarnings("unused")
    private static void none() {
    }

    @Test
    void theGeneratedCacheNameIsClassMethodAndParameterTypes() throws Exception {
        var sample = KeysAndRulesTest.class.getDeclaredMethod("sample", String.class, int.class, long[].class,
                String[][].class, java.util.Map.Entry.class);
        assertEquals("io.quicksilver.jcache.annotation.KeysAndRulesTest.sample(java.lang.String,int,[J,"
                + "[[Ljava.lang.String;,java.util.Map$Entry)", CacheMethodParser.cacheName("", null, sample));
        var none = KeysAndRulesTest.class.getDeclaredMethod("none");
        assertEquals("io.quicksilver.jcache.annotation.KeysAndRulesTest.none()", CacheMethodParser.cacheName("", null, none));
        assertEquals("given", CacheMethodParser.cacheName("given", null, none));
    }
}
