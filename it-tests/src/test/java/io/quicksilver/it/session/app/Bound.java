package io.quicksilver.it.session.app;

import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.Serializable;

/** A session value that records valueBound / valueUnbound. */
public class Bound implements HttpSessionBindingListener, Serializable {
    private static final long serialVersionUID = 1L;
    private final String tag;

    public Bound(String tag) {
        this.tag = tag;
    }

    @Override
    public void valueBound(HttpSessionBindingEvent e) {
        Recorder.SEEN.add("bound:" + e.getSession().getId() + ":" + e.getName() + "=" + tag);
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent e) {
        Recorder.SEEN.add("unbound:" + e.getSession().getId() + ":" + e.getName() + "=" + tag);
    }

    @Override
    public String toString() {
        return "Bound(" + tag + ")";
    }
}
