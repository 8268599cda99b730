package io.quicksilver.session.servlet;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.Stores;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 (ee10, Servlet 6) with one application at /app: the session initializer
 * (as a container would find it), {@link CommandServlet} at /app/c, {@link AsyncServlet} at /app/a,
 * {@link CommitServlet} at /app/commit, {@link AsyncCommitServlet} at /app/async-commit,
 * {@link DispatchServlet} at /app/fail, /app/error-page (the error page of status 418 and of its
 * failure) and /app/dispatch, and the given context
 * parameters. Requests go through {@link Browser}s, which keep the session cookie.
 */
final class JettyApp implements AutoCloseable {
    final Server server = new Server();
    final ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    private final ServerConnector connector;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger ENGINES = new AtomicInteger();
    /** The store a test reads the sessions from, on the app's engine; null unless {@link #onOwnEngine}. */
    private Store store;

    /**
     * The app on an embedded engine of its own ({@code quicksilver:embedded:NAME-n} as
     * {@code quicksilver.session.uri}, beside {@code params}), with a {@link #store()} on the same
     * engine for the test to read, as another node would; {@link #close} closes both.
     */
    static JettyApp onOwnEngine(String name, Map<String, String> params) throws Exception {
        String uri = "quicksilver:embedded:" + name + "-" + ENGINES.incrementAndGet();
        Map<String, String> all = new HashMap<>(params);
        all.put("quicksilver.session.uri", uri);
        Store store = Stores.open(URI.create(uri), Map.of());
        try {
            JettyApp app = new JettyApp(all, 1800);
            app.store = store;
            return app;
        } catch (Exception e) {
            store.close();
            throw e;
        }
    }

    /** The store of {@link #onOwnEngine}. */
    Store store() {
        return store;
    }

    /** A field of a stored session as text, or null if absent. */
    String stored(String id, String field) {
        byte[] v = store.hget(("qs:session:" + id).getBytes(StandardCharsets.UTF_8), field);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    JettyApp(Map<String, String> params, int containerTimeoutSeconds) throws Exception {
        HttpConfiguration hc = new HttpConfiguration();
        hc.addCustomizer(new ForwardedRequestCustomizer()); // X-Forwarded-Proto: https makes isSecure()
        connector = new ServerConnector(server, new HttpConnectionFactory(hc));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context.setContextPath("/app");
        context.addServletContainerInitializer(new SessionInitializer());
        context.addServlet(CommandServlet.class, "/c");
        context.addServlet(AsyncServlet.class, "/a").setAsyncSupported(true);
        context.addServlet(CommitServlet.class, "/commit");
        context.addEventListener(CommitServlet.ENDED);
        context.addServlet(AsyncCommitServlet.class, "/async-commit").setAsyncSupported(true);
        context.addServlet(DispatchServlet.class, "/fail");
        context.addServlet(DispatchServlet.class, "/error-page");
        context.addServlet(DispatchServlet.class, "/dispatch").setAsyncSupported(true);
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(418, "/error-page");
        errors.addErrorPage(DispatchServlet.Failure.class, "/error-page");
        context.setErrorHandler(errors);
        params.forEach(context::setInitParameter);
        context.getSessionHandler().setMaxInactiveInterval(containerTimeoutSeconds); // web.xml session-timeout
        server.setHandler(context);
        server.start();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery);
    }

    Browser browser() {
        return new Browser();
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    /** A client with one cookie jar entry: the last session cookie the server set. */
    final class Browser {
        volatile String cookie; // "NAME=value"
        volatile List<String> lastSetCookies = List.of();

        String call(String query, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/app/c?" + query)).timeout(Duration.ofSeconds(20));
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            if (headers.length > 0) {
                b.headers(headers);
            }
            return send(b.build());
        }

        String path(String pathAndQuery, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
            if (headers.length > 0) {
                b.headers(headers);
            }
            return send(b.build());
        }

        private String send(HttpRequest r) throws IOException, InterruptedException {
            HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
            lastSetCookies = res.headers().allValues("Set-Cookie");
            for (String sc : lastSetCookies) {
                cookie = sc.substring(0, sc.indexOf(';') < 0 ? sc.length() : sc.indexOf(';'));
            }
            if (res.statusCode() != 200) {
                throw new IOException("HTTP " + res.statusCode() + ": " + res.body());
            }
            return res.body();
        }

        String sessionId() {
            return cookie == null ? null : cookie.substring(cookie.indexOf('=') + 1);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
