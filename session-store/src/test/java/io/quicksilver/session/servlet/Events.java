package io.quicksilver.session.servlet;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Session events as the test listeners saw them, as "event:sessionId:detail" strings. */
public final class Events {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    private Events() {}

    static List<String> of(String sessionId) {
        List<String> out = new ArrayList<>();
        for (String e : SEEN) {
            if (e.contains(":" + sessionId + ":") || e.endsWith(":" + sessionId)) {
                out.add(e);
            }
        }
        return out;
    }

    static List<String> all() {
        return Collections.unmodifiableList(new ArrayList<>(SEEN));
    }

    /** Every kind of session listener in one. */
    public static final class Recorder implements HttpSessionListener, HttpSessionAttributeListener,
            HttpSessionIdListener {
        @Override
        public void sessionCreated(HttpSessionEvent se) {
            SEEN.add("created:" + se.getSession().getId() + ":");
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent se) {
            // attributes are still readable while sessionDestroyed runs
            Object user = se.getSession().getAttribute("user");
            SEEN.add("destroyed:" + se.getSession().getId() + ":user=" + user);
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent e) {
            SEEN.add("added:" + e.getSession().getId() + ":" + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent e) {
            SEEN.add("replaced:" + e.getSession().getId() + ":" + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent e) {
            SEEN.add("removed:" + e.getSession().getId() + ":" + e.getName() + "=" + e.getValue());
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent e, String oldId) {
            SEEN.add("idChanged:" + e.getSession().getId() + ":" + oldId);
        }
    }

    /** A value that records its binding. */
    public static final class Bound implements HttpSessionBindingListener, Serializable {
        private static final long serialVersionUID = 1L;
        final String tag;

        Bound(String tag) {
            this.tag = tag;
        }

        @Override
        public void valueBound(HttpSessionBindingEvent e) {
            SEEN.add("bound:" + e.getSession().getId() + ":" + e.getName() + "=" + tag);
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent e) {
            SEEN.add("unbound:" + e.getSession().getId() + ":" + e.getName() + "=" + tag);
        }

        @Override
        public String toString() {
            return "Bound(" + tag + ")";
        }
    }
}
