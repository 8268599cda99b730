package io.quicksilver.it.session.app;

import io.quicksilver.session.servlet.QuicksilverSessions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/** Does to its session what {@code op} says and answers in plain text (declared in web.xml at /c). */
public class CommandServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String out;
        try {
            out = run(req, res, req.getParameter("op"), req.getParameter("name"), req.getParameter("value"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            out = e.getClass().getSimpleName();
        }
        String sleep = req.getParameter("sleep");
        if (sleep != null) {
            try {
                Thread.sleep(Long.parseLong(sleep));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        res.setContentType("text/plain;charset=UTF-8");
        res.getOutputStream().write(out.getBytes(StandardCharsets.UTF_8));
    }

    private static String run(HttpServletRequest req, HttpServletResponse res, String op, String name, String value) {
        switch (op) {
            case "none" -> {
                HttpSession s = req.getSession(false);
                return s == null ? "none" : s.getId();
            }
            case "info" -> {
                HttpSession s = req.getSession();
                return "id=" + s.getId() + " new=" + s.isNew() + " created=" + s.getCreationTime()
                        + " accessed=" + s.getLastAccessedTime() + " max=" + s.getMaxInactiveInterval()
                        + " names=" + new TreeSet<>(Collections.list(s.getAttributeNames()))
                        + " valid=" + req.isRequestedSessionIdValid();
            }
            case "get" -> {
                Object v = req.getSession().getAttribute(name);
                return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
            }
            case "set" -> {
                req.getSession().setAttribute(name, value);
                return "ok";
            }
            case "setList" -> {
                req.getSession().setAttribute(name, new ArrayList<>(List.of(value)));
                return "ok";
            }
            case "bind" -> {
                req.getSession().setAttribute(name, new Bound(value));
                return "ok";
            }
            case "nonSerializable" -> {
                req.getSession().setAttribute(name, new Object());
                return "ok";
            }
            case "remove" -> {
                req.getSession().removeAttribute(name);
                return "ok";
            }
            case "invalidate" -> {
                req.getSession().invalidate();
                return "ok";
            }
            case "change" -> {
                String before = req.getSession().getId();
                return before + ">" + req.changeSessionId();
            }
            case "max" -> {
                req.getSession().setMaxInactiveInterval(Integer.parseInt(value));
                return "ok";
            }
            case "principal" -> {
                req.getSession().setAttribute(QuicksilverSessions.PRINCIPAL_ATTRIBUTE, value);
                return "ok";
            }
            case "sessionsOf" -> {
                return new TreeSet<>(QuicksilverSessions.of(req.getServletContext()).sessionIds(value)).toString();
            }
            case "invalidateAll" -> {
                return Integer.toString(QuicksilverSessions.of(req.getServletContext()).invalidateAll(value));
            }
            case "encode" -> {
                req.getSession();
                return res.encodeURL(value);
            }
            case "events" -> {
                return String.join("\n", Recorder.SEEN);
            }
            default -> throw new IllegalArgumentException("op " + op);
        }
    }
}
