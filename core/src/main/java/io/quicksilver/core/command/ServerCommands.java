package io.quicksilver.core.command;

import io.quicksilver.core.command.server.CommandReplies;
import io.quicksilver.core.command.server.Help;
import io.quicksilver.core.command.server.Info;
import io.quicksilver.core.command.server.LatencyMonitor;
import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import io.quicksilver.core.config.ConfigRegistry.Param;
import io.quicksilver.core.engine.Clock;
import io.quicksilver.core.engine.Entry;
import io.quicksilver.core.engine.Locks;
import io.quicksilver.core.engine.MutableString;
import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.util.Glob;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server commands with Redis 7.0's replies and errors: INFO, CONFIG GET/SET/RESETSTAT/HELP,
 * TIME, COMMAND and its subcommands, SLOWLOG, MONITOR, DEBUG (SLEEP, SET-ACTIVE-EXPIRE, OBJECT,
 * HELP), LATENCY (LATEST, HISTORY, RESET, DOCTOR, HELP) and SHUTDOWN.
 *
 * <p>One instance per node (INFO keeps its memory peak and rate sample here).
 */
public final class ServerCommands implements CommandGroup {

    private static final Help CONFIG_HELP = new Help()
            .entry("get", "GET <pattern>",
                    "    Return parameters matching the glob-like <pattern> and their values.")
            .entry("set", "SET <directive> <value>",
                    "    Set the configuration <directive> to <value>.")
            .entry("resetstat", "RESETSTAT", "    Reset statistics reported by the INFO command.")
            .entry("rewrite", "REWRITE", "    Rewrite the configuration file.");

    private static final Help COMMAND_HELP = new Help()
            .entry("", "(no subcommand)", "    Return details about all Redis commands.")
            .entry("count", "COUNT", "    Return the total number of commands in this Redis server.")
            .entry("list", "LIST", "    Return a list of all commands in this Redis server.")
            .entry("info", "INFO [<command-name> ...]",
                    "    Return details about multiple Redis commands.",
                    "    If no command names are given, documentation details for all",
                    "    commands are returned.")
            .entry("docs", "DOCS [<command-name> ...]",
                    "    Return documentation details about multiple Redis commands.",
                    "    If no command names are given, documentation details for all",
                    "    commands are returned.")
            .entry("getkeys", "GETKEYS <full-command>",
                    "    Return the keys from a full Redis command.")
            .entry("getkeysandflags", "GETKEYSANDFLAGS <full-command>",
                    "    Return the keys and the access flags from a full Redis command.");

