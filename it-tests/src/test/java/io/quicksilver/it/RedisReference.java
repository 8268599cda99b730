package io.quicksilver.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis (Debian's {@code redis-server}) on a free loopback port, in its own temporary
 * directory, with persistence off. Used as the reference our server is compared with, and as a
 * stand-in target when the tests themselves are checked against Redis ({@code -Dit.target=redis}).
 *
 * <p>{@link #start} skips the calling test (JUnit assumption) when redis-server is not installed;
 * CI installs it. The process is stopped by {@link #close()} and killed on JVM exit in any case.
 */
public final class RedisReference implements Endpoint {
    private final Process process;
    private final int port;
    private final Path dir;
    private final Thread killer;

    private RedisReference(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.killer = new Thread(process::destroyForcibly, "kill-redis-" + port);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** True when {@code name} is an executable on the PATH. */
    public static boolean installed(String name) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) return true;
        }
        return false;
    }

    /** Skips the current test class/test unless {@code name} is installed. */
    public static void assumeInstalled(String name) {
        Assumptions.assumeTrue(installed(name), name + " is not installed: install redis-server/redis-tools");
    }

    public static RedisReference start() {
        return start(List.of());
    }

    /**
     * Starts redis-server on a free port.
     *
     * @param extraArgs more {@code --name value} arguments (e.g. {@code --requirepass pw})
     */
    public static RedisReference start(List<String> extraArgs) {
        assumeInstalled("redis-server");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path dir;
            try {
                dir = Files.createTempDirectory("qs-redis-ref");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--dir", dir.toString(), "--logfile", ""));
            cmd.addAll(extraArgs);
            try {
                Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile())
                        .start();
                RedisReference ref = new RedisReference(p, port, dir);
                if (ref.awaitReady(extraArgs)) return ref;
                ref.close();
                last = new IOException("redis-server did not answer on port " + port + ": "
                        + ref.log());
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("could not start redis-server", last);
    }

    /** A port that was free a moment ago (bind 0, read, close). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean awaitReady(List<String> extraArgs) {
        int pw = extraArgs.indexOf("--requirepass");
        String password = pw >= 0 ? extraArgs.get(pw + 1) : null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) return false;
            try (RespClient c = new RespClient(port, 2000)) {
                if (password != null) c.call("AUTH", password);
                if (new Resp.Simple("PONG").equals(c.call("PING"))) return true;
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String description() {
        return "redis-server 127.0.0.1:" + port;
    }

    /** What redis-server logged so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temp dir: best effort
        }
    }
}
