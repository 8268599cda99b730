package io.quicksilver.server.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.Node;
import io.quicksilver.server.config.ServerSettings;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.net.ExtendedSocketOptions;

/**
 * The RESP listener: Netty bootstrap (epoll where available, NIO otherwise; as many event loops
 * as processors), the set of live connections, the maxclients count and a cron for idle
 * timeouts. One per {@link io.quicksilver.server.QuicksilverServer}.
 *
 * <p>Thread-safe. {@link #start}, {@link #rebind} and {@link #close} may be called from any
 * thread that is not one of this server's event loops' accept thread.
 */
public final class RespServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RespServer.class.getName());

    /** Why the server could not listen; the message is Redis's log text. */
    public static final class BindFailure extends Exception {
        public BindFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Node node;
    private final ServerSettings settings;
    private final boolean epoll;
    private final int ioThreads;
    private final Set<RespConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger slots = new AtomicInteger();
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private ServerBootstrap bootstrap;
    private volatile List<Channel> listeners = List.of();
    private volatile int port;
    private int boundPort;
    private List<String> boundAddresses = List.of();
    private ScheduledFuture<?> cron;

    /**
     * @param node       what connections run commands against
     * @param settings   the network parameters (read live: CONFIG SET applies to new connections)
     * @param nativeIo   use epoll when the platform has it
     * @param ioThreads  event loops for connections; 0 = available processors
     */
    public RespServer(Node node, ServerSettings settings, boolean nativeIo, int ioThreads) {
        this.node = node;
        this.settings = settings;
        this.epoll = nativeIo && Epoll.isAvailable();
        this.ioThreads = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Initialises what a listener needs first and takes longest (Netty's platform probing, the
     * native epoll library) without creating anything; any thread, any time, idempotent. The
     * command-line server calls it on another thread at start-up.
     */
    public static void preload() {
        try {
            Epoll.isAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "netty preload", e); // the constructor will find out again
        }
    }

    public Node node() {
        return node;
    }

    public ServerSettings settings() {
        return settings;
    }

    /** "epoll" or "nio": INFO's multiplexing_api. */
    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    /** The port listened on (the chosen one when configured as 0), 0 before start. */
    public int port() {
        return port;
    }

    /** True while at least one listening socket is open. */
    public boolean isListening() {
        for (Channel c : listeners) {
            if (c.isActive()) {
                return true;
            }
        }
        return false;
    }

    /** The bound addresses. */
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : listeners) {
            out.add((InetSocketAddress) c.localAddress());
        }
        return out;
    }

    /** The bound addresses as Redis prints them: "127.0.0.1:6379 ::1:6379". */
    public String describeAddresses() {
        StringBuilder sb = new StringBuilder();
        for (Channel c : listeners) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(RespConnection.format(c.localAddress()));
        }
        return sb.toString();
    }

    /** The live connections (a snapshot). */
    public Collection<RespConnection> connections() {
        return new ArrayList<>(connections);
    }

    /** Creates the event loops and listens on the configured addresses and port. */
    public synchronized void start() throws BindFailure {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("quicksilver-accept", true), io);
        ioGroup = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("quicksilver-io", true), io);
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, settings.tcpBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Netty 4.2's default adaptive allocator made a new chunk for reply buffers of
                // tens of KiB again and again (see benchmarks/README.md, session 10); the
                // pooled one keeps them in its event loops' caches and arenas
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                // a client that shuts down its output still gets every reply (then we close)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        keepAlive(ch);
                        RespConnection conn = new RespConnection(RespServer.this);
                        ch.pipeline().addLast("meter", conn.meter())
                                .addLast("resp", conn.decoder())
                                .addLast("connection", conn);
                    }
                });
        try {
            listeners = bindAll(settings.port());
        } catch (BindFailure e) {
            shutdownGroups();
            throw e;
        }
        cron = acceptGroup.next().scheduleAtFixedRate(this::cron, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Redis's anetKeepAlive: idle = interval, probes every interval/3, 3 probes. */
    private void keepAlive(SocketChannel ch) {
        long idle = settings.tcpKeepAlive();
        if (idle <= 0) {
            return;
        }
        ch.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        int i = (int) Math.min(idle, 32767);
        int interval = Math.max(1, i / 3);
        try {
            if (epoll) {
                ch.config().setOption(EpollChannelOption.TCP_KEEPIDLE, i);
                ch.config().setOption(EpollChannelOption.TCP_KEEPINTVL, interval);
                ch.config().setOption(EpollChannelOption.TCP_KEEPCNT, 3);
            } else {
                ch.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), i);
                ch.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), interval);
                ch.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), 3);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "TCP keepalive tuning unavailable", e);
        }
    }

    /**
     * Binds every configured address on {@code wantedPort} (0: the first bind picks a free port,
     * the others use the same). An address with a '-' prefix is skipped when the system does
     * not have it (Redis's optional bind); "*" is every IPv4 address, "::*" every IPv6 one. When
     * both wildcards are asked for, one dual-stack IPv6 socket serves both (Java cannot set
     * IPV6_V6ONLY), falling back to the IPv4 wildcard without IPv6.
     */
    private List<Channel> bindAll(int wantedPort) throws BindFailure {
        List<String> addresses = new ArrayList<>(settings.bind());
        boolean v4any = addresses.stream().anyMatch(a -> strip(a).equals("*") || strip(a).equals("0.0.0.0"));
        boolean v6any = addresses.stream().anyMatch(a -> strip(a).equals("::*") || strip(a).equals("::"));
        if (v4any && v6any) {
            // the dual-stack IPv6 wildcard first, so that it serves IPv4 as well
            addresses.sort((x, y) -> Boolean.compare(!isV6Any(x), !isV6Any(y)));
        }
        List<Channel> bound = new ArrayList<>();
        int p = wantedPort;
        for (String a : addresses) {
            boolean optional = a.startsWith("-");
            String host = strip(a);
            boolean wildcard4 = host.equals("*") || host.equals("0.0.0.0");
            boolean wildcard6 = host.equals("::*") || host.equals("::");
            if (wildcard4 && v6any && bound.stream().anyMatch(RespServer::isV6Wildcard)) {
                continue; // the dual-stack socket already takes IPv4
            }
            String resolved = wildcard4 ? "0.0.0.0" : wildcard6 ? "::" : host;
            try {
                Channel ch = bootstrap.bind(resolved, p).sync().channel();
                bound.add(ch);
                if (p == 0) {
                    p = ((InetSocketAddress) ch.localAddress()).getPort();
                }
            } catch (Exception e) {
                boolean unavailable = !(e instanceof BindException) || !String.valueOf(e.getMessage()).contains("in use");
                if (wildcard6 && v4any) {
                    LOG.fine(() -> "No IPv6 wildcard: " + e.getMessage());
                    continue; // the IPv4 wildcard still comes
                }
                if (optional && (unavailable || wantedPort == 0)) {
                    LOG.fine(() -> "Skipping optional bind address " + host + ": " + e.getMessage());
                    continue;
                }
                for (Channel c : bound) {
                    c.close().syncUninterruptibly();
                }
                String why = String.valueOf(e.getMessage());
                int colon = why.lastIndexOf(": ");
                LOG.warning("Warning: Could not create server TCP listening socket " + host + ":" + p + ": bind: "
                        + (colon >= 0 ? why.substring(colon + 2) : why));
                throw new BindFailure("Failed listening on port " + p + " (TCP), aborting.", e);
            }
        }
        if (bound.isEmpty()) {
            throw new BindFailure("Failed listening on port " + p + " (TCP), aborting.", null);
        }
        port = p;
        boundPort = p;
        boundAddresses = settings.bind();
        settings.port(p);
        return bound;
    }

    /** True for a socket bound to the IPv6 wildcard (dual-stack). */
    private static boolean isV6Wildcard(Channel c) {
        InetSocketAddress a = (InetSocketAddress) c.localAddress();
        return a != null && a.getAddress() instanceof java.net.Inet6Address && a.getAddress().isAnyLocalAddress();
    }

    private static boolean isV6Any(String a) {
        return strip(a).equals("::*") || strip(a).equals("::");
    }

    private static String strip(String a) {
        return a.startsWith("-") ? a.substring(1) : a;
    }

    /**
     * CONFIG SET port / bind at runtime: closes the listeners, binds the new configuration and,
     * if that fails, binds the old one again (Redis's changeListener). Open connections stay.
     *
     * The settings already hold the new values; on failure they are restored.
     */
    public synchronized void rebind() throws BindFailure {
        int oldPort = boundPort;
        List<String> oldBind = boundAddresses;
        if (settings.port() == oldPort && settings.bind().equals(oldBind) && isListening()) {
            return; // nothing changed (CONFIG SET restoring values after another one failed)
        }
        if (bootstrap == null) {
            return;
        }
        for (Channel c : listeners) {
            c.close().syncUninterruptibly();
        }
        listeners = List.of();
        try {
            listeners = bindAll(settings.port());
            LOG.info(() -> "Listening on " + describeAddresses());
        } catch (BindFailure e) {
            List<String> wanted = settings.bind();
            settings.bind(oldBind);
            settings.port(oldPort);
            try {
                listeners = bindAll(oldPort);
            } catch (BindFailure again) {
                LOG.log(Level.SEVERE, "Could not listen again on the previous addresses", again);
            }
            LOG.warning("Failed to bind " + String.join(" ", wanted) + ", restored the old listening sockets.");
            throw e;
        }
    }

    /**
     * True when every event loop runs a no-op task within {@code timeoutMillis}: none is stuck
     * in a command that does not return (what a liveness check wants to know). False when not
     * started or stopped.
     */
    public boolean eventLoopsRespond(long timeoutMillis) {
        EventLoopGroup a = acceptGroup;
        EventLoopGroup i = ioGroup;
        if (a == null || i == null || a.isShuttingDown() || i.isShuttingDown()) {
            return false;
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        List<io.netty.util.concurrent.Future<?>> probes = new ArrayList<>();
        for (EventLoopGroup g : List.of(a, i)) {
            for (io.netty.util.concurrent.EventExecutor e : g) {
                probes.add(e.submit(() -> { }));
            }
        }
        for (io.netty.util.concurrent.Future<?> f : probes) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS) || !f.isSuccess()) {
                return false;
            }
        }
        return true;
    }

    /** True when the calling thread is one of this server's event loops. */
    public boolean inEventLoop() {
        for (EventLoopGroup g : new EventLoopGroup[] {acceptGroup, ioGroup}) {
            if (g == null) {
                continue;
            }
            for (io.netty.util.concurrent.EventExecutor e : g) {
                if (e.inEventLoop()) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ connections

    boolean acquireSlot() {
        long max = settings.maxClients();
        while (true) {
            int n = slots.get();
            if (n >= max) {
                return false;
            }
            if (slots.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void releaseSlot() {
        slots.decrementAndGet();
    }

    void register(RespConnection c) {
        connections.add(c);
    }

    void unregister(RespConnection c) {
        connections.remove(c);
    }

    /** Forgets a departed client: subscriptions, WATCHes, MULTI, MONITOR, the client list. */
    void disconnect(Client client) {
        try {
            node.dispatcher().disconnect(client);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cleanup of " + client + " failed", e);
            node.clients().close(client);
        }
    }

    /** Number of connected clients. */
    public int connectionCount() {
        return connections.size();
    }

    private void cron() {
        try {
            long timeout = settings.timeoutSeconds();
            if (timeout > 0) {
                long now = node.engine().clock().millis();
                for (RespConnection c : connections) {
                    c.checkIdle(now, timeout);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "server cron failed", e);
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Stops listening, closes every connection after flushing what it has pending, and stops the
     * event loops. Waits up to a few seconds. Idempotent; must not be called from one of this
     * server's event loops (use another thread, as SHUTDOWN does).
     */
    @Override
    public synchronized void close() {
        if (acceptGroup == null) {
            return;
        }
        if (cron != null) {
            cron.cancel(false);
        }
        for (Channel c : listeners) {
            c.close().syncUninterruptibly();
        }
        listeners = List.of();
        for (RespConnection c : connections) {
            c.close(true);
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        EventLoopGroup a = acceptGroup;
        EventLoopGroup i = ioGroup;
        acceptGroup = null;
        ioGroup = null;
        if (i != null) {
            i.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (a != null) {
            a.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
