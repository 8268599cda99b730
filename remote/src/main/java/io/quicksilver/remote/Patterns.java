package io.quicksilver.remote;

import java.io.ByteArrayOutputStream;

/** Redis glob patterns and keyspace-notification flags, as the store builds them. */
final class Patterns {
    private Patterns() {}

    /**
     * The SCAN MATCH pattern for keys that start with {@code prefix}: every glob metacharacter of
     * the prefix ({@code * ? [ ] \}) escaped with a backslash, then {@code *}. Works on bytes, as
     * Redis's stringmatchlen does, so binary prefixes are matched exactly.
     */
    static byte[] prefixGlob(byte[] prefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + 8);
        for (byte b : prefix) {
            if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') out.write('\\');
            out.write(b);
        }
        out.write('*');
        return out.toByteArray();
    }

    /** True if {@code key} starts with {@code prefix}. */
    static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) return false;
        }
        return true;
    }

    /**
     * The notify-keyspace-events value that keeps every flag of {@code current} and adds what
     * expiry and eviction events need: {@code E} (keyevent channels), {@code x} (expired),
     * {@code e} (evicted). {@code A} already stands for {@code x} and {@code e}. Returns
     * {@code current} itself when nothing is missing.
     */
    static String withExpiryEvents(String current) {
        String flags = current == null ? "" : current;
        boolean all = flags.indexOf('A') >= 0;
        StringBuilder add = new StringBuilder();
        if (flags.indexOf('E') < 0) add.append('E');
        if (!all && flags.indexOf('x') < 0) add.append('x');
        if (!all && flags.indexOf('e') < 0) add.append('e');
        return add.length() == 0 ? flags : flags + add;
    }
}
