package io.quicksilver.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaSerializationTest {

    /** A serializable class of this test (not of the JDK). */
    record Point(int x, int y) implements Serializable {
    }

    @Test
    void roundTripsJdkAndApplicationClasses() throws Exception {
        List<Object> value = new ArrayList<>(List.of("a", 1L, new Point(3, 4), new int[] {5, 6}));
        byte[] bytes = JavaSerialization.serialize(value, 8);
        assertEquals(0xAC, bytes[0] & 0xFF);
        assertEquals(0xED, bytes[1] & 0xFF);
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) JavaSerialization.deserialize(bytes, getClass().getClassLoader());
        assertNotSame(value, back);
        assertEquals(value.subList(0, 3), back.subList(0, 3));
        assertArrayEquals(new int[] {5, 6}, (int[]) back.get(3));
        assertEquals(new Point(1, 2), JavaSerialization.deserialize(JavaSerialization.serialize(new Point(1, 2), 1), null));
    }

    @Test
    void resolvesClassesInTheGivenLoaderFirst() throws Exception {
        byte[] bytes = JavaSerialization.serialize(new Point(7, 8), 64);
        // A loader that does not delegate Point to its parent defines its own Point class.
        ClassLoader parent = getClass().getClassLoader();
        ClassLoader isolating = new ClassLoader(parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(Point.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try (var in = parent.getResourceAsStream(name.replace('.', '/') + ".class")) {
                            byte[] code = in.readAllBytes();
                            c = defineClass(name, code, 0, code.length);
                        } catch (IOException e) {
                            throw new ClassNotFoundException(name, e);
                        }
                    }
                    return c;
                }
            }
        };
        Object isolated = JavaSerialization.deserialize(bytes, isolating);
        assertSame(isolating, isolated.getClass().getClassLoader());
        assertEquals(Point.class.getName(), isolated.getClass().getName());
        assertNotSame(Point.class, isolated.getClass());
        // JDK classes still resolve through the default path
        assertEquals("x", JavaSerialization.deserialize(JavaSerialization.serialize("x", 8), isolating));
    }

    @Test
    void reportsUnserializableValuesAndBadStreams() throws Exception {
        assertThrows(NotSerializableException.class, () -> JavaSerialization.serialize(new Object(), 8));
        assertThrows(StreamCorruptedException.class,
                () -> JavaSerialization.deserialize(new byte[] {'h', 'i', 'x', 'y'}, null));
        byte[] bytes = JavaSerialization.serialize(new Point(1, 1), 8);
        ClassLoader empty = new ClassLoader(null) {
        };
        // a loader that cannot see Point: the default resolution (the caller's loader) finds it
        assertEquals(new Point(1, 1), JavaSerialization.deserialize(bytes, empty));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThrows(java.io.EOFException.class, () -> JavaSerialization.deserialize(truncated, null));
    }
}
