package io.quicksilver.server.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sdssplitargs cases, each checked with an inline command against redis-server 7.0.15. */
class SplitArgsTest {

    @Test
    void plainAndBlanks() {
        assertEquals(List.of("a", "b", "c"), SplitArgs.split("  a\tb   c  "));
        assertEquals(List.of(), SplitArgs.split("   "));
        assertEquals(List.of(), SplitArgs.split(""));
    }

    @Test
    void doubleQuotes() {
        assertEquals(List.of("a b", ""), SplitArgs.split("\"a b\" \"\""));
        assertEquals(List.of("aqb\n"), SplitArgs.split("\"a\\qb\\n\""));
        assertEquals(List.of("A\r\t\u0007\b"), SplitArgs.split("\"\\x41\\r\\t\\a\\b\""));
        assertEquals(List.of("ax4"), SplitArgs.split("\"a\\x4\""));        // not two hex digits
        assertEquals(List.of("ab c"), SplitArgs.split("a\"b c\""));       // a quote may open mid-token
    }

    @Test
    void singleQuotes() {
        assertEquals(List.of("c'd"), SplitArgs.split("'c\\'d'"));
        assertEquals(List.of("a\\b"), SplitArgs.split("'a\\b'"));
    }

    @Test
    void unbalanced() {
        assertNull(SplitArgs.split("\"abc"));
        assertNull(SplitArgs.split("'abc"));
        assertNull(SplitArgs.split("\"a\"b"));  // closing quote must be followed by a blank
        assertNull(SplitArgs.split("'a'b"));
    }

    @Test
    void verticalTabIsNotASeparatorInsideAToken() {
        assertEquals(List.of("a\u000bb"), SplitArgs.split("a\u000bb"));
        assertEquals(List.of("x"), SplitArgs.split("\u000bx"));            // but skipped before one
    }

    @Test
    void stopsAtNul() {
        assertEquals(List.of("ECHO", "a"), SplitArgs.split("ECHO a\0b"));
    }

    @Test
    void repr() {
        assertEquals("\"a\\\"b\"", SplitArgs.repr("a\"b"));
        assertEquals("\"\\n\\x01\"", SplitArgs.repr("\n\u0001"));
    }
}
