package io.quicksilver.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void stringsWithAndWithoutEscapes() {
        // plain strings take the substring path, escaped ones the character loop; both in one text
        Object v = Json.parse("[\"plain\", \"a\\\"b\", \"\", \"tab\\tnl\\nq\\\\\", \"after\", \"\\u00e9t\\u00E9\","
                + " \"caf\u00e9 \u2603\", \"x\\/y\", \"last\"]");
        assertEquals(Arrays.asList("plain", "a\"b", "", "tab\tnl\nq\\", "after", "\u00e9t\u00e9", "caf\u00e9 \u2603",
                "x/y", "last"), v);
    }

    @Test
    void objectsKeepOrderAndNumbersTheirType() {
        Object v = Json.parse(" {\"b\": 1, \"a\": [true, false, null, -2.5e1, 7], \"k\\\"ey\": {}} ");
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("b", 1L);
        want.put("a", Arrays.asList(Boolean.TRUE, Boolean.FALSE, null, -25.0, 7L));
        want.put("k\"ey", Map.of());
        assertEquals(want, v);
        assertEquals(List.of("b", "a", "k\"ey"), List.copyOf(((Map<?, ?>) v).keySet()));
    }

    @Test
    void malformedTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[\"open]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1 2]"));
    }
}
