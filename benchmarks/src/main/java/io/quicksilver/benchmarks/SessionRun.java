package io.quicksilver.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.quicksilver.core.store.Store;
import io.quicksilver.remote.RemoteStoreProvider;
import io.quicksilver.session.servlet.SessionInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * What the session store adds to a request, side by side in one run: an embedded Jetty 12 (ee10)
 * serves a servlet that reads two session attributes (a String and a serialized list) and writes
 * one (a Long), in four modes, each its own Jetty server in this JVM:
 * <ol>
 *   <li>{@code jetty}: Jetty's own in-memory sessions (the baseline);
 *   <li>{@code embedded}: the Quicksilver session filter on {@code quicksilver:embedded};
 *   <li>{@code remote-qs}: the filter on {@code redis://} against a Quicksilver server (its own JVM,
 *       started from this class path);
 *   <li>{@code remote-redis}: the filter against redis-server (if on the PATH).
 * </ol>
 * Clients speak HTTP/1.1 keep-alive over plain sockets (one connection and one session each, the
 * session cookie sent back). Each round runs every mode in turn (the order rotates), first one
 * client alone (latency), then {@code CLIENTS} clients at once; percentiles are over every round.
 * "Added" is a mode's percentile minus jetty's. For the remote modes the servers' INFO
 * commandstats deltas over the measured requests, divided by the requests, show what each
 * request cost in commands; a plain PING's round trip through Lettuce (the store's client) is
 * measured before and after, so the added time can be read in round trips.
 *
 * <p>Settings (system properties): {@code rounds} (8), {@code single} (requests per round, one
 * client: 1500), {@code clients} (4), {@code perClient} (requests per client per round: 750),
 * {@code warmup} (requests per mode before measuring: 20000), {@code modes}, {@code write} (true;
 * false: requests only read their two attributes), {@code writeMode} (the filter's
 * {@code quicksilver.session.write-mode}: {@code sync}, the default, or {@code async}: the request
 * does not wait for its session write), {@code thinkMs} (0: a user's pause between two measured
 * requests of one session, as a browser's user pauses; the write of async mode then lands during
 * the pause instead of delaying the next request; the warm-up does not pause), {@code touchInterval}
 * (the filter's {@code quicksilver.session.touch-interval}, seconds; 0).
 */
public final class SessionRun {
    private static final String[] ALL_MODES = {"jetty", "embedded", "remote-qs", "remote-redis"};
    /** False ({@code -Dwrite=false}): requests after the first only read (no attribute set). */
    static final boolean WRITE = Boolean.parseBoolean(System.getProperty("write", "true"));
    /** The filter's write mode ({@code -DwriteMode=async}): sync by default. */
    static final String WRITE_MODE = System.getProperty("writeMode", "sync");
    /** A user's pause between two requests of one session, ms ({@code -DthinkMs}; 0: none). */
    static final long THINK_MS = Long.getLong("thinkMs", 0);
    /** The filter's {@code quicksilver.session.touch-interval}, seconds ({@code -DtouchInterval}; 0: none). */
    static final long TOUCH_INTERVAL = Long.getLong("touchInterval", 0);

    private SessionRun() {}

    /** The application: reads "user" and "cart", writes "last"; a new session gets all three. */
    public static final class TouchServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            HttpSession s = req.getSession(true);
            String body;
            if (s.isNew()) {
                s.setAttribute("user", "alice@example.com");
                s.setAttribute("cart", new ArrayList<>(List.of("book-1234", "pen-42", "mug-7")));
                body = "new";
            } else {
                Object user = s.getAttribute("user");
                Object cart = s.getAttribute("cart");
                body = user != null && cart instanceof List<?> l && l.size() == 3 ? "old" : "lost";
            }
            if (WRITE || s.isNew()) s.setAttribute("last", System.nanoTime());
            // no Content-Length and no flush: the body stays in the container's buffer until the
            // request ends, so the response leaves after the session filter's write (with a length
            // set, the container would send it as soon as it is written, before that write)
            resp.setContentType("text/plain");
            resp.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 8);
        int single = Integer.getInteger("single", 1500);
        int clients = Integer.getInteger("clients", 4);
        int perClient = Integer.getInteger("perClient", 750);
        int warmup = Integer.getInteger("warmup", 20000);
        List<String> modes = new ArrayList<>(List.of(System.getProperty("modes", String.join(",", ALL_MODES)).split(",")));

        List<AutoCloseable> closing = new ArrayList<>();
        try {
            Map<String, Integer> storePorts = new LinkedHashMap<>();
            if (modes.contains("remote-qs")) {
                int p = freePort();
                closing.add(startProcess("quicksilver", List.of(javaBin(), "-Xms256m", "-Xmx256m", "-cp",
                        System.getProperty("java.class.path"), "io.quicksilver.server.Main",
                        "--port", "" + p, "--bind", "127.0.0.1"), p));
                storePorts.put("remote-qs", p);
            }
            if (modes.contains("remote-redis")) {
                if (onPath("redis-server")) {
                    int p = freePort();
                    closing.add(startProcess("redis-server", List.of("redis-server", "--port", "" + p, "--bind",
                            "127.0.0.1", "--save", "", "--appendonly", "no"), p));
                    storePorts.put("remote-redis", p);
                } else {
                    System.out.println("# redis-server not found: remote-redis left out");
                    modes.remove("remote-redis");
                }
            }

            Map<String, Server> servers = new LinkedHashMap<>();
            for (String m : modes) {
                Server s = jetty(m, storePorts.get(m));
                servers.put(m, s);
                closing.add(s::stop);
            }

            System.out.printf(Locale.ROOT, "# sessions benchmark %s, %d CPUs, load %s, java %s%n", Instant.now(),
                    Runtime.getRuntime().availableProcessors(), load(), System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "# rounds %d; per round and mode: %d requests from 1 client, %d x %d from %d clients; warm-up %d; %s%n",
                    rounds, single, clients, perClient, clients, warmup,
                    (WRITE ? "read two attributes, write one" : "read two attributes only") + "; write-mode " + WRITE_MODE
                            + "; think time " + THINK_MS + " ms; touch-interval " + TOUCH_INTERVAL + " s");
            Map<String, long[]> pingBefore = pings(storePorts);

            Map<String, Client> singles = new LinkedHashMap<>();
            Map<String, List<Client>> groups = new LinkedHashMap<>();
            for (String m : modes) {
                int port = ((ServerConnector) servers.get(m).getConnectors()[0]).getLocalPort();
                singles.put(m, new Client(port));
                List<Client> g = new ArrayList<>();
                for (int i = 0; i < clients; i++) g.add(new Client(port));
                groups.put(m, g);
            }
            // warm-up: every mode, alone and concurrently
            for (String m : modes) {
                run(singles.get(m), warmup / 2, null);
                concurrent(groups.get(m), warmup / 2 / clients, null);
            }

            Map<String, Samples> lat1 = new LinkedHashMap<>();
            Map<String, Samples> latN = new LinkedHashMap<>();
            Map<String, Long> wallN = new LinkedHashMap<>();
            Map<String, Map<String, Long>> commands = new LinkedHashMap<>();
            Map<String, Long> requests = new LinkedHashMap<>();
            Map<String, Long> cpu = new LinkedHashMap<>();
            for (String m : modes) {
                lat1.put(m, new Samples());
                latN.put(m, new Samples());
                wallN.put(m, 0L);
                commands.put(m, new TreeMap<>());
                requests.put(m, 0L);
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < modes.size(); i++) {
                    String m = modes.get((i + r) % modes.size());
                    Integer storePort = storePorts.get(m);
                    Map<String, Long> before = storePort == null ? null : commandStats(storePort);
                    long cpu0 = processCpu();
                    run(singles.get(m), single, lat1.get(m));
                    long wall = concurrent(groups.get(m), perClient, latN.get(m));
                    cpu.merge(m, processCpu() - cpu0, Long::sum);
                    wallN.merge(m, wall, Long::sum);
                    requests.merge(m, (long) single + (long) clients * perClient, Long::sum);
                    if (storePort != null) {
                        Map<String, Long> after = commandStats(storePort);
                        after.forEach((c, n) -> {
                            long d = n - before.getOrDefault(c, 0L);
                            if (d != 0 && !c.equals("info")) commands.get(m).merge(c, d, Long::sum);
                        });
                    }
                }
            }
            Map<String, long[]> pingAfter = pings(storePorts);

            long lost = 0;
            for (String m : modes) {
                lost += singles.get(m).lost;
                for (Client c : groups.get(m)) lost += c.lost;
            }
            System.out.println();
            System.out.println("| mode | clients | p50 µs | p99 µs | p99.9 µs | added p50 | added p99 | added p99.9 | req/s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            print(modes, lat1, 1, null);
            print(modes, latN, clients, wallN);
            System.out.println();
            System.out.println("CPU time of this JVM (client, Jetty, filter, Lettuce; not the store servers) per measured request, µs:");
            long baseCpu = cpu.getOrDefault("jetty", -1L);
            for (String m : modes) {
                double per = cpu.get(m) / 1e3 / requests.get(m);
                String added = baseCpu < 0 || m.equals("jetty") ? ""
                        : String.format(Locale.ROOT, " (added %+.1f)", per - baseCpu / 1e3 / requests.get("jetty"));
                System.out.printf(Locale.ROOT, "  %-13s %.1f%s%n", m, per, added);
            }
            System.out.println();
            System.out.println("Loopback round trip of a PING through Lettuce (sync, one connection), and the store's work");
            System.out.println("of a request alone (RemoteStore hgetAll + hupdate, one thread), before / after the rounds, µs:");
            for (String m : storePorts.keySet()) {
                long[] b = pingBefore.get(m);
                long[] a = pingAfter.get(m);
                System.out.printf(Locale.ROOT, "  %-13s PING p50 %.1f / %.1f, p99 %.1f / %.1f; hgetAll+hupdate p50 %.1f / %.1f, p99 %.1f / %.1f, CPU of this JVM %.1f / %.1f%n",
                        m, b[0] / 1e3, a[0] / 1e3, b[1] / 1e3, a[1] / 1e3, b[2] / 1e3, a[2] / 1e3, b[3] / 1e3, a[3] / 1e3,
                        b[4] / 1e3, a[4] / 1e3);
                if (THINK_MS > 0) {
                    System.out.printf(Locale.ROOT, "  %-13s PING after a %d ms pause (300 of them) p50 %.1f / %.1f, p99 %.1f / %.1f%n",
                            "", THINK_MS, b[5] / 1e3, a[5] / 1e3, b[6] / 1e3, a[6] / 1e3);
                }
            }
            System.out.println();
            System.out.println("Store commands per request (INFO commandstats delta over the measured requests / requests):");
            for (String m : storePorts.keySet()) {
                long n = requests.get(m);
                StringBuilder sb = new StringBuilder();
                double total = 0;
                for (Map.Entry<String, Long> e : commands.get(m).entrySet()) {
                    double per = e.getValue() / (double) n;
                    total += per;
                    sb.append(String.format(Locale.ROOT, " %s %.3f", e.getKey(), per));
                }
                Map<String, Long> c = commands.get(m);
                // a request reads with one HGETALL and writes with one pipelined MULTI..EXEC; a
                // WATCH (with what is sent beside it) is a round trip of its own before its MULTI
                double trips = (c.getOrDefault("hgetall", 0L) + c.getOrDefault("multi", 0L)
                        + c.getOrDefault("watch", 0L)) / (double) n;
                System.out.printf(Locale.ROOT, "  %-13s %.3f commands:%s%n", m, total, sb);
                System.out.printf(Locale.ROOT, "  %-13s round trips (HGETALL + WATCH + MULTI..EXEC) per request: %.3f%s%n",
                        "", trips, WRITE_MODE.equals("async") ? String.format(Locale.ROOT,
                                " (write-mode async: the request waits for %.3f, the HGETALLs)",
                                c.getOrDefault("hgetall", 0L) / (double) n) : "");
            }
            System.out.printf(Locale.ROOT, "%nresponses that found their session lost: %d; load after: %s%n", lost, load());
            if (lost > 0) System.exit(1);
        } finally {
            for (int i = closing.size() - 1; i >= 0; i--) {
                try {
                    closing.get(i).close();
                } catch (Exception e) {
                    System.err.println("stopping: " + e);
                }
            }
        }
        System.exit(0); // the store's and Jetty's non-daemon threads
    }

    private static void print(List<String> modes, Map<String, Samples> lat, int clients, Map<String, Long> wall) {
        Samples base = lat.get("jetty");
        long[] bp = base == null ? null : base.percentiles();
        for (String m : modes) {
            Samples s = lat.get(m);
            long[] p = s.percentiles();
            String added = bp == null || m.equals("jetty") ? "| – | – | – "
                    : String.format(Locale.ROOT, "| %+.1f | %+.1f | %+.1f ", (p[0] - bp[0]) / 1e3, (p[1] - bp[1]) / 1e3,
                            (p[2] - bp[2]) / 1e3);
            String rate = wall == null ? "–" : String.format(Locale.ROOT, "%.0f", s.size() / (wall.get(m) / 1e9));
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f %s| %s |%n", m, clients, p[0] / 1e3, p[1] / 1e3,
                    p[2] / 1e3, added, rate);
        }
    }

    private static Server jetty(String mode, Integer storePort) throws Exception {
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        c.setIdleTimeout(600_000); // a client waits while the other modes run (30 s by default)
        server.addConnector(c);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        context.getSessionHandler().setMaxInactiveInterval(1800);
        if (!mode.equals("jetty")) {
            context.addServletContainerInitializer(new SessionInitializer());
            context.setInitParameter("quicksilver.session.uri",
                    storePort == null ? "quicksilver:embedded" : "redis://127.0.0.1:" + storePort);
            context.setInitParameter("quicksilver.session.key-prefix", "bench:" + mode + ":");
            context.setInitParameter("quicksilver.session.write-mode", WRITE_MODE);
            context.setInitParameter("quicksilver.session.touch-interval", "" + TOUCH_INTERVAL);
        }
        context.addServlet(TouchServlet.class, "/s");
        server.setHandler(context);
        server.start();
        return server;
    }

    /**
     * Runs {@code n} requests on one client, recording each latency into {@code into} (if not null;
     * then with the think time after each request).
     */
    private static void run(Client c, int n, Samples into) throws IOException {
        for (int i = 0; i < n; i++) {
            long t = c.call();
            if (into != null) {
                into.add(t);
                if (THINK_MS > 0) java.util.concurrent.locks.LockSupport.parkNanos(THINK_MS * 1_000_000);
            }
        }
    }

    /** Each client runs {@code n} requests on its own thread; returns the wall time, ns. */
    private static long concurrent(List<Client> group, int n, Samples into) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Samples> parts = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        for (Client c : group) {
            Samples part = new Samples();
            parts.add(part);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    run(c, n, into == null ? null : part);
                } catch (Exception e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                }
            });
            t.start();
            threads.add(t);
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) t.join();
        long wall = System.nanoTime() - t0;
        if (failures.get() > 0) throw new IllegalStateException(failures.get() + " clients failed");
        if (into != null) parts.forEach(into::addAll);
        return wall;
    }

    /**
     * p50 and p99 (ns) of a PING round trip on each store, through Lettuce as the store talks, then
     * of a session's store work alone through the remote store (hgetAll, then hupdate of one field
     * with the TTL: what the filter sends per request).
     */
    private static Map<String, long[]> pings(Map<String, Integer> ports) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : ports.entrySet()) {
            long[] store = storeOps(e.getValue());
            RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", e.getValue()));
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                RedisCommands<String, String> cmd = conn.sync();
                for (int i = 0; i < 5000; i++) cmd.ping();
                Samples s = new Samples();
                for (int i = 0; i < 20000; i++) {
                    long t = System.nanoTime();
                    cmd.ping();
                    s.add(System.nanoTime() - t);
                }
                long[] p = s.percentiles();
                long[] idle = {0, 0};
                if (THINK_MS > 0) { // as the requests see it: each PING after a user's pause
                    Samples paused = new Samples();
                    for (int i = 0; i < 300; i++) {
                        java.util.concurrent.locks.LockSupport.parkNanos(THINK_MS * 1_000_000);
                        long t = System.nanoTime();
                        cmd.ping();
                        paused.add(System.nanoTime() - t);
                    }
                    long[] q = paused.percentiles();
                    idle = new long[] {q[0], q[1]};
                }
                out.put(e.getKey(), new long[] {p[0], p[1], store[0], store[1], store[2], idle[0], idle[1]});
            } finally {
                client.shutdown();
            }
        }
        return out;
    }

    private static long[] storeOps(int port) {
        try (Store store = new RemoteStoreProvider().open(java.net.URI.create("redis://127.0.0.1:" + port), Map.of())) {
            byte[] key = "bench:store-only:1".getBytes(StandardCharsets.UTF_8);
            Map<String, byte[]> fields = new LinkedHashMap<>();
            fields.put("#created", "1".getBytes(StandardCharsets.UTF_8));
            fields.put("user", new byte[64]);
            fields.put("cart", new byte[180]);
            store.hupdate(key, fields, List.of(), 1_800_000, false);
            Samples s = new Samples();
            long cpu0 = 0;
            for (int i = 0; i < 25000; i++) {
                if (i == 5000) cpu0 = processCpu();
                long t = System.nanoTime();
                store.hgetAll(key);
                store.hupdate(key, Map.of("last", new byte[80], "#accessed", ("" + i).getBytes(StandardCharsets.UTF_8)),
                        List.of(), 1_800_000, true);
                if (i >= 5000) s.add(System.nanoTime() - t);
            }
            long cpu = (processCpu() - cpu0) / 20000;
            store.delete(key);
            long[] p = s.percentiles();
            return new long[] {p[0], p[1], cpu};
        }
    }

    /** INFO commandstats of the server at {@code port}: command name to calls. */
    static Map<String, Long> commandStats(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(s.getInputStream());
            String header = readLine(in);
            if (!header.startsWith("$")) throw new IOException("INFO answered " + header);
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            Map<String, Long> m = new TreeMap<>();
            for (String line : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
                if (!line.startsWith("cmdstat_")) continue;
                String name = line.substring("cmdstat_".length(), line.indexOf(':')).toLowerCase(Locale.ROOT);
                int at = line.indexOf("calls=") + "calls=".length();
                m.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
            }
            return m;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') b.write(c);
        }
        if (c == -1) throw new IOException("connection closed");
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** One keep-alive HTTP/1.1 connection with its session cookie. Not thread-safe. */
    static final class Client {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private byte[] request;
        long lost;
        private long calls;

        Client(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
            request = request(null);
        }

        private static byte[] request(String cookie) {
            return ("GET /app/s HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        /** One request; returns its latency in ns. */
        long call() throws IOException {
            long t0 = System.nanoTime();
            out.write(request);
            out.flush();
            String status = readLine(in);
            if (!status.startsWith("HTTP/1.1 200")) throw new IOException("answer: " + status);
            int length = -1;
            String setCookie = null;
            for (String h; !(h = readLine(in)).isEmpty();) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("content-length")) length = Integer.parseInt(value);
                else if (name.equals("set-cookie")) setCookie = value.split(";", 2)[0];
            }
            if (length < 0) throw new IOException("no Content-Length");
            byte[] body = in.readNBytes(length);
            long t = System.nanoTime() - t0;
            if (setCookie != null) request = request(setCookie);
            String b = new String(body, StandardCharsets.US_ASCII);
            if (calls++ > 0 && !b.equals("old")) lost++;
            return t;
        }
    }

    /** Latencies in ns. Not thread-safe. */
    static final class Samples {
        private long[] v = new long[1 << 14];
        private int n;

        void add(long x) {
            if (n == v.length) v = Arrays.copyOf(v, n * 2);
            v[n++] = x;
        }

        void addAll(Samples o) {
            for (int i = 0; i < o.n; i++) add(o.v[i]);
        }

        int size() {
            return n;
        }

        /** p50, p99, p99.9. */
        long[] percentiles() {
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            return new long[] {at(s, 0.50), at(s, 0.99), at(s, 0.999)};
        }

        private static long at(long[] sorted, double q) {
            if (sorted.length == 0) return 0;
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }

    // ---- processes ---------------------------------------------------------------------------

    private static AutoCloseable startProcess(String name, List<String> command, int port) throws Exception {
        Path log = Files.createTempFile("sessions-" + name, ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AutoCloseable stop = () -> {
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
            Files.deleteIfExists(log);
        };
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                commandStats(port);
                return stop;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String out = Files.readString(log);
                    stop.close();
                    throw new IllegalStateException(name + " did not start on port " + port + ":\n" + out);
                }
                Thread.sleep(50);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** CPU time of this process so far, ns. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String load() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "%.2f", l);
    }
}