    private static final Help SLOWLOG_HELP = new Help()
            .entry("get", "GET [<count>]",
                    "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                    "    Entries are made of:",
                    "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                    "    client name")
            .entry("len", "LEN", "    Return the length of the slowlog.")
            .entry("reset", "RESET", "    Reset the slowlog.");

    private static final Help LATENCY_HELP = new Help()
            .entry("doctor", "DOCTOR", "    Return a human readable latency analysis report.")
            .entry("graph", "GRAPH <event>",
                    "    Return an ASCII latency graph for the <event> class.")
            .entry("history", "HISTORY <event>",
                    "    Return time-latency samples for the <event> class.")
            .entry("latest", "LATEST", "    Return the latest latency samples for all events.")
            .entry("reset", "RESET [<event> ...]",
                    "    Reset latency data of one or more <event> classes.",
                    "    (default: reset all data for all event classes)")
            .entry("histogram", "HISTOGRAM [COMMAND ...]",
                    "    Return a cumulative distribution of latencies in the format of a histogram "
                            + "for the specified command names.",
                    "    If no commands are specified then all histograms are replied.");

    /** DEBUG is not a container: these are the DEBUG subcommands we implement, in Redis's order. */
    private static final Help DEBUG_HELP = new Help()
            .entry("object", "OBJECT <key>",
                    "    Show low level info about `key` and associated value.")
            .entry("set-active-expire", "SET-ACTIVE-EXPIRE <0|1>",
                    "    Setting it to 0 disables expiring keys in background when they are not",
                    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                    "    default.")
            .entry("sleep", "SLEEP <seconds>",
                    "    Stop the server for <seconds>. Decimals allowed.");

    private final Info info = new Info();

    @Override
    public void register(CommandTable.Binder b) {
        b.bind("info", this::info)
                .bind("config|get", this::configGet)
                .bind("config|set", this::configSet)
                .bind("config|resetstat", this::configResetStat)
                .bind("config|help", ctx -> CONFIG_HELP.write(ctx.reply, ctx.arg(0), ctx.spec.parent()))
                .bind("time", this::time)
                .bind("command", this::commandAll)
                .bind("command|count", ctx -> ctx.reply.integer(ctx.node.commands().size()))
                .bind("command|info", this::commandInfo)
                .bind("command|docs", this::commandDocs)
                .bind("command|list", this::commandList)
                .bind("command|getkeys", ctx -> getKeys(ctx, false))
                .bind("command|getkeysandflags", ctx -> getKeys(ctx, true))
                .bind("command|help", ctx -> COMMAND_HELP.write(ctx.reply, ctx.arg(0), ctx.spec.parent()))
                .bind("slowlog|get", this::slowlogGet)
                .bind("slowlog|len", ctx -> ctx.reply.integer(ctx.node.slowLog().size()))
                .bind("slowlog|reset", ctx -> {
                    ctx.node.slowLog().reset();
                    ctx.reply.ok();
                })
                .bind("slowlog|help", ctx -> SLOWLOG_HELP.write(ctx.reply, ctx.arg(0), ctx.spec.parent()))
                .bind("monitor", this::monitor)
                .bind("debug", LockPlan.SELF, this::debug)
                .bind("latency|latest", this::latencyLatest)
                .bind("latency|history", this::latencyHistory)
                .bind("latency|reset", this::latencyReset)
                .bind("latency|doctor", this::latencyDoctor)
                .bind("latency|help", ctx -> LATENCY_HELP.write(ctx.reply, ctx.arg(0), ctx.spec.parent()))
                .bind("shutdown", this::shutdown);
    }

    // ---------------------------------------------------------------- INFO

    /** INFO [section ...]: a bulk string in RESP2, a verbatim "txt" string in RESP3. */
    private void info(Context ctx) {
        List<String> sections = new ArrayList<>();
        for (int i = 1; i < ctx.argc(); i++) {
            sections.add(ctx.argString(i));
        }
        String text = info.generate(ctx.node, sections);
        ctx.reply.verbatim("txt", text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- CONFIG

    /**
     * CONFIG GET pattern [pattern ...] (Redis 7.0's configGetCommand): a name without glob
     * characters is looked up directly and answered under the name as typed; a glob is matched,
     * without case, against every name and alias, and every matching name or alias is answered
     * (as Redis 7.0.15, CONFIG GET * lists hash-max-ziplist-entries beside hash-max-listpack-entries).
     */
    private void configGet(Context ctx) {
        ConfigRegistry config = ctx.node.config();
        Map<String, Object[]> matches = new LinkedHashMap<>(); // lower-case key -> {shown name, param}
        for (int i = 2; i < ctx.argc(); i++) {
            String pattern = ctx.argString(i);
            if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0) {
                String key = pattern.toLowerCase(Locale.ROOT);
                if (matches.containsKey(key)) {
                    continue;
                }
                Param p = config.find(pattern);
                if (p != null) {
                    matches.put(key, new Object[] {pattern, p});
                }
                continue;
            }
            byte[] pat = ctx.arg(i);
            for (Param p : config.all()) {
                List<String> names = new ArrayList<>();
                names.add(p.name());
                names.addAll(p.aliases());
                for (String n : names) { // as Redis 7.0, a matching alias is listed beside the name
                    if (!matches.containsKey(n) && Glob.matches(pat, n.getBytes(StandardCharsets.UTF_8), true)) {
                        matches.put(n, new Object[] {n, p});
                    }
                }
            }
        }
        ctx.reply.map(matches.size());
        for (Object[] m : matches.values()) {
            ctx.reply.bulk((String) m[0]);
            ctx.reply.bulk(((Param) m[1]).getter().get());
        }
    }

    /**
     * CONFIG SET name value [name value ...], all or nothing as Redis 7.0: every name is checked
     * first (unknown, immutable, given twice: the first problem is the error); then the values
     * are set in order, and if one is refused the ones already set get their old values back.
     */
    private void configSet(Context ctx) {
        if ((ctx.argc() & 1) == 1) {
            throw Errors.syntax();
        }
        ConfigRegistry config = ctx.node.config();
        int count = (ctx.argc() - 2) / 2;
        Param[] params = new Param[count];
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            String name = ctx.argString(2 + i * 2);
            Param p = config.find(name);
            if (p == null) {
                throw new CommandException("ERR Unknown option or number of arguments for CONFIG SET - '"
                        + Errors.sanitize(name) + "'");
            }
            if (p.immutable()) {
                throw setFailed(name, "can't set immutable config");
            }
            for (int j = 0; j < i; j++) {
                if (params[j] == p) {
                    throw setFailed(name, "duplicate parameter");
                }
            }
            params[i] = p;
            values[i] = ctx.argString(3 + i * 2);
        }
        String[] old = new String[count];
        for (int i = 0; i < count; i++) {
            old[i] = params[i].getter().get();
        }
        for (int i = 0; i < count; i++) {
            try {
                params[i].setter().set(values[i]);
            } catch (ConfigException | RuntimeException e) {
                for (int j = 0; j <= i; j++) {
                    try {
                        params[j].setter().set(old[j]);
                    } catch (ConfigException | RuntimeException ignored) {
                        // as Redis: a value that was valid before is restored best-effort
                    }
                }
                // the name as given (alias or not), lower case, as Redis
                throw setFailed(ctx.argString(2 + i * 2).toLowerCase(java.util.Locale.ROOT), e.getMessage());
            }
        }
        ctx.reply.ok();
    }

    private static CommandException setFailed(String name, String reason) {
        return new CommandException("ERR CONFIG SET failed (possibly related to argument '"
                + Errors.sanitize(name) + "') - " + reason);
    }

    /**
     * CONFIG RESETSTAT: the INFO stats counters, commandstats, errorstats and the memory peak
     * (not the slow log, not the latency monitor, as Redis).
     */
    private void configResetStat(Context ctx) {
        ctx.engine().stats().reset();
        for (CommandSpec c : ctx.node.commands().allWithSubcommands()) {
            c.resetStats();
        }
        ctx.node.errorStats().reset();
        ctx.engine().evictor().resetStats();
        info.reset();
        ctx.reply.ok();
    }

    // ---------------------------------------------------------------- TIME

    /** TIME: unix seconds and microseconds, as two bulk strings. */
    private void time(Context ctx) {
        Clock clock = ctx.engine().clock();
        long seconds;
        long micros;
        if (clock == Clock.SYSTEM) {
            Instant now = Instant.now();
            seconds = now.getEpochSecond();
            micros = now.getNano() / 1000;
        } else {
            long ms = clock.millis();
            seconds = Math.floorDiv(ms, 1000);
            micros = Math.floorMod(ms, 1000) * 1000;
        }
        ctx.reply.array(2);
        ctx.reply.bulk(Long.toString(seconds));
        ctx.reply.bulk(Long.toString(micros));
    }

    // ---------------------------------------------------------------- COMMAND

    /** COMMAND: the INFO of every implemented command. */
    private void commandAll(Context ctx) {
        ctx.reply.array(ctx.node.commands().size());
        for (CommandSpec c : ctx.node.commands().all()) {
            CommandReplies.info(ctx.reply, c);
        }
    }

    /** A command by its full name ("get", "client|list"), any case, or null. */
    private static CommandSpec byFullName(Context ctx, String name) {
        String[] parts = name.split("\\|", -1);
        if (parts.length > 2) {
            return null;
        }
        CommandSpec top = ctx.node.commands().lookup(parts[0]);
        if (top == null || parts.length == 1) {
            return top;
        }
        return top.subcommand(parts[1]);
    }

    private void commandInfo(Context ctx) {
        if (ctx.argc() == 2) {
            commandAll(ctx);
            return;
        }
        ctx.reply.array(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            CommandSpec c = byFullName(ctx, ctx.argString(i));
            if (c == null) {
                ctx.reply.nullBulk();
            } else {
                CommandReplies.info(ctx.reply, c);
            }
        }
    }

    private void commandDocs(Context ctx) {
        List<CommandSpec> found = new ArrayList<>();
        if (ctx.argc() == 2) {
            found.addAll(ctx.node.commands().all());
        } else {
            for (int i = 2; i < ctx.argc(); i++) {
                CommandSpec c = byFullName(ctx, ctx.argString(i));
                if (c != null) {
                    found.add(c);
                }
            }
        }
        ctx.reply.map(found.size());
        for (CommandSpec c : found) {
            ctx.reply.bulk(c.fullName());
            CommandReplies.docs(ctx.reply, c);
        }
    }

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]. */
    private void commandList(Context ctx) {
        String filter = null;
        byte[] arg = null;
        for (int i = 2; i < ctx.argc(); i++) {
            int more = ctx.argc() - 1 - i;
            if (ctx.is(i, "filterby") && more == 2) {
                if (ctx.is(i + 1, "module")) {
                    filter = "module";
                } else if (ctx.is(i + 1, "aclcat")) {
                    filter = "aclcat";
                } else if (ctx.is(i + 1, "pattern")) {
                    filter = "pattern";
                } else {
                    throw Errors.syntax();
                }
                arg = ctx.arg(i + 2);
                i += 2;
            } else {
                throw Errors.syntax();
            }
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec top : ctx.node.commands().all()) {
            if (listed(top, filter, arg)) {
                names.add(top.fullName());
            }
            for (CommandSpec sub : top.subcommands().values()) {
                if (listed(sub, filter, arg)) {
                    names.add(sub.fullName());
                }
            }
        }
        ctx.reply.array(names.size());
        for (String n : names) {
            ctx.reply.bulk(n);
        }
    }

