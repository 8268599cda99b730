package io.quicksilver.session.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quicksilver.session.SessionData;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * quicksilver.session.touch-interval on Jetty over the embedded store: a request that changes
 * nothing leaves the stored access time (and TTL) alone until it is that old, or half the max
 * inactive interval; a change is written at once; without the setting every request writes.
 */
class TouchIntervalTest {
    private JettyApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private JettyApp.Browser start(Map<String, String> params) throws Exception {
        app = JettyApp.onOwnEngine("touch-interval-test", params);
        return app.browser();
    }

    private String accessed(String id) {
        byte[] v = app.store().hget(("qs:session:" + id).getBytes(StandardCharsets.UTF_8), SessionData.ACCESSED);
        assertNotNull(v, "session " + id + " stored");
        return new String(v, StandardCharsets.US_ASCII);
    }

    @Test
    void aRequestThatChangesNothingDoesNotRewriteARecentAccessTime() throws Exception {
        JettyApp.Browser b = start(Map.of("quicksilver.session.touch-interval", "60"));
        assertEquals("ok", b.call("op=set&name=user&value=alice"));
        String id = b.sessionId();
        String first = accessed(id);
        Thread.sleep(20);
        assertEquals("String:alice", b.call("op=get&name=user"));
        assertEquals(first, accessed(id), "a read-only request within the touch interval writes nothing");
        Thread.sleep(20);
        assertEquals("ok", b.call("op=set&name=cart&value=2"));
        String changed = accessed(id);
        assertNotEquals(first, changed, "a request that changes an attribute writes it with its access time");
        assertEquals("2", new String(app.store().hget(("qs:session:" + id).getBytes(StandardCharsets.UTF_8), "cart"),
                StandardCharsets.UTF_8));
    }

    @Test
    void withoutATouchIntervalEveryRequestWritesItsAccessTime() throws Exception {
        JettyApp.Browser b = start(Map.of());
        assertEquals("ok", b.call("op=set&name=user&value=alice"));
        String id = b.sessionId();
        String first = accessed(id);
        Thread.sleep(20);
        assertEquals("String:alice", b.call("op=get&name=user"));
        assertNotEquals(first, accessed(id));
    }

    @Test
    void theTouchIntervalIsCappedAtHalfTheMaxInactiveInterval() throws Exception {
        JettyApp.Browser b = start(Map.of("quicksilver.session.touch-interval", "3600"));
        assertEquals("ok", b.call("op=max&value=2")); // touched at least every second
        String id = b.sessionId();
        String first = accessed(id);
        Thread.sleep(100);
        b.call("op=get&name=user");
        assertEquals(first, accessed(id), "not due yet");
        Thread.sleep(1_000);
        b.call("op=get&name=user");
        assertNotEquals(first, accessed(id), "due after half of the 2 s interval, although the touch interval is an hour");
        assertEquals("null", b.call("op=get&name=user"), "the session lives on");
        assertEquals(id, b.sessionId());
    }
}
