package io.quicksilver.samples.session;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Locale;

/**
 * The session's view, one line of JSON naming the server that answered:
 * <ul>
 *   <li>{@code GET /visit}: counts a visit in the session (creating it on the first);</li>
 *   <li>{@code POST /login?name=alice}: puts the user's name in the session (and the principal
 *       index), changing the session ID against fixation;</li>
 *   <li>{@code POST /logout}: invalidates the session.</li>
 * </ul>
 * Attributes are Strings so that redis-cli shows them as text.
 */
@WebServlet({"/visit", "/login", "/logout"})
public class VisitServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The session attribute holding the number of visits, as decimal text. */
    static final String VISITS = "visits";
    /** The session attribute holding the signed-in user's name. */
    static final String USER = "user";
    /** The session attribute holding the server that served the last request of the session. */
    static final String LAST_NODE = "lastNode";
    /** The attribute the session store indexes sessions by when there is no container login. */
    static final String PRINCIPAL = "io.quicksilver.session.principal";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/visit".equals(request.getServletPath())) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        HttpSession session = request.getSession();
        Object previous = session.getAttribute(VISITS);
        int visits = previous == null ? 1 : Integer.parseInt(previous.toString()) + 1;
        session.setAttribute(VISITS, Integer.toString(visits));
        reply(request, response, session);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getServletPath()) {
            case "/login" -> {
                String name = request.getParameter("name");
                if (name == null || name.isBlank()) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "name missing");
                    return;
                }
                HttpSession session = request.getSession();
                request.changeSessionId();
                session.setAttribute(USER, name);
                session.setAttribute(PRINCIPAL, name);
                reply(request, response, session);
            }
            case "/logout" -> {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                write(response, String.format(Locale.ROOT, "{\"node\":%s,\"loggedOut\":%b}",
                        json(node()), session != null));
            }
            default -> response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        }
    }

    private static void reply(HttpServletRequest request, HttpServletResponse response, HttpSession session)
            throws IOException {
        Object lastNode = session.getAttribute(LAST_NODE);
        session.setAttribute(LAST_NODE, node());
        Object user = session.getAttribute(USER);
        Object visits = session.getAttribute(VISITS);
        write(response, String.format(Locale.ROOT,
                "{\"node\":%s,\"session\":%s,\"new\":%b,\"visits\":%s,\"user\":%s,\"previousNode\":%s}",
                json(node()), json(session.getId()), session.isNew(),
                visits == null ? "0" : visits, json(user), json(lastNode)));
    }

    private static void write(HttpServletResponse response, String json) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().println(json);
    }

    /** This server's name: the environment variable {@code SAMPLE_NODE}, else the host name. */
    static String node() {
        String node = System.getenv("SAMPLE_NODE");
        if (node == null || node.isBlank()) {
            node = System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
        return node;
    }

    /** {@code value}'s text as a JSON string literal, or {@code null}. */
    static String json(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
