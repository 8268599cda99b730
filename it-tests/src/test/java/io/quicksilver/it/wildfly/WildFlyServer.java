package io.quicksilver.it.wildfly;

import io.quicksilver.it.appserver.AppServer;
import io.quicksilver.it.appserver.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One WildFly standalone server of an unpacked distribution (with the io.quicksilver.session
 * module installed): its own base directory (a copy of {@code standalone/} with the module made
 * global in standalone.xml and the test WAR in {@code deployments/}), its own port offset, run
 * with {@code bin/standalone.sh} as a child process of the test JVM so that it can be stopped
 * (SIGTERM) or killed (SIGKILL) and started again.
 */
final class WildFlyServer implements AppServer {
    private final Path home;
    private final Path base;
    private final String name;
    private final int offset;
    private final String storeUri;
    private final ServerProcess process;

    private WildFlyServer(Path home, Path base, String name, int offset, String storeUri) {
        this.home = home;
        this.base = base;
        this.name = name;
        this.offset = offset;
        this.storeUri = storeUri;
        this.process = new ServerProcess(name);
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

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI app() {
        return URI.create("http://127.0.0.1:" + (8080 + offset) + "/app");
    }

    Path serverLog() {
        return base.resolve("log/server.log");
    }

    /** Starts the server and waits until the test application answers, at most {@code timeout}. */
    @Override
    public void start(Duration timeout) throws IOException, InterruptedException {
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
        process.start(pb, URI.create(app() + "/s/whoami"), timeout,
                () -> ":\n" + ServerProcess.tail(console), () -> ":\n" + ServerProcess.tail(serverLog()));
    }

    /** Kills the server's JVM at once (SIGKILL). */
    @Override
    public void kill() throws InterruptedException {
        process.kill();
    }

    /**
     * Stops the server: SIGTERM to its JVM (WildFly's orderly shutdown) and the script, SIGKILL
     * to whatever of them still runs after 60 s (the JVM is found before anything is signalled).
     */
    @Override
    public void close() throws InterruptedException {
        process.stopTree();
    }

    /** A port offset at which WildFly's HTTP, HTTPS and management ports are all free. */
    private static int freeOffset() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = ServerProcess.freePort() - 8080;
            if (offset < 0 || 9993 + offset > 65535) continue;
            if (ServerProcess.isFree(8443 + offset) && ServerProcess.isFree(9990 + offset)
                    && ServerProcess.isFree(9993 + offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset for WildFly");
    }
}
