package io.quicksilver.core.command;

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
}
