package io.quicksilver.core.engine;

/**
 * Engine-wide counters that INFO stats prints. Thread-safe, each thread adding to its own cell
 * ({@link Counter}); CONFIG RESETSTAT zeroes them.
 */
public final class Stats {
    public final Counter commandsProcessed = new Counter();
    public final Counter connectionsReceived = new Counter();
    public final Counter rejectedConnections = new Counter();
    public final Counter expiredKeys = new Counter();
    public final Counter evictedKeys = new Counter();
    public final Counter keyspaceHits = new Counter();
    public final Counter keyspaceMisses = new Counter();
    public final Counter netInputBytes = new Counter();
    public final Counter netOutputBytes = new Counter();
    public final Counter errorReplies = new Counter();
    public final Counter pubsubMessages = new Counter();
    /** Changes since the last save: INFO persistence's rdb_changes_since_last_save. */
    public final Counter dirty = new Counter();

    public void reset() {
        for (Counter a : new Counter[] {commandsProcessed, connectionsReceived,
                rejectedConnections, expiredKeys, evictedKeys, keyspaceHits, keyspaceMisses,
                netInputBytes, netOutputBytes, errorReplies, pubsubMessages}) {
            a.reset();
        }
    }
}
