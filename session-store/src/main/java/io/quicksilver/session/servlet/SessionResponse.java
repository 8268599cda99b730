package io.quicksilver.session.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response wrapper: URLs are rewritten with the session ID only when URL rewriting is on
 * and the ID did not come in a cookie; otherwise they are returned as given (the container's own
 * rewriting, which knows nothing of our sessions, is not consulted).
 */
final class SessionResponse extends HttpServletResponseWrapper {
    private final SessionRequest request;
    private final SessionFilter filter;

    SessionResponse(HttpServletResponse response, SessionRequest request, SessionFilter filter) {
        super(response);
        this.request = request;
        this.filter = filter;
    }

    @Override
    public String encodeURL(String url) {
        return rewrite(url);
    }

    @Override
    public String encodeRedirectURL(String url) {
        return rewrite(url);
    }

    private String rewrite(String url) {
        if (url == null || !filter.settings().urlRewriting() || request.isRequestedSessionIdFromCookie()) {
            return url;
        }
        StoreSession s = request.currentSession();
        if (s == null) {
            return url;
        }
        int end = url.length();
        int q = url.indexOf('?');
        int h = url.indexOf('#');
        if (q >= 0) {
            end = q;
        }
        if (h >= 0 && h < end) {
            end = h;
        }
        String param = ";" + filter.settings().cookieName().toLowerCase(java.util.Locale.ROOT) + "=" + s.getId();
        return url.substring(0, end) + param + url.substring(end);
    }
}
