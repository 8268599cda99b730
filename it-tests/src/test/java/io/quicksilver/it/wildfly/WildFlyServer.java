package io.quicksilver.it.wildfly;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One WildFly standalone server of an unpacked distribution (with the io.quicksilver.session
 * module installed): its own base directory (a copy of {@code standalone/} with the module made
 * global in standalone.xml and the test WAR in {@code deployments/}), its own port offset, run
 * with {@code bin/standalone.sh} as a child process of the test JVM so that it can be stopped
 * (SIGTERM) or killed (SIGKILL) and started again.
 */
final class WildFlyServer implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(WildFlyServer::killTree),
                "wildfly-it-reaper"));
    }

    private final Path home;
    private final Path base;
    private final String name;
    private final int offset;
    private final String storeUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private WildFlyServer(Path home, Path base, String name, int offset, String storeUri) {
        this.home = home;
        this.base = base;
        this.name = name;
        this.offset = offset;
        this.storeUri = storeUri;
    }

    /**
     * Prepares a server: a copy of the distribution's {@code standalone/} configuration with the
     * global module {@code io.quicksilver.session} (services imported), and {@code war} deployed.
     *
     * @param home the distribution ({@code wildfly-<version>})
     * @param runDir where the server's base directory goes
     * @param name the server's name, also its system property {@code quicksilver.test.server}
     * @param war the test application, deployed at {@code /app}
     * @param storeUri the Quicksilver server, e.g. {@code redis://127.0.0.1:6379}
     */
    static WildFlyServer create(Path home, Path runDir, String name, Path war, String storeUri) throws IOException {
        Path base = runDir.resolve("base-" + name);
        Path conf = Files.createDirectories(base.resolve("configuration"));
        try (Stream<Path> s = Files.list(home.resolve("standalone/configuration"))) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                Files.copy(p, conf.resolve(p.getFileName()));
            }
        }
        Path xml = conf.resolve("standalone.xml");
        String config = Files.readString(xml);
        String ee = "<subsystem xmlns=\"urn:jboss:domain:ee:6.0\">";
        if (!config.contains(ee)) throw new IllegalStateException("no ee subsystem 6.0 in " + xml);
        Files.writeString(xml, config.replace(ee, ee + "\n            <global-modules>\n"
                + "                <module name=\"io.quicksilver.session\" services=\"true\"/>\n"
                + "            </global-modules>"));
        Files.createDirectories(base.resolve("deployments"));
        Files.copy(war, base.resolve("deployments/app.war"));
        return new WildFlyServer(home, base, name, freeOffset(), storeUri);
    }

    String name() {
        return name;
    }

    URI app() {
        return URI.create("http://127.0.0.1:" + (8080 + offset) + "/app");
    }

    Path serverLog() {
        return base.resolve("log/server.log");
    }

    /** Starts the server and waits until the test application answers, at most {@code timeout}. */
    void start(Duration timeout) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is running");
        Path console = base.resolve("console.log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base.toAbsolutePath(),
                "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1",
                "-Dquicksilver.session.uri=" + storeUri,
                "-Dquicksilver.test.server=" + name)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("JAVA_OPTS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("QUICKSILVER_SESSION_URI");
        process = pb.start();
        LIVE.add(process);
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(app() + "/s/whoami")).timeout(Duration.ofSeconds(5)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " while starting:\n" + tail(console));
            }
            try {
                HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("server=" + name)) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not serve the application within " + timeout + ":\n" + tail(serverLog()));
            }
            Thread.sleep(200);
        }
    }

    /** Kills the server's JVM at once (SIGKILL). */
    void kill() throws InterruptedException {
        Process p = process;
        if (p == null) return;
        killTree(p);
        p.waitFor(30, TimeUnit.SECONDS);
        LIVE.remove(p);
    }

    /**
     * Stops the server: SIGTERM to its JVM (WildFly's orderly shutdown) and the script, SIGKILL
     * to whatever of them still runs after 60 s. The JVM is found before anything is signalled:
     * once the script has ended, the JVM is no longer its descendant.
     */
    @Override
    public void close() throws InterruptedException {
        Process p = process;
        if (p == null) return;
        List<ProcessHandle> tree = new java.util.ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
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

    /** A port offset at which WildFly's HTTP, HTTPS and management ports are all free. */
    private static int freeOffset() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset;
            try (ServerSocket s = new ServerSocket(0)) {
                offset = s.getLocalPort() - 8080;
            }
            if (offset < 0 || 9993 + offset > 65535) continue;
            if (free(8443 + offset) && free(9990 + offset) && free(9993 + offset)) return offset;
        }
        throw new IllegalStateException("no free port offset for WildFly");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String tail(Path log) {
        try {
            if (!Files.exists(log)) return "(no " + log + ")";
            List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
