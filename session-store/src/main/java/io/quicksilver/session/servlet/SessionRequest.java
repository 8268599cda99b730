package io.quicksilver.session.servlet;

import io.quicksilver.session.SessionData;
import io.quicksilver.session.SessionIds;
import io.quicksilver.session.SessionSettings;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The request wrapper: its sessions are {@link StoreSession}s. The requested session is looked up
 * in the store on the first {@code getSession} (or requested-ID query), so a request that never
 * asks for its session costs nothing. One request, one thread at a time.
 */
final class SessionRequest extends AsyncWrappingRequest {
    /**
     * The session attribute naming the session's user for the principal index when the container
     * knows no remote user (an application with its own login).
     */
    static final String PRINCIPAL_ATTRIBUTE = QuicksilverSessions.PRINCIPAL_ATTRIBUTE;
    private final HttpServletResponse response;
    private final SessionFilter filter;
    private StoreSession session;
    private boolean resolved;
    private String requestedId;
    private boolean idFromCookie;
    private boolean idFromUrl;
    /**
     * The response was about to be committed while the request had a session, or the session was
     * written at the end of a dispatch (an error page or async dispatch may follow): later writes
     * only when something changed.
     */
    private boolean committing;
    /** The filter's response wrapper, once made. */
    private SessionResponse wrappedResponse;

    SessionRequest(HttpServletRequest request, HttpServletResponse response, SessionFilter filter) {
        super(request);
        this.response = response;
        this.filter = filter;
    }

    SessionFilter filter() {
        return filter;
    }

    void wrappedResponse(SessionResponse r) {
        wrappedResponse = r;
    }

