package io.quicksilver.it.liberty;

import io.quicksilver.it.appserver.AppServer;
import io.quicksilver.it.appserver.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One Open Liberty server of an unpacked distribution: its configuration written by the test
 * (server.xml with the {@code sessionCache-1.0} feature and our provider's jars as the JCache
 * library), run with {@code bin/server run} as a child process of the test JVM so that it can be
 * stopped (SIGTERM, Liberty's orderly shutdown) or killed (SIGKILL) and started again.
 *
 * <p>The servers of one test share a user directory ({@code WLP_USER_DIR}) of their own, so a
 * run never sees the configuration or logs of an earlier one; the logs stay there for diagnosis.
 */
final class LibertyServer implements AppServer {
    private final Path wlp;
    private final Path userDir;
    private final String name;
    private final int httpPort;
    private final ServerProcess process;

    private LibertyServer(Path wlp, Path userDir, String name, int httpPort) {
        this.wlp = wlp;
        this.userDir = userDir;
        this.name = name;
        this.httpPort = httpPort;
        this.process = new ServerProcess(name);
    }

    /**
     * Writes a server's configuration: the sessionCache-1.0 feature, a {@code <library>} of every
     * jar in {@code providerJars}, an {@code httpSessionCache} using it with the store URI from
     * the server's environment, and {@code war} deployed at {@code /app}.
     *
     * @param wlp the distribution's {@code wlp} directory
     * @param userDir the user directory shared by the test's servers
     * @param name the server's name, also its system property {@code quicksilver.test.server}
     * @param httpPort the HTTP port on 127.0.0.1
     * @param providerJars the directory holding quicksilver-jcache, quicksilver-remote and their
     *     dependencies
     * @param war the test application
     * @param storeUri the Quicksilver server, e.g. {@code redis://127.0.0.1:6379}
     */
    static LibertyServer create(Path wlp, Path userDir, String name, int httpPort, Path providerJars, Path war,
            String storeUri) throws IOException {
        Path dir = userDir.resolve("servers").resolve(name);
        Files.createDirectories(dir.resolve("apps"));
        Files.copy(war, dir.resolve("apps/app.war"));
        Files.writeString(dir.resolve("server.xml"), """
                <server description="Quicksilver HTTP sessions">
                  <featureManager>
                    <feature>servlet-6.0</feature>
                    <feature>sessionCache-1.0</feature>
                  </featureManager>
                  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="${http.port}" httpsPort="-1"/>
                  <library id="QuicksilverJCache">
                    <fileset dir="%s" includes="*.jar"/>
                  </library>
                  <httpSessionCache libraryRef="QuicksilverJCache" uri="${env.QUICKSILVER_JCACHE_URI}"/>
                  <webApplication location="app.war" contextRoot="/app"/>
                  <applicationManager autoExpand="false"/>
                  <!-- Liberty's sweep of idle sessions every 30 s (its minimum) instead of minutes -->
                  <httpSession reaperPollInterval="30"/>
                </server>
                """.formatted(providerJars.toAbsolutePath()));
        Files.writeString(dir.resolve("server.env"), "QUICKSILVER_JCACHE_URI=" + storeUri + "\n");
        Files.writeString(dir.resolve("bootstrap.properties"), "http.port=" + httpPort + "\n");
        Files.writeString(dir.resolve("jvm.options"), "-Dquicksilver.test.server=" + name + "\n-Xmx256m\n");
        return new LibertyServer(wlp, userDir, name, httpPort);
    }

    @Override
    public String name() {
        return name;
    }

    /** The base URL of the test application, {@code http://127.0.0.1:<port>/app}. */
    @Override
    public URI app() {
        return URI.create("http://127.0.0.1:" + httpPort + "/app");
    }

    Path messagesLog() {
        return userDir.resolve("servers").resolve(name).resolve("logs/messages.log");
    }

    /**
     * Starts the server and waits until the test application answers (its servlet names this
     * server), at most {@code timeout}.
     */
    @Override
    public void start(Duration timeout) throws IOException, InterruptedException {
        Path console = userDir.resolve(name + "-console.log");
        ProcessBuilder pb = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", name)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        Map<String, String> env = pb.environment();
        env.put("WLP_USER_DIR", userDir.toAbsolutePath().toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JVM_ARGS");
        env.remove("QUICKSILVER_JCACHE_URI"); // server.env sets it; nothing of the test JVM leaks in
        process.start(pb, URI.create(app() + "/s/whoami"), timeout,
                () -> "; console:\n" + tail(console) + "\nmessages.log:\n" + tail(messagesLog()),
                () -> "; messages.log:\n" + tail(messagesLog()));
    }

    /** Kills the server's JVM at once (SIGKILL): no shutdown hook, no session written on the way out. */
    @Override
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Stops the server in order (SIGTERM runs Liberty's shutdown), killing it after 60 s. */
    @Override
    public void close() throws InterruptedException {
        process.stop();
    }

    /** The last 60 lines of a log, or a note that it does not exist. */
    static String tail(Path log) {
        return ServerProcess.tail(log);
    }
}
