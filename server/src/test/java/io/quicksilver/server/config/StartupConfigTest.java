package io.quicksilver.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.command.Commands;
import io.quicksilver.core.command.Node;
import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.engine.Engine;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up configuration: precedence, Redis's error reports, MicroProfile Config. */
class StartupConfigTest {
    @TempDir
    Path dir;

    private final Engine engine = Engine.builder().activeExpiry(false).build();
    private final Node node = Commands.node(engine);
    private final ServerSettings settings = new ServerSettings();
    private final ConfigRegistry registry = node.config();

    StartupConfigTest() {
        settings.register(registry, () -> false);
        CompatParams.register(registry);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private ConfigError failure(String conf) {
        return assertThrows(ConfigError.class, () -> StartupConfig.of(conf, null).apply(registry));
    }

    @Test
    void appliesDirectives() throws Exception {
        StartupConfig.of("""
                port 7001
                bind 127.0.0.1 -::1
                maxclients 42
                timeout 30
                tcp-keepalive 60
                protected-mode no
                proto-max-bulk-len 2mb
                client-query-buffer-limit 16mb
                client-output-buffer-limit pubsub 64mb 16mb 90
                client-output-buffer-limit normal 1gb 0 0
                loglevel warning
                save 900 1 300 10
                appendonly no
                daemonize no
                list-max-ziplist-entries 512
                hz 20
                """, null).apply(registry);
        assertEquals(7001, settings.port());
        assertEquals(java.util.List.of("127.0.0.1", "-::1"), settings.bind());
        assertEquals(42, settings.maxClients());
        assertEquals(30, settings.timeoutSeconds());
        assertEquals(60, settings.tcpKeepAlive());
        assertEquals(false, settings.protectedMode());
        assertEquals(2 << 20, settings.protoMaxBulkLen());
        assertEquals(16 << 20, settings.clientQueryBufferLimit());
        assertEquals(new ServerSettings.BufferLimit(64 << 20, 16 << 20, 90), settings.pubsubLimit());
        assertEquals(new ServerSettings.BufferLimit(1 << 30, 0, 0), settings.normalLimit());
        assertEquals("warning", settings.loglevel());
        assertEquals("900 1 300 10", registry.get("save"));
        assertEquals("20", registry.get("hz")); // an engine parameter, registered by core
        assertEquals("normal 1073741824 0 0 slave 268435456 67108864 60 pubsub 67108864 16777216 90",
                registry.get("client-output-buffer-limit"));
    }

    @Test
    void configGetFormatsAsRedis() {
        // redis-server 7.0.15 CONFIG GET with default values
        assertEquals("10000", registry.get("maxclients"));
        assertEquals("0", registry.get("timeout"));
        assertEquals("300", registry.get("tcp-keepalive"));
        assertEquals("yes", registry.get("protected-mode"));
        assertEquals("536870912", registry.get("proto-max-bulk-len"));
        assertEquals("1073741824", registry.get("client-query-buffer-limit"));
        assertEquals("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                registry.get("client-output-buffer-limit"));
        assertEquals("511", registry.get("tcp-backlog"));
        assertEquals("no", registry.get("daemonize"));
        assertEquals("", registry.get("logfile"));
        assertEquals("notice", registry.get("loglevel"));
        assertEquals("", registry.get("pidfile"));
        assertEquals("127.0.0.1 -::1", registry.get("bind"));
        assertEquals("no", registry.get("appendonly"));
    }

    @Test
    void lastValueWins() throws Exception {
        StartupConfig.of("timeout 1\ntimeout 2\n", null).apply(registry);
        assertEquals(2, settings.timeoutSeconds());
    }

    @Test
    void unknownDirectiveReportsLikeRedis() {
        ConfigError e = failure("port 7000\nfoo bar\n");
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Quicksilver 0.1.0) ***\n"
                + "Reading the configuration file, at line 2\n"
                + ">>> 'foo bar'\n"
                + "Bad directive or wrong number of arguments", e.getMessage());
    }

    @Test
    void wrongNumberOfArguments() {
        assertEquals("wrong number of arguments", failure("port 7000 8000").reason());
        assertEquals("wrong number of arguments", failure("port").reason());
        assertEquals("Bad directive or wrong number of arguments", failure("include").reason());
    }

    @Test
    void refusedValuesGiveRedisReasons() {
        assertEquals("argument couldn't be parsed into an integer", failure("port abc").reason());
        assertEquals("argument must be between 0 and 65535 inclusive", failure("port 70000").reason());
        assertEquals("argument must be between 1 and 4294967295 inclusive", failure("maxclients 0").reason());
        assertEquals("argument must be 'yes' or 'no'", failure("protected-mode maybe").reason());
        assertEquals("argument must be between 1048576 and 9223372036854775807 inclusive",
                failure("proto-max-bulk-len 100").reason());
        assertEquals("argument(s) must be one of the following: debug, verbose, notice, warning",
                failure("loglevel loud").reason());
        assertEquals("Wrong number of arguments in buffer limit configuration.",
                failure("client-output-buffer-limit normal 1").reason());
        assertEquals("Invalid client class specified in buffer limit configuration.",
                failure("client-output-buffer-limit master 1 2 3").reason());
        assertEquals("Error in hard, soft or soft_seconds setting in buffer limit configuration.",
                failure("client-output-buffer-limit pubsub x 2 3").reason());
        assertEquals("Too many bind addresses specified.", failure("bind " + "127.0.0.1 ".repeat(17)).reason());
    }

