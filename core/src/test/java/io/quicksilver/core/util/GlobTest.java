package io.quicksilver.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Redis's stringmatchlen, case by case. Every expectation in {@link #CASES} was recorded from
 * redis-server 7.0.15 (SET subject, then KEYS pattern: matched or not), so the table is the
 * reference's behaviour, not ours. Strings are Latin-1 so that each char is one byte.
 */
class GlobTest {

    /** {pattern, subject, matches}. */
    private static final Object[][] CASES = {
            {"a", "a", true},
            {"a", "b", false},
            {"a", "", false},
            {"a", "aa", false},
            {"?", "a", true},
            {"?", "", false},
            {"?", "ab", false},
            {"?", "\u00ff", true},
            {"??", "ab", true},
            {"??", "a", false},
            {"??", "abc", false},
            {"a?c", "abc", true},
            {"a?c", "ac", false},
            {"a?c", "abbc", false},
            {"*a", "a", true},
            {"*a", "ba", true},
            {"*a", "ab", false},
            {"*a", "aaa", true},
            {"a*", "a", true},
            {"a*", "ab", true},
            {"a*", "ba", false},
            {"a*", "", false},
            {"a*b", "ab", true},
            {"a*b", "axxb", true},
            {"a*b", "axxbx", false},
            {"a*b", "abab", true},
            {"a*b", "b", false},
            {"*a*", "a", true},
            {"*a*", "bab", true},
            {"*a*", "bbb", false},
            {"*a*", "", false},
            {"**", "a", true},
            {"**", "", false},
            {"a**b", "ab", true},
            {"a**b", "axb", true},
            {"***a***b***", "ab", true},
            {"***a***b***", "xaxbx", true},
            {"***a***b***", "ba", false},
            {"*?", "a", true},
            {"*?", "ab", true},
            {"*?", "", false},
            {"?*?", "a", false},
            {"?*?", "ab", true},
            {"?*?", "abc", true},
            {"[abc]", "a", true},
            {"[abc]", "c", true},
            {"[abc]", "d", false},
            {"[abc]", "", false},
            {"[abc]", "ab", false},
            {"[^abc]", "a", false},
            {"[^abc]", "d", true},
            {"[^abc]", "", false},
            {"[^abc]", "dd", false},
            {"[a-c]", "a", true},
            {"[a-c]", "b", true},
            {"[a-c]", "c", true},
            {"[a-c]", "d", false},
            {"[a-c]", "`", false},
            {"[c-a]", "a", true},
            {"[c-a]", "b", true},
            {"[c-a]", "c", true},
            {"[c-a]", "d", false},
            {"[^a-c]", "a", false},
            {"[^a-c]", "d", true},
            {"[a-cx-z]", "b", true},
            {"[a-cx-z]", "y", true},
            {"[a-cx-z]", "m", false},
            {"[a-]", "a", true},
            {"[a-]", "-", false},
            {"[a-]", "]", true},
            {"[a-]", "b", false},
            {"[x-]", "x", true},
            {"[x-]", "]", true},
            {"[x-]", "^", true},
            {"[x-]", "a", true},
            {"[-z]", "-", true},
            {"[-z]", "z", true},
            {"[-z]", "a", false},
            {"[]", "]", false},
            {"[]", "a", false},
            {"[]", "", false},
            {"[]a]", "]", false},
            {"[]a]", "a", false},
            {"x[]", "x", false},
            {"x[]", "x]", false},
            {"[abc", "a", true},
            {"[abc", "b", true},
            {"[abc", "c", true},
            {"[abc", "[abc", false},
            {"[abc", "d", false},
            {"[^", "a", true},
            {"[^", "", false},
            {"[^", "ab", false},
            {"[^a", "a", false},
            {"[^a", "b", true},
            {"x[\\", "x\\", true},
            {"x[\\", "x", false},
            {"x[\\]", "x\\", false},
            {"x[\\]", "x]", true},
            {"x[\\]", "x", false},
            {"[\\]]", "]", true},
            {"[\\]]", "\\", false},
            {"[\\-]", "-", true},
            {"[\\-]", "\\", false},
            {"[a\\-z]", "a", true},
            {"[a\\-z]", "-", true},
            {"[a\\-z]", "z", true},
            {"[a\\-z]", "b", false},
            {"[\\^a]", "^", true},
            {"[\\^a]", "a", true},
            {"[\\^a]", "b", false},
            {"\\*", "*", true},
            {"\\*", "a", false},
            {"\\*", "\\*", false},
            {"\\?", "?", true},
            {"\\?", "a", false},
            {"\\[a]", "[a]", true},
            {"\\[a]", "a", false},
            {"a\\", "a\\", true},
            {"a\\", "a", false},
            {"\\", "\\", true},
            {"\\", "", false},
            {"\\\\", "\\", true},
            {"a\\bc", "abc", true},
            {"a\\bc", "a\\bc", false},
            {"[*]", "*", true},
            {"[*]", "a", false},
            {"[?]", "?", true},
            {"[?]", "a", false},
            {"*[0-9]", "abc1", true},
            {"*[0-9]", "abc", false},
            {"*[0-9]", "1", true},
            {"h?llo", "hello", true},
            {"h?llo", "hallo", true},
            {"h?llo", "hllo", false},
            {"h*llo", "hllo", true},
            {"h*llo", "heeeello", true},
            {"h[ae]llo", "hello", true},
            {"h[ae]llo", "hallo", true},
            {"h[ae]llo", "hillo", false},
            {"h[^e]llo", "hallo", true},
            {"h[^e]llo", "hello", false},
            {"h[a-b]llo", "hallo", true},
            {"h[a-b]llo", "hbllo", true},
            {"h[a-b]llo", "hcllo", false},
            {"[a-\u00ff]", "b", false},
            {"[a-\u00ff]", "\u00e9", false},
            {"[a-\u00ff]", "\u00ff", true},
            {"[\u00ff-a]", "b", false},
            {"[\u00ff-a]", "\u00e9", false},
            {"[\u0080-\u00ff]", "\u00e9", true},
            {"[\u0080-\u00ff]", "\u00c9", true},
            {"[\u0080-\u00ff]", "b", false},
            {"[\u0080-\u00ff]", "\u007f", false},
            {"[\u0000-\u007f]", "\u0000", true},
            {"[\u0000-\u007f]", "a", true},
            {"[\u0000-\u007f]", "\u0080", false},
            {"\u00e9", "\u00e9", true},
            {"\u00e9", "\u00c9", false},
            {"*\u00e9*", "x\u00e9x", true},
            {"*\u00e9*", "xx", false},
            {"A", "A", true},
            {"A", "a", false},
            {"[A-Z]", "a", false},
            {"[A-Z]", "Q", true},
            {"a*".repeat(39) + "b", "a".repeat(136), false},
            {"a*".repeat(39) + "b", "a".repeat(136) + "b", true},
            {"*a".repeat(999), "a".repeat(3000), true},
            {"*a".repeat(1000), "a".repeat(3000), true},
            {"*a".repeat(1001), "a".repeat(3000), false},
            {"*a".repeat(1100), "a".repeat(3000), false},
            {"a*".repeat(1000), "a".repeat(3000), true},
            {"a*".repeat(1001), "a".repeat(3000), true},
            {"a*".repeat(1002), "a".repeat(3000), false},
    };

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean match(String pattern, String subject) {
        return Glob.matches(bytes(pattern), bytes(subject), false);
    }

