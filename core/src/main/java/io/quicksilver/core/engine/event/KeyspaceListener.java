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
}
