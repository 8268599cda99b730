package io.quicksilver.session.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request wrapper of the filter's whose {@code AsyncContext} is ours ({@link SessionAsyncContext}:
 * the session is written before {@code complete()}, and the context hands out the filter's
 * request and response), one per container context.
 */
abstract class AsyncWrappingRequest extends HttpServletRequestWrapper {
    private SessionAsyncContext async;

    AsyncWrappingRequest(HttpServletRequest request) {
        super(request);
    }

    /** Our context around the container's {@code c}. */
    abstract SessionAsyncContext newAsyncContext(AsyncContext c);

    @Override
    public AsyncContext startAsync() {
        return async(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest req, ServletResponse res) {
        return async(super.startAsync(req, res));
    }

    @Override
    public AsyncContext getAsyncContext() {
        return async(super.getAsyncContext());
    }

    /** The container's context as ours (the same one while the container's is the same). */
    private synchronized AsyncContext async(AsyncContext c) {
        if (c == null) {
            return null;
        }
        if (async == null || async.container() != c) {
            async = newAsyncContext(c);
        }
        return async;
    }
}
