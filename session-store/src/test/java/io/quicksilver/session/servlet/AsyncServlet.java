package io.quicksilver.session.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** Sets an attribute on another thread after the filter's doFilter returned (an async request). */
public class AsyncServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) {
        HttpSession s = req.getSession();
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        AsyncContext ac = req.startAsync();
        ac.start(() -> {
            try {
                Thread.sleep(100);
                s.setAttribute(name, value);
                ac.getResponse().setContentType("text/plain");
                ac.getResponse().getWriter().write("ok");
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            } finally {
                ac.complete();
            }
        });
    }
}
