package io.quicksilver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RestoresRootLogging.class)
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    @Test
    void versionAndHelp() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Quicksilver server v=0.1.0 redis_compat=7.0.15"));
        assertEquals(0, run("-h"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: quicksilver-server [/path/to/redis.conf]"));
    }

    @Test
    void badConfigurationExitsWithRedisReport() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "port 7000\nfoo bar\n");
        assertEquals(1, run(conf.toString()));
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Quicksilver 0.1.0) ***\nReading the configuration file, at line 2\n"
                + ">>> 'foo bar'\nBad directive or wrong number of arguments\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingConfigFile() {
        assertEquals(1, run(dir.resolve("none.conf").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Fatal error, can't open config file"));
    }

    @Test
    void runsUntilShutdownWithPidAndLogFiles() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path pid = dir.resolve("qs.pid");
        Path log = dir.resolve("qs.log");
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "databases 4\nport 1\nlogfile " + log + "\n");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(conf.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--pidfile", pid.toString(), "--save", ""));
        QuicksilverServer server = null;
        long deadline = System.currentTimeMillis() + 10_000;
        while (server == null && System.currentTimeMillis() < deadline) {
            server = QuicksilverServer.running().stream().filter(s -> s.port() == port).findFirst().orElse(null);
            Thread.sleep(10);
        }
        assertTrue(server != null, "server started");
        try (RawClient c = new RawClient(port)) {
            assertEquals("+PONG", c.call("PING"));
            assertEquals("-ERR DB index is out of range", c.call("SELECT", "4")); // databases 4 from the file
        }
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(pid).trim());
        assertEquals(conf.toAbsolutePath().toString(), server.configFile());
        assertTrue(server.shutdown());
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(pid), "pid file removed on exit");
        String logText = Files.readString(log);
        assertTrue(logText.contains(" * Ready to accept connections tcp"), logText);
        assertTrue(logText.contains(" # Quicksilver is now ready to exit, bye bye..."), logText);
        assertTrue(logText.matches("(?s)\\d+:M \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} # oO0OoO0OoO0Oo.*"), logText);
    }
}