    @Override
    SessionAsyncContext newAsyncContext(AsyncContext c) {
        return new SessionAsyncContext(c, this, this, wrappedResponse, filter);
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public HttpSession getSession(boolean create) {
        if (session != null && session.isValid()) {
            return session;
        }
        if (!resolved) {
            resolve();
            if (session != null) {
                return session;
            }
        }
        if (!create) {
            return null;
        }
        if (response.isCommitted()) {
            throw new IllegalStateException("cannot create a session after the response has been committed");
        }
        SessionData data = filter.repository().create(filter.defaultTimeoutSeconds());
        session = new StoreSession(data, filter, getServletContext());
        addCookie(data.id());
        filter.listeners().created(session);
        if (filter.settings().writeFrequency() == io.quicksilver.session.WriteFrequency.ON_SET) {
            filter.save(session);
        }
        return session;
    }

    /** Finds the requested session: each candidate ID (cookies, then the URL) until one exists. */
    private void resolve() {
        resolved = true;
        SessionSettings s = filter.settings();
        List<String> cookieIds = new ArrayList<>();
        Cookie[] cookies = getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (s.cookieName().equals(c.getName())) {
                    cookieIds.add(c.getValue());
                }
            }
        }
        String urlId = s.urlRewriting() ? urlId(getRequestURI(), s.cookieName()) : null;
        for (String id : cookieIds) {
            if (tryId(id)) {
                idFromCookie = true;
                return;
            }
        }
        if (urlId != null && tryId(urlId)) {
            idFromUrl = true;
            return;
        }
        if (!cookieIds.isEmpty()) {
            requestedId = cookieIds.get(0);
            idFromCookie = true;
        } else if (urlId != null) {
            requestedId = urlId;
            idFromUrl = true;
        }
    }

    private boolean tryId(String id) {
        if (!SessionIds.isWellFormed(id)) {
            return false;
        }
        filter.awaitPending(id); // write-mode async: this node's write of it lands first
        SessionData d = filter.repository().find(id);
        if (d == null) {
            return false;
        }
        requestedId = id;
        session = new StoreSession(d, filter, getServletContext());
        return true;
    }

    /** The ID in a {@code ;qssessionid=} path parameter (named as the cookie, in lower case), or null. */
    static String urlId(String uri, String cookieName) {
        if (uri == null) {
            return null;
        }
        String marker = ";" + cookieName.toLowerCase(Locale.ROOT) + "=";
        int i = uri.toLowerCase(Locale.ROOT).indexOf(marker);
        if (i < 0) {
            return null;
        }
        int start = i + marker.length();
        int end = start;
        while (end < uri.length() && "/;?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        return uri.substring(start, end);
    }

    @Override
    public String changeSessionId() {
        HttpSession s = getSession(false);
        if (s == null) {
            throw new IllegalStateException("the request has no session");
        }
        StoreSession ss = (StoreSession) s;
        filter.awaitPending(ss.getId()); // the copy to the new ID must hold what was written
        String old = filter.repository().changeId(ss.data());
        filter.forget(old);
        addCookie(ss.data().id());
        filter.listeners().idChanged(ss, old);
        return ss.data().id();
    }

    @Override
    public String getRequestedSessionId() {
        if (!resolved) {
            resolve();
        }
        return requestedId;
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        if (!resolved) {
            resolve();
        }
        return requestedId != null && session != null && session.isValid() && requestedId.equals(session.getId());
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        if (!resolved) {
            resolve();
        }
        return idFromCookie;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        if (!resolved) {
            resolve();
        }
        return idFromUrl;
    }

    /** The session of this request if one was asked for and is still valid, else null. */
    StoreSession currentSession() {
        return session != null && session.isValid() ? session : null;
    }

    /**
     * The response is about to be committed ({@code completing}: and to be complete, so the client
     * may send its next request at once): the session is written now, not after the client has
     * the response. At the first commit (when the request has a session), and when the response
     * is completing; later flushes write nothing (a commit by {@code flushBuffer}, an overflowing
     * buffer or a flush is followed by more of the body, and by more flushes when streaming). Each
     * time only what a save would add (with write-frequency on-set, the session may be written).
     */
    synchronized void beforeCommit(boolean completing) {
        StoreSession s = currentSession();
        if (s == null || committing && !completing) {
            return;
        }
        committing = true;
        if (changed(s)) {
            write(s);
        }
    }

    /**
     * Ends the request, or a later dispatch of it (an error page, an async dispatch): the principal
     * recorded, the session's changes written; after the response was committed or an earlier end,
     * only when something changed since the last write. With a {@code touch-interval}, a request
     * that changed nothing but the access time writes only when the stored one is that old.
     */
    synchronized void end() {
        StoreSession s = currentSession();
        if (s != null && (!committing && filter.settings().touchIntervalMillis() == 0 || changed(s))) {
            write(s);
        }
        if (s != null) {
            committing = true; // an error page or async dispatch after this writes only what it changes
        }
    }

    private boolean changed(StoreSession s) {
        if (filter.settings().principalIndex()) {
            recordPrincipal(s);
        }
        return s.data().changedSinceSave(filter.settings().writeContents(), filter.settings().touchIntervalMillis());
    }

    private void write(StoreSession s) {
        if (filter.settings().principalIndex()) {
            recordPrincipal(s);
        }
        filter.save(s);
    }

    private void recordPrincipal(StoreSession s) {
        String user = getRemoteUser();
        if (user == null && s.data().get(PRINCIPAL_ATTRIBUTE) instanceof String named) {
            user = named; // an application doing its own login names the user so
        }
        if (user != null) {
            s.data().principal(user);
        }
    }

    private void addCookie(String id) {
        SessionSettings s = filter.settings();
        Cookie c = new Cookie(s.cookieName(), id);
        String path = s.cookiePath();
        if (path == null) {
            path = getContextPath();
            if (path == null || path.isEmpty()) {
                path = "/";
            }
        }
        c.setPath(path);
        if (s.cookieDomain() != null) {
            c.setDomain(s.cookieDomain());
        }
        c.setHttpOnly(true);
        c.setSecure(switch (s.secureCookie()) {
            case "true" -> true;
            case "false" -> false;
            default -> isSecure();
        });
        if (s.sameSite() != null && !s.sameSite().isEmpty()) {
            c.setAttribute("SameSite", s.sameSite());
        }
        response.addCookie(c);
    }
}
