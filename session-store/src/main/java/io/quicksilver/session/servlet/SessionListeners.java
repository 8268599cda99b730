package io.quicksilver.session.servlet;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's session listeners, as the filter found them, and the events fired to them.
 * A listener that throws is logged; the others still run. Thread-safe.
 */
public final class SessionListeners {
    private static final Logger LOG = Logger.getLogger(SessionListeners.class.getName());

    private final List<HttpSessionListener> lifecycle = new CopyOnWriteArrayList<>();
    private final List<HttpSessionAttributeListener> attributes = new CopyOnWriteArrayList<>();
    private final List<HttpSessionIdListener> ids = new CopyOnWriteArrayList<>();

    /** Adds {@code l} to each kind of listener it implements; false if it implements none. */
    public boolean add(EventListener l) {
        boolean any = false;
        if (l instanceof HttpSessionListener x) {
            lifecycle.add(x);
            any = true;
        }
        if (l instanceof HttpSessionAttributeListener x) {
            attributes.add(x);
            any = true;
        }
        if (l instanceof HttpSessionIdListener x) {
            ids.add(x);
            any = true;
        }
        return any;
    }

    /** How many listeners of any kind. */
    public int size() {
        return lifecycle.size() + attributes.size() + ids.size();
    }

    void created(HttpSession s) {
        HttpSessionEvent e = new HttpSessionEvent(s);
        for (HttpSessionListener l : lifecycle) {
            run(() -> l.sessionCreated(e), l);
        }
    }

    /** sessionDestroyed, in reverse order of declaration (as Servlet 6 section 11.3.3 asks). */
    void destroyed(HttpSession s) {
        HttpSessionEvent e = new HttpSessionEvent(s);
        for (int i = lifecycle.size() - 1; i >= 0; i--) {
            HttpSessionListener l = lifecycle.get(i);
            run(() -> l.sessionDestroyed(e), l);
        }
    }

    void idChanged(HttpSession s, String oldId) {
        HttpSessionEvent e = new HttpSessionEvent(s);
        for (HttpSessionIdListener l : ids) {
            run(() -> l.sessionIdChanged(e, oldId), l);
        }
    }

    /** valueBound on a new value that listens. */
    static void bound(HttpSession s, String name, Object value) {
        if (value instanceof HttpSessionBindingListener l) {
            run(() -> l.valueBound(new HttpSessionBindingEvent(s, name, value)), l);
        }
    }

    /** valueUnbound on an old value that listens. */
    static void unbound(HttpSession s, String name, Object value) {
        if (value instanceof HttpSessionBindingListener l) {
            run(() -> l.valueUnbound(new HttpSessionBindingEvent(s, name, value)), l);
        }
    }

    void added(HttpSession s, String name, Object value) {
        HttpSessionBindingEvent e = new HttpSessionBindingEvent(s, name, value);
        for (HttpSessionAttributeListener l : attributes) {
            run(() -> l.attributeAdded(e), l);
        }
    }

    /** attributeReplaced: the event carries the old value, as the Servlet API says. */
    void replaced(HttpSession s, String name, Object oldValue) {
        HttpSessionBindingEvent e = new HttpSessionBindingEvent(s, name, oldValue);
        for (HttpSessionAttributeListener l : attributes) {
            run(() -> l.attributeReplaced(e), l);
        }
    }

    void removed(HttpSession s, String name, Object value) {
        HttpSessionBindingEvent e = new HttpSessionBindingEvent(s, name, value);
        for (HttpSessionAttributeListener l : attributes) {
            run(() -> l.attributeRemoved(e), l);
        }
    }

    private static void run(Runnable r, Object listener) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session listener " + listener.getClass().getName() + " failed", e);
        }
    }
}
