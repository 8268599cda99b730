package io.quicksilver.server.embedded;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.listener.EmbeddedListener;
import io.quicksilver.core.listener.EmbeddedListenerProvider;
import io.quicksilver.server.QuicksilverServer;
import io.quicksilver.server.resp.SplitArgs;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Serves an embedded engine over RESP with a {@link QuicksilverServer} (its own command node on
 * the shared engine: keys written in-process are visible to redis-cli at once, and the other way
 * round). Registered in {@code META-INF/services}.
 *
 * <p>Settings are server parameters by redis.conf or {@code quicksilver.*} name. Unlike the
 * stand-alone server, the bind address defaults to 127.0.0.1 only, and a bind that reaches beyond
 * loopback ({@code *}, {@code 0.0.0.0}, a routable address or host name) is refused unless a
 * password ({@code quicksilver.requirepass}) is set: nothing listens beyond loopback without one.
 */
public final class ServerListenerProvider implements EmbeddedListenerProvider {
    static final String DEFAULT_BIND = "127.0.0.1";

    @Override
    public EmbeddedListener start(Engine engine, Map<String, String> settings) {
        String bind = value(settings, "quicksilver.server.bind", "bind");
        String password = value(settings, "quicksilver.requirepass", "requirepass");
        if (value(settings, "quicksilver.server.port", "port") == null) {
            throw new IllegalArgumentException("an embedded RESP listener needs quicksilver.server.port");
        }
        if (bind == null) {
            bind = DEFAULT_BIND;
        }
        List<String> beyond = beyondLoopback(bind);
        if (!beyond.isEmpty() && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("quicksilver.server.bind=" + bind + " listens beyond loopback ("
                    + String.join(", ", beyond) + ") without a password: set quicksilver.requirepass,"
                    + " or bind 127.0.0.1 only");
        }
        QuicksilverServer.Builder builder = QuicksilverServer.builder().engine(engine).config("bind", bind);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!e.getKey().equals("bind") && !e.getKey().equals("quicksilver.server.bind")) {
                builder.config(e.getKey(), e.getValue());
            }
        }
        QuicksilverServer server = builder.build().start();
        return new Listener(server);
    }

    private static String value(Map<String, String> settings, String name, String alias) {
        String v = settings.get(name);
        return v != null ? v : settings.get(alias);
    }

    /**
     * The addresses of a bind line that are not loopback ones: wildcards, routable addresses,
     * host names that resolve elsewhere or not at all. An unbalanced line is refused.
     */
    static List<String> beyondLoopback(String bind) {
        List<String> parts = SplitArgs.split(bind);
        if (parts == null) {
            throw new IllegalArgumentException("quicksilver.server.bind: Unbalanced quotes in configuration line");
        }
        if (parts.isEmpty()) {
            return List.of("* (empty bind: every address)");
        }
        return parts.stream().filter(p -> !isLoopback(p.startsWith("-") ? p.substring(1) : p)).toList();
    }

    private static boolean isLoopback(String address) {
        if (address.isEmpty() || address.contains("*")) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(address)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A started server seen as an {@link EmbeddedListener}. */
    private static final class Listener implements EmbeddedListener {
        private final QuicksilverServer server;
        private final String describe;

        Listener(QuicksilverServer server) {
            this.server = server;
            this.describe = server.listener().describeAddresses() + " (" + server.transport() + ")";
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public String describe() {
            return describe;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
