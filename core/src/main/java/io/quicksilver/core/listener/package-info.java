/**
 * A RESP listener on an engine that lives inside an application (embedded mode), so an operator
 * can point redis-cli at the live cache. Core holds only the service interface
 * ({@link io.quicksilver.core.listener.EmbeddedListenerProvider}) and the helper that finds and
 * shares listeners ({@link io.quicksilver.core.listener.EmbeddedListeners}); the network code
 * lives in {@code quicksilver-server}, found by {@link java.util.ServiceLoader}, so core and the
 * JCache provider stay free of Netty.
 *
 * <p>Threading: every public method is thread-safe. Nullness: parameters and results are
 * non-null unless documented otherwise.
 */
package io.quicksilver.core.listener;
