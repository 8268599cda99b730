package io.quicksilver.session.servlet;

import io.quicksilver.session.SessionData;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A servlet that does to its session what the query says (op=...), and answers in plain text. */
public class CommandServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String op = req.getParameter("op");
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        String out;
        try {
            out = run(req, res, op, name, value);
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
                        + " names=" + new java.util.TreeSet<>(Collections.list(s.getAttributeNames()))
                        + " requested=" + req.getRequestedSessionId() + " valid=" + req.isRequestedSessionIdValid();
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
            case "setInt" -> {
                req.getSession().setAttribute(name, Integer.valueOf(value));
                return "ok";
            }
            case "mutate" -> {
                @SuppressWarnings("unchecked")
                List<String> l = (List<String>) req.getSession().getAttribute(name);
                l.add(value);
                return "ok";
            }
            case "bind" -> {
                req.getSession().setAttribute(name, new Events.Bound(value));
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
                HttpSession s = req.getSession();
                s.invalidate();
                try {
                    s.getAttribute("x");
                    return "still valid";
                } catch (IllegalStateException e) {
                    return "invalidated";
                }
            }
            case "invalidateThenNew" -> {
                req.getSession().invalidate();
                return req.getSession(true).getId();
            }
            case "change" -> {
                String before = req.getSession().getId();
                String after = req.changeSessionId();
                return before + ">" + after + ">" + req.getSession().getId();
            }
            case "changeWithout" -> {
                return req.changeSessionId();
            }
            case "max" -> {
                req.getSession().setMaxInactiveInterval(Integer.parseInt(value));
                return "ok";
            }
            case "stored" -> { // what the store holds right now for an attribute of this session
                QuicksilverSessions q = QuicksilverSessions.of(req.getServletContext());
                HttpSession s = req.getSession();
                byte[] b = q.repository().store().hget(q.repository().key(s.getId()), SessionData.field(name));
                return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
            }
            case "principal" -> {
                req.getSession().setAttribute(QuicksilverSessions.PRINCIPAL_ATTRIBUTE, value);
                return "ok";
            }
            case "sessionsOf" -> {
                return new java.util.TreeSet<>(QuicksilverSessions.of(req.getServletContext()).sessionIds(value))
                        .toString();
            }
            case "invalidateAll" -> {
                return Integer.toString(QuicksilverSessions.of(req.getServletContext()).invalidateAll(value));
            }
            case "encode" -> {
                req.getSession();
                return res.encodeURL(value);
            }
            case "secure" -> {
                req.getSession();
                return Boolean.toString(req.isSecure());
            }
            default -> throw new IllegalArgumentException("op " + op);
        }
    }
}