    private static boolean listed(CommandSpec c, String filter, byte[] arg) {
        if (filter == null) {
            return true;
        }
        switch (filter) {
            case "module":
                return false; // no modules
            case "aclcat": {
                String cat = "@" + new String(arg, StandardCharsets.UTF_8);
                for (String a : c.aclCategories()) {
                    if (a.equalsIgnoreCase(cat)) {
                        return true;
                    }
                }
                return false;
            }
            default:
                return Glob.matches(arg, c.fullName().getBytes(StandardCharsets.UTF_8), true);
        }
    }

    /**
     * COMMAND GETKEYS / GETKEYSANDFLAGS full-command: the keys the command's key specs find (the
     * ones the dispatcher locks), with the flags of the spec that found each.
     */
    private void getKeys(Context ctx, boolean withFlags) {
        byte[][] cmd = Arrays.copyOfRange(ctx.args, 2, ctx.argc());
        CommandSpec spec = ctx.node.commands().lookup(cmd[0]);
        if (spec != null && spec.isContainer() && cmd.length >= 2) {
            spec = spec.subcommand(Args.string(cmd[1]));
        }
        if (spec == null) {
            throw new CommandException("ERR Invalid command specified");
        }
        boolean hasKeys = false;
        for (KeySpec ks : spec.keySpecs()) {
            hasKeys |= !ks.hasFlag("not_key");
        }
        if (!hasKeys) {
            throw new CommandException("ERR The command has no key arguments");
        }
        if (!spec.arityOk(cmd.length)) {
            throw new CommandException("ERR Invalid number of arguments specified for command");
        }
        int[][] specOf = new int[1][];
        int[] pos = "sort".equals(spec.fullName()) ? sortKeys(cmd, specOf) : spec.keyPositions(cmd, specOf);
        if (pos == null || pos.length == 0) {
            if (spec.flags().contains("no_mandatory_keys")) {
                ctx.reply.array(0);
                return;
            }
            throw new CommandException("ERR Invalid arguments specified for command");
        }
        ctx.reply.array(pos.length);
        for (int i = 0; i < pos.length; i++) {
            if (withFlags) {
                ctx.reply.array(2);
                ctx.reply.bulk(cmd[pos[i]]);
                KeySpec ks = spec.keySpecs().get(specOf[0][i]);
                List<String> flags = ks.hasFlag("variable_flags") ? variableFlags(spec, cmd) : ks.flags();
                ctx.reply.set(flags.size());
                for (String f : flags) {
                    ctx.reply.simple(f);
                }
            } else {
                ctx.reply.bulk(cmd[pos[i]]);
            }
        }
    }

