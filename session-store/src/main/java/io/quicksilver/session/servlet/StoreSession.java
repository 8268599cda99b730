package io.quicksilver.session.servlet;

import io.quicksilver.session.SessionData;
import io.quicksilver.session.WriteFrequency;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;

/**
 * An {@link HttpSession} over a {@link SessionData}: attribute changes are recorded in it and
 * written by the filter at the end of the request or just before the response is committed,
 * whichever is first (and at once with write-frequency on-set);
 * listeners fire on this node as the changes happen.
 */
final class StoreSession implements HttpSession {
    private final SessionData data;
    private final SessionFilter filter;
    private final ServletContext context;
    /** Set when the session was invalidated or expired; its methods then throw IllegalStateException. */
    private volatile boolean invalid;

    StoreSession(SessionData data, SessionFilter filter, ServletContext context) {
        this.data = data;
        this.filter = filter;
        this.context = context;
    }

    SessionData data() {
        return data;
    }

    boolean isValid() {
        return !invalid;
    }

    void markInvalid() {
        invalid = true;
    }

    private void check() {
        if (invalid) {
            throw new IllegalStateException("the session has been invalidated");
        }
    }

    @Override
    public long getCreationTime() {
        check();
        return data.creationTime();
    }

    @Override
    public String getId() {
        return data.id();
    }

    @Override
    public long getLastAccessedTime() {
        check();
        return data.lastAccessedTime();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        data.maxInactiveSeconds(interval);
        writeIfOnSet();
    }

    @Override
    public int getMaxInactiveInterval() {
        return data.maxInactiveSeconds();
    }

    @Override
    public Object getAttribute(String name) {
        check();
        return name == null ? null : data.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        check();
        return Collections.enumeration(data.names());
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (name == null) {
            throw new IllegalArgumentException("attribute name is null");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        check();
        if (!filter.repository().codec().accepts(value)) {
            throw new IllegalArgumentException("session attribute " + name + ": a " + value.getClass().getName()
                    + " cannot be stored in a distributed session (not Serializable)");
        }
        Object old = data.set(name, value);
        if (old != value) { // the same object again: no binding events (Tomcat's default)
            SessionListeners.bound(this, name, value);
            if (old != null) {
                SessionListeners.unbound(this, name, old);
            }
        }
        if (old == null) {
            filter.listeners().added(this, name, value);
        } else {
            filter.listeners().replaced(this, name, old);
        }
        writeIfOnSet();
    }

    @Override
    public void removeAttribute(String name) {
        check();
        Object old = data.remove(name);
        if (old != null) {
            SessionListeners.unbound(this, name, old);
            filter.listeners().removed(this, name, old);
        }
        writeIfOnSet();
    }

    @Override
    public void invalidate() {
        check();
        filter.destroy(this, true);
    }

    @Override
    public boolean isNew() {
        check();
        return data.isNew();
    }

    private void writeIfOnSet() {
        if (!invalid && filter.settings().writeFrequency() == WriteFrequency.ON_SET) {
            filter.save(this);
        }
    }

    @Override
    public String toString() {
        return "StoreSession[" + data.id() + "]";
    }
}
