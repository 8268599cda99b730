package io.quicksilver.session.servlet;

import io.quicksilver.session.SessionData;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An async request that sets {@code name=value} on another thread, through the request the
 * {@code AsyncContext} hands out, then ({@code how}) either writes its body with a Content-Length
 * through the context's response and holds the request open until the test released
 * {@link CommitServlet#gate}, or just calls {@code complete()}: its own listener, which runs
 * before the filter's, records in {@link #storedAtComplete} what the store held then.
 */
public class AsyncCommitServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static volatile CompletableFuture<String> storedAtComplete = new CompletableFuture<>();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) {
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        String how = req.getParameter("how");
        req.getSession(); // the session as the request began
        AsyncContext ac = req.startAsync();
        CompletableFuture<String> recorded = storedAtComplete;
        ac.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                QuicksilverSessions q = QuicksilverSessions.of(req.getServletContext());
                HttpSession s = ((HttpServletRequest) ac.getRequest()).getSession();
                byte[] b = q.repository().store().hget(q.repository().key(s.getId()), SessionData.field(name));
                recorded.complete(b == null ? "null" : new String(b, StandardCharsets.UTF_8));
            }

            @Override
            public void onTimeout(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        ac.start(() -> {
            try {
                ((HttpServletRequest) ac.getRequest()).getSession().setAttribute(name, value);
                HttpServletResponse r = (HttpServletResponse) ac.getResponse();
                r.setContentType("text/plain");
                if (how.equals("content-length")) {
                    byte[] body = "async".getBytes(StandardCharsets.UTF_8);
                    r.setContentLength(body.length);
                    r.getOutputStream().write(body);
                    CommitServlet.Gate g = CommitServlet.gate;
                    g.produced.countDown();
                    g.release.await(20, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                ac.complete();
            }
        });
    }
}