    /**
     * SORT's keys as Redis's sortGetKeys finds them (its STORE key spec is "unknown"): the sorted
     * key (spec 0, RO) and the destination of the last STORE (spec 2, OW); the keys BY and GET
     * patterns read are not counted, as Redis.
     *
     * @param cmd    SORT's arguments, {@code cmd[0]} the name
     * @param specOf receives the index of the key spec of each key
     */
    static int[] sortKeys(byte[][] cmd, int[][] specOf) {
        int store = -1;
        for (int i = 2; i < cmd.length; i++) {
            if (Args.is(cmd[i], "limit")) {
                i += 2;
            } else if (Args.is(cmd[i], "get") || Args.is(cmd[i], "by")) {
                i += 1;
            } else if (Args.is(cmd[i], "store") && i + 1 < cmd.length) {
                store = i + 1; // the last STORE wins, as SORT
            }
        }
        specOf[0] = store < 0 ? new int[] {0} : new int[] {0, 2};
        return store < 0 ? new int[] {1} : new int[] {1, store};
    }

    /**
     * The key flags of the commands whose key spec says "variable_flags", as Redis's getkeys
     * procedures compute them from the arguments.
     *
     * @param spec the command (SET or BITFIELD in Redis 7.0)
     * @param cmd  its arguments, {@code cmd[0]} the name
     */
    static List<String> variableFlags(CommandSpec spec, byte[][] cmd) {
        switch (spec.fullName()) {
            case "set": // setGetKeys: GET makes the key read too
                for (int i = 3; i < cmd.length; i++) {
                    if (Args.is(cmd[i], "get")) {
                        return List.of("RW", "access", "update");
                    }
                }
                return List.of("OW", "update");
            case "bitfield": { // bitfieldGetKeys: only GETs (and OVERFLOW) read only
                boolean readonly = true;
                for (int i = 2; i < cmd.length; i++) {
                    int rem = cmd.length - i - 1;
                    if (Args.is(cmd[i], "get") && rem >= 2) {
                        i += 2;
                    } else if (Args.is(cmd[i], "overflow") && rem >= 1) {
                        i += 1;
                    } else {
                        readonly = false; // SET, INCRBY, or a syntax error: assume a write
                        break;
                    }
                }
                return readonly ? List.of("RO", "access") : List.of("RW", "access", "update");
            }
            default: {
                List<String> flags = new ArrayList<>();
                for (KeySpec ks : spec.keySpecs()) {
                    for (String f : ks.flags()) {
                        if (!"variable_flags".equals(f) && !flags.contains(f)) {
                            flags.add(f);
                        }
                    }
                }
                return flags;
            }
        }
    }

