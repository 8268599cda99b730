package io.quicksilver.core.command;

import io.quicksilver.core.command.server.ClientPause;
import io.quicksilver.core.command.server.ErrorStats;
import io.quicksilver.core.command.server.LatencyMonitor;
import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.engine.Engine;
import java.util.List;
import java.util.Map;

/**
 * One Quicksilver instance as its commands see it: the engine, the command table, the
 * configuration, the clients, and what the hosting process (the RESP server, or an application
 * embedding the engine) tells about itself for INFO. Thread-safe.
 */
public final class Node {
    /** The Quicksilver version, printed by INFO as quicksilver_version. */
    public static final String VERSION = "0.1.0";

    /** What the hosting process knows that the engine does not (INFO server, SHUTDOWN). */
    public interface Host {
        /** The TCP port listened on, 0 if none. */
        default int tcpPort() {
            return 0;
        }

        /** The config file path, "" if none. */
        default String configFile() {
            return "";
        }

        /** Extra INFO sections/fields the host adds (section name -> field lines). */
        default Map<String, List<String>> extraInfo() {
            return Map.of();
        }

        /** SHUTDOWN: stop the process gracefully. Returns false if this host cannot. */
        default boolean shutdown() {
            return false;
        }
    }

    private final Engine engine;
    private final CommandTable commands;
    private final ConfigRegistry config;
    private final Clients clients = new Clients();
    private final SlowLog slowLog = new SlowLog();
    private final Dispatcher dispatcher;
    private volatile Host host = new Host() {};
    private volatile String requirePass;
    private final ClientPause pause = new ClientPause();
    private final LatencyMonitor latency = new LatencyMonitor();
    private final ErrorStats errorStats = new ErrorStats();
    private final Blocking blocking = new Blocking(this);

    public Node(Engine engine, CommandTable commands, ConfigRegistry config) {
        this.engine = engine;
        this.commands = commands;
        this.config = config;
        this.dispatcher = new Dispatcher(this);
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    public Engine engine() {
        return engine;
    }

    public CommandTable commands() {
        return commands;
    }

    public ConfigRegistry config() {
        return config;
    }

    public Clients clients() {
        return clients;
    }

    public Host host() {
        return host;
    }

    public void host(Host host) {
        this.host = host;
    }

    /** The Redis version we report to clients (redis_version, HELLO). */
    public String redisVersion() {
        return commands.redisVersion();
    }

    /** The password of the default user (requirepass), or null when none. */
    public String requirePass() {
        return requirePass;
    }

    public void requirePass(String password) {
        this.requirePass = password == null || password.isEmpty() ? null : password;
    }

    /** Clients blocked on keys (BLPOP...). */
    public Blocking blocking() {
        return blocking;
    }

    /** The CLIENT PAUSE state. */
    public ClientPause pause() {
        return pause;
    }

    /** The latency monitor (LATENCY, latency-monitor-threshold). */
    public LatencyMonitor latency() {
        return latency;
    }

    /** INFO errorstats: error replies by code. */
    public ErrorStats errorStats() {
        return errorStats;
    }

    /**
     * CLIENT PAUSE: whether a command of {@code client} must wait now. The server calls this
     * before dispatching each command it read and, while it answers true, keeps that command
     * (and the client's later ones) waiting, then asks again (at the latest at
     * {@code pause().endMillis(now)}, or when CLIENT UNPAUSE runs). As Redis 7.0: during a pause
     * ALL every command waits; during a pause WRITE the commands flagged write or may-replicate
     * (EVAL, EVALSHA, FCALL, PUBLISH, SPUBLISH, PFCOUNT) wait, and so does EXEC when such a
     * command is queued. Commands the dispatcher will reject anyway (unknown, wrong arity, not
     * authenticated) do not wait.
     *
     * @param client the client whose command it is
     * @param args   the command, {@code args[0]} its name
     */
    public boolean isPaused(Client client, byte[][] args) {
        if (!pause.mayBeActive()) {
            return false;
        }
        ClientPause.Mode mode = pause.mode(engine.clock().millis());
        if (mode == ClientPause.Mode.NONE || args.length == 0) {
            return false;
        }
        CommandSpec spec = commands.lookup(args[0]);
        if (spec != null && spec.isContainer()) {
            if (args.length >= 2) {
                spec = spec.subcommand(Args.string(args[1]));
            } else if (spec.handler() == null) {
                spec = null;
            }
        }
        if (spec == null || !spec.arityOk(args.length)
                || (requirePass != null && !client.authenticated && !spec.isNoAuth())) {
            return false;
        }
        return isPaused(client, spec);
    }

    /** As {@link #isPaused(Client, byte[][])} for a command already looked up. */
    public boolean isPaused(Client client, CommandSpec spec) {
        if (!pause.mayBeActive()) {
            return false;
        }
        ClientPause.Mode mode = pause.mode(engine.clock().millis());
        if (mode == ClientPause.Mode.ALL) {
            return true;
        }
        if (mode == ClientPause.Mode.NONE) {
            return false;
        }
        if (ClientPause.holdsUnderWritePause(spec)) {
            return true;
        }
        if ("exec".equals(spec.fullName())) {
            java.util.List<Client.Queued> queued = client.multi;
            if (queued != null) {
                for (Client.Queued q : queued) {
                    if (ClientPause.holdsUnderWritePause(q.spec())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
