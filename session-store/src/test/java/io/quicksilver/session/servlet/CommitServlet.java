package io.quicksilver.session.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sets {@code name=value} in its session, then produces its response in the way {@code how}
 * says (each commits it before the servlet returns), then sets {@code after=late} when asked,
 * then tells the test ({@link Gate#produced}) and waits until the test has looked at the store
 * ({@link Gate#release}): the store is read while the request has not ended.
 */
public class CommitServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String BODY = "h\u00e9llo w\u00f6rld \u2713"; // 17 bytes in UTF-8 for 13 characters
    static volatile Gate gate = new Gate();

    /** One request's hand-over with the test. */
    static final class Gate {
        final CountDownLatch produced = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        /** The request has ended (the filter's end-of-request work done): counted down by {@link #ENDED}. */
        final CountDownLatch ended = new CountDownLatch(1);
    }

    /** Counts down {@link Gate#ended} when a request to this servlet goes out of scope. */
    static final ServletRequestListener ENDED = new ServletRequestListener() {
        @Override
        public void requestDestroyed(ServletRequestEvent e) {
            if (e.getServletRequest() instanceof HttpServletRequest r && r.getRequestURI().endsWith("/commit")) {
                gate.ended.countDown();
            }
        }
    };

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        HttpSession s = req.getSession();
        s.setAttribute(req.getParameter("name"), req.getParameter("value"));
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        res.setContentType("text/plain;charset=UTF-8");
        switch (req.getParameter("how")) {
            case "content-length" -> {
                res.setContentLength(body.length);
                res.getOutputStream().write(body);
            }
            case "content-length-header" -> { // byte by byte, the length declared as a header
                res.setHeader("content-length", Integer.toString(body.length));
                ServletOutputStream out = res.getOutputStream();
                for (byte b : body) {
                    out.write(b);
                }
            }
            case "writer-content-length" -> { // 13 characters, 17 bytes: counting characters would be late
                res.setContentLengthLong(body.length);
                res.getWriter().print(BODY);
            }
            case "writer-println" -> {
                res.setContentLength(body.length + System.lineSeparator().length());
                res.getWriter().println(BODY);
            }
            case "flush-buffer" -> {
                res.getOutputStream().write(body);
                res.flushBuffer();
            }
            case "stream-flush" -> {
                res.getOutputStream().write(body);
                res.getOutputStream().flush();
            }
            case "stream-close" -> {
                res.getOutputStream().write(body);
                res.getOutputStream().close();
            }
            case "writer-flush" -> {
                res.getWriter().print(BODY);
                res.getWriter().flush();
            }
            case "writer-close" -> {
                PrintWriter w = res.getWriter();
                w.print(BODY);
                w.close();
            }
            case "overflow" -> {
                res.setBufferSize(1024);
                res.getOutputStream().write(new byte[8192]);
            }
            case "redirect" -> res.sendRedirect("/app/c?op=none");
            case "error" -> res.sendError(409);
            case "error-message" -> res.sendError(409, "conflict");
            case "none" -> res.getOutputStream().write(body); // buffered: committed when the request ends
            default -> throw new IllegalArgumentException(req.getParameter("how"));
        }
        String after = req.getParameter("after");
        if (after != null) {
            s.setAttribute(after, "late");
        }
        Gate g = gate;
        g.produced.countDown();
        try {
            g.release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