    // ---------------------------------------------------------------- SLOWLOG

    /** SLOWLOG GET [count]: 10 by default, -1 for all; each entry id, time, micros, args, peer, name. */
    private void slowlogGet(Context ctx) {
        if (ctx.argc() > 3) {
            throw Help.syntaxError(ctx.arg(0), ctx.arg(1));
        }
        long count = 10;
        if (ctx.argc() == 3) {
            count = Args.parseLongOr(ctx.arg(2), Long.MIN_VALUE);
            if (count < -1) {
                throw new CommandException("ERR count should be greater than or equal to -1");
            }
        }
        List<SlowLog.Entry> entries = ctx.node.slowLog().get((int) Math.min(count, Integer.MAX_VALUE));
        ctx.reply.array(entries.size());
        for (SlowLog.Entry e : entries) {
            ctx.reply.array(6);
            ctx.reply.integer(e.id());
            ctx.reply.integer(e.unixSeconds());
            ctx.reply.integer(e.micros());
            ctx.reply.array(e.args().size());
            for (byte[] a : e.args()) {
                ctx.reply.bulk(a);
            }
            ctx.reply.bulk(e.peer());
            ctx.reply.bulk(e.clientName());
        }
    }

    // ---------------------------------------------------------------- MONITOR

    /**
     * MONITOR: OK, then every command other clients run is pushed to this connection. A second
     * MONITOR answers nothing, as Redis; a client without a connection (or inside EXEC) cannot
     * monitor.
     */
    private void monitor(Context ctx) {
        Client c = ctx.client;
        if (c.denyBlocking || c.connection() == null) {
            throw new CommandException("ERR MONITOR isn't allowed for DENY BLOCKING client");
        }
        if (c.monitor) {
            return;
        }
        ctx.reply.ok(); // first, so no monitored line can overtake the OK
        c.monitor = true;
        ctx.node.clients().addMonitor(c);
    }

    // ---------------------------------------------------------------- DEBUG

