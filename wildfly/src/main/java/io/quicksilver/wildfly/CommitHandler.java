package io.quicksilver.wildfly;

import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.servlet.handlers.ServletRequestContext;
import jakarta.servlet.DispatcherType;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the request's session just before Undertow commits the response (a
 * {@link ResponseCommitListener}: Undertow calls it when it opens the response channel, before
 * the headers go out, whether a declared Content-Length was reached, the buffer filled, the
 * application flushed, sent an error or a redirect, or the request ended), and again when the
 * servlet returns (and after an error page or async dispatch) if the session changed since. Undertow itself reports a request done only after
 * the response has been sent, when the client may already be asking another node for the session.
 * An asynchronous request's end is left to {@link QuicksilverSession#requestDone}.
 */
final class CommitHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(CommitHandler.class.getName());
    /**
     * A failed write is logged and the response goes on; the end of the request tries again. On an
     * I/O thread (the first write of a non-blocking {@code WriteListener}, {@code AsyncContext.complete()}
     * called from a read or write listener) the write is handed to a worker thread, never made
     * there: an I/O thread serves many connections and must not wait for the store.
     */
    private static final ResponseCommitListener BEFORE_COMMIT = exchange -> {
        QuicksilverSession s = exchange.getAttachment(QuicksilverSessionManager.CURRENT);
        if (s == null) return;
        offIoThread(exchange, () -> {
            try {
                s.beforeCommit();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session write before the response commit failed", e);
            }
        });
    };

    /**
     * Runs {@code write} at once, or, on one of the exchange's I/O threads, on a worker thread of
     * the exchange's XNIO worker (without waiting for it: the response may then leave before the
     * write lands).
     */
    static void offIoThread(HttpServerExchange exchange, Runnable write) {
        if (exchange != null && exchange.isInIoThread()) {
            LOG.log(Level.FINE, "session write requested on an I/O thread: handed to a worker thread");
            exchange.getConnection().getWorker().execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "session write failed", e);
                }
            });
        } else {
            write.run();
        }
    }

    private final HttpHandler next;

    private CommitHandler(HttpHandler next) {
        this.next = next;
    }

    /** Wraps a deployment's inner handler chain. */
    static HandlerWrapper wrapper() {
        return CommitHandler::new;
    }

    /**
     * Undertow runs this chain for each dispatch of the request. The first (REQUEST) adds the commit
     * listener; it, an ASYNC dispatch and an error page (which Undertow dispatches after the
     * servlet returned) end with a write of what changed; a forward or include is part of the
     * dispatch that made it.
     */
    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServletRequestContext ctx = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
        DispatcherType type = ctx == null ? DispatcherType.REQUEST : ctx.getDispatcherType();
        if (type == DispatcherType.FORWARD || type == DispatcherType.INCLUDE) {
            next.handleRequest(exchange);
            return;
        }
        if (type == DispatcherType.REQUEST) {
            exchange.addResponseCommitListener(BEFORE_COMMIT);
        } else {
            QuicksilverSession s = exchange.getAttachment(QuicksilverSessionManager.CURRENT);
            if (s != null) s.dispatched();
        }
        try {
            next.handleRequest(exchange);
        } finally {
            QuicksilverSession s = exchange.getAttachment(QuicksilverSessionManager.CURRENT);
            if (s != null && !exchange.isDispatched()) s.commit();
        }
    }
}
