package io.quicksilver.session.servlet;

import io.quicksilver.session.SessionData;
import io.quicksilver.session.SessionRepository;
import jakarta.servlet.ServletContext;
import java.util.EventListener;
import java.util.List;

/**
 * What an application can do with its sessions beyond {@code HttpSession}: find and invalidate
 * all sessions of a user (the principal index), register session listeners programmatically.
 * Found as the servlet context attribute {@link #ATTRIBUTE} once the filter has started.
 * Thread-safe.
 */
public final class QuicksilverSessions {
    /** The context attribute holding this application's instance. */
    public static final String ATTRIBUTE = QuicksilverSessions.class.getName();

    /**
     * The session attribute that names the session's user for the principal index when the
     * request has no remote user ({@code getRemoteUser()} wins when it has one).
     */
    public static final String PRINCIPAL_ATTRIBUTE = "io.quicksilver.session.principal";

    private final SessionFilter filter;

    QuicksilverSessions(SessionFilter filter) {
        this.filter = filter;
    }

    /** The instance of {@code context}, or null when the session filter is not running there. */
    public static QuicksilverSessions of(ServletContext context) {
        return (QuicksilverSessions) context.getAttribute(ATTRIBUTE);
    }

    /** The repository underneath (for plugins and tools). */
    public SessionRepository repository() {
        return filter.repository();
    }

    /**
     * The IDs of the live sessions of {@code principal} (the remote user recorded at the end of a
     * request of the session).
     */
    public List<String> sessionIds(String principal) {
        return filter.repository().findIdsByPrincipal(principal);
    }

    /**
     * Invalidates every session of {@code principal}, firing their listeners on this node; returns
     * how many. A request of such a session running meanwhile finds it gone when it ends, and its
     * changes are dropped.
     */
    public int invalidateAll(String principal) {
        int n = 0;
        SessionRepository repo = filter.repository();
        for (String id : repo.findIdsByPrincipal(principal)) {
            SessionData d = repo.find(id);
            if (d != null) {
                filter.destroy(new StoreSession(d, filter, filter.context()), true);
                n++;
            }
        }
        return n;
    }

    /** Adds a session listener (HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener). */
    public void addListener(EventListener listener) {
        if (!filter.listeners().add(listener)) {
            throw new IllegalArgumentException(listener.getClass().getName() + " is no session listener");
        }
    }
}
