package io.quicksilver.session.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;

/**
 * The async context of a wrapped request: {@link #complete} writes the session before the
 * container completes the response (its {@code onComplete} comes after the client may have it),
 * and {@link #getRequest}/{@link #getResponse} hand out the filter's wrappers where the
 * container's would be the objects the filter wrapped, so work on another thread uses this
 * request's session and its response commits are seen too. Everything else is the container's.
 */
final class SessionAsyncContext implements AsyncContext {
    private final AsyncContext context;
    /** The filter's wrapper handed out for the container's request it wraps. */
    private final ServletRequestWrapper wrapper;
    /** The request whose session is written: {@code wrapper}, or the one it was dispatched from. */
    private final SessionRequest request;
    private final SessionResponse response;
    private final SessionFilter filter;

    SessionAsyncContext(AsyncContext context, ServletRequestWrapper wrapper, SessionRequest request,
            SessionResponse response, SessionFilter filter) {
        this.context = context;
        this.wrapper = wrapper;
        this.request = request;
        this.response = response;
        this.filter = filter;
    }

    /** The container's context this one stands for. */
    AsyncContext container() {
        return context;
    }

    @Override
    public ServletRequest getRequest() {
        ServletRequest r = context.getRequest();
        return r == wrapper.getRequest() ? wrapper : r;
    }

    @Override
    public ServletResponse getResponse() {
        ServletResponse r = context.getResponse();
        return response != null && r == response.getResponse() ? response : r;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return context.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        context.dispatch();
    }

    @Override
    public void dispatch(String path) {
        context.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext ctx, String path) {
        context.dispatch(ctx, path);
    }

    @Override
    public void complete() {
        filter.beforeCommit(request, true);
        context.complete();
    }

    @Override
    public void start(Runnable run) {
        context.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        context.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest req, ServletResponse res) {
        context.addListener(listener, req, res);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        return context.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
        context.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return context.getTimeout();
    }
}
