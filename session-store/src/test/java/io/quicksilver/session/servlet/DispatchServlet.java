package io.quicksilver.session.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Error pages and async dispatches. {@code /fail?name=&value=&how=send-error|throw} sets the
 * attribute, then sends error 418 or throws {@link Failure}; both have {@code /error-page}, which
 * answers {@code error:<the attribute>} and sets {@code error-page=seen}. {@code /dispatch?name=&value=}
 * sets {@code before=<value>}, starts async and calls {@code AsyncContext.dispatch()}; the ASYNC
 * dispatch to the same servlet answers {@code async:<before>} and sets {@code name=value}.
 */
public class DispatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The failure the error page is declared for. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure() {
            super("failing on purpose");
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getServletPath();
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        if (req.getDispatcherType() == DispatcherType.ERROR) {
            HttpSession s = req.getSession(false);
            Object v = s == null ? "no-session" : s.getAttribute(name);
            if (s != null) {
                s.setAttribute("error-page", "seen");
            }
            answer(res, "error:" + v + ":" + (req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)));
        } else if (path.equals("/fail")) {
            req.getSession().setAttribute(name, value);
            if ("throw".equals(req.getParameter("how"))) {
                throw new Failure();
            }
            res.sendError(418);
        } else if (req.getDispatcherType() == DispatcherType.ASYNC) {
            HttpSession s = req.getSession(false);
            Object before = s == null ? "no-session" : s.getAttribute("before");
            if (s != null) {
                s.setAttribute(name, value);
            }
            answer(res, "async:" + before);
        } else {
            req.getSession().setAttribute("before", value);
            AsyncContext ac = req.startAsync();
            ac.start(ac::dispatch);
        }
    }

    private static void answer(HttpServletResponse res, String body) throws IOException {
        res.setContentType("text/plain");
        res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