    @Test
    void acceptAndIgnoreOnlyWhatIsHarmless() {
        assertTrue(failure("appendonly yes").reason().contains("persistence"));
        assertTrue(failure("daemonize yes").reason().contains("not supported"));
        assertTrue(failure("supervised systemd").reason().contains("must be one of"));
        assertTrue(failure("syslog-enabled yes").reason().contains("must be one of"));
        assertEquals("modules are not supported by Quicksilver", failure("loadmodule /x.so").reason());
        assertEquals("replication is not supported by Quicksilver", failure("replicaof 127.0.0.1 6379").reason());
    }

    @Test
    void commandLineOverridesTheFileAndErrorsCountItsLines() throws Exception {
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "port 7000\ntimeout 5\n");
        CommandLine.Parsed cmd = CommandLine.parse(new String[] {conf.toString(), "--port", "7002", "--save", ""});
        StartupConfig c = StartupConfig.load(cmd, InputStreamOf(""), null);
        c.apply(registry);
        assertEquals(7002, settings.port());
        assertEquals(5, settings.timeoutSeconds());
        assertEquals(conf.toAbsolutePath().toString(), c.configFile());

        CommandLine.Parsed bad = CommandLine.parse(new String[] {"--port", "abc"});
        ConfigError e = assertThrows(ConfigError.class, () -> StartupConfig.load(bad, InputStreamOf(""), null).apply(registry));
        // as redis-server --port abc: the options start at line 2, values quoted
        assertTrue(e.getMessage().endsWith("Reading the configuration file, at line 2\n>>> 'port \"abc\"'\n"
                + "argument couldn't be parsed into an integer"), e.getMessage());
    }

    @Test
    void stdinComesBetweenFileAndOptions() throws Exception {
        CommandLine.Parsed cmd = CommandLine.parse(new String[] {"-", "--timeout", "9"});
        StartupConfig.load(cmd, InputStreamOf("timeout 3\nmaxclients 5\n"), null).apply(registry);
        assertEquals(9, settings.timeoutSeconds());
        assertEquals(5, settings.maxClients());
    }

    @Test
    void databasesIsReadBeforeTheEngineExists() throws Exception {
        assertEquals(16, StartupConfig.of("port 1\n", null).databases());
        assertEquals(32, StartupConfig.of("databases 8\ndatabases 32\n", null).databases());
        assertEquals("argument must be between 1 and 2147483647 inclusive",
                assertThrows(ConfigError.class, () -> StartupConfig.of("databases 0", null).databases()).reason());
        StartupConfig.of("databases 16\n", null).apply(registry); // accepted when applied
    }

    @Test
    void microProfileIsTheBaseAndRedisConfOverridesIt() throws Exception {
        Config mp = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("quicksilver.server.port", "7100",
                        "quicksilver.server.maxclients", "77"), "test", 100))
                .withSources(new EnvConfigSource(Map.of("QUICKSILVER_SERVER_TIMEOUT", "12",
                        "QUICKSILVER_SERVER_PROTECTED_MODE", "no"), 300))
                .build();
        StartupConfig.of("port 7200\n", mp).apply(registry);
        assertEquals(7200, settings.port());         // redis.conf wins
        assertEquals(77, settings.maxClients());      // from properties
        assertEquals(12, settings.timeoutSeconds());  // from QUICKSILVER_SERVER_TIMEOUT
        assertEquals(false, settings.protectedMode());
    }

    @Test
    void microProfileErrorsNameTheProperty() {
        Config mp = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("quicksilver.server.timeout", "-3"), "test", 100))
                .build();
        ConfigError e = assertThrows(ConfigError.class, () -> StartupConfig.of("", mp).apply(registry));
        assertTrue(e.getMessage().contains("Reading MicroProfile Config property quicksilver.server.timeout"), e.getMessage());
        assertEquals("argument must be between 0 and 2147483647 inclusive", e.reason());
    }

    @Test
    void defaultMicroProfileSourcesIncludeSystemPropertiesAndTheFile() throws Exception {
        System.setProperty("quicksilver.server.timeout", "17");
        try {
            StartupConfig.of("", StartupConfig.defaultMicroProfileConfig()).apply(registry);
        } finally {
            System.clearProperty("quicksilver.server.timeout");
        }
        assertEquals(17, settings.timeoutSeconds());
        assertEquals(256, settings.tcpBacklog()); // src/test/resources/META-INF/microprofile-config.properties
    }

    @Test
    void quicksilverNamesWorkInRedisConfToo() throws Exception {
        StartupConfig.of("quicksilver.server.timeout 4\n", null).apply(registry);
        assertEquals(4, settings.timeoutSeconds());
    }

    private static java.io.InputStream InputStreamOf(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
