package io.quicksilver.benchmarks;

import java.util.Arrays;

/**
 * The data every cache benchmark uses: {@value #KEYS} String keys {@code key:0..key:99999} and
 * {@value #VALUES} distinct String values of {@value #VALUE_LENGTH} characters.
 *
 * <p>Why Strings: they are what applications key JCache caches by (ids, names, session ids), and
 * they exercise what a store-by-value or remote provider must do per call (encode the key to
 * bytes, copy or decode the value) without favouring one provider's special case for boxed
 * numbers. The values are pre-built, so a put measures the cache, not the string building.
 *
 * <p>The caches are filled with {@link #loadKey} instances and every measured call uses
 * {@link #key}, an equal String that is a different object (as a key built from a request is):
 * a map that compares keys with {@code equals} then really compares them instead of stopping at
 * identity, which only a benchmark that reuses its own key objects would see.
 */
final class Workload {
    static final int KEYS = 100_000;
    static final int VALUES = 1024;
    static final int VALUE_LENGTH = 100;

    private static final String[] KEY_STRINGS = new String[KEYS];
    private static final String[] LOAD_KEY_STRINGS = new String[KEYS];
    private static final String[] VALUE_STRINGS = new String[VALUES];

    static {
        for (int i = 0; i < KEYS; i++) {
            LOAD_KEY_STRINGS[i] = "key:" + i;
            KEY_STRINGS[i] = new String(LOAD_KEY_STRINGS[i].toCharArray()); // equal, not identical
            KEY_STRINGS[i].hashCode(); // hashed once, as a long-lived key would be
        }
        for (int i = 0; i < VALUES; i++) {
            char[] c = new char[VALUE_LENGTH];
            Arrays.fill(c, (char) ('a' + i % 26));
            String n = Integer.toString(i);
            n.getChars(0, n.length(), c, 0);
            VALUE_STRINGS[i] = new String(c);
        }
    }

    private Workload() {}

    /** The key measured calls use. */
    static String key(int i) {
        return KEY_STRINGS[i];
    }

    /** The key the setup fills the cache with: equal to {@link #key}, another object. */
    static String loadKey(int i) {
        return LOAD_KEY_STRINGS[i];
    }

    static String value(int i) {
        return VALUE_STRINGS[i & (VALUES - 1)];
    }
}