    @Test
    void matchesAsTheReferenceServer() {
        for (Object[] c : CASES) {
            String p = (String) c[0];
            String s = (String) c[1];
            String shown = p.length() > 40 ? p.substring(0, 40) + "...(" + p.length() + ")" : p;
            assertEquals(c[2], match(p, s), () -> "pattern '" + shown + "' subject of " + s.length());
        }
    }

    @Test
    void highBytesCompareAsSignedChars() {
        // x86-64 C char is signed: 0xff is -1, below 'a', so [a-\xff] is the range -1..97
        assertFalse(match("[a-\u00ff]", "b"));
        assertTrue(match("[a-\u00ff]", "\u0000"));
        assertTrue(match("[a-\u00ff]", "\u00ff"));
        assertTrue(match("[\u0080-\u00ff]", "\u00e9"));
    }

    @Test
    void nocaseAsConfigGet() {
        // CONFIG GET matches with nocase; recorded from redis-server 7.0.15
        assertTrue(Glob.matches(bytes("[M]axmemory"), bytes("maxmemory"), true));
        assertFalse(Glob.matches(bytes("[\\M]axmemory"), bytes("maxmemory"), true), "escaped: exact");
        assertTrue(Glob.matches(bytes("[L-N]axmemory"), bytes("maxmemory"), true));
        assertTrue(Glob.matches(bytes("[l-n]AXMEMORY"), bytes("maxmemory"), true));
        assertTrue(Glob.matches(bytes("M?xmemory"), bytes("maxmemory"), true));
        assertFalse(Glob.matches(bytes("M?xmemory"), bytes("maxmemory"), false));
        // C's tolower in the "C" locale folds ASCII only
        assertFalse(Glob.matches(bytes("\u00c9"), bytes("\u00e9"), true));
        assertFalse(Glob.matches(bytes("[\u00c0-\u00c9]"), bytes("\u00e9"), true));
    }

    @Test
    void stringOverloadIsUtf8() {
        assertTrue(Glob.matches("caf\u00e9*", "caf\u00e9 au lait"));
        assertTrue(Glob.matches("caf??", "caf\u00e9"), "two UTF-8 bytes, two '?'");
        assertFalse(Glob.matches("caf?", "caf\u00e9"));
    }

    @Test
    void pathologicalPatternsFinishFast() {
        // exponential without the skip-longer-matches rule of Redis 7 (CVE-2022-36021)
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(match("a*".repeat(40) + "b", "a".repeat(10_000)));
            assertFalse(match("*a".repeat(500) + "b", "a".repeat(5_000)));
            assertFalse(match("*?".repeat(200) + "b", "a".repeat(5_000)));
            assertTrue(match("a*".repeat(40) + "b", "a".repeat(10_000) + "b"));
        });
    }
}
