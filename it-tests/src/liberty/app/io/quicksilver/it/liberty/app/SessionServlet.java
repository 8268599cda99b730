package io.quicksilver.it.liberty.app;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collections;

/**
 * The test application's one servlet: a tiny "login" kept in the HTTP session, which the Liberty
 * test drives on two servers that share their sessions through Quicksilver.
 *
 * <p>Operations (path info), each answering {@code text/plain} lines {@code name=value}:
 * <ul>
 *   <li>{@code /login?user=U[&maxInactive=S]} creates the session (or reuses it), sets
 *       {@code user} and a {@link Cart} (a class of this application, so reading it needs the
 *       application's class loader), and the max inactive interval if given;</li>
 *   <li>{@code /whoami} reads the session without creating one (404 when there is none);</li>
 *   <li>{@code /set?name=N&value=V} sets a String attribute and adds an item to the cart;</li>
 *   <li>{@code /invalidate} invalidates the session.</li>
 * </ul>
 * Every answer names the server ({@code server=}, from the system property
 * {@code quicksilver.test.server}), the session id and every attribute.
 */
@WebServlet("/s/*")
public class SessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getPathInfo() == null ? "" : req.getPathInfo();
        resp.setContentType("text/plain;charset=UTF-8");
        HttpSession session;
        switch (op) {
            case "/login": {
                session = req.getSession(true);
                session.setAttribute("user", req.getParameter("user"));
                if (req.getParameter("maxInactive") != null) {
                    session.setMaxInactiveInterval(Integer.parseInt(req.getParameter("maxInactive")));
                }
                Cart cart = new Cart();
                cart.add("login@" + System.getProperty("quicksilver.test.server"));
                session.setAttribute("cart", cart);
                break;
            }
            case "/whoami":
                session = req.getSession(false);
                break;
            case "/set": {
                session = req.getSession(false);
                if (session != null) {
                    session.setAttribute(req.getParameter("name"), req.getParameter("value"));
                    Cart cart = (Cart) session.getAttribute("cart");
                    if (cart != null) {
                        cart.add(req.getParameter("name") + "@" + System.getProperty("quicksilver.test.server"));
                        session.setAttribute("cart", cart);
                    }
                }
                break;
            }
            case "/invalidate":
                session = req.getSession(false);
                if (session != null) {
                    session.invalidate();
                    write(resp, null, "invalidated=true");
                    return;
                }
                break;
            default:
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown operation " + op);
                return;
        }
        if (session == null) {
            resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
            write(resp, null, "session=none");
            return;
        }
        write(resp, session, "new=" + session.isNew());
    }

    private static void write(HttpServletResponse resp, HttpSession session, String first) throws IOException {
        PrintWriter out = resp.getWriter();
        out.println("server=" + System.getProperty("quicksilver.test.server"));
        out.println(first);
        if (session != null) {
            out.println("id=" + session.getId());
            out.println("maxInactiveInterval=" + session.getMaxInactiveInterval());
            for (String name : Collections.list(session.getAttributeNames())) {
                out.println("attr." + name + "=" + session.getAttribute(name));
            }
        }
        out.flush();
    }
}
