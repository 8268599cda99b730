package io.quicksilver.session.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A response the application commits before its request ends: the session is in the store by
 * then, so the client's next request (maybe to another node) reads it. {@link CommitServlet}
 * sets an attribute, commits its response, and holds the request until the test has read the
 * store (directly, as another node would).
 */
class SessionWrittenBeforeCommitTest {
    private JettyApp app;
    private CommitServlet.Gate gate;

    private void start(Map<String, String> extra) throws Exception {
        app = JettyApp.onOwnEngine("commit-test", extra);
    }

    @AfterEach
    void stop() throws Exception {
        if (gate != null) {
            gate.release.countDown();
        }
        if (app != null) {
            app.close();
        }
    }

    private String stored(String id, String name) {
        return app.stored(id, name);
    }

    private HttpRequest request(JettyApp.Browser b, String query) {
        return HttpRequest.newBuilder(app.uri("/app/commit?" + query)).timeout(Duration.ofSeconds(30))
                .header("Cookie", b.cookie).build();
    }

    /** A session with one attribute, stored; the browser holds its cookie. */
    private JettyApp.Browser session() throws Exception {
        JettyApp.Browser b = app.browser();
        b.call("op=set&name=start&value=1");
        assertEquals("1", stored(b.sessionId(), "start"));
        return b;
    }

