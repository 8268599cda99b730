package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.command.ConnectionCommandsTest.FakeConnection;
import io.quicksilver.core.command.server.Info;
import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Server commands, checked against the replies of Redis 7.0.15. */
class ServerCommandsTest {

    private static Object err(String message) {
        return new RecordingReply.Err(message);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object o) {
        return (Map<Object, Object>) o;
    }

    // ---------------------------------------------------------------- INFO

    /** The section titles of an INFO text, in order; checks every line's shape on the way. */
    private static List<String> titles(String info) {
        assertTrue(info.isEmpty() || info.endsWith("\r\n"), info);
        List<String> titles = new ArrayList<>();
        String[] lines = info.split("\r\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String l = lines[i];
            if (l.startsWith("# ")) {
                assertTrue(i == 0 || lines[i - 1].isEmpty(), "a blank line before " + l);
                titles.add(l.substring(2));
            } else if (!l.isEmpty()) {
                assertTrue(l.matches("[a-z0-9_|]+:[^\r\n]*"), "not a field line: " + l);
            } else {
                assertTrue(lines[i + 1].startsWith("# "), "a blank line only between sections");
            }
        }
        return titles;
    }

    private static Map<String, String> fields(String info) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : info.split("\r\n")) {
            int colon = l.indexOf(':');
            if (!l.startsWith("#") && colon > 0) {
                m.put(l.substring(0, colon), l.substring(colon + 1));
            }
        }
        return m;
    }

    @Test
    void infoSectionsAsRedis() {
        try (CommandHarness h = new CommandHarness()) {
            List<String> defaults = List.of("Server", "Clients", "Memory", "Persistence", "Stats",
                    "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace");
            assertEquals(defaults, titles((String) h.run("INFO")));
            assertEquals(defaults, titles((String) h.run("INFO", "default")));
            List<String> all = new ArrayList<>(defaults);
            all.add(8, "Commandstats");
            assertEquals(all, titles((String) h.run("INFO", "all")));
            assertEquals(all, titles((String) h.run("INFO", "everything")));
            assertEquals(List.of("Server", "Clients"), titles((String) h.run("INFO", "CLIENTS", "server")));
            assertEquals(List.of("Commandstats"), titles((String) h.run("INFO", "commandstats")));
            assertEquals(List.of("Modules"), titles((String) h.run("INFO", "modules")));
            assertEquals("", h.run("INFO", "nosuch"));
            assertEquals("# Cluster\r\ncluster_enabled:0\r\n", h.run("INFO", "cluster"));
            assertEquals("# Keyspace\r\n", h.run("INFO", "keyspace"));
        }
    }

    @Test
    void infoServerClientsMemoryFields() {
        try (CommandHarness h = new CommandHarness()) {
            h.node.host(new Node.Host() {
                @Override
                public int tcpPort() {
                    return 6390;
                }
            });
            h.clock.advance(90_061_000); // 1 day, 1 hour, 1 minute, 1 second
            Map<String, String> f = fields((String) h.run("INFO"));
            assertEquals("7.0.15", f.get("redis_version"));
            assertEquals(Node.VERSION, f.get("quicksilver_version"));
            assertEquals("standalone", f.get("redis_mode"));
            assertEquals(Long.toString(ProcessHandle.current().pid()), f.get("process_id"));
            assertEquals(h.engine.runId(), f.get("run_id"));
            assertEquals("6390", f.get("tcp_port"));
            assertEquals("90061", f.get("uptime_in_seconds"));
            assertEquals("1", f.get("uptime_in_days"));
            assertEquals("10", f.get("hz"));
            assertEquals(Long.toString(h.clock.millis() * 1000), f.get("server_time_usec"));
            assertEquals(Long.toString((h.clock.millis() / 1000) & 0xFFFFFF), f.get("lru_clock"));
            assertEquals("1", f.get("connected_clients"));
            h.newClient();
            assertEquals("2", fields((String) h.run("INFO", "clients")).get("connected_clients"));
            assertTrue(Long.parseLong(f.get("used_memory")) > 0);
            assertTrue(f.get("used_memory_human").matches("\\d+(B|\\.\\d\\d[KMGTP])"), f.get("used_memory_human"));
            assertEquals("0", f.get("maxmemory"));
            assertEquals("0B", f.get("maxmemory_human"));
            assertEquals("noeviction", f.get("maxmemory_policy"));
            assertEquals("0", f.get("loading"));
            assertEquals("master", f.get("role"));
            assertEquals("0", f.get("connected_slaves"));
            assertTrue(f.get("used_cpu_user").matches("\\d+\\.\\d{6}"), f.get("used_cpu_user"));
        }
    }

    @Test
    void infoStatsPersistenceKeyspace() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("SET", "a", "1");
            h.run("SET", "b", "2", "EX", "100");
            h.run("SELECT", "3");
            h.run("SET", "c", "3");
            h.run("SELECT", "0");
            h.run("GET", "a");
            h.run("GET", "nokey");
            assertEquals("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n",
                    h.run("INFO", "keyspace"));
            Map<String, String> f = fields((String) h.run("INFO"));
            assertEquals("1", f.get("keyspace_hits"));
            assertEquals("1", f.get("keyspace_misses"));
            assertEquals("3", f.get("rdb_changes_since_last_save"));
            assertEquals(Long.toString(h.engine.stats().commandsProcessed.sum() - 1),
                    f.get("total_commands_processed"), "INFO itself is counted after it ran");
            assertEquals("0", f.get("pubsub_channels"));
        }
    }

    @Test
    void infoCommandstatsAndErrorstats() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("SET", "k", "v");
            h.run("GET", "k");
            h.run("GET", "k");
            h.assertError("ERR wrong number of arguments for 'get' command", "GET");
            h.assertError("ERR value is not an integer or out of range", "INCR", "k");
            h.run("CONFIG", "GET", "hz");
            h.run("NOSUCHCMD", "x", "y"); // unknown: counted as an error, not as a command
            h.run("CLIENT", "FOO"); // an unknown subcommand: no command either, as Redis
            String stats = (String) h.run("INFO", "commandstats");
            Pattern get = Pattern.compile("cmdstat_get:calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,"
                    + "rejected_calls=1,failed_calls=0\r\n");
            assertTrue(get.matcher(stats).find(), stats);
            assertTrue(Pattern.compile("cmdstat_incr:calls=1,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,"
                    + "rejected_calls=0,failed_calls=1\r\n").matcher(stats).find(), stats);
            assertTrue(stats.contains("\r\ncmdstat_config|get:calls=1,"), stats);
            assertFalse(stats.contains("nosuchcmd"), stats);
            assertFalse(stats.contains("cmdstat_client"), stats);
            assertFalse(stats.contains("cmdstat_info:"), "INFO is counted after it ran");
            h.assertError("WRONGPASS invalid username-password pair or user is disabled.", "AUTH", "bob", "x");
            String errors = (String) h.run("INFO", "errorstats");
            assertEquals("# Errorstats\r\nerrorstat_ERR:count=4\r\nerrorstat_WRONGPASS:count=1\r\n", errors);
            assertEquals("5", fields((String) h.run("INFO", "stats")).get("total_error_replies"));
        }
    }

    @Test
    void infoIsVerbatimInResp3() {
        try (CommandHarness h = new CommandHarness()) {
            h.client.protocol = 3;
            VerbatimProbe p = VerbatimProbe.run(h, h.client, "INFO", "server");
            assertEquals(List.of("txt"), p.formats);
            assertTrue(((String) p.value()).startsWith("# Server\r\nredis_version:7.0.15\r\n"));
        }
    }

    @Test
    void infoAddsAndReplacesTheHostsFields() {
        try (CommandHarness h = new CommandHarness()) {
            h.node.host(new Node.Host() {
                @Override
                public Map<String, List<String>> extraInfo() {
                    return Map.of("server", List.of("multiplexing_api:epoll", "tcp_port:7000"),
                            "netty", List.of("event_loops:4"));
                }
            });
            String server = (String) h.run("INFO", "server");
            assertTrue(server.contains("\r\ntcp_port:7000\r\n"), server);
            assertFalse(server.contains("tcp_port:0"), server);
            assertTrue(server.endsWith("\r\nmultiplexing_api:epoll\r\n"), server);
            assertFalse(((String) h.run("INFO")).contains("# Netty"));
            assertFalse(((String) h.run("INFO", "all")).contains("# Netty"), "as module sections: not in all");
            assertEquals("# Netty\r\nevent_loops:4\r\n", h.run("INFO", "netty"));
            assertTrue(((String) h.run("INFO", "everything")).endsWith("\r\n\r\n# Netty\r\nevent_loops:4\r\n"));
        }
    }

    @Test
    void humanSizesAsRedis() {
        assertEquals("0B", Info.human(0));
        assertEquals("1023B", Info.human(1023));
        assertEquals("1.00K", Info.human(1024));
        assertEquals("1.25M", Info.human(1310720));
        assertEquals("23.54G", Info.human(25276510208L));
    }

    // ---------------------------------------------------------------- CONFIG

    @Test
    void configGet() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(Map.of("hz", "10"), h.run("CONFIG", "GET", "hz"));
            assertEquals(Map.of("HZ", "10"), h.run("CONFIG", "GET", "HZ"), "the name as typed");
            assertEquals(Map.of("hz", "10"), h.run("CONFIG", "GET", "hz", "HZ", "h?"));
            assertEquals(List.of("slowlog-log-slower-than", "slowlog-max-len"),
                    new ArrayList<>(map(h.run("CONFIG", "GET", "SLOWLOG*")).keySet()));
            assertEquals(Map.of("slowlog-log-slower-than", "10000", "slowlog-max-len", "128"),
                    h.run("CONFIG", "GET", "slowlog*"));
            assertEquals(Map.of(), h.run("CONFIG", "GET", "nothing"));
            assertEquals(Map.of(), h.run("CONFIG", "GET", "no*thing"));
            Map<Object, Object> all = map(h.run("CONFIG", "GET", "*"));
            assertEquals("10", all.get("hz"));
            assertEquals("no", all.get("enable-debug-command"));
            assertEquals("0", all.get("latency-monitor-threshold"));
            int names = 0;
            for (var p : h.node.config().all()) {
                names += 1 + p.aliases().size();
            }
            assertEquals(names, all.size(), "every name and alias, as Redis 7.0.15");
            h.assertError("ERR wrong number of arguments for 'config|get' command", "CONFIG", "GET");
        }
    }

    @Test
    void configSetErrorsAsRedis() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR wrong number of arguments for 'config|set' command", "CONFIG", "SET", "hz");
            h.assertError("ERR syntax error", "CONFIG", "SET", "hz", "10", "foo");
            h.assertError("ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
                    "CONFIG", "SET", "foo", "bar");
            h.assertError("ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
                    "CONFIG", "SET", "hz", "10", "foo", "bar");
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set "
                    + "immutable config", "CONFIG", "SET", "databases", "3");
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - "
                    + "can't set immutable config", "CONFIG", "SET", "enable-debug-command", "yes");
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter",
                    "CONFIG", "SET", "hz", "10", "hz", "20");
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter",
                    "CONFIG", "SET", "hz", "10", "HZ", "20");
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't "
                    + "be parsed into an integer", "CONFIG", "SET", "hz", "abc");
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't "
                    + "be parsed into an integer", "CONFIG", "SET", "HZ", "abc");
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'hz') - argument must be "
                    + "between 0 and 2147483647 inclusive", "CONFIG", "SET", "hz", "-1");
        }
    }

    @Test
    void configSetIsAllOrNothing() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't "
                    + "be parsed into an integer", "CONFIG", "SET", "slowlog-max-len", "5", "hz", "abc");
            assertEquals(128, h.node.slowLog().maxLen(), "the first value was rolled back");
            assertEquals("OK", h.run("CONFIG", "SET", "slowlog-max-len", "5", "hz", "20"));
            assertEquals(5, h.node.slowLog().maxLen());
            assertEquals(20, h.engine.hz());
            assertEquals("OK", h.run("CONFIG", "SET", "hz", "0"));
            assertEquals(Map.of("hz", "1"), h.run("CONFIG", "GET", "hz"), "clamped as Redis");
            assertEquals("OK", h.run("CONFIG", "SET", "hz", "1000"));
            assertEquals(Map.of("hz", "500"), h.run("CONFIG", "GET", "hz"));
        }
    }

    @Test
    void configResetStat() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("CONFIG", "SET", "slowlog-log-slower-than", "0");
            h.run("SET", "k", "v");
            h.run("GET", "k");
            h.assertError("ERR wrong number of arguments for 'get' command", "GET");
            assertEquals("OK", h.run("CONFIG", "RESETSTAT"));
            assertTrue(Pattern.matches("# Commandstats\r\ncmdstat_config\\|resetstat:calls=1,[^\r]*\r\n",
                    (String) h.run("INFO", "commandstats")), "RESETSTAT itself is counted after it ran, as Redis");
            assertEquals("# Errorstats\r\n", h.run("INFO", "errorstats"));
            Map<String, String> f = fields((String) h.run("INFO", "stats"));
            assertEquals("0", f.get("keyspace_hits"));
            assertEquals("0", f.get("total_error_replies"));
            assertTrue((Long) h.run("SLOWLOG", "LEN") > 3, "the slow log is kept");
        }
    }

    @Test
    void configHelpOffersWhatWeHave() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(List.of("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "GET <pattern>",
                    "    Return parameters matching the glob-like <pattern> and their values.",
                    "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
                    "RESETSTAT", "    Reset statistics reported by the INFO command.",
                    "HELP", "    Prints this help."), h.run("config", "help"));
            h.assertError("ERR unknown subcommand 'REWRITE'. Try CONFIG HELP.", "CONFIG", "REWRITE");
        }
    }

    // ---------------------------------------------------------------- TIME

    @Test
    void time() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(List.of("1700000000", "0"), h.run("TIME"));
            h.clock.advance(1234);
            assertEquals(List.of("1700000001", "234000"), h.run("TIME"));
            h.assertError("ERR wrong number of arguments for 'time' command", "TIME", "x");
        }
    }

    // ---------------------------------------------------------------- COMMAND

    @Test
    void commandInfoShapeAsRedis() {
        try (CommandHarness h = new CommandHarness()) {
            Map<String, Object> keySpec = new LinkedHashMap<>();
            keySpec.put("flags", Set.of("RO", "access"));
            keySpec.put("begin_search", Map.of("type", "index", "spec", Map.of("index", 1L)));
            keySpec.put("find_keys", Map.of("type", "range",
                    "spec", Map.of("lastkey", 0L, "keystep", 1L, "limit", 0L)));
            List<Object> get = List.of("get", 2L, Set.of("readonly", "fast"), 1L, 1L, 1L,
                    Set.of("@read", "@string", "@fast"), Set.of(), Set.of(keySpec), Set.of());
            assertEquals(List.of(get), h.run("COMMAND", "INFO", "get"));
            List<Object> info = list(list(h.run("COMMAND", "INFO", "GET")).get(0));
            Map<Object, Object> ks = map(((Set<?>) info.get(8)).iterator().next());
            assertEquals(List.of("flags", "begin_search", "find_keys"), new ArrayList<>(ks.keySet()));
            assertEquals(List.of("lastkey", "keystep", "limit"),
                    new ArrayList<>(map(map(ks.get("find_keys")).get("spec")).keySet()));
            List<Object> two = list(h.run("COMMAND", "INFO", "nosuch", "get"));
            assertNull(two.get(0));
            assertEquals(get, two.get(1));
        }
    }

    @Test
    void commandInfoOfContainersAndSubcommands() {
        try (CommandHarness h = new CommandHarness()) {
            List<Object> client = list(list(h.run("COMMAND", "INFO", "client")).get(0));
            assertEquals("client", client.get(0));
            assertEquals(-2L, client.get(1));
            assertEquals(Set.of(), client.get(2));
            assertEquals(Set.of("@slow"), client.get(6));
            List<String> subs = new ArrayList<>();
            for (Object s : list(client.get(9))) {
                subs.add((String) list(s).get(0));
            }
            assertTrue(subs.contains("client|list"));
            assertFalse(subs.contains("client|tracking"), "only implemented subcommands");
            assertEquals(h.node.commands().lookup("client").subcommands().size(), subs.size());
            List<Object> list = list(list(h.run("COMMAND", "INFO", "CLIENT|LIST")).get(0));
            assertEquals(List.of("client|list", -2L, Set.of("admin", "noscript", "loading", "stale"), 0L,
                    0L, 0L, Set.of("@admin", "@slow", "@dangerous", "@connection"),
                    Set.of("nondeterministic_output"), Set.of(), Set.of()), list);
            assertEquals(java.util.Collections.singletonList(null), h.run("COMMAND", "INFO", "client|tracking"));
            assertEquals(java.util.Collections.singletonList(null), h.run("COMMAND", "INFO", "client|list|x"));
        }
    }

    @Test
    void commandListsEveryImplementedCommand() {
        try (CommandHarness h = new CommandHarness()) {
            int n = h.node.commands().size();
            assertEquals((long) n, h.run("COMMAND", "COUNT"));
            assertEquals(n, list(h.run("COMMAND")).size());
            assertEquals(n, list(h.run("COMMAND", "INFO")).size());
            assertEquals(h.run("COMMAND"), h.run("COMMAND", "INFO"));
            h.assertError("ERR unknown subcommand 'FOO'. Try COMMAND HELP.", "COMMAND", "FOO");
            h.assertError("ERR wrong number of arguments for 'command|count' command", "COMMAND", "COUNT", "x");
        }
    }

    @Test
    void commandDocsAsRedis() {
        try (CommandHarness h = new CommandHarness()) {
            Map<Object, Object> docs = map(h.run("COMMAND", "DOCS", "get"));
            Map<String, Object> get = new LinkedHashMap<>();
            get.put("summary", "Get the value of a key");
            get.put("since", "1.0.0");
            get.put("group", "string");
            get.put("complexity", "O(1)");
            get.put("arguments", List.of(Map.of("name", "key", "type", "key", "key_spec_index", 0L)));
            assertEquals(Map.of("get", get), docs);
            assertEquals(new ArrayList<>(get.keySet()), new ArrayList<>(map(docs.get("get")).keySet()));
            assertEquals(List.of("name", "type", "key_spec_index"),
                    new ArrayList<>(map(list(map(docs.get("get")).get("arguments")).get(0)).keySet()));

            Map<Object, Object> set = map(map(h.run("COMMAND", "DOCS", "set")).get("set"));
            assertEquals(List.of("summary", "since", "group", "complexity", "history", "arguments"),
                    new ArrayList<>(set.keySet()));
            Set<?> history = (Set<?>) set.get("history");
            assertTrue(history.contains(List.of("6.0.0", "Added the `KEEPTTL` option.")), history.toString());
            Map<Object, Object> condition = map(list(set.get("arguments")).get(2));
            assertEquals(List.of("name", "type", "since", "flags", "arguments"), new ArrayList<>(condition.keySet()));
            assertEquals(Set.of("optional"), condition.get("flags"));
            assertEquals(List.of(Map.of("name", "nx", "type", "pure-token", "token", "NX"),
                    Map.of("name", "xx", "type", "pure-token", "token", "XX")), condition.get("arguments"));

            Map<Object, Object> getset = map(map(h.run("COMMAND", "DOCS", "getset")).get("getset"));
            assertEquals(List.of("summary", "since", "group", "complexity", "doc_flags", "deprecated_since",
                    "replaced_by", "arguments"), new ArrayList<>(getset.keySet()));
            assertEquals(Set.of("deprecated"), getset.get("doc_flags"));

            assertEquals(Map.of(), h.run("COMMAND", "DOCS", "nosuch"));
            Map<Object, Object> clientList = map(h.run("COMMAND", "DOCS", "client|list"));
            assertEquals(Set.of("client|list"), clientList.keySet());
            Map<Object, Object> client = map(map(h.run("COMMAND", "DOCS", "client")).get("client"));
            assertEquals(List.of("summary", "since", "group", "complexity", "subcommands"),
                    new ArrayList<>(client.keySet()));
            assertTrue(map(client.get("subcommands")).containsKey("client|kill"));
            assertFalse(map(client.get("subcommands")).containsKey("client|tracking"));
            assertEquals(h.node.commands().size(), map(h.run("COMMAND", "DOCS")).size());
        }
    }

    @Test
    void commandListWithFilters() {
        try (CommandHarness h = new CommandHarness()) {
            List<Object> all = list(h.run("COMMAND", "LIST"));
            assertTrue(all.contains("get"));
            assertTrue(all.contains("client"));
            assertTrue(all.contains("client|list"));
            assertFalse(all.contains("client|tracking"));
            assertEquals(all.indexOf("client") + 1, all.indexOf("client|") < 0
                    ? all.indexOf("client") + 1 : all.indexOf("client|"), "subcommands follow their command");
            List<Object> cl = list(h.run("COMMAND", "LIST", "FILTERBY", "PATTERN", "CL*"));
            assertTrue(cl.contains("client") && cl.contains("client|list"), cl.toString());
            assertTrue(cl.stream().allMatch(c -> ((String) c).startsWith("cl")), cl.toString());
            List<Object> conn = list(h.run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection"));
            assertTrue(conn.contains("ping") && conn.contains("client|list") && conn.contains("command"));
            assertFalse(conn.contains("client"), "CLIENT itself is only @slow");
            assertFalse(conn.contains("get"));
            assertEquals(List.of(), h.run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch"));
            assertEquals(List.of(), h.run("COMMAND", "LIST", "FILTERBY", "MODULE", "x"));
            h.assertError("ERR syntax error", "COMMAND", "LIST", "FILTERBY", "foo", "x");
            h.assertError("ERR syntax error", "COMMAND", "LIST", "FILTERBY");
            h.assertError("ERR syntax error", "COMMAND", "LIST", "foo");
            h.assertError("ERR syntax error", "COMMAND", "LIST", "FILTERBY", "PATTERN", "a", "b");
        }
    }

    @Test
    void commandGetKeys() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(List.of("a"), h.run("COMMAND", "GETKEYS", "get", "a"));
            assertEquals(List.of("a"), h.run("COMMAND", "GETKEYS", "SET", "a", "b"));
            assertEquals(List.of("a", "b"), h.run("COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"));
            assertEquals(List.of(List.of("a", Set.of("OW", "update"))),
                    h.run("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"));
            assertEquals(List.of(List.of("a", Set.of("RW", "access", "update"))),
                    h.run("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "GET"), "SET ... GET reads too");
            assertEquals(List.of(List.of("a", Set.of("OW", "update")), List.of("b", Set.of("OW", "update"))),
                    h.run("COMMAND", "GETKEYSANDFLAGS", "mset", "a", "1", "b", "2"));
            h.assertError("ERR wrong number of arguments for 'command|getkeys' command", "COMMAND", "GETKEYS", "ping");
            h.assertError("ERR wrong number of arguments for 'command|getkeys' command", "COMMAND", "GETKEYS");
            h.assertError("ERR Invalid command specified", "COMMAND", "GETKEYS", "nosuch", "a");
            h.assertError("ERR Invalid command specified", "COMMAND", "GETKEYS", "client", "nosuch");
            h.assertError("ERR Invalid number of arguments specified for command",
                    "COMMAND", "GETKEYS", "get", "a", "b");
            h.assertError("ERR Invalid number of arguments specified for command",
                    "COMMAND", "GETKEYS", "mset", "a");
            h.assertError("ERR The command has no key arguments", "COMMAND", "GETKEYS", "echo", "a");
            h.assertError("ERR The command has no key arguments", "COMMAND", "GETKEYS", "ping", "x");
            h.assertError("ERR The command has no key arguments", "COMMAND", "GETKEYS", "client", "list");
            h.assertError("ERR The command has no key arguments", "COMMAND", "GETKEYS", "config", "get", "x");
            h.assertError("ERR wrong number of arguments for 'command|getkeysandflags' command",
                    "COMMAND", "GETKEYSANDFLAGS", "ping");
            if (h.node.commands().lookup("sort") != null) {
                assertEquals(List.of(List.of("k", Set.of("RO", "access")), List.of("d", Set.of("OW", "update"))),
                        h.run("COMMAND", "GETKEYSANDFLAGS", "sort", "k", "STORE", "d"));
            }
        }
    }

    @Test
    void commandGetKeysOfCommandsWithoutMandatoryKeys() {
        Handler none = ctx -> { };
        CommandTable t = CommandTable.build(List.<CommandGroup>of(new ServerCommands(),
                b -> b.bind("eval", none).bind("lmpop", none).bind("zunionstore", none)));
        try (CommandHarness h = new CommandHarness()) {
            Node n = new Node(h.engine, t, h.node.config());
            Client c = n.clients().open(null, 0);
            RecordingReply r = new RecordingReply(2);
            byte[][][] cmds = {
                {"COMMAND".getBytes(), "GETKEYS".getBytes(), "eval".getBytes(), "return 1".getBytes(), "0".getBytes()},
                {"COMMAND".getBytes(), "GETKEYS".getBytes(), "eval".getBytes(), "return 1".getBytes(), "2".getBytes(),
                    "a".getBytes(), "b".getBytes()},
                {"COMMAND".getBytes(), "GETKEYS".getBytes(), "eval".getBytes(), "return 1".getBytes(), "5".getBytes(),
                    "a".getBytes()},
                {"COMMAND".getBytes(), "GETKEYS".getBytes(), "lmpop".getBytes(), "5".getBytes(), "a".getBytes(),
                    "left".getBytes()},
                {"COMMAND".getBytes(), "GETKEYS".getBytes(), "zunionstore".getBytes(), "d".getBytes(), "abc".getBytes(),
                    "a".getBytes()},
            };
            for (byte[][] cmd : cmds) {
                n.dispatcher().execute(c, cmd, r);
            }
            assertEquals(List.of(List.of(), List.of("a", "b"), List.of(),
                    err("ERR Invalid arguments specified for command"),
                    err("ERR Invalid arguments specified for command")), r.values());
        }
    }

    @Test
    void variableKeyFlagsAsRedisGetkeysProcedures() {
        Handler none = ctx -> { };
        CommandTable t = CommandTable.build(List.of(b -> b.bind("bitfield", none).bind("set", none)));
        CommandSpec bitfield = t.lookup("bitfield");
        assertEquals(List.of("RO", "access"), ServerCommands.variableFlags(bitfield,
                ConnectionCommandsTestCmd.of("bitfield", "k", "GET", "u8", "0", "OVERFLOW", "SAT")));
        assertEquals(List.of("RW", "access", "update"), ServerCommands.variableFlags(bitfield,
                ConnectionCommandsTestCmd.of("bitfield", "k", "GET", "u8", "0", "SET", "u8", "0", "1")));
        assertEquals(List.of("RW", "access", "update"), ServerCommands.variableFlags(bitfield,
                ConnectionCommandsTestCmd.of("bitfield", "k", "GET", "u8")));
        assertEquals(List.of("OW", "update"), ServerCommands.variableFlags(t.lookup("set"),
                ConnectionCommandsTestCmd.of("set", "k", "get")), "GET as the value is not the option");
    }

    @Test
    void sortKeysAsRedisSortGetKeys() {
        int[][] specOf = new int[1][];
        assertEquals(List.of(1, 3), java.util.Arrays.stream(ServerCommands.sortKeys(
                ConnectionCommandsTestCmd.of("sort", "k", "STORE", "d"), specOf)).boxed().toList());
        assertEquals(List.of(0, 2), java.util.Arrays.stream(specOf[0]).boxed().toList());
        assertEquals(List.of(1, 12), java.util.Arrays.stream(ServerCommands.sortKeys(ConnectionCommandsTestCmd.of(
                "sort", "k", "BY", "x", "LIMIT", "0", "1", "GET", "#", "STORE", "d1", "STORE", "d2"), specOf))
                .boxed().toList(), "the last STORE");
        assertEquals(List.of(1), java.util.Arrays.stream(ServerCommands.sortKeys(
                ConnectionCommandsTestCmd.of("sort", "k", "store"), specOf)).boxed().toList());
        assertEquals(List.of(1), java.util.Arrays.stream(ServerCommands.sortKeys(
                ConnectionCommandsTestCmd.of("sort", "k", "get", "store"), specOf)).boxed().toList(),
                "STORE as GET's pattern is no option");
    }

    /** Arguments as bytes. */
    static final class ConnectionCommandsTestCmd {
        static byte[][] of(String... args) {
            byte[][] a = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                a[i] = args[i].getBytes();
            }
            return a;
        }
    }

    @Test
    void commandHelp() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(List.of("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "(no subcommand)", "    Return details about all Redis commands.",
                    "COUNT", "    Return the total number of commands in this Redis server.",
                    "LIST", "    Return a list of all commands in this Redis server.",
                    "INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
                    "    If no command names are given, documentation details for all",
                    "    commands are returned.",
                    "DOCS [<command-name> ...]", "    Return documentation details about multiple Redis commands.",
                    "    If no command names are given, documentation details for all",
                    "    commands are returned.",
                    "GETKEYS <full-command>", "    Return the keys from a full Redis command.",
                    "GETKEYSANDFLAGS <full-command>",
                    "    Return the keys and the access flags from a full Redis command.",
                    "HELP", "    Prints this help."), h.run("COMMAND", "HELP"));
        }
    }

    // ---------------------------------------------------------------- SLOWLOG

    @Test
    void slowlog() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("CONFIG", "SET", "slowlog-log-slower-than", "0");
            h.run("CLIENT", "SETNAME", "myname");
            List<Object> two = list(h.run("SLOWLOG", "GET", "2"));
            assertEquals(2, two.size());
            List<Object> newest = list(two.get(0));
            assertEquals(6, newest.size());
            assertEquals(1L, newest.get(0));
            assertEquals(1_700_000_000L, newest.get(1));
            assertInstanceOf(Long.class, newest.get(2));
            assertEquals(List.of("CLIENT", "SETNAME", "myname"), newest.get(3));
            assertEquals("", newest.get(4), "an in-process client has no address");
            assertEquals("myname", newest.get(5), "the name after the command ran");
            assertEquals(List.of("CONFIG", "SET", "slowlog-log-slower-than", "0"), list(two.get(1)).get(3));
            assertEquals("", list(two.get(1)).get(5));
            assertEquals(List.of(), h.run("SLOWLOG", "GET", "0"));
            assertEquals(4, list(h.run("SLOWLOG", "GET", "-1")).size());
            assertEquals(5L, h.run("SLOWLOG", "LEN"));
            h.assertError("ERR count should be greater than or equal to -1", "SLOWLOG", "GET", "abc");
            h.assertError("ERR count should be greater than or equal to -1", "SLOWLOG", "GET", "-2");
            h.assertError("ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.",
                    "SLOWLOG", "GET", "1", "2");
            h.assertError("ERR wrong number of arguments for 'slowlog|len' command", "SLOWLOG", "LEN", "x");
            h.assertError("ERR unknown subcommand 'FOO'. Try SLOWLOG HELP.", "SLOWLOG", "FOO");
            assertEquals("OK", h.run("SLOWLOG", "RESET"));
            assertEquals(1L, h.run("SLOWLOG", "LEN"), "RESET itself is logged, as Redis");
            h.run("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            for (int i = 0; i < 12; i++) {
                h.run("SLOWLOG", "RESET");
                h.node.slowLog().add(1, 20_000, new byte[][] {"PING".getBytes()}, "1.2.3.4:5", "");
            }
            assertEquals(1, list(h.run("SLOWLOG", "GET")).size());
            for (int i = 0; i < 12; i++) {
                h.node.slowLog().add(1, 20_000, new byte[][] {"PING".getBytes()}, "1.2.3.4:5", "");
            }
            assertEquals(10, list(h.run("SLOWLOG", "GET")).size(), "10 by default");
            assertEquals("1.2.3.4:5", list(list(h.run("SLOWLOG", "GET")).get(0)).get(4));
            assertEquals(List.of("SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "GET [<count>]",
                    "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                    "    Entries are made of:",
                    "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                    "    client name", "LEN", "    Return the length of the slowlog.", "RESET",
                    "    Reset the slowlog.", "HELP", "    Prints this help."), h.run("SLOWLOG", "HELP"));
        }
    }

    // ---------------------------------------------------------------- MONITOR

    @Test
    void monitorReceivesOtherClientsCommands() {
        try (CommandHarness h = new CommandHarness()) {
            FakeConnection conn = new FakeConnection("127.0.0.1:40000", "127.0.0.1:6379");
            Client m = h.newClient(conn);
            assertEquals("OK", h.run(m, "MONITOR"));
            assertTrue(m.monitor);
            assertEquals(List.of(), h.runAll(m, "MONITOR"), "a second MONITOR answers nothing");
            assertEquals(1, h.node.clients().monitors().size());
            h.run("SET", "k", "v");
            assertEquals(1, conn.pushed.size());
            String line = (String) conn.pushed.get(0);
            assertTrue(line.startsWith("1700000000.000000 [0 "), line);
            assertTrue(line.endsWith("] \"SET\" \"k\" \"v\""), line);
            assertTrue(((String) h.run("CLIENT", "LIST")).contains(" flags=O "));
            h.assertError("ERR MONITOR isn't allowed for DENY BLOCKING client", "MONITOR");
            h.run("MULTI");
            h.run("MONITOR");
            assertEquals(List.of(err("ERR MONITOR isn't allowed for DENY BLOCKING client")), h.run("EXEC"));
        }
    }

    // ---------------------------------------------------------------- DEBUG

    private static final String DEBUG_REFUSED = "ERR DEBUG command not allowed. If the "
            + "enable-debug-command option is set to \"local\", you can run it from a local connection, "
            + "otherwise you need to set this option in the configuration file, and then restart the server.";

    private static CommandHarness withDebug(String setting) {
        CommandHarness h = new CommandHarness();
        try {
            h.node.config().setAtStartup("enable-debug-command", setting);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
        return h;
    }

    @Test
    void debugIsRefusedByDefaultAsRedis7() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError(DEBUG_REFUSED, "DEBUG", "SLEEP", "0");
            h.assertError(DEBUG_REFUSED, "DEBUG", "HELP");
        }
        try (CommandHarness h = withDebug("local")) {
            assertEquals("OK", h.run("DEBUG", "SLEEP", "0"), "in-process is local");
            Client local = h.newClient(new FakeConnection("127.0.0.1:40000", "127.0.0.1:6379"));
            Client remote = h.newClient(new FakeConnection("10.1.2.3:40000", "10.1.2.1:6379"));
            assertEquals("OK", h.run(local, "DEBUG", "SLEEP", "0"));
            assertEquals(err(DEBUG_REFUSED), h.run(remote, "DEBUG", "SLEEP", "0"));
            for (String addr : List.of("::1:40000", "[::1]:40000", "127.0.0.2:1", "/tmp/redis.sock:0")) {
                assertTrue(ServerCommands.isLocal(h.newClient(new FakeConnection(addr, "x"))), addr);
            }
            for (String addr : List.of("::2:40000", "10.0.0.1:1", "example.com:80", "local:e1")) {
                assertFalse(ServerCommands.isLocal(h.newClient(new FakeConnection(addr, "x"))), addr);
            }
        }
    }

    @Test
    void debugSleepAndActiveExpire() {
        try (CommandHarness h = withDebug("yes")) {
            assertEquals("OK", h.run("DEBUG", "SLEEP", "abc"));
            assertEquals("OK", h.run("DEBUG", "SLEEP", "-1"));
            long start = System.nanoTime();
            assertEquals("OK", h.run("DEBUG", "SLEEP", "0.05"));
            assertTrue(System.nanoTime() - start >= 50_000_000L);
            assertEquals("OK", h.run("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            assertFalse(h.engine.activeExpireEnabled());
            assertEquals("OK", h.run("debug", "set-active-expire", "2"));
            assertTrue(h.engine.activeExpireEnabled());
            assertEquals("OK", h.run("DEBUG", "SET-ACTIVE-EXPIRE", "abc"));
            assertFalse(h.engine.activeExpireEnabled(), "atoi(\"abc\") is 0");
            h.assertError("ERR unknown subcommand or wrong number of arguments for 'SET-ACTIVE-EXPIRE'. "
                    + "Try DEBUG HELP.", "DEBUG", "SET-ACTIVE-EXPIRE");
            h.assertError("ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP.",
                    "DEBUG", "SLEEP");
            h.assertError("ERR unknown subcommand or wrong number of arguments for 'FOO'. Try DEBUG HELP.",
                    "DEBUG", "FOO");
            h.assertError("ERR wrong number of arguments for 'debug' command", "DEBUG");
            assertEquals(List.of("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "OBJECT <key>", "    Show low level info about `key` and associated value.",
                    "SET-ACTIVE-EXPIRE <0|1>",
                    "    Setting it to 0 disables expiring keys in background when they are not",
                    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                    "    default.", "SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed.",
                    "HELP", "    Prints this help."), h.run("DEBUG", "HELP"));
        }
    }

    @Test
    void debugObject() {
        try (CommandHarness h = withDebug("yes")) {
            h.assertError("ERR no such key", "DEBUG", "OBJECT", "nokey");
            h.run("SET", "k", "hello");
            h.run("SET", "n", "123");
            h.run("SET", "big", "99999");
            h.run("SET", "long", "a".repeat(71));
            Pattern p = Pattern.compile("Value at:0x[0-9a-f]+ refcount:(\\d+) encoding:(\\w+) "
                    + "serializedlength:(\\d+) lru:(\\d+) lru_seconds_idle:(\\d+)");
            var k = p.matcher((String) h.run("DEBUG", "OBJECT", "k"));
            assertTrue(k.matches());
            assertEquals(List.of("1", "embstr", "6", "0"), List.of(k.group(1), k.group(2), k.group(3), k.group(5)));
            assertEquals(Long.toString((h.clock.millis() / 1000) & 0xFFFFFF), k.group(4));
            var n = p.matcher((String) h.run("DEBUG", "OBJECT", "n"));
            assertTrue(n.matches());
            assertEquals(List.of("2147483647", "int", "2"), List.of(n.group(1), n.group(2), n.group(3)));
            var big = p.matcher((String) h.run("DEBUG", "OBJECT", "big"));
            assertTrue(big.matches());
            assertEquals(List.of("1", "int", "5"), List.of(big.group(1), big.group(2), big.group(3)));
            var lng = p.matcher((String) h.run("DEBUG", "OBJECT", "long"));
            assertTrue(lng.matches());
            assertEquals(List.of("raw", "73"), List.of(lng.group(2), lng.group(3)), "2-byte length + 71, uncompressed");
            h.clock.advance(10_000);
            var idle = p.matcher((String) h.run("DEBUG", "OBJECT", "k"));
            assertTrue(idle.matches());
            assertEquals("10", idle.group(5));
            assertEquals("10", p.matcher((String) h.run("DEBUG", "OBJECT", "k")).replaceAll("$5"),
                    "DEBUG OBJECT does not touch the key");
            h.assertError("ERR unknown subcommand or wrong number of arguments for 'OBJECT'. Try DEBUG HELP.",
                    "DEBUG", "OBJECT", "k", "extra");
        }
    }

    // ---------------------------------------------------------------- LATENCY

    @Test
    void latencyMonitorRecordsSlowCommands() {
        try (CommandHarness h = withDebug("yes")) {
            assertEquals(List.of(), h.run("LATENCY", "LATEST"));
            h.run("DEBUG", "SLEEP", "0.003");
            assertEquals(List.of(), h.run("LATENCY", "LATEST"), "off at threshold 0");
            assertEquals("OK", h.run("CONFIG", "SET", "latency-monitor-threshold", "1"));
            h.run("DEBUG", "SLEEP", "0.005");
            h.run("PING"); // fast and quick: not recorded
            List<Object> latest = list(h.run("LATENCY", "LATEST"));
            assertEquals(1, latest.size());
            List<Object> e = list(latest.get(0));
            assertEquals("command", e.get(0));
            assertEquals(1_700_000_000L, e.get(1));
            assertTrue((Long) e.get(2) >= 5, e.toString());
            assertEquals(e.get(2), e.get(3));
            assertEquals(List.of(List.of(1_700_000_000L, e.get(2))), h.run("LATENCY", "HISTORY", "command"));
            assertEquals(List.of(), h.run("LATENCY", "HISTORY", "nosuch"));
            h.assertError("ERR wrong number of arguments for 'latency|history' command", "LATENCY", "HISTORY");
            assertEquals(0L, h.run("LATENCY", "RESET", "foo"));
            assertEquals(1L, h.run("LATENCY", "RESET", "foo", "command"));
            assertEquals(List.of(), h.run("LATENCY", "LATEST"));
            h.node.latency().add("a", 5, 1);
            h.node.latency().add("b", 5, 1);
            assertEquals(2L, h.run("LATENCY", "RESET"));
            h.assertError("ERR unknown subcommand 'GRAPH'. Try LATENCY HELP.", "LATENCY", "GRAPH", "command");
        }
    }

    @Test
    void latencySamplesKeepTheWorstOfEachSecond() {
        try (CommandHarness h = new CommandHarness()) {
            var lm = h.node.latency();
            lm.add("command", 10, 100);
            lm.add("command", 30, 100);
            lm.add("command", 20, 100);
            lm.add("command", 5, 101);
            assertEquals(List.of(List.of(100L, 30L), List.of(101L, 5L)), h.run("LATENCY", "HISTORY", "command"));
            assertEquals(List.of(List.of("command", 101L, 5L, 30L)), h.run("LATENCY", "LATEST"));
            for (int i = 0; i < 200; i++) {
                lm.add("command", 1, 1000 + i);
            }
            assertEquals(160, list(h.run("LATENCY", "HISTORY", "command")).size());
        }
    }

    @Test
    void latencyDoctorTextsAsRedis() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis "
                    + "instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in "
                    + "order to enable it. If we weren't in a deep space mission I'd suggest to take a look "
                    + "at https://redis.io/topics/latency-monitor.\n", h.run("LATENCY", "DOCTOR"));
            h.run("CONFIG", "SET", "latency-monitor-threshold", "1");
            h.client.protocol = 3;
            VerbatimProbe none = VerbatimProbe.run(h, h.client, "LATENCY", "DOCTOR");
            assertEquals(List.of("txt"), none.formats);
            assertEquals("Dave, no latency spike was observed during the lifetime of this Redis instance, "
                    + "not in the slightest bit. I honestly think you ought to sit down calmly, take a "
                    + "stress pill, and think things over.\n", none.value());
            // the samples of the reference run: 15 ms then 30 ms one second later
            h.node.latency().add("command", 15, 1_699_999_999L);
            h.node.latency().add("command", 30, 1_700_000_000L);
            assertEquals("Dave, I have observed latency spikes in this Redis instance. You don't mind "
                    + "talking about it, do you Dave?\n\n1. command: 2 latency spikes (average 22ms, mean "
                    + "deviation 7ms, period 0.50 sec). Worst all time event 30ms.\n\nI have a few advices "
                    + "for you:\n\n- Your current Slow Log configuration only logs events that are slower "
                    + "than your configured latency monitor threshold. Please use 'CONFIG SET "
                    + "slowlog-log-slower-than 1000'.\n- Check your Slow Log to understand what are the "
                    + "commands you are running which are too slow to execute. Please check "
                    + "https://redis.io/commands/slowlog for more information.\n- Deleting, expiring or "
                    + "evicting (because of maxmemory policy) large objects is a blocking operation. If you "
                    + "have very large objects that are often deleted, expired, or evicted, try to fragment "
                    + "those objects into multiple smaller objects.\n",
                    VerbatimProbe.run(h, h.client, "LATENCY", "DOCTOR").value());
        }
    }

    @Test
    void latencyHelp() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals(List.of("LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "DOCTOR", "    Return a human readable latency analysis report.",
                    "HISTORY <event>", "    Return time-latency samples for the <event> class.",
                    "LATEST", "    Return the latest latency samples for all events.",
                    "RESET [<event> ...]", "    Reset latency data of one or more <event> classes.",
                    "    (default: reset all data for all event classes)",
                    "HELP", "    Prints this help."), h.run("LATENCY", "HELP"));
        }
    }

    // ---------------------------------------------------------------- SHUTDOWN

    @Test
    void shutdown() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR Errors trying to SHUTDOWN. Check logs.", "SHUTDOWN");
            h.assertError("ERR syntax error", "SHUTDOWN", "foo");
            h.assertError("ERR syntax error", "SHUTDOWN", "NOSAVE", "SAVE");
            h.assertError("ERR syntax error", "SHUTDOWN", "ABORT", "NOW");
            h.assertError("ERR No shutdown in progress.", "SHUTDOWN", "ABORT");
            h.run("MULTI");
            h.assertError("ERR Command not allowed inside a transaction", "SHUTDOWN");
            h.run("DISCARD");
            int[] calls = {0};
            h.node.host(new Node.Host() {
                @Override
                public boolean shutdown() {
                    calls[0]++;
                    return true;
                }
            });
            FakeConnection conn = new FakeConnection("127.0.0.1:40000", "127.0.0.1:6379");
            Client c = h.newClient(conn);
            assertEquals(List.of(), h.runAll(c, "SHUTDOWN", "NOSAVE", "NOW", "FORCE"), "no reply: the server goes");
            assertEquals(1, calls[0]);
            assertEquals(Boolean.FALSE, conn.closedFlushing);
        }
    }

    @Test
    void aCommandThatFollowsAnotherInItsBatchStartsItsClockWhereThatOneStopped() throws Exception {
        try (CommandHarness h = new CommandHarness()) {
            Dispatcher d = h.node.dispatcher();
            RecordingReply r = new RecordingReply(2);
            h.run("CONFIG", "SET", "slowlog-log-slower-than", "100000");
            h.run("SLOWLOG", "RESET");
            d.execute(h.client, new byte[][] {"PING".getBytes()}, r);
            Thread.sleep(150);
            d.execute(h.client, new byte[][] {"PING".getBytes()}, r, false);
            assertEquals(0L, h.run("SLOWLOG", "LEN"), "not following: its own clock, the pause not counted");
            d.execute(h.client, new byte[][] {"PING".getBytes()}, r, false);
            Thread.sleep(150);
            d.execute(h.client, new byte[][] {"ECHO".getBytes(), "x".getBytes()}, r, true);
            // the caller said ECHO followed PING at once: its clock started when PING's stopped
            List<?> log = (List<?>) h.run("SLOWLOG", "GET");
            assertEquals(1, log.size());
            List<?> entry = (List<?>) log.get(0);
            assertTrue((Long) entry.get(2) >= 150_000, entry.toString());
            assertEquals(List.of("ECHO", "x"), entry.get(3));
            // each command restarts the chain: after a pause and a command of its own clock, a
            // following command starts from that command's end, not from before the pause
            Thread.sleep(150);
            d.execute(h.client, new byte[][] {"PING".getBytes()}, r, false);
            d.execute(h.client, new byte[][] {"PING".getBytes()}, r, true);
            assertEquals(1L, h.run("SLOWLOG", "LEN"));
        }
    }
}
