package io.quicksilver.session.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Requests the container dispatches again without the filter's wrapper, an error page and an
 * async dispatch ({@link DispatchServlet}): they see the session of the request they came from,
 * and what they change is in the store when the client has the response.
 */
class SessionDispatchTest {
    private JettyApp app;

    @BeforeEach
    void start() throws Exception {
        app = JettyApp.onOwnEngine("dispatch-test", Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private String stored(String id, String name) {
        return app.stored(id, name);
    }

    private HttpResponse<String> get(JettyApp.Browser b, String pathAndQuery) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(app.uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
        if (b.cookie != null) {
            r.header("Cookie", b.cookie);
        }
        return app.http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A session with one attribute, stored; the browser holds its cookie. */
    private JettyApp.Browser session() throws Exception {
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=start&value=1");
        assertEquals("1", stored(b.sessionId(), "start"));
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"send-error", "throw"})
    void theErrorPageSeesTheSessionOfTheFailedRequest(String how) throws Exception {
        JettyApp.Browser b = session();
        HttpResponse<String> r = get(b, "/app/fail?name=x&value=from-failure&how=" + how);
        int status = how.equals("throw") ? 500 : 418;
        assertEquals(status, r.statusCode());
        assertEquals("error:from-failure:" + status, r.body());
        assertEquals("from-failure", stored(b.sessionId(), "x"));
        assertEquals("seen", stored(b.sessionId(), "error-page"), "the error page's change is written");
        assertEquals("1", stored(b.sessionId(), "start"));
        assertNull(r.headers().firstValue("Set-Cookie").orElse(null), "no new session, no container session");
    }

    @Test
    void anAsyncDispatchSeesAndChangesTheSessionOfItsRequest() throws Exception {
        JettyApp.Browser b = session();
        HttpResponse<String> r = get(b, "/app/dispatch?name=y&value=v1");
        assertEquals(200, r.statusCode());
        assertEquals("async:v1", r.body());
        assertEquals("v1", stored(b.sessionId(), "before"));
        assertEquals("v1", stored(b.sessionId(), "y"), "the dispatched servlet's change is written");
        assertNull(r.headers().firstValue("Set-Cookie").orElse(null), "no new session, no container session");
        assertEquals("String:v1", b.call("op=get&name=y"));
    }
}