    /**
     * DEBUG SLEEP | SET-ACTIVE-EXPIRE | OBJECT | HELP, allowed by {@code enable-debug-command}
     * (no by default, as Redis 7; "local": loopback and in-process clients only).
     *
     * <p>DEBUG SLEEP sleeps the thread running the command: on the RESP server that is the
     * caller's event loop, so the caller and the connections sharing its event loop wait, not
     * the whole server as in Redis.
     */
    private void debug(Context ctx) {
        String allowed = ctx.node.config().get(EngineConfig.ENABLE_DEBUG_COMMAND);
        if (!"yes".equals(allowed) && !("local".equals(allowed) && isLocal(ctx.client))) {
            throw new CommandException("ERR DEBUG command not allowed. If the enable-debug-command "
                    + "option is set to \"local\", you can run it from a local connection, otherwise "
                    + "you need to set this option in the configuration file, and then restart the server.");
        }
        if (ctx.argc() == 2 && ctx.is(1, "help")) {
            DEBUG_HELP.write(ctx.reply, ctx.arg(0), ctx.spec);
        } else if (ctx.argc() == 3 && ctx.is(1, "sleep")) {
            debugSleep(ctx);
        } else if (ctx.argc() == 3 && ctx.is(1, "set-active-expire")) {
            ctx.engine().activeExpireEnabled(atoi(ctx.argString(2)) != 0);
            ctx.reply.ok();
        } else if (ctx.argc() == 3 && ctx.is(1, "object")) {
            debugObject(ctx);
        } else {
            throw Help.syntaxError(ctx.arg(0), ctx.arg(1));
        }
    }

