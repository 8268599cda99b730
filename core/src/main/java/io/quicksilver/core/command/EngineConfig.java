package io.quicksilver.core.command;

import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import io.quicksilver.core.config.ConfigRegistry.Param;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.event.NotifyFlags;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The configuration parameters the engine and command layer own (the server adds the network
 * ones). Names as in redis.conf; MicroProfile Config names under {@code quicksilver.}.
 */
final class EngineConfig {
    /** The name of the parameter that allows DEBUG (Redis's enable-debug-command). */
    static final String ENABLE_DEBUG_COMMAND = "enable-debug-command";

    private EngineConfig() {}

    static void register(Node node) {
        Engine engine = node.engine();
        ConfigRegistry c = node.config();
        // as Redis: any int is accepted, the engine clamps it to 1..500 (CONFIG GET shows that)
        c.register(ConfigRegistry.integer("hz", "quicksilver.hz", 0, Integer.MAX_VALUE,
                () -> (long) engine.hz(), v -> engine.hz(v.intValue()),
                "How often per second the active expiry cycle runs (clamped to 1..500)"));
        c.register(new Param("databases", "quicksilver.databases", List.of(), true,
                () -> Integer.toString(engine.databaseCount()), v -> {
                    throw new ConfigException("can't set immutable config");
                }, "Number of databases (start-up only)"));
        c.register(new Param("notify-keyspace-events", "quicksilver.notify-keyspace-events",
                List.of(), false, () -> NotifyFlags.format(engine.notifyFlags()), v -> {
                    int flags = NotifyFlags.parse(v);
                    if (flags < 0) {
                        throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
                    }
                    engine.notifyFlags(flags);
                }, "Keyspace notification classes published to pub/sub"));
        c.register(new Param("requirepass", "quicksilver.requirepass", List.of(), false,
                () -> node.requirePass() == null ? "" : node.requirePass(), v -> {
                    // as Redis: who connected while the default user had no password is logged in
                    // as that user, and stays so when a password is set
                    boolean had = node.requirePass() != null;
                    node.requirePass(v);
                    if (!had) {
                        for (Client client : node.clients().all()) {
                            client.authenticated = true;
                        }
                    }
                }, "Password of the default user"));
        c.register(ConfigRegistry.integer("slowlog-log-slower-than",
                "quicksilver.slowlog.log-slower-than", -1, Long.MAX_VALUE,
                node.slowLog()::slowerThanMicros, node.slowLog()::slowerThanMicros,
                "Microseconds above which a command is logged in SLOWLOG (-1: never)"));
        c.register(ConfigRegistry.integer("slowlog-max-len", "quicksilver.slowlog.max-len", 0,
                Integer.MAX_VALUE, () -> (long) node.slowLog().maxLen(),
                v -> node.slowLog().maxLen(v.intValue()), "Entries SLOWLOG keeps"));
        c.register(ConfigRegistry.integer("latency-monitor-threshold",
                "quicksilver.latency-monitor-threshold", 0, Long.MAX_VALUE,
                node.latency()::thresholdMillis, node.latency()::thresholdMillis,
                "Milliseconds from which LATENCY records a command (0: off)"));
        AtomicReference<String> debug = new AtomicReference<>("no");
        c.register(new Param(ENABLE_DEBUG_COMMAND, "quicksilver.enable-debug-command", List.of(),
                true, debug::get, v -> {
                    String l = v.toLowerCase(Locale.ROOT);
                    if (!List.of("no", "yes", "local").contains(l)) {
                        throw new ConfigException("argument(s) must be one of the following: no, yes, local");
                    }
                    debug.set(l);
                }, "Whether DEBUG is allowed: no, yes, or local (loopback and in-process clients only)"));
    }
}
