package io.quicksilver.server.config;

import io.quicksilver.core.command.Node;
import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import io.quicksilver.core.config.ConfigRegistry.Param;
import io.quicksilver.server.config.RedisConf.Directive;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The start-up configuration of a server, from lowest to highest precedence:
 * <ol>
 * <li>the built-in defaults (Redis's);</li>
 * <li>MicroProfile Config: {@code quicksilver.*} properties from system properties, environment
 *     variables ({@code QUICKSILVER_SERVER_PORT}) and {@code META-INF/microprofile-config.properties},
 *     in MicroProfile's own order among them (SmallRye Config, no CDI);</li>
 * <li>the redis.conf file, then standard input ({@code -}), then command-line options: Redis's
 *     order, where the last value given wins.</li>
 * </ol>
 * Unknown directives and refused values fail with Redis's report ({@link ConfigError}).
 *
 * <p>Directives Redis knows but Quicksilver does not implement are refused with a sentence
 * saying so; the harmless ones are accepted and ignored ({@link CompatParams}).
 */
public final class StartupConfig {
    /** Redis 7.0's deprecated_configs: accepted with one argument and ignored, as Redis does. */
    private static final List<String> DEPRECATED = List.of("list-max-ziplist-entries",
            "list-max-ziplist-value", "lua-replicate-commands");

    /** Directives of Redis features that are not here: refused with a reason. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("rename-command", "rename-command is not supported"),
            Map.entry("user", "ACL users in the configuration file are not supported"),
            Map.entry("aclfile", "ACL files are not supported"),
            Map.entry("loadmodule", "modules are not supported"),
            Map.entry("sentinel", "Sentinel mode is not supported"),
            Map.entry("replicaof", "replication is not supported"),
            Map.entry("slaveof", "replication is not supported"),
            Map.entry("unixsocket", "unix sockets are not supported: listen on TCP (bind/port)"),
            Map.entry("unixsocketperm", "unix sockets are not supported: listen on TCP (bind/port)"),
            Map.entry("tls-port", "TLS is not supported"),
            Map.entry("cluster-enabled", "cluster mode is not supported"));

    private final List<Directive> directives;
    private final Config microProfile;
    private final String configFile;

    private StartupConfig(List<Directive> directives, Config microProfile, String configFile) {
        this.directives = directives;
        this.microProfile = microProfile;
        this.configFile = configFile;
    }

    /**
     * Reads the configuration a command line names (file, stdin, options) and MicroProfile
     * Config; nothing is applied yet.
     *
     * @param cmd          the parsed command line
     * @param stdin        standard input, read when the command line says "-"
     * @param microProfile MicroProfile Config to read quicksilver.* from, or null for none
     */
    public static StartupConfig load(CommandLine.Parsed cmd, InputStream stdin, Config microProfile)
            throws ConfigError {
        StringBuilder text = new StringBuilder();
        String configFile = null;
        if (cmd.configFile() != null) {
            Path p = Path.of(cmd.configFile()).toAbsolutePath();
            configFile = p.toString();
            text.append(RedisConf.read(p));
        }
        if (cmd.stdin()) {
            try {
                text.append(new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigError("Fatal error reading config from stdin: " + e.getMessage(), e.getMessage());
            }
        }
        if (!cmd.options().isEmpty()) {
            text.append('\n').append(cmd.options());
        }
        String source = configFile != null ? configFile : "command line";
        return new StartupConfig(RedisConf.parse(text.toString(), source, 0), microProfile, configFile);
    }

    /** Configuration from redis.conf text alone (tests, in-process use). */
    public static StartupConfig of(String redisConf, Config microProfile) throws ConfigError {
        return new StartupConfig(RedisConf.parse(redisConf, "config", 0), microProfile, null);
    }

    /** MicroProfile Config from the standard sources, without CDI. */
    public static Config defaultMicroProfileConfig() {
        SmallRyeConfig c = new SmallRyeConfigBuilder().addDefaultSources().addDiscoveredSources().build();
        return c;
    }

    /** The absolute path of the config file, or null when none was given. */
    public String configFile() {
        return configFile;
    }

    public List<Directive> directives() {
        return directives;
    }

    /**
     * The database count to build the engine with (an immutable parameter must be known before
     * the engine exists): the last {@code databases} directive, else quicksilver.databases, else
     * 16.
     */
    public int databases() throws ConfigError {
        int n = 16;
        if (microProfile != null) {
            Optional<String> v = microProfile.getOptionalValue("quicksilver.databases", String.class);
            if (v.isPresent()) {
                n = parseDatabases(v.get(), null);
            }
        }
        for (Directive d : directives) {
            if (d.error() == null && d.name().equals("databases") && d.args().size() == 2) {
                n = parseDatabases(d.args().get(1), d);
            }
        }
        return n;
    }

    private static int parseDatabases(String v, Directive d) throws ConfigError {
        String reason;
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 1 && n <= Integer.MAX_VALUE) {
                return (int) n;
            }
            reason = "argument must be between 1 and 2147483647 inclusive";
        } catch (NumberFormatException e) {
            reason = "argument couldn't be parsed into an integer";
        }
        if (d != null) {
            throw d.fail(reason);
        }
        throw ConfigError.other(Node.VERSION, "Reading MicroProfile Config property quicksilver.databases", reason);
    }

    /**
     * Applies MicroProfile values, then the directives, to {@code registry} (whose parameters the
     * engine and the server registered). The database count is not set (see {@link #databases}).
     */
    public void apply(ConfigRegistry registry) throws ConfigError {
        if (microProfile != null) {
            applyMicroProfile(registry);
        }
        for (Directive d : directives) {
            apply(registry, d);
        }
    }

    private void applyMicroProfile(ConfigRegistry registry) throws ConfigError {
        for (Param p : registry.all()) {
            if (p.mpName() == null || p.name().equals("databases")) {
                continue;
            }
            Optional<String> v;
            try {
                v = microProfile.getOptionalValue(p.mpName(), String.class);
            } catch (RuntimeException e) {
                throw ConfigError.other(Node.VERSION, "Reading MicroProfile Config property " + p.mpName(),
                        String.valueOf(e.getMessage()));
            }
            if (v.isPresent()) {
                try {
                    p.setter().set(v.get());
                } catch (ConfigException e) {
                    throw ConfigError.other(Node.VERSION, "Reading MicroProfile Config property " + p.mpName()
                            + "\n>>> '" + v.get() + "'", e.getMessage());
                }
            }
        }
    }

    /** Applies one directive as loadServerConfigFromString does. */
    static void apply(ConfigRegistry registry, Directive d) throws ConfigError {
        if (d.error() != null) {
            throw d.fail(d.error());
        }
        List<String> args = d.args();
        String name = d.name();
        if (name.equals("databases")) {
            if (args.size() != 2) {
                throw d.fail("wrong number of arguments");
            }
            parseDatabases(args.get(1), d); // validated; the engine was built with it
            return;
        }
        Param p = registry.find(name);
        if (p != null) {
            boolean multi = ServerSettings.isMultiArg(p.name());
            if (!multi && args.size() != 2) {
                throw d.fail("wrong number of arguments");
            }
            String value;
            if (!multi || args.size() == 2) {
                value = args.size() > 1 ? args.get(1) : "";
            } else {
                value = String.join(" ", args.subList(1, args.size()));
            }
            try {
                p.setter().set(value);
            } catch (ConfigException e) {
                throw d.fail(e.getMessage());
            }
            return;
        }
        if (DEPRECATED.contains(name) && args.size() == 2) {
            return;
        }
        String unsupported = UNSUPPORTED.get(name);
        if (unsupported != null) {
            throw d.fail(unsupported + " by Quicksilver");
        }
        throw d.fail("Bad directive or wrong number of arguments");
    }

    /** The directives as a list of (name, arguments) for logging. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Directive d : directives) {
            out.add(d.source() + ":" + d.line() + " " + d.text());
        }
        return out;
    }
}
