package io.quicksilver.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training run {@code bin/quicksilver-server} uses to build a JDK AOT cache (JEP 483/514,
 * {@code -XX:AOTCacheOutput}): starts the server through {@link Main} as the command line does
 * (configuration, command table, logging, Netty listener on a free loopback port), sends it a
 * few thousand common commands over a few connections, then stops it. The JVM writes the cache when
 * this process exits; the classes it loaded and linked, and the method profiles, are what later
 * starts find already there.
 *
 * <p>Bounded: it gives up after {@link #LIMIT_MILLIS} and exits anyway. Not for production use.
 */
public final class StartupTraining {
    static final long LIMIT_MILLIS = 60_000;

    /**
     * The training server's command line. It runs in the production server's environment
     * (QUICKSILVER_* variables, system properties, a .env file in the working directory), so the
     * command line, which wins over all of those, sets what must not be shared: no log file or
     * pid file of the real server (written, then deleted at exit), no password or memory limit
     * that would refuse the training's commands.
     */
    static final String[] ARGS = {"--port", "0", "--bind", "127.0.0.1", "--logfile", "", "--pidfile", "",
        "--requirepass", "", "--maxmemory", "0"};

    private StartupTraining() {}

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(LIMIT_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("startup training: no end after " + LIMIT_MILLIS + " ms, exiting");
            Runtime.getRuntime().halt(2);
        }, "quicksilver-training-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int code;
        try {
            int replies = run(System.out, System.err);
            System.err.println("startup training: " + replies + " replies");
            code = 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("startup training failed: " + e);
            code = 1;
        }
        System.exit(code);
    }

    /**
     * Runs the server on a free loopback port, exercises it and stops it; returns the number of
     * replies read (every command sent has one). Throws when the server did not start or a reply
     * was not what the command gives.
     */
    static int run(PrintStream out, PrintStream err) throws IOException {
        AtomicInteger exit = new AtomicInteger(-1);
        List<QuicksilverServer> before = QuicksilverServer.running();
        Thread main = new Thread(() -> exit.set(Main.run(ARGS, out, err, false)), "quicksilver-training-main");
        main.start();
        QuicksilverServer server = awaitServer(before, main);
        try {
            return exercise(server.port());
        } finally {
            server.close();
            try {
                main.join(LIMIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (exit.get() != 0) {
                throw new IOException("the server exited with " + exit.get());
            }
        }
    }

    private static QuicksilverServer awaitServer(List<QuicksilverServer> before, Thread main) throws IOException {
        long deadline = System.nanoTime() + LIMIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (QuicksilverServer s : QuicksilverServer.running()) {
                if (!before.contains(s) && s.isListening() && s.port() > 0) {
                    return s;
                }
            }
            if (!main.isAlive()) {
                throw new IOException("the server did not start");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        throw new IOException("the server did not start in time");
    }

    /**
     * Connections opened and closed one after another, as clients and benchmarks come and go: the
     * profiles then include a connection's whole life, and the first real clients do not meet
     * paths the compiled code has never seen (each such path deoptimises it, see
     * benchmarks/README.md, session 7).
     */
    static final int CONNECTIONS = 8;
    /** Pipelined batches per connection. */
    static final int ROUNDS = 100;
    /** Commands per batch. */
    static final int BATCH = 20;

    /**
     * {@link #CONNECTIONS} connections, each: round trips first (a client's first PING, and the
     * CONFIG GET redis-benchmark sends), then pipelined batches of common commands with short and
     * 1 KiB values; the last also sends a few server commands.
     */
    private static int exercise(int port) throws IOException {
        int replies = 0;
        for (int c = 0; c < CONNECTIONS; c++) {
            replies += exercise(port, c, c == CONNECTIONS - 1);
        }
        return replies;
    }

    private static int exercise(int port, int connection, boolean last) throws IOException {
        int replies = 0;
        String longValue = "x".repeat(1024);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            InputStream in = s.getInputStream();
            expect(roundTrip(o, in, "PING"), "+PONG");
            replies++;
            roundTrip(o, in, "CONFIG", "GET", "save");
            replies++;
            expect(roundTrip(o, in, "SET", "training:k", "v"), "+OK");
            replies++;
            expect(roundTrip(o, in, "GET", "training:k"), "$1\r\nv");
            replies++;
            for (int round = 0; round < ROUNDS; round++) {
                String k = "training:" + connection + ":" + round;
                String v = (round & 1) == 0 ? "value-" + round : longValue;
                String[][] batch = {
                    {"PING"}, {"SET", k, v}, {"GET", k}, {"INCR", k + ":n"},
                    {"MSET", k + ":a", v, k + ":b", "2"}, {"MGET", k + ":a", k + ":b"},
                    {"EXISTS", k}, {"EXPIRE", k, "100"}, {"TTL", k},
                    {"LPUSH", k + ":l", v, "b", "c"}, {"LRANGE", k + ":l", "0", "-1"}, {"LPOP", k + ":l"},
                    {"SADD", k + ":s", "a", "b"}, {"SMEMBERS", k + ":s"},
                    {"HSET", k + ":h", "f", v}, {"HGET", k + ":h", "f"}, {"HGETALL", k + ":h"},
                    {"ZADD", k + ":z", "1", "a", "2", "b"}, {"ZRANGE", k + ":z", "0", "-1", "WITHSCORES"},
                    {"DEL", k, k + ":n", k + ":a", k + ":b", k + ":l", k + ":s", k + ":h", k + ":z"},
                };
                ByteArrayOutputStream req = new ByteArrayOutputStream();
                for (String[] cmd : batch) {
                    req.write(encode(cmd));
                }
                o.write(req.toByteArray());
                o.flush();
                for (int i = 0; i < batch.length; i++) {
                    readReply(in);
                    replies++;
                }
            }
            if (last) {
                for (String[] cmd : new String[][] {{"INFO"}, {"CONFIG", "GET", "port"}, {"DBSIZE"},
                        {"CLIENT", "SETNAME", "training"}, {"SELECT", "0"}, {"COMMAND", "COUNT"}}) {
                    o.write(encode(cmd));
                    o.flush();
                    readReply(in);
                    replies++;
                }
                expect(roundTrip(o, in, "QUIT"), "+OK");
                replies++;
            }
        }
        return replies;
    }

    private static void expect(String got, String want) throws IOException {
        if (!got.equals(want)) {
            throw new IOException("expected " + want + ", got " + got);
        }
    }

    private static String roundTrip(OutputStream o, InputStream in, String... cmd) throws IOException {
        o.write(encode(cmd));
        o.flush();
        return readReply(in);
    }

    static byte[] encode(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one RESP2 reply; returns it without its final CRLF (aggregates as their raw text). */
    static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        char type = line.charAt(0);
        switch (type) {
            case '+', ':' -> {
                return line;
            }
            case '-' -> throw new IOException("error reply: " + line);
            case '$' -> {
                int n = Integer.parseInt(line.substring(1));
                if (n < 0) {
                    return line;
                }
                byte[] b = in.readNBytes(n + 2);
                if (b.length != n + 2) {
                    throw new IOException("connection closed in a reply");
                }
                return line + "\r\n" + new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line.substring(1));
                StringBuilder sb = new StringBuilder(line);
                for (int i = 0; i < n; i++) {
                    sb.append("\r\n").append(readReply(in));
                }
                return sb.toString();
            }
            default -> throw new IOException("unexpected reply: " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("bad line end");
                }
                if (sb.length() == 0) {
                    throw new IOException("empty reply line");
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("connection closed");
    }
}
