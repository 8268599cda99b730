package io.quicksilver.core.engine.event;

/**
 * Hears every key change of the engine, whatever {@code notify-keyspace-events} says: the JCache
 * provider's and session store's listeners are built on it, pub/sub notifications too.
 *
 * <p>Called on the thread that made the change, <em>while it holds the key's segment lock</em>,
 * in the order the changes happened to that key. An implementation must be quick, must not block
 * and must not call back into the engine; it hands work off.
 */
@FunctionalInterface
public interface KeyspaceListener {
    /**
     * @param db    the database index
     * @param key   the key (do not modify)
     * @param type  the event's class, one of the {@link NotifyFlags} type bits
     * @param event the event name as Redis publishes it ("set", "del", "expired", ...)
     */
    void onEvent(int db, byte[] key, int type, String event);

    /**
     * A key was removed because its time passed (lazy expiry on a lookup, the active expiry
     * cycle, RANDOMKEY) or because maxmemory evicted it, with the value it held: what the
     * "expired" and "evicted" events cannot carry. Called after the key was removed and after
     * {@link #onEvent} heard that event, on the same thread, under the same segment lock, with
     * the same rules. Does nothing unless overridden.
     *
     * @param db      the database index
     * @param key     the key (do not modify)
     * @param value   the value it held: {@code byte[]}, {@link io.quicksilver.core.engine.MutableString}
     *                or a {@link io.quicksilver.core.engine.TypedValue} (do not modify, do not keep
     *                a collection or a MutableString beyond the call: a long string's memory
     *                is freed right after it)
     * @param evicted true for a maxmemory eviction, false for an expiry
     */
    default void onExpired(int db, byte[] key, Object value, boolean evicted) {
    }

    /**
     * False for a listener that only wants {@link #onExpired} (its {@link #onEvent} does
     * nothing): the engine then leaves it out of the per-change event loop, so a write with
     * only such listeners registered (the JCache provider's expiry listeners) calls none.
     * Asked once, when the listener is added.
     */
    default boolean hearsEvents() {
        return true;
    }
}
