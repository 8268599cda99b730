package io.quicksilver.core.listener;

import io.quicksilver.core.engine.Engine;
import java.util.Map;

/**
 * Starts a RESP listener on an engine that is already running in this JVM. Implemented by
 * {@code quicksilver-server} and found by {@link java.util.ServiceLoader}; applications call
 * {@link EmbeddedListeners#start} rather than this.
 *
 * <p>Implementations must keep to the product's rule: nothing listens beyond loopback without a
 * password. The bind address defaults to 127.0.0.1, and a bind beyond loopback without
 * {@code requirepass} is refused with {@link IllegalArgumentException}.
 */
public interface EmbeddedListenerProvider {
    /**
     * Starts listening on {@code engine}, which stays owned by the caller (closing the listener
     * does not close it).
     *
     * @param engine   the running engine to serve
     * @param settings server parameters by redis.conf or {@code quicksilver.*} name, e.g.
     *                 {@code quicksilver.server.port}, {@code quicksilver.server.bind},
     *                 {@code quicksilver.requirepass}; the port is required
     * @return the running listener
     * @throws IllegalArgumentException a setting is unknown or refused (its name in the message)
     * @throws IllegalStateException    the port could not be bound
     */
    EmbeddedListener start(Engine engine, Map<String, String> settings);
}
