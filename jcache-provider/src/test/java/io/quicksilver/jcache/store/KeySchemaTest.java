package io.quicksilver.jcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySchemaTest {
    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void keysAreManagerPrefixCacheNameAndKey() {
        KeySchema schema = new KeySchema("jcache:", null);
        assertEquals("jcache:users:", s(schema.cachePrefix("users")));
        byte[] key = KeySchema.key(schema.cachePrefix("users"), "42".getBytes(StandardCharsets.UTF_8));
        assertEquals("jcache:users:42", s(key));
        assertEquals("42", s(KeySchema.encodedKey(schema.cachePrefix("users"), key)));
    }

    @Test
    void backslashColonAndALeadingAtAreEscaped() {
        assertEquals("a\\:b", KeySchema.escape("a:b"));
        assertEquals("a\\\\", KeySchema.escape("a\\"));
        assertEquals("\\@ns", KeySchema.escape("@ns"));
        assertEquals("a@b", KeySchema.escape("a@b"));
    }

    @Test
    void noCachePrefixIsThePrefixOfAnotherCachesKeys() {
        KeySchema schema = new KeySchema("jcache:", null);
        KeySchema namespaced = new KeySchema("jcache:", "app://x");
        List<String> names = List.of("a", "a:", "a:b", "a\\", "a\\:b", "a\\\\:b", ":", "\\", "@x", "", "b");
        for (String n1 : names) {
            for (String n2 : names) {
                for (KeySchema s2 : List.of(schema, namespaced)) {
                    byte[] p1 = schema.cachePrefix(n1);
                    byte[] p2 = s2.cachePrefix(n2);
                    if (n1.equals(n2) && s2 == schema) {
                        continue;
                    }
                    // a key of cache n2 (any key bytes) never starts with the prefix of cache n1
                    byte[] k2 = KeySchema.key(p2, "anykey".getBytes(StandardCharsets.UTF_8));
                    assertFalse(KeySchema.startsWith(k2, p1), () -> s(p1) + " matches " + s(k2));
                }
            }
        }
    }

    @Test
    void namespacesAreShortAndStable() {
        String p = new KeySchema("jcache:", "app://x").managerPrefix();
        assertTrue(p.matches("jcache:@[0-9a-f]{8}:"), p);
        assertEquals(p, new KeySchema("jcache:", "app://x").managerPrefix());
        assertNotEquals(p, new KeySchema("jcache:", "app://y").managerPrefix());
    }
}
