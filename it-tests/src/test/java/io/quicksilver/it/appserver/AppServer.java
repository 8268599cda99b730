package io.quicksilver.it.appserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One application server under test, serving the test application at {@link #app()}. */
public interface AppServer extends AutoCloseable {
    /** The server's name, which its test servlet answers as {@code server=<name>}. */
    String name();

    /** The base URL of the test application, e.g. {@code http://127.0.0.1:<port>/app}. */
    URI app();

    /** Starts the server and waits until the test application answers, at most {@code timeout}. */
    void start(Duration timeout) throws IOException, InterruptedException;

    /** Kills the server's JVM at once (SIGKILL). */
    void kill() throws InterruptedException;

    @Override
    void close() throws InterruptedException;

    /** Starts the servers side by side (each waits mostly on its own class loading) and waits for all. */
    static void startAll(List<? extends AppServer> servers, Duration timeout) {
        CompletableFuture.allOf(servers.stream()
                .map(s -> CompletableFuture.runAsync(() -> startUnchecked(s, timeout)))
                .toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Closes each of {@code closeables} in order, null ones skipped; every one is closed even if
     * one before it fails, and the first failure is thrown with the others suppressed.
     */
    static void closeAll(AutoCloseable... closeables) throws Exception {
        Exception first = null;
        for (AutoCloseable c : closeables) {
            if (c == null) continue;
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    private static void startUnchecked(AppServer s, Duration timeout) {
        try {
            s.start(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
