/**
 * The portable path: a servlet filter ({@link io.quicksilver.session.servlet.SessionFilter}),
 * registered by {@link io.quicksilver.session.servlet.SessionInitializer} unless switched off,
 * whose request wrapper hands out {@link io.quicksilver.session.servlet.StoreSession}s kept in the
 * Quicksilver store, and fires the application's session listeners.
 *
 * <p>Nullness: non-null unless documented (Servlet API methods keep their documented nulls).
 * Threading: the filter and {@link io.quicksilver.session.servlet.SessionListeners} are
 * thread-safe; a request wrapper and its session belong to one request.
 */
package io.quicksilver.session.servlet;