    /**
     * Redis's islocalClient: an in-process client, a unix socket, or a loopback address (the
     * peer's "ip:port", IPv6 possibly in brackets).
     */
    static boolean isLocal(Client c) {
        if (c.connection() == null) {
            return true;
        }
        String addr = c.connection().remoteAddress();
        if (addr.startsWith("/")) {
            return true; // a unix socket path
        }
        int colon = addr.lastIndexOf(':');
        String host = colon < 0 ? addr : addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || !host.matches("[0-9a-fA-F:.]+")) {
            return false; // not an IP literal: no name lookups here
        }
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static final Pattern STRTOD =
            Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** DEBUG SLEEP seconds: C's strtod (a leading number, 0 if none); a negative time does not sleep. */
    private void debugSleep(Context ctx) {
        Matcher m = STRTOD.matcher(ctx.argString(2));
        double seconds = m.find() ? Double.parseDouble(m.group()) : 0;
        long micros = (long) (seconds * 1_000_000);
        if (micros > 0) {
            try {
                Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ctx.reply.ok();
    }

    /** C's atoi: optional sign and leading digits, 0 if none. */
    private static int atoi(String s) {
        Matcher m = Pattern.compile("^\\s*[+-]?\\d+").matcher(s);
        if (!m.find()) {
            return 0;
        }
        try {
            return Integer.parseInt(m.group().trim());
        } catch (NumberFormatException e) {
            return m.group().trim().startsWith("-") ? -1 : 1; // overflow: nonzero either way
        }
    }

    /**
     * DEBUG OBJECT key: "Value at:0x... refcount:1 encoding:embstr serializedlength:6 lru:...
     * lru_seconds_idle:0". serializedlength is the RDB length of a string as Redis writes it
     * without LZF compression, and an estimate (the memory accounting) for other types.
     */
    private void debugObject(Context ctx) {
        byte[] key = ctx.arg(2);
        String line;
        try (Locks l = ctx.engine().lockKeys(ctx.client.db, key)) {
            Entry e = ctx.db().peek(key);
            if (e == null) {
                throw new CommandException(Errors.NO_SUCH_KEY);
            }
            Object v = e.value();
            String encoding = encoding(v);
            long refcount = 1;
            long serialized;
            if (v instanceof TypedValue t) {
                serialized = t.memoryUsage();
            } else {
                byte[] b = MutableString.bytesOf(v);
                serialized = rdbStringLength(b);
                if ("int".equals(encoding)) {
                    long n = Args.parseLong(b);
                    if (n >= 0 && n < 10000) {
                        refcount = Integer.MAX_VALUE; // Redis's shared integers
                    }
                }
            }
            long lru = Info.lruClock(ctx.engine().startMillis() + e.accessed() * 1000L);
            line = "Value at:0x" + Integer.toHexString(System.identityHashCode(v)) + " refcount:"
                    + refcount + " encoding:" + encoding + " serializedlength:" + serialized
                    + " lru:" + lru + " lru_seconds_idle:" + ctx.engine().idleSeconds(e);
        }
        ctx.reply.simple(line);
    }

    /** The encoding OBJECT ENCODING prints. */
    private static String encoding(Object v) {
        if (v instanceof TypedValue t) {
            return t.encoding();
        }
        return StringCommands.encodingOf(v);
    }

    /**
     * The bytes Redis's RDB writer uses for a string: 2, 3 or 5 for an integer that fits in 8, 16
     * or 32 bits (rdbTryIntegerEncoding), else a length prefix and the bytes (uncompressed).
     */
    static long rdbStringLength(byte[] b) {
        if (b.length <= 11 && Args.isLong(b)) {
            long n = Args.parseLong(b);
            if (n >= Byte.MIN_VALUE && n <= Byte.MAX_VALUE) {
                return 2;
            }
            if (n >= Short.MIN_VALUE && n <= Short.MAX_VALUE) {
                return 3;
            }
            if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                return 5;
            }
        }
        long len = b.length;
        long prefix = len < (1 << 6) ? 1 : len < (1 << 14) ? 2 : len <= 0xFFFFFFFFL ? 5 : 9;
        return prefix + len;
    }

    // ---------------------------------------------------------------- LATENCY

    private void latencyLatest(Context ctx) {
        List<LatencyMonitor.Latest> latest = ctx.node.latency().latest();
        ctx.reply.array(latest.size());
        for (LatencyMonitor.Latest l : latest) {
            ctx.reply.array(4);
            ctx.reply.bulk(l.event());
            ctx.reply.integer(l.unixSeconds());
            ctx.reply.integer(l.millis());
            ctx.reply.integer(l.maxMillis());
        }
    }

    private void latencyHistory(Context ctx) {
        List<LatencyMonitor.Sample> samples = ctx.node.latency().history(ctx.argString(2));
        ctx.reply.array(samples.size());
        for (LatencyMonitor.Sample s : samples) {
            ctx.reply.array(2);
            ctx.reply.integer(s.unixSeconds());
            ctx.reply.integer(s.millis());
        }
    }

    private void latencyReset(Context ctx) {
        LatencyMonitor latency = ctx.node.latency();
        if (ctx.argc() == 2) {
            ctx.reply.integer(latency.resetAll());
            return;
        }
        int n = 0;
        for (int i = 2; i < ctx.argc(); i++) {
            n += latency.reset(ctx.argString(i));
        }
        ctx.reply.integer(n);
    }

    private void latencyDoctor(Context ctx) {
        String report = ctx.node.latency().doctor(ctx.now() / 1000,
                ctx.node.slowLog().slowerThanMicros(), ctx.engine().hz());
        ctx.reply.verbatim("txt", report.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- SHUTDOWN

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: asks the host to stop. There is no
     * persistence to save and no replica to wait for, so the flags are only checked for
     * validity. On success nothing is answered (the connection goes away with the process).
     */
    private void shutdown(Context ctx) {
        boolean nosave = false;
        boolean save = false;
        boolean now = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < ctx.argc(); i++) {
            if (ctx.is(i, "nosave")) {
                nosave = true;
            } else if (ctx.is(i, "save")) {
                save = true;
            } else if (ctx.is(i, "now")) {
                now = true;
            } else if (ctx.is(i, "force")) {
                force = true;
            } else if (ctx.is(i, "abort")) {
                abort = true;
            } else {
                throw Errors.syntax();
            }
        }
        if ((abort && (nosave || save || now || force)) || (nosave && save)) {
            throw Errors.syntax();
        }
        if (abort) {
            throw new CommandException("ERR No shutdown in progress.");
        }
        if (!now && ctx.client.denyBlocking) {
            throw new CommandException("ERR SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client");
        }
        if (!ctx.node.host().shutdown()) {
            throw new CommandException("ERR Errors trying to SHUTDOWN. Check logs.");
        }
        Client.Connection conn = ctx.client.connection();
        if (conn != null) {
            conn.close(false);
        }
    }
}
