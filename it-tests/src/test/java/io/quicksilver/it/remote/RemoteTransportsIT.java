package io.quicksilver.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreException;
import io.quicksilver.it.Endpoint;
import io.quicksilver.it.RedisReference;
import io.quicksilver.it.Resp;
import io.quicksilver.it.RespClient;
import io.quicksilver.remote.RemoteStoreProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The other ways a store reaches a server: {@code rediss://} (TLS, against redis-server with a
 * self-signed certificate made by openssl) and {@code redis-sentinel://} (a real Sentinel, in
 * front of redis-server or of our server).
 */
class RemoteTransportsIT {
    @TempDir
    Path dir;

    private static Store open(String uri) {
        return new RemoteStoreProvider().open(URI.create(uri), Map.of("timeout", "3000"));
    }

    private static void roundTrip(Store s) throws InterruptedException {
        byte[] key = ("transport:" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        s.set(key, "v".getBytes(StandardCharsets.UTF_8), 10_000);
        assertEquals("v", new String((byte[]) s.get(key), StandardCharsets.UTF_8));
        assertEquals("w", s.compute(key, (v, t, d) -> {
            d.set("w".getBytes(StandardCharsets.UTF_8), Store.KEEP_TTL);
            return "w";
        }));
        assertTrue(s.ttl(key) > 0);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (Store.Subscription sub = s.subscribe(key, (c, m) -> got.add(new String(m, StandardCharsets.UTF_8)))) {
            s.publish(key, "hi".getBytes(StandardCharsets.UTF_8));
            assertEquals("hi", got.poll(5, TimeUnit.SECONDS));
        }
        assertTrue(s.delete(key));
        assertTrue(s.ping(Duration.ofSeconds(1)));
    }

    @Test
    void tls() throws Exception {
        RedisReference.assumeInstalled("redis-server");
        RedisReference.assumeInstalled("openssl");
        Path key = dir.resolve("server.key");
        Path crt = dir.resolve("server.crt");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", crt.toString()));
        int tlsPort = RedisReference.freePort();
        try (RedisReference redis = RedisReference.start(List.of("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", crt.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", crt.toString(), "--tls-auth-clients", "no"))) {
            try (Store s = open("rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE")) {
                roundTrip(s);
                assertTrue(s.describe().startsWith("rediss://127.0.0.1:" + tlsPort), s.describe());
            }
            // plain RESP to the TLS port is no server at all: an error, not a hang
            assertThrows(StoreException.class, () -> {
                try (Store s = new RemoteStoreProvider().open(URI.create("redis://127.0.0.1:" + tlsPort),
                        Map.of("timeout", "1000"))) {
                    s.get("x".getBytes(StandardCharsets.UTF_8));
                }
            });
        }
    }

    enum Master { REDIS, QUICKSILVER }

    @ParameterizedTest
    @EnumSource(Master.class)
    void sentinel(Master kind) throws Exception {
        RedisReference.assumeInstalled("redis-server");
        try (Endpoint master = kind == Master.REDIS ? RedisReference.start()
                : RemoteStoreIT.start(RemoteStoreIT.Target.QUICKSILVER, null, List.of());
                Sentinel sentinel = Sentinel.start(dir, master.port())) {
            try (Store s = open("redis-sentinel://127.0.0.1:" + sentinel.port + "/2#mymaster")) {
                roundTrip(s);
                byte[] key = "sentinel-db".getBytes(StandardCharsets.UTF_8);
                s.set(key, "x".getBytes(StandardCharsets.UTF_8), Store.PERSIST);
                try (RespClient c = new RespClient(master.port())) {
                    c.call("SELECT", "2");
                    assertEquals(new Resp.Bulk("x"), c.call("GET", "sentinel-db"), "the master behind the sentinel, database 2");
                }
                try (Store db0 = open("redis://127.0.0.1:" + master.port())) {
                    assertNull(db0.getAndDelete(key), "database 0 untouched");
                }
            }
        }
    }

    /** A redis-server in sentinel mode watching one master as "mymaster" (quorum 1). */
    private static final class Sentinel implements AutoCloseable {
        final Process process;
        final int port;
        final Path dir;

        private Sentinel(Process process, int port, Path dir) {
            this.process = process;
            this.port = port;
            this.dir = dir;
        }

        static Sentinel start(Path parent, int masterPort) throws IOException, InterruptedException {
            Path dir = Files.createTempDirectory(parent, "sentinel");
            int port = RedisReference.freePort();
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\ndir " + dir + "\n"
                    + "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 1\n"
                    + "sentinel down-after-milliseconds mymaster 60000\n");
            Process p = new ProcessBuilder("redis-server", conf.toString(), "--sentinel")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
            Sentinel s = new Sentinel(p, port, dir);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (RespClient c = new RespClient(port, 1000)) {
                    Resp r = c.call("SENTINEL", "get-master-addr-by-name", "mymaster");
                    if (r instanceof Resp.Arr a && a.items().size() == 2) return s;
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            String log = Files.exists(dir.resolve("sentinel.log")) ? Files.readString(dir.resolve("sentinel.log")) : "";
            s.close();
            throw new IllegalStateException("sentinel did not start: " + log);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }
}
