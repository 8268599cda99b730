package io.quicksilver.it;

import java.util.List;

/**
 * Starts the server under test on a free loopback port.
 *
 * <p>By default that is our QuicksilverServer, in this JVM. With {@code -Dit.target=redis} it is
 * a real redis-server instead: the same tests run against Redis prove that the tests themselves
 * expect what Redis does (a test that fails there is wrong, not our server).
 */
public final class Servers {
    private Servers() {}

    /** True when the tests run against a real redis-server instead of ours. */
    public static boolean targetIsRedis() {
        return "redis".equalsIgnoreCase(System.getProperty("it.target", "quicksilver"));
    }

    /** The server under test, no password. */
    public static Endpoint start() {
        return start(null);
    }

    /**
     * The server under test.
     *
     * @param requirePass the password of the default user (requirepass), or null for none
     */
    public static Endpoint start(String requirePass) {
        if (targetIsRedis()) {
            return RedisReference.start(requirePass == null ? List.of() : List.of("--requirepass", requirePass));
        }
        throw new UnsupportedOperationException("QuicksilverServer has not landed yet");
    }
}
