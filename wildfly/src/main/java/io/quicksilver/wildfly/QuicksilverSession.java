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
 * events. Changes are written when Undertow reports the request done.
 */
final class QuicksilverSession implements Session {
    private final QuicksilverSessionManager manager;
    private final SessionData data;
    private final SessionConfig config;
    private volatile boolean valid = true;
    private volatile boolean committed;

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
     * Writes the request's changes and access time, before the response completes; a session
     * invalidated meanwhile stays gone.
     */
    void commit() {
        if (valid && !committed) {
            committed = true;
            manager.repository().save(data);
        }
    }

    /** Undertow's end of the request: writes what {@link #commit} has not (asynchronous requests). */
    @Override
    public void requestDone(HttpServerExchange exchange) {
        commit();
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
