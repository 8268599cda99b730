package io.quicksilver.core.store;

/**
 * The body of {@link Store#compute}: given a key's current value and TTL, decide what to write.
 *
 * @param <R> what the mutation returns to the caller of compute
 */
@FunctionalInterface
public interface Mutation<R> {
    /**
     * @param current    the key's value, or null if absent
     * @param ttlMillis  its remaining TTL, {@link Store#PERSIST} if none, {@link Store#NO_KEY} if absent
     * @param decision   where to record the write, if any (nothing recorded = leave the key as it is)
     * @return the result handed back by {@link Store#compute}
     */
    R apply(Object current, long ttlMillis, Decision decision);

    /** The write a mutation asks for. The last call wins. */
    final class Decision {
        /** Nothing to write. */
        public static final int NONE = 0;
        /** Set the value (and TTL). */
        public static final int SET = 1;
        /** Delete the key. */
        public static final int DELETE = 2;
        /** Only change the TTL of the existing key. */
        public static final int EXPIRE = 3;

        private int kind = NONE;
        private Object value;
        private long ttlMillis;

        /** Write {@code value} with {@code ttlMillis} (or {@link Store#KEEP_TTL} / {@link Store#PERSIST}). */
        public void set(Object value, long ttlMillis) {
            this.kind = SET;
            this.value = value;
            this.ttlMillis = ttlMillis;
        }

        public void delete() {
            this.kind = DELETE;
            this.value = null;
        }

        /** Change only the TTL ({@link Store#PERSIST} removes it, 0 or less deletes the key). */
        public void expire(long ttlMillis) {
            this.kind = EXPIRE;
            this.value = null;
            this.ttlMillis = ttlMillis;
        }

        /** Forget what was recorded (a remote store reuses the decision when it retries). */
        public void reset() {
            kind = NONE;
            value = null;
            ttlMillis = 0;
        }

        public int kind() {
            return kind;
        }

        public Object value() {
            return value;
        }

        public long ttlMillis() {
            return ttlMillis;
        }
    }
}
