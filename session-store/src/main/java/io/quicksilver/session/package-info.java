/**
 * The session model and its store, independent of any servlet API: {@link
 * io.quicksilver.session.SessionRepository} reads, writes (delta writes), renames and deletes
 * sessions kept as one hash per session in a {@link io.quicksilver.core.store.Store}, keeps the
 * principal index and reports expiries; {@link io.quicksilver.session.SessionData} is one
 * request's view of a session with its pending changes. The servlet filter (package
 * {@code servlet}) and the app-server plugins sit on these.
 *
 * <p>Nullness: parameters and results are non-null unless documented otherwise. Threading:
 * {@code SessionRepository} is thread-safe; a {@code SessionData} is confined to one request
 * (its methods are synchronized so that threads of one request may share it).
 */
package io.quicksilver.session;