    /** Ways that complete the response before the servlet returns: the client has all of it. */
    @ParameterizedTest
    @ValueSource(strings = {"content-length", "content-length-header", "writer-content-length", "writer-println",
        "stream-close", "writer-close"})
    void theClientHasTheWholeResponseOnlyAfterTheWrite(String how) throws Exception {
        start(Map.of());
        JettyApp.Browser b = session();
        gate = CommitServlet.gate = new CommitServlet.Gate();
        CompletableFuture<HttpResponse<String>> f = app.http.sendAsync(request(b, "how=" + how + "&name=user&value=" + how),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> res = f.get(10, TimeUnit.SECONDS); // the request has not ended: the servlet waits
        assertTrue(gate.produced.await(10, TimeUnit.SECONDS));
        assertEquals(how, stored(b.sessionId(), "user"), "in the store once the client has the response");
        assertEquals(1, gate.release.getCount(), "read while the request is held");
        gate.release.countDown();
        assertEquals(200, res.statusCode());
        assertTrue(res.body().startsWith(CommitServlet.BODY), res.body());
        assertEquals("String:" + how, b.call("op=get&name=user"));
    }

    /** Ways that commit the headers (and some of the body): the client has the status and headers. */
    @ParameterizedTest
    @ValueSource(strings = {"flush-buffer", "stream-flush", "writer-flush", "overflow"})
    void theClientHasTheHeadersOnlyAfterTheWrite(String how) throws Exception {
        start(Map.of());
        JettyApp.Browser b = session();
        gate = CommitServlet.gate = new CommitServlet.Gate();
        CompletableFuture<HttpResponse<InputStream>> f = app.http.sendAsync(
                request(b, "how=" + how + "&name=user&value=" + how), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> res = f.get(10, TimeUnit.SECONDS);
        assertEquals(200, res.statusCode());
        assertTrue(gate.produced.await(10, TimeUnit.SECONDS));
        assertEquals(how, stored(b.sessionId(), "user"), "in the store once the response is committed");
        assertEquals(1, gate.release.getCount(), "read while the request is held");
        gate.release.countDown();
        try (InputStream in = res.body()) {
            in.readAllBytes();
        }
    }

    /** sendError and sendRedirect end the response (the container may send it when the servlet returns). */
    @ParameterizedTest
    @ValueSource(strings = {"redirect", "error", "error-message"})
    void sendErrorAndSendRedirectWriteFirst(String how) throws Exception {
        start(Map.of());
        JettyApp.Browser b = session();
        gate = CommitServlet.gate = new CommitServlet.Gate();
        CompletableFuture<HttpResponse<String>> f = app.http.sendAsync(request(b, "how=" + how + "&name=user&value=" + how),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(gate.produced.await(10, TimeUnit.SECONDS));
        assertEquals(how, stored(b.sessionId(), "user"), "in the store once the response is sent");
        gate.release.countDown();
        assertEquals(how.equals("redirect") ? 302 : 409, f.get(10, TimeUnit.SECONDS).statusCode());
    }

    /** The control: a response still in the buffer is committed at the end, the write with it. */
    @Test
    void anUncommittedResponseIsWrittenAtTheEndOfTheRequest() throws Exception {
        start(Map.of());
        JettyApp.Browser b = session();
        gate = CommitServlet.gate = new CommitServlet.Gate();
        CompletableFuture<HttpResponse<String>> f = app.http.sendAsync(request(b, "how=none&name=user&value=end"),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(gate.produced.await(10, TimeUnit.SECONDS));
        assertNull(stored(b.sessionId(), "user"), "nothing committed, nothing written yet");
        assertTrue(!f.isDone(), "the client has no response yet");
        gate.release.countDown();
        assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals("end", stored(b.sessionId(), "user"));
    }

    /**
     * Nothing changed after the write before the commit: the end of the request writes nothing
     * (a field the test changes in between is left as it is), also with get-and-set-attributes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"only-set-attributes", "get-and-set-attributes", "all-session-attributes"})
    void nothingChangedAfterTheCommitNothingWrittenAtTheEnd(String contents) throws Exception {
        start(Map.of("quicksilver.session.write-contents", contents));
        JettyApp.Browser b = session();
        b.call("op=setList&name=list&value=a");
        gate = CommitServlet.gate = new CommitServlet.Gate();
        CompletableFuture<HttpResponse<String>> f = app.http.sendAsync(
                request(b, "how=content-length&name=user&value=alice"), HttpResponse.BodyHandlers.ofString());
        assertTrue(gate.produced.await(10, TimeUnit.SECONDS));
        assertEquals("alice", stored(b.sessionId(), "user"));
        byte[] key = ("qs:session:" + b.sessionId()).getBytes(StandardCharsets.UTF_8);
        app.store().hupdate(key, Map.of("#accessed", "1".getBytes(StandardCharsets.UTF_8)), java.util.List.of(),
                1_800_000, true);
        gate.release.countDown();
        assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
        assertTrue(gate.ended.await(10, TimeUnit.SECONDS));
        assertEquals("1", stored(b.sessionId(), "#accessed"), "no second write");
    }

    /** A change after the commit is written at the end of the request (only what changed since). */
    @ParameterizedTest
    @ValueSource(strings = {"content-length", "flush-buffer"})
    void aChangeAfterTheCommitIsWrittenAtTheEnd(String how) throws Exception {
        start(Map.of());
        JettyApp.Browser b = session();
        gate = CommitServlet.gate = new CommitServlet.Gate();
        CompletableFuture<HttpResponse<String>> f = app.http.sendAsync(
                request(b, "how=" + how + "&name=user&value=alice&after=later"), HttpResponse.BodyHandlers.ofString());
        assertTrue(gate.produced.await(10, TimeUnit.SECONDS));
        assertEquals("alice", stored(b.sessionId(), "user"));
        assertNull(stored(b.sessionId(), "later"), "set after the commit: not written yet");
        gate.release.countDown();
        assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
        long deadline = System.currentTimeMillis() + 5_000; // the client may have the response before the end
        while (stored(b.sessionId(), "later") == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("late", stored(b.sessionId(), "later"));
        assertEquals("String:alice", b.call("op=get&name=user"));
    }

    /**
     * An async request: its body with a Content-Length through the context's response, the
     * request held open: the client has the response, the store has the attribute.
     */
    @Test
    void anAsyncResponseWithAContentLengthIsWrittenBeforeTheClientHasIt() throws Exception {
        start(Map.of());
        JettyApp.Browser b = session();
        gate = CommitServlet.gate = new CommitServlet.Gate();
        AsyncCommitServlet.storedAtComplete = new CompletableFuture<>();
        HttpResponse<String> res = app.http.sendAsync(HttpRequest.newBuilder(
                app.uri("/app/async-commit?how=content-length&name=user&value=async")).header("Cookie", b.cookie)
                .build(), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
        assertEquals("async", res.body());
        assertTrue(gate.produced.await(10, TimeUnit.SECONDS));
        assertEquals("async", stored(b.sessionId(), "user"), "in the store once the client has the response");
        assertEquals(1, gate.release.getCount());
        gate.release.countDown();
        assertEquals("async", AsyncCommitServlet.storedAtComplete.get(10, TimeUnit.SECONDS));
    }

    /** An async request completed by {@code complete()}: written before the container completes it. */
    @Test
    void anAsyncRequestIsWrittenBeforeItsResponseCompletes() throws Exception {
        start(Map.of());
        JettyApp.Browser b = session();
        AsyncCommitServlet.storedAtComplete = new CompletableFuture<>();
        HttpResponse<String> res = app.http.send(HttpRequest.newBuilder(
                app.uri("/app/async-commit?how=complete&name=user&value=completed")).header("Cookie", b.cookie)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertEquals("completed", AsyncCommitServlet.storedAtComplete.get(10, TimeUnit.SECONDS),
                "the application's onComplete (before the filter's) finds it in the store");
        assertEquals("String:completed", b.call("op=get&name=user"));
    }
}
