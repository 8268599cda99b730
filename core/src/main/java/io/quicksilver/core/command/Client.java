package io.quicksilver.core.command;

import io.quicksilver.core.engine.WatchRegistry;
import io.quicksilver.core.pubsub.Subscriber;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The state of one client connection as commands see it: database, protocol, name, MULTI queue,
 * watched keys, subscriptions. Independent of the network: the server gives it a
 * {@link Connection}, an in-process caller may give none.
 *
 * <p>Threading: a client's commands run one at a time (the connection's event loop, or the
 * caller), so most fields are plain. What other threads touch is marked: {@link #touched()}
 * (WATCH, from any writer), {@link #killed}, and the informational fields read by CLIENT LIST.
 */
public final class Client implements WatchRegistry.Watcher, Subscriber {

    /** The network side of a client, implemented by the server. Thread-safe. */
    public interface Connection {
        /** "ip:port" of the peer. */
        String remoteAddress();

        /** "ip:port" of our end. */
        String localAddress();

        /** Closes after what was written so far is flushed (QUIT) or at once (CLIENT KILL). */
        void close(boolean flushFirst);

        /**
         * Writes an out-of-band message (pub/sub, MONITOR) from any thread, in order with the
         * replies. The consumer writes exactly one RESP value.
         */
        void push(Consumer<Reply> message);

        /** Bytes queued for this client and not yet written to the socket. */
        long outputBufferBytes();

        /** Bytes read from the socket and not yet parsed into a command. */
        long queryBufferBytes();

        /**
         * The client's blocking command was answered (served, timed out, or CLIENT UNBLOCK): the
         * server resumes reading and running the client's later commands. Called after the
         * answer was pushed, from any thread.
         */
        default void unblocked() {
        }

        /** Socket file descriptor for CLIENT LIST, or -1 when unknown. */
        default int fd() {
            return -1;
        }

        /**
         * The command running for this client copied {@code argument}, one of its arguments, and
         * neither it nor the engine keeps the array: once the command has finished (MONITOR and
         * the slow log read arguments after the handler) the connection may read a later
         * argument into it, so that a long value written again and again (SET of 1 KiB values)
         * costs the heap no new array per command. Called by the command's handler, on the
         * thread that runs the command; a connection that does not reuse arrays ignores it.
         * Only ever for an array the engine was handed by this client's own command.
         */
        default void reuse(byte[] argument) {
        }
    }

    /** A command waiting in a MULTI queue. */
    public record Queued(CommandSpec spec, byte[][] args) {}

    /** A watched key and whether it existed when WATCH was called. */
    public record Watched(int db, byte[] key) {}

    public enum ReplyMode { ON, OFF, SKIP }

    private final long id;
    private final Connection connection;
    private final long createdMillis;
    /**
     * When the client last sent something (CLIENT LIST idle, the idle timeout): set by its
     * connection on every read of input, as Redis sets it per read of the query buffer, not per
     * command (a pipelined batch is one interaction, and a clock read per command costs).
     */
    public volatile long lastInteractionMillis;
    /** When this client's last command ended ({@link System#nanoTime()}): see {@link Dispatcher#execute(Client, byte[][], Reply, boolean)}. */
    long lastEndNanos;
    /** The name the client's last command was looked up by, exactly as sent, and what it named (Dispatcher). */
    byte[] lastName;
    CommandSpec lastSpec;
    public volatile String lastCommand = "NULL";
    public volatile String name;
    public volatile String libName;
    public volatile String libVersion;
    public volatile int db;
    public volatile int protocol = 2;
    public volatile boolean authenticated;
    public volatile String user = "default";
    public volatile boolean killed;
    public volatile boolean noEvict;
    public volatile boolean noTouch;
    public volatile boolean monitor;
    public ReplyMode replyMode = ReplyMode.ON;
    /**
     * Redis's CLIENT_DENY_BLOCKING: set while EXEC runs the queued commands (and while a script
     * runs): blocking commands must not block, SSUBSCRIBE is refused. Client's thread only.
     */
    public boolean denyBlocking;

    /** The blocking command this client waits in (BLPOP...), or null. */
    volatile Blocking.Waiter blocked;

    // MULTI/EXEC
    List<Queued> multi;
    boolean multiDirty;
    final List<Watched> watched = new ArrayList<>();
    volatile boolean dirtyCas;

    // pub/sub
    final Set<ByteBuffer> channels = new LinkedHashSet<>();
    final Set<ByteBuffer> patterns = new LinkedHashSet<>();
    final Set<ByteBuffer> shardChannels = new LinkedHashSet<>();

    public Client(long id, Connection connection, long createdMillis) {
        this.id = id;
        this.connection = connection;
        this.createdMillis = createdMillis;
        this.lastInteractionMillis = createdMillis;
    }

    public long id() {
        return id;
    }

    public Connection connection() {
        return connection;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** True while a blocking command of this client waits for data (BLPOP, BZPOPMIN...). */
    public boolean isBlocked() {
        return blocked != null;
    }

    public boolean inMulti() {
        return multi != null;
    }

    public int multiLength() {
        return multi == null ? -1 : multi.size();
    }

    public int watchedCount() {
        return watched.size();
    }

    public Set<ByteBuffer> channels() {
        return channels;
    }

    public Set<ByteBuffer> patterns() {
        return patterns;
    }

    public Set<ByteBuffer> shardChannels() {
        return shardChannels;
    }

    /** Channels + patterns + shard channels: what (P|S)SUBSCRIBE replies count. */
    public int subscriptionCount() {
        return channels.size() + patterns.size() + shardChannels.size();
    }

    // ---------------------------------------------------------------- WATCH

    @Override
    public void touched() {
        dirtyCas = true;
    }

    public boolean isDirtyCas() {
        return dirtyCas;
    }

    // ---------------------------------------------------------------- pub/sub delivery

    @Override
    public void message(byte[] channel, byte[] message) {
        deliver("message", null, channel, message);
    }

    @Override
    public void patternMessage(byte[] pattern, byte[] channel, byte[] message) {
        deliver("pmessage", pattern, channel, message);
    }

    @Override
    public void shardMessage(byte[] channel, byte[] message) {
        deliver("smessage", null, channel, message);
    }

    private void deliver(String kind, byte[] pattern, byte[] channel, byte[] message) {
        if (connection == null) {
            return;
        }
        connection.push(r -> {
            r.push(pattern == null ? 3 : 4);
            r.bulk(kind);
            if (pattern != null) {
                r.bulk(pattern);
            }
            r.bulk(channel);
            r.bulk(message);
        });
    }

    @Override
    public String toString() {
        return "client " + id;
    }
}
