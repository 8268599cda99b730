package io.quicksilver.core.engine;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The keys that clients WATCH, and who watches them (Redis's watched_keys dictionary).
 *
 * <p>A change to a key touches it: every watcher of it is marked dirty, so its EXEC fails.
 * Touching happens under the key's segment lock, and EXEC checks the dirty mark while holding the
 * locks of the watched keys, so no change can slip between the check and the transaction.
 * When nobody watches anything, a touch is a single volatile read.
 */
public final class WatchRegistry {

    /** A client that watches keys. */
    public interface Watcher {
        /** One of the watched keys changed; called under that key's segment lock. */
        void touched();
    }

    private record WatchedKey(int db, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof WatchedKey w && w.db == db && Arrays.equals(w.key, key);
        }

        @Override
        public int hashCode() {
            return 31 * db + Arrays.hashCode(key);
        }
    }

    private final Map<WatchedKey, Set<Watcher>> watched = new ConcurrentHashMap<>();

    public void watch(int db, byte[] key, Watcher w) {
        watched.computeIfAbsent(new WatchedKey(db, key), k -> ConcurrentHashMap.newKeySet()).add(w);
    }

    public void unwatch(int db, byte[] key, Watcher w) {
        watched.computeIfPresent(new WatchedKey(db, key), (k, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
    }

    public void touch(int db, byte[] key) {
        if (watched.isEmpty()) {
            return;
        }
        Set<Watcher> set = watched.get(new WatchedKey(db, key));
        if (set != null) {
            set.forEach(Watcher::touched);
        }
    }

    /**
     * Touches the watched keys of {@code db} that {@code existed} says are there (FLUSHDB,
     * FLUSHALL, SWAPDB): as Redis, a watched key that did not exist is not touched.
     */
    public void touchDb(int db, Predicate<byte[]> existed) {
        if (watched.isEmpty()) {
            return;
        }
        watched.forEach((k, set) -> {
            if (k.db == db && existed.test(k.key)) {
                set.forEach(Watcher::touched);
            }
        });
    }

    public int size() {
        return watched.size();
    }
}
