package io.quicksilver.server;

import io.quicksilver.core.command.Commands;
import io.quicksilver.core.command.Node;
import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.server.config.CompatParams;
import io.quicksilver.server.config.ServerSettings;
import io.quicksilver.server.netty.RespServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Quicksilver RESP server: an engine and its command node behind a Netty listener. The
 * programmatic entry point (tests, applications embedding a server); {@link Main} is the
 * command-line one.
 *
 * <pre>
 * try (QuicksilverServer server = QuicksilverServer.builder().port(0).build().start()) {
 *     int port = server.port();   // the free port that was picked
 *     ...
 * }
 * </pre>
 *
 * <p>It is the node's {@link Node.Host}: INFO's tcp_port and config_file come from it, and
 * SHUTDOWN stops it ({@link #shutdown()} returns at once and closes on another thread, so the
 * command that asked is not waiting on itself). Thread-safe.
 */
public final class QuicksilverServer implements AutoCloseable, Node.Host {
    private static final Logger LOG = Logger.getLogger(QuicksilverServer.class.getName());
    private static final List<QuicksilverServer> RUNNING = new CopyOnWriteArrayList<>();

    private enum State { NEW, RUNNING, CLOSING, CLOSED }

    private final Node node;
    private final boolean ownsEngine;
    private final ServerSettings settings = new ServerSettings();
    private final RespServer resp;
    private final String configFile;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile State state = State.NEW;
    private volatile long startedNanos;

    private QuicksilverServer(Builder b) {
        if (b.node != null) {
            node = b.node;
            ownsEngine = false;
        } else {
            Engine engine = b.engine != null ? b.engine : Engine.builder().databases(b.databases).build();
            node = Commands.node(engine);
            ownsEngine = b.engine == null;
        }
        configFile = b.configFile == null ? "" : b.configFile;
        settings.register(node.config(), () -> state == State.RUNNING);
        CompatParams.register(node.config());
        resp = new RespServer(node, settings, b.nativeIo, b.ioThreads);
        settings.onChange(change -> {
            switch (change) {
                case PORT, BIND -> rebind();
                case LOGLEVEL -> Logging.level(settings.loglevel());
                default -> { }
            }
        });
        node.host(this);
    }

    /** A builder with Redis's defaults: port 6379, bind 127.0.0.1 and (if present) ::1. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a server; every one has Redis's default. */
    public static final class Builder {
        private Node node;
        private Engine engine;
        private int databases = 16;
        private String configFile;
        private boolean nativeIo = true;
        private int ioThreads;
        private final Map<String, String> config = new LinkedHashMap<>();

        /** The TCP port; 0 picks a free one ({@link QuicksilverServer#port()} tells which). */
        public Builder port(int port) {
            config.put("port", Integer.toString(port));
            return this;
        }

        /** The addresses to listen on, as redis.conf's bind ("-" prefix: optional). */
        public Builder bind(String... addresses) {
            config.put("bind", String.join(" ", addresses));
            return this;
        }

        /** Any configuration parameter by its redis.conf or quicksilver.* name. */
        public Builder config(String name, String value) {
            config.put(name, value);
            return this;
        }

        /** The password of the default user. */
        public Builder requirePass(String password) {
            return config("requirepass", password);
        }

        /** Serves an existing node (shared with in-process users); its engine is not closed. */
        public Builder node(Node node) {
            this.node = node;
            return this;
        }

        /** Serves this engine with the standard commands; the engine is not closed by the server. */
        public Builder engine(Engine engine) {
            this.engine = engine;
            return this;
        }

        /** Databases of the engine the server creates (default 16). */
        public Builder databases(int databases) {
            this.databases = databases;
            return this;
        }

        /** What INFO reports as config_file. */
        public Builder configFile(String path) {
            this.configFile = path;
            return this;
        }

        /** False forces the NIO transport even where epoll is available. */
        public Builder nativeTransport(boolean on) {
            this.nativeIo = on;
            return this;
        }

        /** Connection event loops; 0 (default) = available processors. */
        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        /**
         * Creates the server and applies the options given. Throws IllegalArgumentException with
         * Redis's reason when a value is refused.
         */
        public QuicksilverServer build() {
            QuicksilverServer s = new QuicksilverServer(this);
            for (Map.Entry<String, String> e : config.entrySet()) {
                try {
                    s.node.config().setAtStartup(e.getKey(), e.getValue());
                } catch (ConfigException ex) {
                    throw new IllegalArgumentException(e.getKey() + ": " + ex.getMessage());
                }
            }
            return s;
        }
    }

    /**
     * Listens. Throws {@link IllegalStateException} when no configured address could be bound
     * (the message is Redis's "Failed listening on port ..."), or when already started.
     */
    public QuicksilverServer start() {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("already started");
            }
            try {
                resp.start();
            } catch (RespServer.BindFailure e) {
                state = State.CLOSED;
                closeEngine();
                terminated.complete(null);
                throw new IllegalStateException(e.getMessage(), e.getCause());
            }
            startedNanos = System.nanoTime();
            state = State.RUNNING;
        }
        RUNNING.add(this);
        LOG.info(() -> "Server initialized, listening on " + resp.describeAddresses() + " (" + resp.transport() + ")");
        LOG.info("Ready to accept connections tcp");
        return this;
    }

    /** The port listened on (the picked one when configured as 0); 0 before start. */
    public int port() {
        return resp.port();
    }

    public Node node() {
        return node;
    }

    /** The network parameters (live values). */
    public ServerSettings settings() {
        return settings;
    }

    /** The Netty listener (diagnostics and tests: its connections and their buffers). */
    public RespServer listener() {
        return resp;
    }

    /** "epoll" or "nio". */
    public String transport() {
        return resp.transport();
    }

    /** Number of connected RESP clients. */
    public int connectionCount() {
        return resp.connectionCount();
    }

    /** True from a successful start until close begins. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Running and listening on at least one socket. */
    public boolean isListening() {
        return state == State.RUNNING && resp.isListening();
    }

    /** Completes when the server has stopped. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Servers started in this JVM and not yet closed (health checks without CDI injection). */
    public static List<QuicksilverServer> running() {
        return new ArrayList<>(RUNNING);
    }

    private void rebind() throws ConfigException {
        // CONFIG SET port/bind: the registry already holds the new values
        try {
            resp.rebind();
        } catch (RespServer.BindFailure e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * Stops listening, closes every connection, stops the event loops and (if it made it) the
     * engine, and waits for that. Called from one of the server's own event loops (a command),
     * it hands the work to another thread and returns at once.
     */
    @Override
    public void close() {
        if (resp.inEventLoop()) {
            Thread t = new Thread(this::close, "quicksilver-shutdown");
            t.start();
            return;
        }
        synchronized (this) {
            if (state == State.CLOSING || state == State.CLOSED) {
                return;
            }
            state = State.CLOSING;
        }
        RUNNING.remove(this);
        try {
            resp.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "error while stopping the listener", e);
        }
        closeEngine();
        state = State.CLOSED;
        terminated.complete(null);
    }

    private void closeEngine() {
        if (ownsEngine) {
            node.engine().close();
        }
    }

    /** Waits up to {@code timeout} for the server to stop; true if it did. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            terminated.get(timeout, unit);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return terminated.isDone();
        }
    }

    /** Milliseconds since start, 0 before. */
    public long uptimeMillis() {
        return startedNanos == 0 ? 0 : (System.nanoTime() - startedNanos) / 1_000_000;
    }

    // ------------------------------------------------------------------ Node.Host

    @Override
    public int tcpPort() {
        return resp.port();
    }

    @Override
    public String configFile() {
        return configFile;
    }

    @Override
    public Map<String, List<String>> extraInfo() {
        return Map.of("server", List.of("multiplexing_api:" + resp.transport()));
    }

    /** SHUTDOWN: closes on another thread (the caller is an event loop) and returns at once. */
    @Override
    public boolean shutdown() {
        if (state != State.RUNNING) {
            return false;
        }
        LOG.warning("User requested shutdown...");
        Thread t = new Thread(this::close, "quicksilver-shutdown");
        t.start();
        return true;
    }
}
