package io.quicksilver.core.command.server;

import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.CommandSpec;
import io.quicksilver.core.command.Node;
import io.quicksilver.core.engine.Database;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.engine.Stats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The INFO text of one node, with Redis 7.0's section names, field names, order and formatting
 * ({@code # Server\r\nredis_version:7.0.15\r\n...}, a blank line between sections), so that tools
 * that parse Redis's INFO parse ours.
 *
 * <p>Values are honest: what Quicksilver measures (JVM heap and slab chunks for used_memory, the engine's
 * counters), the constant a feature we do not have would show (no forks, no replicas, no AOF),
 * and nothing at all for what we cannot measure. The hosting process may add or replace fields
 * through {@link Node.Host#extraInfo()}.
 *
 * <p>One instance per node (it keeps the memory peak and the last rate sample). Thread-safe.
 */
public final class Info {
    /** The sections of "INFO" and "INFO default", in Redis's order. */
    static final List<String> DEFAULT = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");
    /** Every section we print, in Redis's order ("all" is all of them). */
    static final List<String> ALL = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "commandstats", "errorstats", "cluster", "keyspace");

    private final String replId;
    private long peakMemory;
    // instantaneous_* rates: the rate between the previous sample and now
    private long sampleMillis = -1;
    private long sampleCommands;
    private long sampleNetIn;
    private long sampleNetOut;
    private double opsPerSec;
    private double inputKbps;
    private double outputKbps;

    public Info() {
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.replId = HexFormat.of().formatHex(id);
    }

    /**
     * Generates INFO.
     *
     * @param node     the node described
     * @param sections the arguments of INFO (section names, "default", "all", "everything", any
     *                 case); empty for the default sections
     * @return the text; empty when no requested section exists
     */
    public synchronized String generate(Node node, List<String> sections) {
        Set<String> wanted = new LinkedHashSet<>();
        boolean all = false;
        boolean everything = false;
        if (sections.isEmpty()) {
            wanted.addAll(DEFAULT);
        }
        for (String s : sections) {
            String l = s.toLowerCase(Locale.ROOT);
            switch (l) {
                case "all" -> all = true;
                case "everything" -> everything = true;
                case "default" -> wanted.addAll(DEFAULT);
                case "module_list" -> wanted.add("modules");
                default -> wanted.add(l);
            }
        }
        Map<String, List<String>> extra = node.host().extraInfo();
        StringBuilder out = new StringBuilder(4096);
        int printed = 0;
        for (String section : ALL) {
            if (!(all || everything || wanted.contains(section))) {
                continue;
            }
            List<String> lines = section(node, section);
            List<String> more = extra.get(section);
            if (more != null) {
                lines = merge(lines, more);
            }
            printed = append(out, printed, title(section), lines);
        }
        // sections only the host knows, as Redis prints module sections: for "everything" or by name
        for (Map.Entry<String, List<String>> e : extra.entrySet()) {
            String section = e.getKey().toLowerCase(Locale.ROOT);
            if (ALL.contains(section)) {
                continue;
            }
            if (everything || wanted.contains(section)) {
                printed = append(out, printed, title(section), e.getValue());
            }
        }
        return out.toString();
    }

    private static int append(StringBuilder out, int printed, String title, List<String> lines) {
        if (printed > 0) {
            out.append("\r\n");
        }
        out.append("# ").append(title).append("\r\n");
        for (String l : lines) {
            out.append(l).append("\r\n");
        }
        return printed + 1;
    }

    /** Replaces fields of {@code lines} by the host's fields of the same name, adds the others. */
    private static List<String> merge(List<String> lines, List<String> more) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String l : lines) {
            byName.put(fieldName(l), l);
        }
        for (String l : more) {
            byName.put(fieldName(l), l);
        }
        return new ArrayList<>(byName.values());
    }

    private static String fieldName(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(0, colon);
    }

    static String title(String section) {
        switch (section) {
            case "cpu":
                return "CPU";
            default:
                return Character.toUpperCase(section.charAt(0)) + section.substring(1);
        }
    }

    private List<String> section(Node node, String section) {
        List<String> l = new ArrayList<>();
        switch (section) {
            case "server" -> server(node, l);
            case "clients" -> clients(node, l);
            case "memory" -> memory(node, l);
            case "persistence" -> persistence(node, l);
            case "stats" -> stats(node, l);
            case "replication" -> replication(l);
            case "cpu" -> cpu(l);
            case "commandstats" -> commandstats(node, l);
            case "errorstats" -> errorstats(node, l);
            case "cluster" -> l.add("cluster_enabled:0");
            case "keyspace" -> keyspace(node, l);
            default -> { } // modules: none
        }
        return l;
    }

    // ------------------------------------------------------------------ sections

    private static void server(Node node, List<String> l) {
        Engine engine = node.engine();
        long now = engine.clock().millis();
        long uptime = Math.max(0, (now - engine.startMillis()) / 1000);
        ProcessHandle self = ProcessHandle.current();
        l.add("redis_version:" + node.redisVersion());
        l.add("quicksilver_version:" + Node.VERSION);
        l.add("redis_git_sha1:00000000");
        l.add("redis_git_dirty:0");
        l.add("redis_build_id:0");
        l.add("redis_mode:standalone");
        l.add("os:" + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + arch());
        l.add("arch_bits:" + System.getProperty("sun.arch.data.model", "64"));
        l.add("java_version:" + System.getProperty("java.version"));
        l.add("process_id:" + self.pid());
        l.add("process_supervised:no");
        l.add("run_id:" + engine.runId());
        l.add("tcp_port:" + node.host().tcpPort());
        l.add("server_time_usec:" + now * 1000);
        l.add("uptime_in_seconds:" + uptime);
        l.add("uptime_in_days:" + uptime / 86400);
        l.add("hz:" + engine.hz());
        l.add("configured_hz:" + engine.hz());
        l.add("lru_clock:" + lruClock(now));
        l.add("executable:" + self.info().command().orElse(""));
        l.add("config_file:" + node.host().configFile());
        l.add("io_threads_active:0");
    }

    /** Redis's LRU clock: unix seconds modulo 2^24. */
    public static long lruClock(long nowMillis) {
        return (nowMillis / 1000) & ((1 << 24) - 1);
    }

    private static String arch() {
        String a = System.getProperty("os.arch", "");
        return "amd64".equals(a) ? "x86_64" : a;
    }

    private static void clients(Node node, List<String> l) {
        long maxIn = 0;
        long maxOut = 0;
        for (Client c : node.clients().all()) {
            Client.Connection conn = c.connection();
            if (conn != null) {
                maxIn = Math.max(maxIn, conn.queryBufferBytes());
                maxOut = Math.max(maxOut, conn.outputBufferBytes());
            }
        }
        l.add("connected_clients:" + node.clients().size());
        l.add("cluster_connections:0");
        String maxClients = node.config().get("maxclients");
        if (maxClients != null) {
            l.add("maxclients:" + maxClients);
        }
        l.add("client_recent_max_input_buffer:" + maxIn);
        l.add("client_recent_max_output_buffer:" + maxOut);
        l.add("blocked_clients:" + node.blocking().blockedClients());
        l.add("tracking_clients:0");
        l.add("clients_in_timeout_table:" + node.blocking().clientsWithTimeout());
    }

    private void memory(Node node, List<String> l) {
        Runtime rt = Runtime.getRuntime();
        // the heap in use plus the slab chunks that hold long strings outside it
        long used = rt.totalMemory() - rt.freeMemory() + node.engine().slabs().chunkBytes();
        if (used > peakMemory) {
            peakMemory = used;
        }
        long rss = rss();
        Engine engine = node.engine();
        // the dataset estimate, what maxmemory is compared against (the heap depends on the GC)
        long dataset = engine.usedMemory();
        long system = totalSystemMemory();
        long maxmemory = engine.evictor().maxmemory();
        String policy = engine.evictor().policy().configName();
        l.add("used_memory:" + used);
        l.add("used_memory_human:" + human(used));
        if (rss > 0) {
            l.add("used_memory_rss:" + rss);
            l.add("used_memory_rss_human:" + human(rss));
        }
        l.add("used_memory_peak:" + peakMemory);
        l.add("used_memory_peak_human:" + human(peakMemory));
        l.add("used_memory_peak_perc:" + fmt2(peakMemory == 0 ? 0 : 100.0 * used / peakMemory) + "%");
        l.add("used_memory_dataset:" + dataset);
        l.add("used_memory_dataset_perc:" + fmt2(used == 0 ? 0 : 100.0 * dataset / used) + "%");
        if (system > 0) {
            l.add("total_system_memory:" + system);
            l.add("total_system_memory_human:" + human(system));
        }
        l.add("maxmemory:" + Long.toUnsignedString(maxmemory));
        l.add("maxmemory_human:" + (maxmemory < 0 ? Long.toUnsignedString(maxmemory) + "B" : human(maxmemory)));
        l.add("maxmemory_policy:" + policy);
        if (rss > 0 && used > 0) {
            l.add("mem_fragmentation_ratio:" + fmt2((double) rss / used));
            l.add("mem_fragmentation_bytes:" + (rss - used));
        }
        // as Redis defines it, used_memory - mem_not_counted_for_evict is what maxmemory limits:
        // here the heap beyond the dataset estimate (JVM overhead, garbage not yet collected)
        l.add("mem_not_counted_for_evict:" + Math.max(0, used - dataset));
        l.add("mem_allocator:jvm");
        l.add("lazyfree_pending_objects:0");
        l.add("lazyfreed_objects:0");
    }

    private static void persistence(Node node, List<String> l) {
        Engine engine = node.engine();
        l.add("loading:0");
        l.add("async_loading:0");
        l.add("current_cow_peak:0");
        l.add("current_cow_size:0");
        l.add("current_cow_size_age:0");
        l.add("current_fork_perc:0.00");
        l.add("current_save_keys_processed:0");
        l.add("current_save_keys_total:0");
        l.add("rdb_changes_since_last_save:" + engine.stats().dirty.sum());
        l.add("rdb_bgsave_in_progress:0");
        l.add("rdb_last_save_time:" + engine.startMillis() / 1000);
        l.add("rdb_last_bgsave_status:ok");
        l.add("rdb_last_bgsave_time_sec:-1");
        l.add("rdb_current_bgsave_time_sec:-1");
        l.add("rdb_saves:0");
        l.add("rdb_last_cow_size:0");
        l.add("rdb_last_load_keys_expired:0");
        l.add("rdb_last_load_keys_loaded:0");
        l.add("aof_enabled:0");
        l.add("aof_rewrite_in_progress:0");
        l.add("aof_rewrite_scheduled:0");
        l.add("aof_last_rewrite_time_sec:-1");
        l.add("aof_current_rewrite_time_sec:-1");
        l.add("aof_last_bgrewrite_status:ok");
        l.add("aof_rewrites:0");
        l.add("aof_rewrites_consecutive_failures:0");
        l.add("aof_last_write_status:ok");
        l.add("aof_last_cow_size:0");
        l.add("module_fork_in_progress:0");
        l.add("module_fork_last_cow_size:0");
    }

    private void stats(Node node, List<String> l) {
        Engine engine = node.engine();
        Stats s = engine.stats();
        long now = engine.clock().millis();
        long commands = s.commandsProcessed.sum();
        long netIn = s.netInputBytes.sum();
        long netOut = s.netOutputBytes.sum();
        sampleRates(now, commands, netIn, netOut);
        l.add("total_connections_received:" + s.connectionsReceived.sum());
        l.add("total_commands_processed:" + commands);
        l.add("instantaneous_ops_per_sec:" + Math.round(opsPerSec));
        l.add("total_net_input_bytes:" + netIn);
        l.add("total_net_output_bytes:" + netOut);
        l.add("total_net_repl_input_bytes:0");
        l.add("total_net_repl_output_bytes:0");
        l.add("instantaneous_input_kbps:" + fmt2(inputKbps));
        l.add("instantaneous_output_kbps:" + fmt2(outputKbps));
        l.add("instantaneous_input_repl_kbps:0.00");
        l.add("instantaneous_output_repl_kbps:0.00");
        l.add("rejected_connections:" + s.rejectedConnections.sum());
        l.add("sync_full:0");
        l.add("sync_partial_ok:0");
        l.add("sync_partial_err:0");
        l.add("expired_keys:" + s.expiredKeys.sum());
        l.add("evicted_keys:" + s.evictedKeys.sum());
        l.add("evicted_clients:0");
        l.add("total_eviction_exceeded_time:" + engine.evictor().totalExceededMillis());
        l.add("current_eviction_exceeded_time:" + engine.evictor().currentExceededMillis());
        l.add("keyspace_hits:" + s.keyspaceHits.sum());
        l.add("keyspace_misses:" + s.keyspaceMisses.sum());
        l.add("pubsub_channels:" + engine.pubsub().channels(null).size());
        l.add("pubsub_patterns:" + engine.pubsub().patternCount());
        l.add("pubsubshard_channels:" + engine.pubsub().shardChannels(null).size());
        l.add("latest_fork_usec:0");
        l.add("total_forks:0");
        l.add("migrate_cached_sockets:0");
        l.add("slave_expires_tracked_keys:0");
        l.add("active_defrag_hits:0");
        l.add("active_defrag_misses:0");
        l.add("active_defrag_key_hits:0");
        l.add("active_defrag_key_misses:0");
        l.add("total_active_defrag_time:0");
        l.add("current_active_defrag_time:0");
        l.add("tracking_total_keys:0");
        l.add("tracking_total_items:0");
        l.add("tracking_total_prefixes:0");
        l.add("unexpected_error_replies:0");
        l.add("total_error_replies:" + s.errorReplies.sum());
        l.add("dump_payload_sanitizations:0");
        l.add("io_threaded_reads_processed:0");
        l.add("io_threaded_writes_processed:0");
    }

    /**
     * Redis samples its rates every 100 ms in its cron; we have no cron of our own, so the rates
     * are those between the previous INFO (at least 100 ms before) and this one.
     */
    private void sampleRates(long now, long commands, long netIn, long netOut) {
        if (sampleMillis >= 0 && now - sampleMillis < 100) {
            return;
        }
        if (sampleMillis >= 0) {
            double seconds = (now - sampleMillis) / 1000.0;
            opsPerSec = (commands - sampleCommands) / seconds;
            inputKbps = (netIn - sampleNetIn) / seconds / 1024;
            outputKbps = (netOut - sampleNetOut) / seconds / 1024;
        }
        sampleMillis = now;
        sampleCommands = commands;
        sampleNetIn = netIn;
        sampleNetOut = netOut;
    }

    private void replication(List<String> l) {
        l.add("role:master");
        l.add("connected_slaves:0");
        l.add("master_failover_state:no-failover");
        l.add("master_replid:" + replId);
        l.add("master_replid2:0000000000000000000000000000000000000000");
        l.add("master_repl_offset:0");
        l.add("second_repl_offset:-1");
        l.add("repl_backlog_active:0");
        l.add("repl_backlog_first_byte_offset:0");
        l.add("repl_backlog_histlen:0");
    }

    private static void cpu(List<String> l) {
        long[] cpu = cpuMicros();
        l.add("used_cpu_sys:" + seconds(cpu[1]));
        l.add("used_cpu_user:" + seconds(cpu[0]));
        l.add("used_cpu_sys_children:0.000000");
        l.add("used_cpu_user_children:0.000000");
    }

    private static String seconds(long micros) {
        return micros / 1_000_000 + "." + String.format(Locale.ROOT, "%06d", micros % 1_000_000);
    }

    /** {user, system} CPU time of the process in microseconds: /proc on Linux, else the JVM's total as user. */
    private static long[] cpuMicros() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // after "pid (comm) ": state is f[0], utime f[11], stime f[12], in clock ticks of 1/100 s
            return new long[] {Long.parseLong(f[11]) * 10_000, Long.parseLong(f[12]) * 10_000};
        } catch (IOException | RuntimeException e) {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                return new long[] {Math.max(0, sun.getProcessCpuTime() / 1000), 0};
            }
            return new long[] {0, 0};
        }
    }

    private static void commandstats(Node node, List<String> l) {
        for (CommandSpec top : node.commands().all()) {
            commandstat(top, l);
            for (CommandSpec sub : top.subcommands().values()) {
                commandstat(sub, l);
            }
        }
    }

    private static void commandstat(CommandSpec c, List<String> l) {
        long calls = c.calls();
        long failed = c.failedCalls();
        long rejected = c.rejectedCalls();
        if (calls == 0 && failed == 0 && rejected == 0) {
            return;
        }
        long usec = c.micros();
        l.add("cmdstat_" + c.fullName() + ":calls=" + calls + ",usec=" + usec + ",usec_per_call="
                + fmt2(calls == 0 ? 0 : (double) usec / calls) + ",rejected_calls=" + rejected
                + ",failed_calls=" + failed);
    }

    private static void errorstats(Node node, List<String> l) {
        for (Map.Entry<String, Long> e : node.errorStats().snapshot().entrySet()) {
            l.add("errorstat_" + e.getKey() + ":count=" + e.getValue());
        }
    }

    private static void keyspace(Node node, List<String> l) {
        Engine engine = node.engine();
        for (int i = 0; i < engine.databaseCount(); i++) {
            Database db = engine.db(i);
            long keys = db.size(); // racy reads of counters: a snapshot, as INFO needs
            if (keys > 0) {
                l.add("db" + i + ":keys=" + keys + ",expires=" + db.volatileCount() + ",avg_ttl=0");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Redis's bytesToHuman: 1023B, 1.00K, 1.25M, ... */
    public static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n;
        for (String u : units) {
            d /= 1024;
            if (d < 1024) {
                return fmt2(d) + u;
            }
        }
        return n + "B";
    }

    static String fmt2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    /** The resident set size from /proc/self/status, 0 where there is no /proc. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no RSS
        }
        return 0;
    }

    private static long totalSystemMemory() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return 0;
    }

    /** Forgets the memory peak and the rate sample (CONFIG RESETSTAT). */
    public synchronized void reset() {
        peakMemory = 0;
        sampleMillis = -1;
        opsPerSec = 0;
        inputKbps = 0;
        outputKbps = 0;
    }
}
