package io.quicksilver.core.store;

/** The backend of a {@link Store} failed: connection lost, timeout, an error reply. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
