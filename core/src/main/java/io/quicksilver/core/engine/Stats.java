package io.quicksilver.core.engine;

import java.util.concurrent.atomic.LongAdder;

/** Engine-wide counters that INFO stats prints. Thread-safe; CONFIG RESETSTAT zeroes them. */
public final class Stats {
    public final LongAdder commandsProcessed = new LongAdder();
    public final LongAdder connectionsReceived = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    public final LongAdder expiredKeys = new LongAdder();
    public final LongAdder evictedKeys = new LongAdder();
    public final LongAdder keyspaceHits = new LongAdder();
    public final LongAdder keyspaceMisses = new LongAdder();
    public final LongAdder netInputBytes = new LongAdder();
    public final LongAdder netOutputBytes = new LongAdder();
    public final LongAdder errorReplies = new LongAdder();
    public final LongAdder pubsubMessages = new LongAdder();
    /** Changes since the last save: INFO persistence's rdb_changes_since_last_save. */
    public final LongAdder dirty = new LongAdder();

    public void reset() {
        for (LongAdder a : new LongAdder[] {commandsProcessed, connectionsReceived,
                rejectedConnections, expiredKeys, evictedKeys, keyspaceHits, keyspaceMisses,
                netInputBytes, netOutputBytes, errorReplies, pubsubMessages}) {
            a.reset();
        }
    }
}
