package io.quicksilver.wildfly;

import io.quicksilver.session.SessionData;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.session.Session;
import io.undertow.server.session.SessionConfig;
import io.undertow.server.session.SessionListener;
import io.undertow.server.session.SessionManager;
import java.util.Set;

/**
 * One request's view of a stored session ({@link SessionData}), with Undertow's session listener
 * events. Changes are written just before Undertow commits the response, and what changed after
 * that when the request ends.
 */
final class QuicksilverSession implements Session {
    private final QuicksilverSessionManager manager;
    private final SessionData data;
    private final SessionConfig config;
    private volatile boolean valid = true;
    /** Written by {@link #beforeCommit} or {@link #commit} in this request. */
    private boolean written;
    /** A dispatch of the request ended ({@link #commit}). */
    private boolean ended;

    QuicksilverSession(QuicksilverSessionManager manager, SessionData data, SessionConfig config) {
        this.manager = manager;
        this.data = data;
        this.config = config;
    }

    boolean isValid() {
        return valid;
    }

    void markInvalid() {
        valid = false;
    }

    private void checkValid() {
        if (!valid) throw new IllegalStateException("session " + data.id() + " has been invalidated");
    }

    @Override
    public String getId() {
        return data.id();
    }

    /**
     * Undertow is about to commit the response (its {@link io.undertow.server.ResponseCommitListener},
     * see {@link CommitHandler}): a declared Content-Length reached, a full buffer, a flush,
     * {@code sendError} or {@code sendRedirect} without an error page, or the end of the request.
     * The request's changes and access time are written first: a client that has the response may
     * send its next request to another node at once. Nothing when a dispatch's end wrote them and
     * no dispatch (an error page) ran since, or nothing changed since. A session invalidated
     * meanwhile stays gone.
     */
    synchronized void beforeCommit() {
        if (!valid) return;
        if (!written && touchEvery() || (!written || !ended) && changed()) {
            written = true;
            manager.repository().save(data);
        }
    }

    /** A later dispatch of the request (an error page, an async dispatch) begins. */
    synchronized void dispatched() {
        ended = false;
    }

    /**
     * The end of the request's dispatch (the servlet returned, an error page or async dispatch
     * ended, an asynchronous request is done): writes the changes and access time if the commit
     * did not, else only what changed since (nothing when nothing did).
     */
    synchronized void commit() {
        ended = true;
        if (valid && (!written && touchEvery() || changed())) {
            written = true;
            manager.repository().save(data);
        }
    }

    /**
     * Undertow's end of the request, after the response was sent: writes what no end of a
     * dispatch has (an asynchronous request that completed without a dispatch).
     */
    @Override
    public void requestDone(HttpServerExchange exchange) {
        // an async request completed on an I/O thread: the write is made on a worker thread
        CommitHandler.offIoThread(exchange, () -> {
            synchronized (this) {
                if (!ended) commit();
            }
        });
    }

    /** No touch interval: a request's first write is made also when only its access time changed. */
    private boolean touchEvery() {
        return manager.settings().touchIntervalMillis() == 0;
    }

    /** What a write would add (with a touch interval, an access time not yet due is no change). */
    private boolean changed() {
        return data.changedSinceSave(manager.settings().writeContents(), manager.settings().touchIntervalMillis());
    }

    @Override
    public long getCreationTime() {
        checkValid();
        return data.creationTime();
    }

    @Override
    public long getLastAccessedTime() {
        checkValid();
        return data.lastAccessedTime();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        checkValid();
        data.maxInactiveSeconds(interval);
    }

    @Override
    public int getMaxInactiveInterval() {
        checkValid();
        return data.maxInactiveSeconds();
    }

    @Override
    public Object getAttribute(String name) {
        checkValid();
        return data.get(name);
    }

    @Override
    public Set<String> getAttributeNames() {
        checkValid();
        return data.names();
    }

    @Override
    public Object setAttribute(String name, Object value) {
        checkValid();
        if (value == null) return removeAttribute(name);
        Object old = data.set(name, value);
        if (old == null) {
            manager.listeners().attributeAdded(this, name, value);
        } else {
            manager.listeners().attributeUpdated(this, name, value, old);
        }
        return old;
    }

    @Override
    public Object removeAttribute(String name) {
        checkValid();
        Object old = data.remove(name);
        if (old != null) manager.listeners().attributeRemoved(this, name, old);
        return old;
    }

    /**
     * Fires the destroy listeners (which may still read the session), then deletes it from the
     * store and clears the client's session ID.
     */
    @Override
    public void invalidate(HttpServerExchange exchange) {
        checkValid();
        manager.listeners().sessionDestroyed(this, exchange, SessionListener.SessionDestroyedReason.INVALIDATED);
        valid = false;
        manager.repository().delete(data);
        if (exchange != null && config != null) config.clearSession(exchange, data.id());
        manager.detach(exchange, this);
    }

    @Override
    public SessionManager getSessionManager() {
        return manager;
    }

    @Override
    public String changeSessionId(HttpServerExchange exchange, SessionConfig config) {
        checkValid();
        String old = manager.repository().changeId(data);
        config.setSessionId(exchange, data.id());
        manager.listeners().sessionIdChanged(this, old);
        return data.id();
    }
}
