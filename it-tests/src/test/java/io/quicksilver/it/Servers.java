package io.quicksilver.it;

import io.quicksilver.server.QuicksilverServer;
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

    /**
     * The stacks of our server's threads (names starting "quicksilver-"), with the locks each
     * holds and waits for, and any deadlock the JVM detects: put in failure messages when our
     * in-JVM server stops answering.
     */
    public static String threadDump() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder();
        long[] deadlocked = mx.findDeadlockedThreads();
        sb.append(deadlocked == null ? "no JVM-detected deadlock\n" : "DEADLOCK among threads " + java.util.Arrays.toString(deadlocked) + "\n");
        for (java.lang.management.ThreadInfo t : mx.dumpAllThreads(true, true)) {
            if (!t.getThreadName().startsWith("quicksilver-")) continue;
            sb.append('"').append(t.getThreadName()).append("\" id=").append(t.getThreadId()).append(' ').append(t.getThreadState());
            if (t.getLockName() != null) sb.append(" waiting for ").append(t.getLockName()).append(" held by ").append(t.getLockOwnerName());
            sb.append('\n');
            StackTraceElement[] st = t.getStackTrace();
            for (int i = 0; i < Math.min(st.length, 14); i++) sb.append("    at ").append(st[i]).append('\n');
            for (java.lang.management.LockInfo l : t.getLockedSynchronizers()) sb.append("    holds ").append(l).append('\n');
        }
        return sb.toString();
    }

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
        QuicksilverServer.Builder b = QuicksilverServer.builder().port(0).bind("127.0.0.1");
        if (requirePass != null) b.requirePass(requirePass);
        QuicksilverServer server = b.build().start();
        return new Endpoint() {
            @Override public int port() {
                return server.port();
            }

            @Override public String description() {
                return "quicksilver 127.0.0.1:" + server.port();
            }

            @Override public void close() {
                server.close();
            }
        };
    }
}
