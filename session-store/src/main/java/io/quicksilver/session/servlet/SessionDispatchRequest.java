package io.quicksilver.session.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The wrapper of a request the container dispatches again without the filter's wrapper: to an
 * error page (after {@code sendError} or an exception) or after {@code AsyncContext.dispatch()}.
 * Its session is the one of the request it was dispatched from ({@link SessionRequest}: the same
 * session, loaded once, written by that request's writes); everything else is the container's
 * request of this dispatch (its paths, dispatcher type and attributes).
 */
final class SessionDispatchRequest extends AsyncWrappingRequest {
    private final SessionRequest origin;
    private final SessionResponse response;

    SessionDispatchRequest(HttpServletRequest request, SessionRequest origin, SessionResponse response) {
        super(request);
        this.origin = origin;
        this.response = response;
    }

    SessionRequest origin() {
        return origin;
    }

    @Override
    public HttpSession getSession() {
        return origin.getSession();
    }

    @Override
    public HttpSession getSession(boolean create) {
        return origin.getSession(create);
    }

    @Override
    public String changeSessionId() {
        return origin.changeSessionId();
    }

    @Override
    public String getRequestedSessionId() {
        return origin.getRequestedSessionId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return origin.isRequestedSessionIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return origin.isRequestedSessionIdFromCookie();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return origin.isRequestedSessionIdFromURL();
    }

    @Override
    SessionAsyncContext newAsyncContext(AsyncContext c) {
        return new SessionAsyncContext(c, this, origin, response, origin.filter());
    }
}
