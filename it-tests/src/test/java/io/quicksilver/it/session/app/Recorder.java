package io.quicksilver.it.session.app;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every session listener kind in one, found by the session initializer through {@code @WebListener}. */
@WebListener
public class Recorder implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
    /** "event:sessionId:detail", in order. */
    public static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public void sessionCreated(HttpSessionEvent se) {
        SEEN.add("created:" + se.getSession().getId() + ":");
    }

    /** "destroyed@<node>:<sessionId>", the node being the context parameter {@code node} (SessionTwoNodesIT). */
    public static final List<String> NODES = new CopyOnWriteArrayList<>();

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
        NODES.add("destroyed@" + se.getSession().getServletContext().getInitParameter("node") + ":"
                + se.getSession().getId());
        SEEN.add("destroyed:" + se.getSession().getId() + ":user=" + se.getSession().getAttribute("user"));
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
