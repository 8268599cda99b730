package io.quicksilver.remote;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PatternsTest {
    @Test
    void prefixGlobEscapesEveryMetacharacter() {
        assertEquals("*", new String(Patterns.prefixGlob(new byte[0]), ISO_8859_1));
        assertEquals("cache:*", new String(Patterns.prefixGlob("cache:".getBytes(ISO_8859_1)), ISO_8859_1));
        assertEquals("a\\*b\\?c\\[d\\]e\\\\f-^!*",
                new String(Patterns.prefixGlob("a*b?c[d]e\\f-^!".getBytes(ISO_8859_1)), ISO_8859_1));
        assertArrayEquals(new byte[] {0, (byte) 0xff, '\\', '*', '*'}, Patterns.prefixGlob(new byte[] {0, (byte) 0xff, '*'}));
    }

    @Test
    void startsWith() {
        assertTrue(Patterns.startsWith(new byte[] {1, 2, 3}, new byte[] {1, 2}));
        assertTrue(Patterns.startsWith(new byte[] {1}, new byte[0]));
        assertFalse(Patterns.startsWith(new byte[] {1}, new byte[] {1, 2}));
        assertFalse(Patterns.startsWith(new byte[] {1, 3}, new byte[] {1, 2}));
    }

    @Test
    void notificationFlagsAreMergedNotReplaced() {
        assertEquals("Exe", Patterns.withExpiryEvents(""));
        assertEquals("Exe", Patterns.withExpiryEvents(null));
        assertEquals("KgExe", Patterns.withExpiryEvents("Kg"));
        assertEquals("xKEe", Patterns.withExpiryEvents("xKE"));
        assertEquals("AKE", Patterns.withExpiryEvents("AKE"), "A covers x and e: unchanged");
        assertEquals("AKE", Patterns.withExpiryEvents("AK"));
        assertEquals("Exe", Patterns.withExpiryEvents("Exe"));
    }
}
