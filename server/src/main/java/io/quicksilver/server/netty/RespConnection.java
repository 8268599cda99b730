package io.quicksilver.server.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.NetUtil;
import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.Node;
import io.quicksilver.core.command.Reply;
import io.quicksilver.core.engine.Prefetch;
import io.quicksilver.server.config.ServerSettings;
import io.quicksilver.server.config.ServerSettings.BufferLimit;
import io.quicksilver.server.resp.RespDecoder;
import io.quicksilver.server.resp.RespWriter;
import io.quicksilver.server.resp.SpareArguments;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection: the last handler of a channel's pipeline, after the {@link RespDecoder}.
 * It runs each decoded command through the node's dispatcher with a {@link RespWriter} as the
 * reply; replies of a read batch accumulate and are written with one flush when the batch ends
 * ({@code channelReadComplete}), so a pipeline of N commands costs one write. The flushes of all
 * the connections an event loop read in one round go out together after that round
 * ({@code BatchEnds}), as Redis writes replies before it next waits for events.
 *
 * <p>It is the core's {@link Client.Connection}: pub/sub messages and MONITOR lines arrive
 * through {@link #push} from any thread and are written by the channel's event loop, in order
 * with the replies. Output buffer limits (client-output-buffer-limit) close a client whose
 * pending output passes the hard limit, or stays above the soft limit too long. A normal client
 * whose socket cannot take more stops being read (autoRead off) until it drains.
 *
 * <p>Threading: everything but {@link #push}, {@link #close}, {@link #outputBufferBytes} and
 * {@link #queryBufferBytes} runs on the channel's event loop.
 */
final class RespConnection extends ChannelInboundHandlerAdapter implements Client.Connection {
    private static final Logger LOG = Logger.getLogger(RespConnection.class.getName());

    static final String MAX_CLIENTS = "ERR max number of clients reached";
    static final String DENIED = "DENIED Redis is running in protected mode because protected mode is enabled "
            + "and no password is set for the default user. In this mode connections are only accepted from "
            + "the loopback interface. If you want to connect from external computers to Redis you may adopt "
            + "one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
            + "protected-mode no' from the loopback interface by connecting to Redis from the same host the "
            + "server is running, however MAKE SURE Redis is not publicly accessible from internet if you do "
            + "so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the "
            + "protected mode by editing the Redis configuration file, and setting the protected mode option "
            + "to 'no', and then restarting the server. 3) If you started the server manually just for "
            + "testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication "
            + "password for the default user. NOTE: You only need to do one of the above things in order for "
            + "the server to start accepting connections from the outside.";
    private static final byte[] QUIT = "quit".getBytes(StandardCharsets.US_ASCII);
    /** Replies above this size are handed to the channel before the batch ends. */
    private static final int WRITE_THRESHOLD = 64 * 1024;

    private final RespServer server;
    private final Node node;
    private final ServerSettings settings;
    private final RespDecoder decoder;
    private volatile Channel channel;
    private ChannelHandlerContext ctx;
    private volatile Client client;
    private volatile RespWriter writer;
    private volatile String remote = "?:0";
    private volatile String local = "?:0";
    private boolean reading;
    /** The next command follows the previous one of its decoded batch at once (Dispatcher.execute). */
    private boolean follows;
    private boolean closeAfterReply;
    private boolean inputEnded;
    private boolean flushScheduled;
    /** This connection's read batch ended and its flush waits in {@link BatchEnds}. */
    private boolean batchEnding;
    private boolean counted;
    private volatile boolean closed;
    private long softLimitSince;
    /** The keys of the batch of pipelined commands being decoded (see {@link Prefetch}). */
    private final Prefetch prefetch = new Prefetch();

    RespConnection(RespServer server) {
        this.server = server;
        this.node = server.node();
        this.settings = server.settings();
        this.decoder = new RespDecoder(new RespDecoder.Limits() {
            @Override
            public long maxBulkLength() {
                return settings.protoMaxBulkLen();
            }

            @Override
            public long queryBufferLimit() {
                return settings.clientQueryBufferLimit();
            }

            @Override
            public boolean authRequired() {
                Client c = client;
                return node.requirePass() != null && (c == null || !c.authenticated);
            }

            @Override
            public boolean readAhead(byte[][] args) {
                // a pipeline of keyed commands is decoded as one batch, its keys prefetched
                Client c = client;
                return c != null && node.dispatcher().prefetch(c, args, prefetch);
            }

            @Override
            public void beforeBatch() {
                prefetch.run();
                follows = false; // the batch's first command reads the clock
            }
        });
    }

    /** The decoder that goes before this handler in the pipeline. */
    RespDecoder decoder() {
        return decoder;
    }

    /** A handler for the head of the pipeline: counts input bytes, refreshes the idle time. */
    ChannelInboundHandlerAdapter meter() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b) {
                    received(b.readableBytes());
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    /**
     * A command copied this argument and nothing keeps it: the decoder may read a later long
     * argument into it ({@link SpareArguments}). Arrays come back while their command runs and
     * are taken again only by a later decoding pass, after the batch they belonged to has run
     * (MONITOR and the slow log included); from another thread (a blocked client served by
     * another connection's push) they are left to the collector.
     */
    @Override
    public void reuse(byte[] argument) {
        int n = argument.length; // LPUSH hands back every element: short ones stop here, cheaply
        if (n >= SpareArguments.MIN && n <= SpareArguments.MAX && channel.eventLoop().inEventLoop()) {
            SpareArguments.current().give(argument);
        }
    }

    Client client() {
        return client;
    }

    Channel channel() {
        return channel;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        remote = format(channel.remoteAddress());
        local = format(channel.localAddress());
        if (!server.acquireSlot()) {
            reject(ctx, MAX_CLIENTS);
            return;
        }
        counted = true;
        if (settings.protectedMode() && node.requirePass() == null && !isLoopback(channel.remoteAddress())) {
            reject(ctx, DENIED);
            return;
        }
        long now = node.engine().clock().millis();
        Client c = node.clients().open(this, now);
        writer = new RespWriter(ctx.alloc(), c);
        client = c;
        node.engine().stats().connectionsReceived.increment();
        server.register(this);
        LOG.fine(() -> "Accepted " + remote);
        ctx.fireChannelActive();
    }

    /** Writes a refusal and closes; Redis counts it in rejected_connections. */
    private void reject(ChannelHandlerContext ctx, String error) {
        node.engine().stats().rejectedConnections.increment();
        closed = true;
        ByteBuf b = Unpooled.wrappedBuffer(RespDecoder.errorBytes(error));
        node.engine().stats().netOutputBytes.add(b.readableBytes());
        ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
        LOG.log(Level.FINE, "Rejected {0}: {1}", new Object[] {remote, error.substring(0, Math.min(40, error.length()))});
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        RespWriter w = writer;
        if (w != null) {
            w.discard();
        }
        Client c = client;
        if (c != null) {
            server.disconnect(c);
            server.unregister(this);
            LOG.fine(() -> "Client closed connection " + remote);
        }
        if (counted) {
            counted = false;
            server.releaseSlot();
        }
        ctx.fireChannelInactive();
    }

    /** Where this connection's buffers come from (tests). */
    ByteBufAllocator allocator() {
        return ctx.alloc();
    }

    /**
     * The client shut down its output (half-close): answer what it sent, then close, instead of
     * dropping replies still to be written. A command cut in the middle is dropped.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputEnded = true;
            if (blockedWait) {
                // a client that closed while blocked (BLPOP...) is gone, as Redis frees it: its
                // wait must not take data it can never receive
                ctx.close();
                return;
            }
            if (!reading && waiting.isEmpty() && !paused && !blockedWait && !pauseHeld) {
                endOfBatch();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.log(Level.FINE, "Connection error " + remote + ": " + cause.getMessage());
        } else {
            LOG.log(Level.WARNING, "Closing client " + remote + " after an unexpected error", cause);
        }
        ctx.close();
    }

    // ------------------------------------------------------------------ input

    /** Called by the input meter for every chunk read: counts bytes, refreshes idle time. */
    void received(int bytes) {
        node.engine().stats().netInputBytes.add(bytes);
        Client c = client;
        if (c != null) { // the idle time of CLIENT LIST and the timeout: per read, as Redis
            c.lastInteractionMillis = node.engine().clock().millis();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        if (!(msg instanceof byte[][]) && !(msg instanceof RespDecoder.Failure)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (paused || blockedWait || pauseHeld || !waiting.isEmpty()) {
            // paused by back-pressure, a blocked command or CLIENT PAUSE: keep the order
            waiting.add(msg);
            if (msg instanceof byte[][] args) {
                for (byte[] a : args) {
                    waitingBytes += a.length;
                }
                if (waitingBytes + decoder.queryBufferBytes() > settings.clientQueryBufferLimit()) {
                    LOG.warning(() -> "Closing client that reached max query buffer length: " + describe());
                    closeInLoop(false);
                }
            }
            return;
        }
        process(msg);
    }

    /** Runs one decoded message; pauses (queues the rest) when the socket stops taking output. */
    private void process(Object msg) {
        if (msg instanceof byte[][] args) {
            Client held = client;
            if (held != null && !closeAfterReply && !closed && node.isPaused(held, args)) {
                // CLIENT PAUSE: this command and the later ones wait, in order, until it ends
                waiting.addFirst(msg);
                for (byte[] a : args) {
                    waitingBytes += a.length;
                }
                pauseHeld = true;
                schedulePauseCheck();
                return;
            }
            command(args);
            Client cl = client;
            if (cl != null && (cl.isBlocked() || pendingUnblocks.get() > 0)) {
                // a blocking command is waiting (BLPOP...), or its answer is on its way from
                // another thread: later commands wait until unblocked() has run on this loop
                blockedWait = true;
            }
        } else {
            failure((RespDecoder.Failure) msg);
        }
    }

    private void command(byte[][] args) {
        Client c = client;
        if (c == null || closeAfterReply || closed || c.killed) {
            return; // Redis stops processing input once a client is to be closed
        }
        RespWriter w = writer;
        try {
            if (args.length > 0 && isQuit(args[0]) && node.commands().lookup(args[0]) == null) {
                // QUIT when no command group binds it: reply +OK and close after the reply
                w.ok();
                closeAfterReply = true;
            } else {
                node.dispatcher().execute(c, args, w, follows);
                follows = true;
            }
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "Command failed outside the dispatcher, closing " + remote, t);
            w.discard();
            closed = true;
            channel.close();
            return;
        }
        if (w.pending() >= WRITE_THRESHOLD) {
            ByteBuf b = w.take();
            if (b != null) {
                node.engine().stats().netOutputBytes.add(b.readableBytes());
                ctx.write(b, ctx.voidPromise());
            }
            checkOutputLimits();
            if (!channel.isWritable() && !closed) {
                // the socket is full: send what we have and run no more commands until it drains
                ctx.flush();
                if (!channel.isWritable()) {
                    paused = true;
                    channel.config().setAutoRead(false);
                }
            }
        }
    }

    /**
     * Commands decoded while paused by back-pressure, in order (byte[][] or Failure). Bounded by
     * what one read delivered, since reading stops while paused.
     */
    private final java.util.ArrayDeque<Object> waiting = new java.util.ArrayDeque<>();
    private long waitingBytes;
    private boolean paused;
    /** True from a command that blocked (BLPOP...) until {@link #unblocked} runs on the loop. */
    private boolean blockedWait;
    /** True while CLIENT PAUSE holds the first waiting command (read by the idle cron). */
    private volatile boolean pauseHeld;
    private static final long PAUSE_RECHECK_MILLIS = 20;
    /** unblocked() calls whose task has not run yet (they may come from other threads). */
    private final java.util.concurrent.atomic.AtomicInteger pendingUnblocks = new java.util.concurrent.atomic.AtomicInteger();

    private static boolean isQuit(byte[] name) {
        if (name.length != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if ((name[i] | 0x20) != QUIT[i]) {
                return false;
            }
        }
        return true;
    }

    private void failure(RespDecoder.Failure f) {
        if (f.errorLine() == null) {
            LOG.warning(() -> "Closing client that reached max query buffer length: " + describe());
        } else {
            LOG.fine(() -> "Protocol error (" + f.reason() + ") from client: " + describe());
            if (writer != null) {
                writer.raw(RespDecoder.errorBytes(f.errorLine()));
                node.engine().stats().errorReplies.increment();
            }
        }
        closeAfterReply = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (!batchEnding) {
            batchEnding = true;
            BatchEnds.of(ctx.channel().eventLoop()).add(this);
        }
    }

    /**
     * The ends of the read batches of one event loop, run together once the loop has read every
     * ready connection, as Redis writes its clients' replies in beforeSleep: the writes then go
     * out back to back, and a client (redis-benchmark's 50 connections are one process) woken by
     * the first finds the next ones while it still runs, instead of being woken again for each.
     * Event-loop thread only.
     */
    private static final class BatchEnds implements Runnable {
        private static final io.netty.util.concurrent.FastThreadLocal<BatchEnds> LOOP =
                new io.netty.util.concurrent.FastThreadLocal<>();
        private final EventLoop loop;
        private RespConnection[] pending = new RespConnection[16];
        private int count;

        private BatchEnds(EventLoop loop) {
            this.loop = loop;
        }

        static BatchEnds of(EventLoop loop) {
            BatchEnds b = LOOP.get();
            if (b == null || b.loop != loop) { // (tests run several embedded loops on one thread)
                b = new BatchEnds(loop);
                LOOP.set(b);
            }
            return b;
        }

        void add(RespConnection c) {
            if (count == 0) {
                loop.execute(this); // a task: it runs after this round of I/O events
            }
            if (count == pending.length) {
                pending = java.util.Arrays.copyOf(pending, count * 2);
            }
            pending[count++] = c;
        }

        @Override
        public void run() {
            // a connection ending its batch now (a close's flush) joins this run; whatever one
            // connection throws (even an Error, as Netty's handler calls catch) closes that one
            // alone, and the queue is left empty so that the next round schedules a run again
            try {
                for (int i = 0; i < count; i++) {
                    RespConnection c = pending[i];
                    pending[i] = null;
                    c.batchEnding = false;
                    try {
                        c.endOfBatch();
                    } catch (Throwable e) {
                        c.exceptionCaught(c.ctx, e);
                    }
                }
            } finally {
                for (int i = 0; i < count; i++) {
                    if (pending[i] != null) {
                        pending[i].batchEnding = false;
                        pending[i] = null;
                    }
                }
                count = 0;
            }
        }
    }

    /** After a read batch or a drain: flush, then close if a QUIT or an error asked for it. */
    private void endOfBatch() {
        flushOut();
        if ((closeAfterReply || inputEnded) && !closed && waiting.isEmpty() && !blockedWait && !pauseHeld) {
            closed = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Writes and flushes what accumulated; stops reading while the socket cannot take more. */
    private void flushOut() {
        RespWriter w = writer;
        if (w == null || ctx == null) {
            return;
        }
        ByteBuf b = w.take();
        if (b != null) {
            node.engine().stats().netOutputBytes.add(b.readableBytes());
            ctx.write(b, ctx.voidPromise());
        }
        ctx.flush();
        checkOutputLimits();
        if (!channel.isWritable() && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable() && !closed) {
            resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * While CLIENT PAUSE holds this client's next command, asks the node again every few
     * milliseconds (the pause has no notification; its end time or CLIENT UNPAUSE ends it).
     */
    private void schedulePauseCheck() {
        channel.eventLoop().schedule(() -> {
            if (closed || !pauseHeld) {
                return;
            }
            Object next = waiting.peek();
            Client c = client;
            if (c != null && next instanceof byte[][] args && node.isPaused(c, args)) {
                schedulePauseCheck();
                return;
            }
            pauseHeld = false;
            if (!paused && !blockedWait) {
                resume();
            }
        }, PAUSE_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs waiting commands until none is left or the client pauses or blocks again. */
    private void drain() {
        follows = false;
        while (!waiting.isEmpty() && !paused && !blockedWait && !pauseHeld && !closed) {
            Object msg = waiting.poll();
            if (msg instanceof byte[][] args) {
                for (byte[] a : args) {
                    waitingBytes -= a.length;
                }
            }
            process(msg);
        }
    }

    /**
     * The blocking command was answered (its reply was pushed first, so it is already in order):
     * run the commands that arrived meanwhile. Always on the event loop, after the push.
     */
    @Override
    public void unblocked() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        pendingUnblocks.incrementAndGet();
        ch.eventLoop().execute(() -> {
            pendingUnblocks.decrementAndGet();
            blockedWait = false;
            if (closed) {
                return;
            }
            if (paused) {
                return; // the writability change resumes
            }
            resume();
        });
    }

    /** The socket drained: run the commands that waited, then read again unless paused anew. */
    private void resume() {
        paused = false;
        drain();
        if (paused || blockedWait || pauseHeld || closed) {
            return;
        }
        endOfBatch();
        if (!closed && channel.isWritable() && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    // ------------------------------------------------------------------ Client.Connection

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String localAddress() {
        return local;
    }

    @Override
    public void close(boolean flushFirst) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        EventLoop loop = ch.eventLoop();
        if (loop.inEventLoop()) {
            closeInLoop(flushFirst);
        } else {
            loop.execute(() -> closeInLoop(flushFirst));
        }
    }

    private void closeInLoop(boolean flushFirst) {
        if (!flushFirst) {
            closed = true;
            RespWriter w = writer;
            if (w != null) {
                w.discard();
            }
            channel.close();
            return;
        }
        closeAfterReply = true;
        if (!reading) {
            // not inside a read batch (another thread's CLIENT KILL, SHUTDOWN): flush now
            flushOut();
            if (!closed) {
                closed = true;
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void push(Consumer<Reply> message) {
        Channel ch = channel;
        if (ch == null || closed) {
            return;
        }
        EventLoop loop = ch.eventLoop();
        if (loop.inEventLoop()) {
            writePush(message);
        } else {
            loop.execute(() -> writePush(message));
        }
    }

    private void writePush(Consumer<Reply> message) {
        RespWriter w = writer;
        if (closed || w == null) {
            return;
        }
        message.accept(w);
        if (!reading && !flushScheduled) {
            // coalesce: pushes queued before this flush runs go out with one write
            flushScheduled = true;
            channel.eventLoop().execute(() -> {
                flushScheduled = false;
                if (!closed) {
                    flushOut();
                }
            });
        }
        checkOutputLimits();
    }

    @Override
    public long outputBufferBytes() {
        Channel ch = channel;
        RespWriter w = writer;
        long n = w == null ? 0 : w.pending();
        if (ch != null) {
            ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
            if (out != null) {
                n += out.totalPendingWriteBytes();
            }
        }
        return n;
    }

    @Override
    public long queryBufferBytes() {
        return decoder.queryBufferBytes() + waitingBytes;
    }


    @Override
    public int fd() {
        Channel ch = channel;
        if (ch instanceof UnixChannel u) {
            try {
                return u.fd().intValue();
            } catch (RuntimeException e) {
                return -1;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ limits and timeouts

    /**
     * Redis's checkClientOutputBufferLimits: a client of the pubsub class (subscribed to
     * anything) or the normal class is closed, without its pending output, when that output
     * reaches the class's hard limit, or has stayed at or above the soft limit for more than the
     * soft seconds. A limit of 0 is no limit.
     */
    private void checkOutputLimits() {
        Client c = client;
        if (c == null || closed) {
            return;
        }
        BufferLimit limit = c.subscriptionCount() > 0 ? settings.pubsubLimit() : settings.normalLimit();
        if (limit.isNone()) {
            softLimitSince = 0;
            return;
        }
        long used = outputBufferBytes();
        boolean hard = limit.hardBytes() > 0 && used >= limit.hardBytes();
        boolean soft = limit.softBytes() > 0 && used >= limit.softBytes();
        if (soft) {
            long now = node.engine().clock().millis();
            if (softLimitSince == 0) {
                softLimitSince = now;
                soft = false;
            } else if (now - softLimitSince <= limit.softSeconds() * 1000) {
                soft = false;
            }
        } else {
            softLimitSince = 0;
        }
        if (hard || soft) {
            LOG.warning(() -> "Client " + describe() + " scheduled to be closed ASAP for overcoming of output buffer limits.");
            closeInLoop(false);
        }
    }

    /** The idle timeout check, from the server's cron (any thread). */
    void checkIdle(long nowMillis, long timeoutSeconds) {
        Client c = client;
        if (c == null || closed || timeoutSeconds <= 0) {
            return;
        }
        if (c.subscriptionCount() > 0 || c.monitor || c.isBlocked() || pauseHeld) {
            return; // Redis does not time out pub/sub, MONITOR, blocked and paused clients
        }
        if (nowMillis - c.lastInteractionMillis > timeoutSeconds * 1000) {
            LOG.fine(() -> "Closing idle client " + describe());
            close(false);
        }
    }

    private String describe() {
        Client c = client;
        return "id=" + (c == null ? 0 : c.id()) + " addr=" + remote + " laddr=" + local
                + (c != null && c.name != null ? " name=" + c.name : "");
    }

    /** "ip:port" as Redis prints it (IPv6 without brackets). */
    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : NetUtil.toAddressString(inet.getAddress());
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    static boolean isLoopback(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null && inet.getAddress().isLoopbackAddress();
        }
        return true; // local channels (tests) and unix sockets are local
    }

    @Override
    public String toString() {
        return "RespConnection[" + remote + "]";
    }
}
