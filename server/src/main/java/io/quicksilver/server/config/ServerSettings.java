package io.quicksilver.server.config;

import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import io.quicksilver.core.config.ConfigRegistry.Param;
import io.quicksilver.server.resp.SplitArgs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The network and process parameters of the RESP server, with Redis's names, defaults, ranges
 * and error texts, registered in the node's {@link ConfigRegistry} so that redis.conf, the
 * command line, MicroProfile Config and CONFIG GET/SET all see them.
 *
 * <p>Thread-safe: values are volatile, read by event loops on every connection or command;
 * setters run at start-up or from CONFIG SET. Parameters whose change must reach a running
 * server (port, bind, loglevel) call the listener given to {@link #onChange}.
 */
public final class ServerSettings {

    /** An output buffer limit class (client-output-buffer-limit). */
    public record BufferLimit(long hardBytes, long softBytes, long softSeconds) {
        public boolean isNone() {
            return hardBytes == 0 && softBytes == 0;
        }
    }

    /** Which runtime change happened, for the running server to apply. */
    public enum Change { PORT, BIND, LOGLEVEL }

    public static final int DEFAULT_PORT = 6379;

    private volatile int port = DEFAULT_PORT;
    private volatile List<String> bind = List.of("127.0.0.1", "-::1");
    private volatile long maxClients = 10000;
    private volatile long timeoutSeconds = 0;
    private volatile long tcpKeepAlive = 300;
    private volatile boolean protectedMode = true;
    private volatile long protoMaxBulkLen = 512L * 1024 * 1024;
    private volatile long clientQueryBufferLimit = 1024L * 1024 * 1024;
    private volatile BufferLimit normalLimit = new BufferLimit(0, 0, 0);
    private volatile BufferLimit replicaLimit = new BufferLimit(256L << 20, 64L << 20, 60);
    private volatile BufferLimit pubsubLimit = new BufferLimit(32L << 20, 8L << 20, 60);
    private volatile long tcpBacklog = 511;
    private volatile String dir = Path.of("").toAbsolutePath().toString();
    private volatile String logfile = "";
    private volatile String loglevel = "notice";
    private volatile String pidfile = "";
    private volatile ChangeListener listener = c -> { };

    /** Applies a runtime change; throws to refuse it (the old value is then restored). */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(Change change) throws ConfigException;
    }

    public void onChange(ChangeListener listener) {
        this.listener = listener == null ? c -> { } : listener;
    }

    // ------------------------------------------------------------------ values

    public int port() {
        return port;
    }

    public void port(int port) {
        this.port = port;
    }

    /** The bind addresses as configured ("-" prefix = optional, "*" = any IPv4, "::*" = any IPv6). */
    public List<String> bind() {
        return bind;
    }

    public void bind(List<String> addresses) {
        this.bind = List.copyOf(addresses);
    }

    public long maxClients() {
        return maxClients;
    }

    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    public long tcpKeepAlive() {
        return tcpKeepAlive;
    }

    public boolean protectedMode() {
        return protectedMode;
    }

    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    public long clientQueryBufferLimit() {
        return clientQueryBufferLimit;
    }

    public BufferLimit normalLimit() {
        return normalLimit;
    }

    public BufferLimit pubsubLimit() {
        return pubsubLimit;
    }

    public BufferLimit replicaLimit() {
        return replicaLimit;
    }

    public int tcpBacklog() {
        return (int) tcpBacklog;
    }

    public String dir() {
        return dir;
    }

    public String logfile() {
        return logfile;
    }

    public String loglevel() {
        return loglevel;
    }

    public String pidfile() {
        return pidfile;
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers the parameters in {@code registry}. A parameter another module already
     * registered (e.g. {@code dir} by persistence) is left to it.
     *
     * @param registry the node's configuration
     * @param running  tells whether the server already listens (then port/bind changes rebind)
     */
    public void register(ConfigRegistry registry, Supplier<Boolean> running) {
        add(registry, ConfigRegistry.integer("port", "quicksilver.server.port", 0, 65535,
                () -> (long) port, v -> { }, "TCP port to listen on (0: any free port)"),
                v -> {
                    int old = port;
                    port = Integer.parseInt(v.trim());
                    changed(Change.PORT, running, () -> port = old, "Unable to listen on this port. Check server logs.");
                });
        add(registry, new Param("bind", "quicksilver.server.bind", List.of(), false,
                () -> String.join(" ", bind), v -> { }, "Addresses to listen on ('-' prefix: skip if unavailable)"),
                v -> {
                    List<String> parts = SplitArgs.split(v);
                    if (parts == null) {
                        throw new ConfigException("Unbalanced quotes in configuration line");
                    }
                    if (parts.size() > 16) {
                        throw new ConfigException("Too many bind addresses specified.");
                    }
                    List<String> old = bind;
                    bind = parts.isEmpty() ? List.of("*", "-::*") : List.copyOf(parts);
                    changed(Change.BIND, running, () -> bind = old, "Failed to bind to specified addresses.");
                });
        add(registry, ConfigRegistry.integer("maxclients", "quicksilver.server.maxclients", 1, 4294967295L,
                () -> maxClients, v -> maxClients = v, "Maximum number of connected clients"), null);
        add(registry, ConfigRegistry.integer("timeout", "quicksilver.server.timeout", 0, Integer.MAX_VALUE,
                () -> timeoutSeconds, v -> timeoutSeconds = v, "Close a client idle for this many seconds (0: never)"), null);
        add(registry, ConfigRegistry.integer("tcp-keepalive", "quicksilver.server.tcp-keepalive", 0, Integer.MAX_VALUE,
                () -> tcpKeepAlive, v -> tcpKeepAlive = v, "TCP keepalive idle seconds for new connections (0: off)"), null);
        add(registry, ConfigRegistry.bool("protected-mode", "quicksilver.server.protected-mode",
                () -> protectedMode, v -> protectedMode = v,
                "Refuse non-loopback clients while the default user has no password"), null);
        add(registry, ConfigRegistry.memory("proto-max-bulk-len", "quicksilver.server.proto-max-bulk-len",
                1024 * 1024, Long.MAX_VALUE, () -> protoMaxBulkLen, v -> protoMaxBulkLen = v,
                "Largest bulk string a client may send"), null);
        add(registry, ConfigRegistry.memory("client-query-buffer-limit", "quicksilver.server.client-query-buffer-limit",
                1024 * 1024, Long.MAX_VALUE, () -> clientQueryBufferLimit, v -> clientQueryBufferLimit = v,
                "Largest unparsed input a client may accumulate"), null);
        add(registry, new Param("client-output-buffer-limit", "quicksilver.server.client-output-buffer-limit",
                List.of(), false, this::formatBufferLimits, this::setBufferLimits,
                "Output buffer limits per client class: <class> <hard> <soft> <soft-seconds> ..."), null);
        add(registry, new Param("tcp-backlog", "quicksilver.server.tcp-backlog", List.of(), true,
                () -> Long.toString(tcpBacklog), v -> tcpBacklog = parseRange(v, 0, Integer.MAX_VALUE),
                "Listen backlog (start-up only)"), null);
        add(registry, new Param("daemonize", "quicksilver.server.daemonize", List.of(), true, () -> "no", v -> {
            if (!"no".equalsIgnoreCase(v.trim())) {
                throw new ConfigException("daemonize yes is not supported: a JVM cannot fork; run it under a supervisor");
            }
        }, "Always no: run in the foreground (start-up only)"), null);
        add(registry, new Param("dir", "quicksilver.server.dir", List.of(), false, () -> dir, v -> {
            Path p = Path.of(v).toAbsolutePath().normalize();
            if (!p.toFile().isDirectory()) {
                throw new ConfigException("No such file or directory");
            }
            dir = p.toString();
        }, "Working directory for files the server writes"), null);
        add(registry, new Param("logfile", "quicksilver.server.logfile", List.of(), true, () -> logfile,
                v -> logfile = v, "Log file path (empty: standard output; start-up only)"), null);
        add(registry, new Param("loglevel", "quicksilver.server.loglevel", List.of(), false, () -> loglevel, v -> {
            String l = v.trim().toLowerCase(Locale.ROOT);
            switch (l) {
                case "debug", "verbose", "notice", "warning" -> {
                    loglevel = l;
                    listener.changed(Change.LOGLEVEL);
                }
                default -> throw new ConfigException(
                        "argument(s) must be one of the following: debug, verbose, notice, warning");
            }
        }, "Log verbosity: debug, verbose, notice, warning"), null);
        add(registry, new Param("pidfile", "quicksilver.server.pidfile", List.of(), true, () -> pidfile,
                v -> pidfile = v, "File to write the process id to (empty: none; start-up only)"), null);
    }

    /** Registers {@code p} unless taken, with {@code setter} replacing its own when given. */
    private static void add(ConfigRegistry registry, Param p, ConfigRegistry.Setter setter) {
        if (registry.find(p.name()) != null) {
            return;
        }
        if (setter != null) {
            ConfigRegistry.Setter validate = p.setter();
            p = new Param(p.name(), p.mpName(), p.aliases(), p.immutable(), p.getter(), v -> {
                validate.set(v);
                setter.set(v);
            }, p.description());
        }
        registry.register(p);
    }

    private void changed(Change change, Supplier<Boolean> running, Runnable undo, String failure)
            throws ConfigException {
        if (!running.get()) {
            return;
        }
        try {
            listener.changed(change);
        } catch (ConfigException e) {
            undo.run();
            throw new ConfigException(failure);
        }
    }

    private static long parseRange(String v, long min, long max) throws ConfigException {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("argument couldn't be parsed into an integer");
        }
        if (n < min || n > max) {
            throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
        }
        return n;
    }

    /** As CONFIG GET prints it: "normal 0 0 0 slave 268435456 67108864 60 pubsub ...". */
    private String formatBufferLimits() {
        StringBuilder sb = new StringBuilder();
        append(sb, "normal", normalLimit);
        sb.append(' ');
        append(sb, "slave", replicaLimit);
        sb.append(' ');
        append(sb, "pubsub", pubsubLimit);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, BufferLimit l) {
        sb.append(name).append(' ').append(l.hardBytes()).append(' ').append(l.softBytes())
                .append(' ').append(l.softSeconds());
    }

    /**
     * Sets client-output-buffer-limit from groups of four: class (normal, replica/slave, pubsub),
     * hard limit, soft limit (memory units), soft seconds. All groups are validated before any
     * is applied, as Redis does.
     */
    private void setBufferLimits(String value) throws ConfigException {
        List<String> parts = SplitArgs.split(value);
        if (parts == null || parts.size() % 4 != 0 || parts.isEmpty()) {
            throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
        }
        List<Object[]> parsed = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += 4) {
            String cls = parts.get(i).toLowerCase(Locale.ROOT);
            if (!cls.equals("normal") && !cls.equals("replica") && !cls.equals("slave") && !cls.equals("pubsub")) {
                throw new ConfigException("Invalid client class specified in buffer limit configuration.");
            }
            long hard;
            long soft;
            long seconds;
            try {
                hard = ConfigRegistry.parseMemory(parts.get(i + 1));
                soft = ConfigRegistry.parseMemory(parts.get(i + 2));
                seconds = Long.parseLong(parts.get(i + 3));
            } catch (ConfigException | NumberFormatException e) {
                throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            if (hard < 0 || soft < 0 || seconds < 0) {
                throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            parsed.add(new Object[] {cls, new BufferLimit(hard, soft, seconds)});
        }
        for (Object[] p : parsed) {
            BufferLimit l = (BufferLimit) p[1];
            switch ((String) p[0]) {
                case "normal" -> normalLimit = l;
                case "pubsub" -> pubsubLimit = l;
                default -> replicaLimit = l;
            }
        }
    }

    /** Parameter names that take several arguments in redis.conf (joined with spaces). */
    public static boolean isMultiArg(String name) {
        return switch (name) {
            case "bind", "save", "client-output-buffer-limit", "oom-score-adj-values" -> true;
            default -> false;
        };
    }
}
