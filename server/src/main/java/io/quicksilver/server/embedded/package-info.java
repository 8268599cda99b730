/**
 * The RESP listener an application may switch on over its embedded engine
 * ({@code quicksilver.server.port}): {@link io.quicksilver.server.embedded.ServerListenerProvider}
 * implements core's {@link io.quicksilver.core.listener.EmbeddedListenerProvider} with a
 * {@link io.quicksilver.server.QuicksilverServer} serving that engine.
 *
 * <p>Threading: thread-safe. Nullness: non-null unless documented.
 */
package io.quicksilver.server.embedded;
