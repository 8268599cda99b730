package io.quicksilver.server;

import io.quicksilver.core.command.Commands;
import io.quicksilver.core.command.Node;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.server.config.CommandLine;
import io.quicksilver.server.config.ConfigError;
import io.quicksilver.server.config.StartupConfig;
import io.quicksilver.server.netty.RespServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code quicksilver-server [redis.conf] [-] [--option value ...]}: redis-server's command line.
 * Logs as Redis does, listens, and stops gracefully on SIGTERM/SIGINT or SHUTDOWN.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, true);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the server until it stops; returns the process exit code.
     *
     * @param args the command line
     * @param out  where --version and --help print
     * @param err  where fatal configuration errors print
     * @param signals handle SIGTERM/SIGINT (false in tests sharing a JVM)
     */
    static int run(String[] args, PrintStream out, PrintStream err, boolean signals) {
        long t0 = System.nanoTime();
        CommandLine.Parsed cmd = CommandLine.parse(args);
        switch (cmd.action()) {
            case VERSION -> {
                out.println("Quicksilver server v=" + Node.VERSION + " redis_compat=7.0.15 java="
                        + System.getProperty("java.version") + " bits=64");
                return 0;
            }
            case HELP -> {
                out.print(usage());
                return 0;
            }
            default -> { }
        }
        // Netty's platform probing and native epoll library load on a second core, while this
        // thread reads the configuration and builds the command table; the listener waits for
        // neither (RespServer asks Epoll.isAvailable() itself; class initialisation is once).
        Thread netty = new Thread(RespServer::preload, "quicksilver-netty-preload");
        netty.setDaemon(true);
        netty.start();
        QuicksilverServer server;
        StartupConfig config;
        try {
            config = StartupConfig.load(cmd, System.in, StartupConfig.defaultMicroProfileConfig());
            Engine engine = Engine.builder().databases(config.databases()).build();
            Node node = Commands.node(engine);
            server = QuicksilverServer.builder().node(node).configFile(config.configFile()).build();
            config.apply(node.config());
            Logging.install(server.settings().logfile(), server.settings().loglevel());
        } catch (ConfigError e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Can't open the log file: " + e.getMessage());
            return 1;
        }
        Logger log = Logger.getLogger(Main.class.getName());
        long pid = ProcessHandle.current().pid();
        log.warning("oO0OoO0OoO0Oo Quicksilver is starting oO0OoO0OoO0Oo");
        log.warning("Quicksilver version=" + Node.VERSION + ", redis_compat=" + server.node().redisVersion()
                + ", java=" + System.getProperty("java.version") + ", pid=" + pid + ", just started");
        if (args.length == 0) {
            log.warning("Warning: no config file specified, using the default config. In order to specify a "
                    + "config file use quicksilver-server /path/to/redis.conf");
        } else {
            log.warning("Configuration loaded");
        }
        String pidfile = server.settings().pidfile();
        try {
            server.start();
        } catch (IllegalStateException e) {
            log.warning(e.getMessage());
            return 1;
        }
        if (!pidfile.isEmpty()) {
            writePidFile(pidfile, pid, log);
        }
        if (signals) {
            handleSignals(server, log);
        }
        // concatenation, not String.format: the first Formatter loads locale data (tens of ms)
        long startedMillis = (System.nanoTime() - t0) / 1_000_000;
        log.info(() -> "Started in " + startedMillis + " ms on port " + server.port() + " (" + server.transport() + ")");
        try {
            while (!server.awaitTermination(1, TimeUnit.HOURS)) {
                // wait for SHUTDOWN or a signal
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.node().engine().close();
        if (!pidfile.isEmpty()) {
            try {
                Files.deleteIfExists(Path.of(pidfile));
            } catch (IOException e) {
                log.fine("could not remove the pid file: " + e.getMessage());
            }
        }
        log.warning("Quicksilver is now ready to exit, bye bye...");
        return 0;
    }

    /**
     * SIGTERM and SIGINT stop the server gracefully, logged as Redis logs them; the main thread
     * then finishes. A shutdown hook covers JVMs where signals cannot be handled.
     */
    private static void handleSignals(QuicksilverServer server, Logger log) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (server.isRunning()) {
                        log.warning("Received SIG" + name + " scheduling shutdown...");
                        new Thread(server::close, "quicksilver-shutdown").start();
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                log.fine("cannot handle SIG" + name + ": " + e);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server.isRunning()) {
                log.warning("Received a shutdown request, shutting down...");
                server.close();
            }
        }, "quicksilver-shutdown-hook"));
    }

    private static void writePidFile(String pidfile, long pid, Logger log) {
        try {
            Files.writeString(Path.of(pidfile), pid + "\n");
        } catch (IOException e) {
            log.warning("Failed to write PID file: " + e.getMessage());
        }
    }

    static String usage() {
        return """
                Usage: quicksilver-server [/path/to/redis.conf] [options] [-]
                       quicksilver-server - (read config from stdin)
                       quicksilver-server -v or --version
                       quicksilver-server -h or --help

                Examples:
                       quicksilver-server (run the server with default conf)
                       quicksilver-server /etc/redis/6379.conf
                       quicksilver-server --port 7777
                       quicksilver-server /etc/myredis.conf --loglevel verbose -
                       quicksilver-server --port 7777 --bind 127.0.0.1 ::1

                Options also come from MicroProfile Config (system properties, environment variables,
                META-INF/microprofile-config.properties) under quicksilver.* names, e.g.
                -Dquicksilver.server.port=7777 or QUICKSILVER_SERVER_PORT=7777; a config file and
                command-line options override them.
                """;
    }
}
