package io.quicksilver.it.appserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * An application server's launch script run as a child process of the test JVM, so that it can
 * be stopped (SIGTERM, the server's orderly shutdown) or killed (SIGKILL) and started again.
 * Every process started and not yet ended is killed, with its descendants, by a shutdown hook
 * should the test JVM exit first.
 */
public final class ServerProcess {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ServerProcess::killTree),
                "appserver-it-reaper"));
    }

    private final String name;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    /** @param name the server's name, which its test servlet answers as {@code server=<name>} */
    public ServerProcess(String name) {
        this.name = name;
    }

    /**
     * Starts {@code launch} and waits until a GET of {@code probe} answers a body naming this
     * server ({@code server=<name>}), at most {@code timeout}.
     *
     * @param exitDetail what to add to the failure should the process exit while starting
     * @param timeoutDetail what to add to the failure should the server not answer in time
     * @throws IllegalStateException if the process is running
     * @throws AssertionError if it exits while starting or does not answer in time
     */
    public void start(ProcessBuilder launch, URI probe, Duration timeout, Supplier<String> exitDetail,
            Supplier<String> timeoutDetail) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is running");
        Process p = launch.start();
        process = p;
        LIVE.add(p);
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build();
        while (true) {
            if (!p.isAlive()) {
                throw new AssertionError(name + " exited with " + p.exitValue() + " while starting" + exitDetail.get());
            }
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("server=" + name)) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not serve the application within " + timeout + timeoutDetail.get());
            }
            Thread.sleep(200);
        }
    }

    /** Kills the process and its descendants at once (SIGKILL): no shutdown hook runs. */
    public void kill() throws InterruptedException {
        Process p = process;
        if (p == null) return;
        killTree(p);
        p.waitFor(30, TimeUnit.SECONDS);
        LIVE.remove(p);
    }

    /**
     * Stops the process in order: SIGTERM to it alone (a launch script that passes the signal on
     * to its JVM), SIGKILL to it and its descendants after 60 s, then SIGKILL to any descendant left.
     */
    public void stop() throws InterruptedException {
        Process p = process;
        if (p == null) return;
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                killTree(p);
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        LIVE.remove(p);
    }

    /**
     * Stops the process and all its descendants in order: SIGTERM to each, SIGKILL to whatever of
     * them still runs after 60 s. The descendants are found before anything is signalled: once a
     * launch script has ended, its JVM is no longer its descendant.
     */
    public void stopTree() throws InterruptedException {
        Process p = process;
        if (p == null) return;
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                h.destroyForcibly();
                h.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
            }
        }
        LIVE.remove(p);
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** A free TCP port (free when this returns; taken by nothing of ours). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether {@code port} can be bound now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last 60 lines of a log, or a note that it does not exist. */
    public static String tail(Path log) {
        try {
            if (!Files.exists(log)) return "(no " + log + ")";
            List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
