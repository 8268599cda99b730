package io.quicksilver.wildfly;

import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Writes the request's session when the servlet returns, before Undertow completes the response
 * (Undertow itself reports a request done only after the response has been sent, when the client
 * may already be asking another node for the session). An asynchronous request is left to
 * {@link QuicksilverSession#requestDone}.
 */
final class CommitHandler implements HttpHandler {
    private final HttpHandler next;

    private CommitHandler(HttpHandler next) {
        this.next = next;
    }

    /** Wraps a deployment's inner handler chain. */
    static HandlerWrapper wrapper() {
        return CommitHandler::new;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        try {
            next.handleRequest(exchange);
        } finally {
            QuicksilverSession s = exchange.getAttachment(QuicksilverSessionManager.CURRENT);
            if (s != null && !exchange.isDispatched()) s.commit();
        }
    }
}
