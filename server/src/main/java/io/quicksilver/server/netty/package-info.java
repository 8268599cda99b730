/**
 * The Netty side: {@link io.quicksilver.server.netty.RespServer} (bootstrap, epoll or NIO,
 * listeners, maxclients, idle timeouts) and the per-connection handler that dispatches commands,
 * batches replies per read, delivers pushes from other threads in order, enforces output buffer
 * limits and applies back-pressure.
 *
 * <p>Threading: a connection's state is confined to its channel's event loop; what other threads
 * call (push, close, buffer sizes) is marked on the methods. Nullness: non-null unless
 * documented.
 */
package io.quicksilver.server.netty;
