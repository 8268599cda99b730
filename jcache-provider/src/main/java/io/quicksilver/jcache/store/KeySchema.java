package io.quicksilver.jcache.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The key schema: an entry of cache {@code users} with key {@code 42} is the ordinary key
 * {@code jcache:users:42} (the key in its codec's bytes). The first part is the manager's prefix
 * (property {@code quicksilver.jcache.prefix}, default {@code jcache:}); a manager whose URI is
 * not a store URI adds a namespace segment {@code @<8 hex digits of the URI's SHA-256>:}. In the
 * cache name, {@code '\'} and {@code ':'} are escaped with a backslash, and so is a leading
 * {@code '@'}, so the prefix of one cache is never the prefix of another cache's keys.
 * No hash tags: the keys of one cache spread over a cluster.
 */
public final class KeySchema {
    /** The default manager prefix. */
    public static final String DEFAULT_PREFIX = "jcache:";

    private final String managerPrefix;

    /**
     * @param prefix    the manager's prefix, e.g. {@code jcache:}
     * @param namespace the manager URI to isolate, or null for the store's own keyspace
     */
    public KeySchema(String prefix, String namespace) {
        this.managerPrefix = namespace == null ? prefix : prefix + "@" + shortHash(namespace) + ":";
    }

    /** The manager's part of every key, e.g. {@code jcache:} or {@code jcache:@1a2b3c4d:}. */
    public String managerPrefix() {
        return managerPrefix;
    }

    /** The prefix of every key of cache {@code name}, e.g. {@code jcache:users:}. */
    public byte[] cachePrefix(String name) {
        return (managerPrefix + escape(name) + ":").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code name} with '\' and ':' (and a leading '@') escaped by a backslash. */
    public static String escape(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == ':' || (c == '@' && i == 0)) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The store key of an encoded key. */
    public static byte[] key(byte[] cachePrefix, byte[] encodedKey) {
        byte[] k = Arrays.copyOf(cachePrefix, cachePrefix.length + encodedKey.length);
        System.arraycopy(encodedKey, 0, k, cachePrefix.length, encodedKey.length);
        return k;
    }

    /** The encoded key of a store key that starts with {@code cachePrefix}. */
    public static byte[] encodedKey(byte[] cachePrefix, byte[] storeKey) {
        return Arrays.copyOfRange(storeKey, cachePrefix.length, storeKey.length);
    }

    /** True if {@code storeKey} starts with {@code prefix}. */
    public static boolean startsWith(byte[] storeKey, byte[] prefix) {
        return storeKey.length >= prefix.length
                && Arrays.equals(storeKey, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String shortHash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
