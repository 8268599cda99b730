package io.quicksilver.jcache.mp;

import io.quicksilver.core.store.Store;

/**
 * What a health check looks at: a store, or nothing yet (an embedded engine not started).
 * Implementations are thread-safe.
 */
interface StoreTarget extends AutoCloseable {
    /**
     * The store to check, or null when it does not exist yet (the embedded engine was not started).
     *
     * @throws RuntimeException the store could not be opened (the message says why)
     */
    Store store();

    /** The configured URI or the store's description, for the response's data. */
    String describe();

    /** Gives back what {@link #store} opened; the target may not be used afterwards. */
    @Override
    void close();

    /** A store the application gave: never opened or closed here. */
    static StoreTarget of(Store store) {
        return new StoreTarget() {
            @Override
            public Store store() {
                return store;
            }

            @Override
            public String describe() {
                return store.describe();
            }

            @Override
            public void close() {
            }
        };
    }
}
