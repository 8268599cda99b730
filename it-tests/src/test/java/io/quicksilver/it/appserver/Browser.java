package io.quicksilver.it.appserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user agent with one cookie, JSESSIONID, sent to every server as a browser would. The test
 * servlet answers {@code name=value} lines, one of them {@code server=<name>}.
 */
public final class Browser {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String cookie;
    private int lastStatus;

    /** The HTTP status of the last answer. */
    public int lastStatus() {
        return lastStatus;
    }

    /**
     * GETs {@code path} of the server's test application with the cookie, keeps the JSESSIONID
     * the server sets (an empty one drops it), and returns the answer's lines as a map.
     *
     * @throws AssertionError if the answer is not the test servlet's (no {@code server} line)
     */
    public Map<String, String> get(AppServer server, String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.app() + path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) b.header("Cookie", "JSESSIONID=" + cookie);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        lastStatus = r.statusCode();
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith("JSESSIONID=")) {
                String value = c.substring("JSESSIONID=".length()).split(";", 2)[0];
                cookie = value.isEmpty() ? null : value;
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : r.body().split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        if (!m.containsKey("server")) {
            throw new AssertionError(server.name() + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return m;
    }
}
