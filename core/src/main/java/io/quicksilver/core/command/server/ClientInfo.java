package io.quicksilver.core.command.server;

import io.quicksilver.core.command.Client;
import java.util.Locale;

/**
 * One CLIENT LIST / CLIENT INFO line, in Redis 7.0's field order, with the values we have:
 * buffers from the connection, 0 where Quicksilver keeps nothing comparable (reply buffer sizes,
 * output list lengths).
 */
public final class ClientInfo {
    private ClientInfo() {}

    /** Client types of CLIENT LIST TYPE and CLIENT KILL TYPE. */
    public enum Type { NORMAL, REPLICA, PUBSUB, MASTER }

    /** The type named as Redis's getClientTypeByName accepts it, or null. */
    public static Type typeByName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "normal":
                return Type.NORMAL;
            case "slave":
            case "replica":
                return Type.REPLICA;
            case "pubsub":
                return Type.PUBSUB;
            case "master":
                return Type.MASTER;
            default:
                return null;
        }
    }

    /** A client's type: PUBSUB while it has subscriptions, NORMAL otherwise (MONITOR included). */
    public static Type typeOf(Client c) {
        return c.subscriptionCount() > 0 ? Type.PUBSUB : Type.NORMAL;
    }

    /** "ip:port" of the peer, "" for an in-process client. */
    public static String addr(Client c) {
        return c.connection() == null ? "" : c.connection().remoteAddress();
    }

    /** "ip:port" of our end, "" for an in-process client. */
    public static String laddr(Client c) {
        return c.connection() == null ? "" : c.connection().localAddress();
    }

    /**
     * The line, without its trailing newline.
     *
     * @param c         the client described
     * @param nowMillis the current time, for age and idle
     * @param argvMem   bytes of the arguments of the command it is running (only the caller is
     *                  running one; 0 for the others, as Redis after a command)
     * @param multiMem  bytes of the arguments queued in its MULTI
     */
    public static String line(Client c, long nowMillis, long argvMem, long multiMem) {
        Client.Connection conn = c.connection();
        long qbuf = conn == null ? 0 : conn.queryBufferBytes();
        long omem = conn == null ? 0 : conn.outputBufferBytes();
        String name = c.name;
        StringBuilder sb = new StringBuilder(256);
        sb.append("id=").append(c.id())
                .append(" addr=").append(addr(c))
                .append(" laddr=").append(laddr(c))
                .append(" fd=").append(conn == null ? -1 : conn.fd())
                .append(" name=").append(name == null ? "" : name)
                .append(" age=").append(Math.max(0, (nowMillis - c.createdMillis()) / 1000))
                .append(" idle=").append(Math.max(0, (nowMillis - c.lastInteractionMillis) / 1000))
                .append(" flags=").append(flags(c))
                .append(" db=").append(c.db)
                .append(" sub=").append(c.channels().size())
                .append(" psub=").append(c.patterns().size())
                .append(" ssub=").append(c.shardChannels().size())
                .append(" multi=").append(c.multiLength())
                .append(" qbuf=").append(qbuf)
                .append(" qbuf-free=0")
                .append(" argv-mem=").append(argvMem)
                .append(" multi-mem=").append(multiMem)
                .append(" rbs=0 rbp=0 obl=0 oll=0")
                .append(" omem=").append(omem)
                .append(" tot-mem=").append(qbuf + argvMem + multiMem + omem)
                // "w" in Redis means a write handler waits on a full socket; we cannot tell that
                // from bytes merely not flushed yet, so a connection shows "r"
                .append(" events=").append(conn == null ? "" : "r")
                .append(" cmd=").append(c.lastCommand)
                .append(" user=").append(c.user)
                .append(" redir=-1")
                .append(" resp=").append(c.protocol);
        return sb.toString();
    }

    /** Redis's flag letters, in its order; "N" when none applies. */
    static String flags(Client c) {
        StringBuilder f = new StringBuilder();
        if (c.monitor) {
            f.append('O');
        }
        if (c.subscriptionCount() > 0) {
            f.append('P');
        }
        if (c.inMulti()) {
            f.append('x');
        }
        if (c.isBlocked()) {
            f.append('b');
        }
        if (c.isDirtyCas()) {
            f.append('d');
        }
        if (c.killed) {
            f.append('A');
        }
        if (c.noEvict) {
            f.append('e');
        }
        return f.length() == 0 ? "N" : f.toString();
    }
}
