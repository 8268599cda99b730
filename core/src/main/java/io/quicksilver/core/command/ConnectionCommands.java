package io.quicksilver.core.command;

import io.quicksilver.core.command.server.ClientInfo;
import io.quicksilver.core.command.server.ClientPause;
import io.quicksilver.core.command.server.Help;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection commands with Redis 7.0's replies and errors: PING, ECHO, QUIT, RESET, HELLO,
 * AUTH, SELECT and the CLIENT subcommands (ID, SETNAME, GETNAME, LIST, INFO, KILL, REPLY,
 * NO-EVICT, PAUSE, UNPAUSE, HELP).
 *
 * <p>Authentication: there is one user, "default", whose password is {@code requirepass}
 * ({@link Node#requirePass()}); without one, any password is accepted for "default", as Redis's
 * "nopass" default user.
 */
public final class ConnectionCommands implements CommandGroup {
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    private static final String BAD_NAME =
            "ERR Client names cannot contain spaces, newlines or special characters.";

    private static final Help CLIENT_HELP = new Help()
            .entry("caching", "CACHING (YES|NO)",
                    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.")
            .entry("getredir", "GETREDIR",
                    "    Return the client ID we are redirecting to when tracking is enabled.")
            .entry("getname", "GETNAME", "    Return the name of the current connection.")
            .entry("id", "ID", "    Return the ID of the current connection.")
            .entry("info", "INFO", "    Return information about the current client connection.")
            .entry("kill", "KILL <ip:port>", "    Kill connection made from <ip:port>.",
                    "KILL <option> <value> [<option> <value> [...]]",
                    "    Kill connections. Options are:",
                    "    * ADDR (<ip:port>|<unixsocket>:0)",
                    "      Kill connections made from the specified address",
                    "    * LADDR (<ip:port>|<unixsocket>:0)",
                    "      Kill connections made to specified local address",
                    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                    "      Kill connections by type.",
                    "    * USER <username>",
                    "      Kill connections authenticated by <username>.",
                    "    * SKIPME (YES|NO)",
                    "      Skip killing current connection (default: yes).")
            .entry("list", "LIST [options ...]",
                    "    Return information about client connections. Options:",
                    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                    "      Return clients of specified type.")
            .entry("unpause", "UNPAUSE", "    Stop the current client pause, resuming traffic.")
            .entry("pause", "PAUSE <timeout> [WRITE|ALL]",
                    "    Suspend all, or just write, clients for <timeout> milliseconds.")
            .entry("reply", "REPLY (ON|OFF|SKIP)",
                    "    Control the replies sent to the current connection.")
            .entry("setname", "SETNAME <name>", "    Assign the name <name> to the current connection.")
            .entry("unblock", "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                    "    Unblock the specified blocked client.")
            .entry("tracking", "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                    "         [OPTIN] [OPTOUT] [NOLOOP]",
                    "    Control server assisted client side caching.")
            .entry("trackinginfo", "TRACKINGINFO",
                    "    Report tracking status for the current connection.")
            .entry("no-evict", "NO-EVICT (ON|OFF)",
                    "    Protect current client connection from eviction.");

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("ping", this::ping)
                .bind("echo", this::echo)
                .bind("quit", this::quit)
                .bind("reset", this::reset)
                .bind("hello", this::hello)
                .bind("auth", this::auth)
                .bind("select", this::select)
                .bind("client|id", ctx -> ctx.reply.integer(ctx.client.id()))
                .bind("client|setname", this::clientSetName)
                .bind("client|getname", ctx -> ctx.reply.bulkOrNull(
                        ctx.client.name == null ? null : Args.bytes(ctx.client.name)))
                .bind("client|list", this::clientList)
                .bind("client|info", this::clientInfo)
                .bind("client|kill", this::clientKill)
                .bind("client|reply", this::clientReply)
                .bind("client|no-evict", this::clientNoEvict)
                .bind("client|pause", this::clientPause)
                .bind("client|unpause", this::clientUnpause)
                .bind("client|unblock", this::clientUnblock)
                .bind("client|help", ctx -> CLIENT_HELP.write(ctx.reply, ctx.arg(0), ctx.spec.parent()));
    }

    // ---------------------------------------------------------------- PING, ECHO, QUIT, RESET

    private void ping(Context ctx) {
        if (ctx.argc() > 2) {
            throw new CommandException(Errors.arity("ping"));
        }
        if (ctx.client.protocol == 2 && ctx.client.subscriptionCount() > 0) {
            // RESP2 in subscribed mode: ["pong", message or ""]
            ctx.reply.array(2);
            ctx.reply.bulk("pong");
            ctx.reply.bulk(ctx.argc() == 2 ? ctx.arg(1) : new byte[0]);
        } else if (ctx.argc() == 2) {
            ctx.reply.bulk(ctx.arg(1));
        } else {
            ctx.reply.simple("PONG");
        }
    }

    private void echo(Context ctx) {
        ctx.reply.bulk(ctx.arg(1));
    }

    /** QUIT: OK, then the connection closes once the reply is flushed. */
    private void quit(Context ctx) {
        ctx.reply.ok();
        Client.Connection conn = ctx.client.connection();
        if (conn != null) {
            conn.close(true);
        }
    }

    /**
     * RESET (Redis's clearClientConnectionState): leaves MONITOR and MULTI, forgets WATCHes and
     * subscriptions, SELECT 0, RESP2, no name, replies on, no NO-EVICT, and not authenticated when
     * a password is set.
     */
    private void reset(Context ctx) {
        Client c = ctx.client;
        if (c.monitor) {
            ctx.node.clients().monitors().remove(c);
            c.monitor = false;
        }
        c.db = 0;
        c.protocol = 2;
        c.user = "default";
        c.authenticated = ctx.node.requirePass() == null;
        TransactionCommands.discardTransaction(ctx);
        PubSubCommands.unsubscribeAll(c, ctx.node);
        c.name = null;
        c.noEvict = false;
        c.replyMode = Client.ReplyMode.ON;
        ctx.reply.simple("RESET");
    }

    // ---------------------------------------------------------------- HELLO, AUTH, SELECT

    /**
     * HELLO [protover [AUTH user pass] [SETNAME name]]: options take effect in order (an AUTH that
     * succeeded stays even if a later option fails), the name is set and the protocol switched
     * only once everything passed.
     */
    private void hello(Context ctx) {
        Client c = ctx.client;
        long ver = 0;
        int next = 1;
        if (ctx.argc() >= 2) {
            ver = Args.parseLongOr(ctx.arg(1), Long.MIN_VALUE);
            if (ver == Long.MIN_VALUE) {
                throw new CommandException("ERR Protocol version is not an integer or out of range");
            }
            next = 2;
            if (ver < 2 || ver > 3) {
                throw new CommandException("NOPROTO unsupported protocol version");
            }
        }
        byte[] name = null;
        for (int j = next; j < ctx.argc(); j++) {
            int more = ctx.argc() - 1 - j;
            if (ctx.is(j, "AUTH") && more >= 2) {
                if (!authenticate(ctx, ctx.arg(j + 1), ctx.arg(j + 2))) {
                    throw new CommandException(WRONGPASS);
                }
                j += 2;
            } else if (ctx.is(j, "SETNAME") && more >= 1) {
                name = ctx.arg(j + 1);
                checkName(name);
                j++;
            } else {
                throw new CommandException("ERR Syntax error in HELLO option '"
                        + Errors.sanitize(ctx.argString(j)) + "'");
            }
        }
        if (ctx.node.requirePass() != null && !c.authenticated) {
            throw new CommandException("NOAUTH HELLO must be called with the client already "
                    + "authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to "
                    + "authenticate the client and select the RESP protocol version at the same time");
        }
        if (name != null) {
            c.name = name.length == 0 ? null : new String(name, StandardCharsets.UTF_8);
        }
        if (ver != 0) {
            c.protocol = (int) ver;
        }
        Reply r = ctx.reply;
        r.map(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(ctx.node.redisVersion());
        r.bulk("proto");
        r.integer(c.protocol);
        r.bulk("id");
        r.integer(c.id());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.array(0);
    }

    private void auth(Context ctx) {
        if (ctx.argc() > 3) {
            throw Errors.syntax();
        }
        byte[] user;
        byte[] pass;
        if (ctx.argc() == 2) {
            if (ctx.node.requirePass() == null) {
                throw new CommandException("ERR AUTH <password> called without any password "
                        + "configured for the default user. Are you sure your configuration is correct?");
            }
            user = Args.bytes("default");
            pass = ctx.arg(1);
        } else {
            user = ctx.arg(1);
            pass = ctx.arg(2);
        }
        if (!authenticate(ctx, user, pass)) {
            throw new CommandException(WRONGPASS);
        }
        ctx.reply.ok();
    }

    /**
     * Checks a user and password and, if they match, marks the client authenticated.
     *
     * @param user the user name: only "default" exists
     * @param pass the password: requirepass, or anything when no password is set
     */
    private static boolean authenticate(Context ctx, byte[] user, byte[] pass) {
        if (!"default".equals(new String(user, StandardCharsets.UTF_8))) {
            return false;
        }
        String required = ctx.node.requirePass();
        if (required != null && !MessageDigest.isEqual(Args.bytes(required), pass)) {
            return false;
        }
        ctx.client.authenticated = true;
        ctx.client.user = "default";
        return true;
    }

    private void select(Context ctx) {
        long id = ctx.longArg(1);
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
            throw new CommandException("ERR value is out of range, value must between "
                    + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        if (id < 0 || id >= ctx.engine().databaseCount()) {
            throw new CommandException(Errors.DB_INDEX);
        }
        ctx.client.db = (int) id;
        ctx.reply.ok();
    }

    // ---------------------------------------------------------------- CLIENT

    /** Redis's validateClientName: only '!'..'~', no spaces or control characters. */
    private static void checkName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new CommandException(BAD_NAME);
            }
        }
    }

    private void clientSetName(Context ctx) {
        byte[] name = ctx.arg(2);
        checkName(name);
        ctx.client.name = name.length == 0 ? null : new String(name, StandardCharsets.US_ASCII);
        ctx.reply.ok();
    }

    /** CLIENT LIST [TYPE type | ID id [id ...]]: one line per client, in id order. */
    private void clientList(Context ctx) {
        StringBuilder sb = new StringBuilder();
        if (ctx.argc() == 4 && ctx.is(2, "type")) {
            ClientInfo.Type type = ClientInfo.typeByName(ctx.argString(3));
            if (type == null) {
                throw new CommandException("ERR Unknown client type '" + Errors.sanitize(ctx.argString(3)) + "'");
            }
            for (Client c : ctx.node.clients().all()) {
                if (ClientInfo.typeOf(c) == type) {
                    sb.append(line(ctx, c)).append('\n');
                }
            }
        } else if (ctx.argc() > 3 && ctx.is(2, "id")) {
            List<Long> ids = new ArrayList<>();
            for (int j = 3; j < ctx.argc(); j++) {
                long id = Args.parseLongOr(ctx.arg(j), Long.MIN_VALUE);
                if (id == Long.MIN_VALUE && !Args.isLong(ctx.arg(j))) {
                    throw new CommandException("ERR Invalid client ID");
                }
                ids.add(id);
            }
            for (long id : ids) {
                Client c = ctx.node.clients().byId(id);
                if (c != null) {
                    sb.append(line(ctx, c)).append('\n');
                }
            }
        } else if (ctx.argc() != 2) {
            throw Errors.syntax();
        } else {
            for (Client c : ctx.node.clients().all()) {
                sb.append(line(ctx, c)).append('\n');
            }
        }
        ctx.reply.verbatim("txt", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void clientInfo(Context ctx) {
        ctx.reply.verbatim("txt", (line(ctx, ctx.client) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The CLIENT LIST line of {@code c}; argv-mem is only known for the caller. */
    private static String line(Context ctx, Client c) {
        long argvMem = 0;
        if (c == ctx.client) {
            for (byte[] a : ctx.args) {
                argvMem += a.length;
            }
        }
        return ClientInfo.line(c, ctx.now(), argvMem, multiMem(c));
    }

    /** Bytes of the arguments queued in a client's MULTI (another thread may be adding to it). */
    private static long multiMem(Client c) {
        List<Client.Queued> q = c.multi;
        if (q == null) {
            return 0;
        }
        long n = 0;
        try {
            for (Client.Queued e : q.toArray(new Client.Queued[0])) {
                for (byte[] a : e.args()) {
                    n += a.length;
                }
            }
        } catch (RuntimeException raced) {
            return 0;
        }
        return n;
    }

    /**
     * CLIENT KILL ip:port (old form: OK or "No such client"; may kill the caller) or CLIENT KILL
     * [ID id] [TYPE type] [ADDR ip:port] [LADDR ip:port] [USER name] [SKIPME yes|no] (new form:
     * how many were killed). Another client is killed at once; the caller after its reply.
     */
    private void clientKill(Context ctx) {
        String addr = null;
        String laddr = null;
        String user = null;
        ClientInfo.Type type = null;
        long id = 0;
        boolean skipMe = true;
        if (ctx.argc() == 3) {
            addr = ctx.argString(2);
            skipMe = false;
        } else {
            for (int i = 2; i < ctx.argc(); i += 2) {
                boolean more = ctx.argc() > i + 1;
                if (ctx.is(i, "id") && more) {
                    long v = Args.parseLongOr(ctx.arg(i + 1), Long.MIN_VALUE);
                    if (v < 1) {
                        throw new CommandException("ERR client-id should be greater than 0");
                    }
                    id = v;
                } else if (ctx.is(i, "type") && more) {
                    type = ClientInfo.typeByName(ctx.argString(i + 1));
                    if (type == null) {
                        throw new CommandException("ERR Unknown client type '"
                                + Errors.sanitize(ctx.argString(i + 1)) + "'");
                    }
                } else if (ctx.is(i, "addr") && more) {
                    addr = ctx.argString(i + 1);
                } else if (ctx.is(i, "laddr") && more) {
                    laddr = ctx.argString(i + 1);
                } else if (ctx.is(i, "user") && more) {
                    user = ctx.argString(i + 1);
                    if (!"default".equals(user)) {
                        throw new CommandException("ERR No such user '" + Errors.sanitize(user) + "'");
                    }
                } else if (ctx.is(i, "skipme") && more) {
                    if (ctx.is(i + 1, "yes")) {
                        skipMe = true;
                    } else if (ctx.is(i + 1, "no")) {
                        skipMe = false;
                    } else {
                        throw Errors.syntax();
                    }
                } else {
                    throw Errors.syntax();
                }
            }
        }
        int killed = 0;
        boolean closeMe = false;
        List<Client> victims = new ArrayList<>();
        for (Client c : ctx.node.clients().all()) {
            if (addr != null && !addr.equals(ClientInfo.addr(c))) {
                continue;
            }
            if (laddr != null && !laddr.equals(ClientInfo.laddr(c))) {
                continue;
            }
            if (type != null && ClientInfo.typeOf(c) != type) {
                continue;
            }
            if (id != 0 && c.id() != id) {
                continue;
            }
            if (user != null && !user.equals(c.user)) {
                continue;
            }
            if (c == ctx.client) {
                if (skipMe) {
                    continue;
                }
                closeMe = true;
            } else {
                victims.add(c);
            }
            killed++;
        }
        if (ctx.argc() == 3 && killed == 0) {
            throw new CommandException("ERR No such client");
        }
        for (Client c : victims) {
            kill(ctx.node, c);
        }
        if (ctx.argc() == 3) {
            ctx.reply.ok();
        } else {
            ctx.reply.integer(killed);
        }
        if (closeMe && ctx.client.connection() != null) {
            ctx.client.connection().close(true);
        }
    }

    /**
     * Kills another client: marks it, and closes its connection at once (the server then
     * forgets it); an in-process client, which has no connection, is forgotten here.
     */
    static void kill(Node node, Client c) {
        c.killed = true;
        Client.Connection conn = c.connection();
        if (conn != null) {
            conn.close(false);
        } else {
            node.clients().close(c);
        }
    }

    /**
     * CLIENT REPLY ON|OFF|SKIP. ON answers OK (the dispatcher lets that reply through even when
     * replies were off); OFF and SKIP answer nothing; SKIP silences the next command only.
     */
    private void clientReply(Context ctx) {
        if (ctx.is(2, "on")) {
            ctx.client.replyMode = Client.ReplyMode.ON;
            ctx.reply.ok();
        } else if (ctx.is(2, "off")) {
            ctx.client.replyMode = Client.ReplyMode.OFF;
        } else if (ctx.is(2, "skip")) {
            if (ctx.client.replyMode != Client.ReplyMode.OFF) {
                ctx.client.replyMode = Client.ReplyMode.SKIP;
            }
        } else {
            throw Errors.syntax();
        }
    }

    /**
     * CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends a blocking command of another client with its
     * timeout reply, or with the UNBLOCKED error; 1 if that client was blocked, else 0.
     */
    private void clientUnblock(Context ctx) {
        long id = ctx.longArg(2);
        boolean error = false;
        if (ctx.argc() == 4) {
            if (ctx.is(3, "error")) {
                error = true;
            } else if (!ctx.is(3, "timeout")) {
                throw new CommandException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        } else if (ctx.argc() > 4) {
            throw Errors.syntax();
        }
        Client target = ctx.node.clients().byId(id);
        ctx.reply.integer(target != null && ctx.node.blocking().unblock(target, error));
    }

    private void clientNoEvict(Context ctx) {
        if (ctx.is(2, "on")) {
            ctx.client.noEvict = true;
        } else if (ctx.is(2, "off")) {
            ctx.client.noEvict = false;
        } else {
            throw Errors.syntax();
        }
        ctx.reply.ok();
    }

    /**
     * CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked before the timeout, as Redis. The
     * server holds the commands; see {@link Node#isPaused(Client, byte[][])}.
     */
    private void clientPause(Context ctx) {
        if (ctx.argc() > 4) {
            throw Help.syntaxError(ctx.arg(0), ctx.arg(1));
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (ctx.argc() == 4) {
            if (ctx.is(3, "write")) {
                mode = ClientPause.Mode.WRITE;
            } else if (!ctx.is(3, "all")) {
                throw new CommandException("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        long timeout = Args.parseLongOr(ctx.arg(2), Long.MIN_VALUE);
        if (timeout == Long.MIN_VALUE && !Args.isLong(ctx.arg(2))) {
            throw new CommandException("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            throw new CommandException("ERR timeout is negative");
        }
        long now = ctx.now();
        // as Redis 7.0.15, a timeout so large that now + timeout wraps ends the pause at once
        ctx.node.pause().pause(timeout > 0 ? now + timeout : 0, mode, now);
        ctx.reply.ok();
    }

    private void clientUnpause(Context ctx) {
        ctx.node.pause().unpause();
        ctx.reply.ok();
    }
}
