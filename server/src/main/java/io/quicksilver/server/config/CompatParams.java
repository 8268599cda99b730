package io.quicksilver.server.config;

import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import io.quicksilver.core.config.ConfigRegistry.Param;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * redis.conf directives that are accepted and have no effect, because what they tune does not
 * exist in Quicksilver (or in a JVM). Each is registered only when no module registered the
 * real parameter: when persistence or replication arrive, their own parameters take over.
 * CONFIG GET shows the value given. Values that would ask for behaviour we do not have
 * ({@code appendonly yes}, {@code syslog-enabled yes}, ...) are refused rather than ignored.
 *
 * <p>The list, and why each is harmless, is the {@link #INERT} table (also in the README).
 */
public final class CompatParams {
    private static final Logger LOG = Logger.getLogger(CompatParams.class.getName());

    /**
     * One accept-and-ignore directive.
     *
     * @param name     redis.conf name
     * @param value    the default CONFIG GET shows
     * @param allowed  the values accepted (lower case), or null for any
     * @param why      why ignoring it is honest
     */
    public record Inert(String name, String value, List<String> allowed, String why) {}

    private static final List<String> YES_NO = List.of("yes", "no");
    private static final String NO_PERSISTENCE = "tunes RDB/AOF persistence, which this build does not have";
    private static final String NO_REPLICATION = "tunes replication, which this build does not have (replicaof is refused)";

    /** The accept-and-ignore directives. */
    public static final List<Inert> INERT = List.of(
            new Inert("supervised", "no", List.of("no", "auto"),
                    "no supervisor protocol is spoken; 'auto' finds none (systemd/upstart are refused)"),
            new Inert("save", "", null, NO_PERSISTENCE + "; a schedule is logged as ignored"),
            new Inert("appendonly", "no", List.of("no"), NO_PERSISTENCE + "; 'yes' is refused"),
            new Inert("appendfilename", "appendonly.aof", null, NO_PERSISTENCE),
            new Inert("appenddirname", "appendonlydir", null, NO_PERSISTENCE),
            new Inert("appendfsync", "everysec", List.of("always", "everysec", "no"), NO_PERSISTENCE),
            new Inert("no-appendfsync-on-rewrite", "no", YES_NO, NO_PERSISTENCE),
            new Inert("auto-aof-rewrite-percentage", "100", null, NO_PERSISTENCE),
            new Inert("auto-aof-rewrite-min-size", "67108864", null, NO_PERSISTENCE),
            new Inert("aof-load-truncated", "yes", YES_NO, NO_PERSISTENCE),
            new Inert("aof-use-rdb-preamble", "yes", YES_NO, NO_PERSISTENCE),
            new Inert("aof-timestamp-enabled", "no", YES_NO, NO_PERSISTENCE),
            new Inert("aof-rewrite-incremental-fsync", "yes", YES_NO, NO_PERSISTENCE),
            new Inert("rdb-save-incremental-fsync", "yes", YES_NO, NO_PERSISTENCE),
            new Inert("stop-writes-on-bgsave-error", "yes", YES_NO, NO_PERSISTENCE),
            new Inert("rdbcompression", "yes", YES_NO, NO_PERSISTENCE),
            new Inert("rdbchecksum", "yes", YES_NO, NO_PERSISTENCE),
            new Inert("dbfilename", "dump.rdb", null, NO_PERSISTENCE),
            new Inert("rdb-del-sync-files", "no", YES_NO, NO_PERSISTENCE),
            new Inert("replica-serve-stale-data", "yes", YES_NO, NO_REPLICATION),
            new Inert("replica-read-only", "yes", YES_NO, NO_REPLICATION),
            new Inert("repl-diskless-sync", "yes", YES_NO, NO_REPLICATION),
            new Inert("repl-diskless-sync-delay", "5", null, NO_REPLICATION),
            new Inert("repl-diskless-sync-max-replicas", "0", null, NO_REPLICATION),
            new Inert("repl-diskless-load", "disabled", List.of("disabled", "on-empty-db", "swapdb"), NO_REPLICATION),
            new Inert("repl-disable-tcp-nodelay", "no", YES_NO, NO_REPLICATION),
            new Inert("replica-priority", "100", null, NO_REPLICATION),
            new Inert("replica-lazy-flush", "no", YES_NO, NO_REPLICATION),
            new Inert("always-show-logo", "no", YES_NO, "Quicksilver prints no ASCII-art logo"),
            new Inert("set-proc-title", "yes", YES_NO, "a JVM cannot change its process title"),
            new Inert("proc-title-template", "{title} {listen-addr} {server-mode}", null,
                    "a JVM cannot change its process title"),
            new Inert("syslog-enabled", "no", List.of("no"), "logging goes to logfile or stdout; 'yes' is refused"),
            new Inert("syslog-ident", "redis", null, "only used with syslog-enabled yes, which is refused"),
            new Inert("syslog-facility", "local0", null, "only used with syslog-enabled yes, which is refused"),
            new Inert("crash-log-enabled", "yes", YES_NO, "Redis's C crash report; the JVM reports its own crashes"),
            new Inert("crash-memcheck-enabled", "yes", YES_NO, "Redis's C crash report; the JVM reports its own crashes"),
            new Inert("jemalloc-bg-thread", "yes", YES_NO, "there is no jemalloc in a JVM"),
            new Inert("activedefrag", "no", List.of("no"), "jemalloc defragmentation; the JVM's GC compacts ('yes' is refused)"),
            new Inert("activerehashing", "yes", YES_NO, "our hash tables do not rehash incrementally in a cron"),
            new Inert("disable-thp", "yes", YES_NO, "Redis turns off transparent huge pages for fork(); there is no fork"),
            new Inert("oom-score-adj", "no", List.of("no"), "'yes' (adjusting the kernel OOM score) is refused"),
            new Inert("oom-score-adj-values", "0 200 800", null, "only used with oom-score-adj, which stays no"),
            new Inert("lazyfree-lazy-eviction", "no", YES_NO, "memory is reclaimed by the GC off the command path anyway"),
            new Inert("lazyfree-lazy-expire", "no", YES_NO, "memory is reclaimed by the GC off the command path anyway"),
            new Inert("lazyfree-lazy-server-del", "no", YES_NO, "memory is reclaimed by the GC off the command path anyway"),
            new Inert("lazyfree-lazy-user-del", "no", YES_NO, "memory is reclaimed by the GC off the command path anyway"),
            new Inert("lazyfree-lazy-user-flush", "no", YES_NO, "memory is reclaimed by the GC off the command path anyway"),
            new Inert("dynamic-hz", "yes", YES_NO, "the active expiry cycle has a time budget instead"));

    private CompatParams() {}

    /** Registers each inert directive that no module registered for real. */
    public static void register(ConfigRegistry registry) {
        for (Inert inert : INERT) {
            if (registry.find(inert.name()) != null) {
                continue;
            }
            String[] value = {inert.value()};
            registry.register(new Param(inert.name(), null, List.of(), false, () -> value[0], v -> {
                String lower = v.trim().toLowerCase(Locale.ROOT);
                if (inert.allowed() != null && !inert.allowed().contains(lower)) {
                    throw new ConfigException("argument must be one of " + inert.allowed()
                            + " here: " + inert.why());
                }
                if (inert.name().equals("save") && !v.isBlank()) {
                    LOG.warning("save " + v + " ignored: this build has no persistence");
                }
                value[0] = inert.allowed() != null ? lower : v;
            }, "Accepted and ignored: " + inert.why()));
        }
    }
}
