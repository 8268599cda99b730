package io.quicksilver.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last stored state of the sessions this node wrote most recently, at most {@code capacity}
 * of them (least recently written dropped first): what a remote store's expiry notification,
 * which carries the key only, cannot give. The node that holds a session's state fires its
 * expiry listeners with its attributes. Thread-safe (synchronized).
 */
public final class RecentSessions {
    private final int capacity;
    private final Map<String, Map<String, byte[]>> states;

    public RecentSessions(int capacity) {
        this.capacity = capacity;
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, byte[]>> eldest) {
                return size() > RecentSessions.this.capacity;
            }
        };
    }

    /** Remembers the session's state as just stored. */
    public synchronized void remember(SessionData s) {
        if (capacity > 0) {
            states.put(s.id(), s.storedFields());
        }
    }

    /** Forgets a session (invalidated, renamed, expired). */
    public synchronized void forget(String id) {
        states.remove(id);
    }

    /** The remembered hash fields of {@code id} (removed from here), or null. */
    public synchronized Map<String, byte[]> take(String id) {
        return states.remove(id);
    }

    /** True if the state of {@code id} is remembered. */
    public synchronized boolean holds(String id) {
        return states.containsKey(id);
    }

    /**
     * When the remembered state says the session expires (epoch ms: its last access plus its max
     * inactive interval), or -1 when nothing (or no expiry) is remembered. A node that wrote the
     * session last predicts the real expiry; a stale state predicts an earlier one.
     */
    public synchronized long predictedDeadline(String id) {
        Map<String, byte[]> f = states.get(id);
        if (f == null) {
            return -1;
        }
        try {
            long accessed = Long.parseLong(new String(f.get(SessionData.ACCESSED), java.nio.charset.StandardCharsets.US_ASCII));
            long max = Long.parseLong(new String(f.get(SessionData.MAX_INACTIVE), java.nio.charset.StandardCharsets.US_ASCII));
            return max > 0 ? accessed + max * 1000 : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    public synchronized int size() {
        return states.size();
    }
}
