package io.quicksilver.core.listener;

import io.quicksilver.core.engine.Engine;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Starts RESP listeners on embedded engines through the {@link EmbeddedListenerProvider} found on
 * the class path ({@code quicksilver-server}), one per engine, shared by everyone who asks with
 * the same settings:
 *
 * <pre>
 * Optional&lt;EmbeddedListener&gt; listener = EmbeddedListeners.startIfConfigured(engine, lookup);
 * ...
 * listener.ifPresent(EmbeddedListener::close);   // before the engine closes
 * </pre>
 *
 * <p>Each successful {@link #start} returns its own handle; the listener stops when the last
 * handle is closed. Asking again for an engine that already listens with other settings is an
 * error rather than a second listener on another port. Thread-safe.
 */
public final class EmbeddedListeners {
    /** The TCP port; setting it switches the listener on (0 picks a free one). */
    public static final String PORT = "quicksilver.server.port";
    /** The addresses to listen on (redis.conf's bind syntax); default 127.0.0.1. */
    public static final String BIND = "quicksilver.server.bind";
    /** The password of the listener's default user; required to bind beyond loopback. */
    public static final String REQUIREPASS = "quicksilver.requirepass";

    private static final Logger LOG = Logger.getLogger(EmbeddedListeners.class.getName());
    private static final Map<Engine, Shared> LISTENERS = new IdentityHashMap<>();

    private EmbeddedListeners() {}

    /**
     * The listener settings among the configuration {@code lookup} answers: {@link #PORT},
     * {@link #BIND} and {@link #REQUIREPASS}, those that are present and not blank.
     */
    public static Map<String, String> settings(Function<String, Optional<String>> lookup) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : new String[] {PORT, BIND, REQUIREPASS}) {
            lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty()).ifPresent(v -> settings.put(key, v));
        }
        return settings;
    }

    /**
     * Starts (or shares) a listener on {@code engine} if {@code lookup} has a {@link #PORT};
     * empty otherwise.
     *
     * @throws IllegalArgumentException see {@link #start}
     * @throws IllegalStateException    see {@link #start}
     */
    public static Optional<EmbeddedListener> startIfConfigured(Engine engine,
            Function<String, Optional<String>> lookup) {
        Map<String, String> settings = settings(lookup);
        return settings.containsKey(PORT) ? Optional.of(start(engine, settings)) : Optional.empty();
    }

    /**
     * Starts a listener on {@code engine}, or shares the one already running on it with equal
     * settings.
     *
     * @param settings server parameters by redis.conf or {@code quicksilver.*} name; a port is required
     * @return a handle; closing it releases this caller's share
     * @throws IllegalArgumentException no port, a setting refused, or a bind beyond loopback without a password
     * @throws IllegalStateException    no provider on the class path (quicksilver-server missing), the
     *                                  port could not be bound, or the engine already listens with other settings
     */
    public static EmbeddedListener start(Engine engine, Map<String, String> settings) {
        if (!settings.containsKey(PORT) && !settings.containsKey("port")) {
            throw new IllegalArgumentException("an embedded RESP listener needs a port (" + PORT + ")");
        }
        Map<String, String> copy = Map.copyOf(settings);
        synchronized (LISTENERS) {
            Shared shared = LISTENERS.get(engine);
            if (shared != null) {
                if (!shared.settings.equals(copy)) {
                    throw new IllegalStateException("this engine already has a RESP listener on port "
                            + shared.listener.port() + " with other settings (" + redact(shared.settings)
                            + "); asked for " + redact(copy));
                }
                shared.refs++;
                return new Handle(engine, shared);
            }
            EmbeddedListener listener = provider().start(engine, copy);
            shared = new Shared(listener, copy);
            LISTENERS.put(engine, shared);
            LOG.info(() -> "Embedded RESP listener started: " + listener.describe());
            return new Handle(engine, shared);
        }
    }

    /** The listener running on {@code engine}, if any (diagnostics, health checks). */
    public static Optional<Integer> port(Engine engine) {
        synchronized (LISTENERS) {
            Shared shared = LISTENERS.get(engine);
            return shared == null ? Optional.empty() : Optional.of(shared.listener.port());
        }
    }

    private static EmbeddedListenerProvider provider() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, EmbeddedListeners.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            Iterator<EmbeddedListenerProvider> it = ServiceLoader.load(EmbeddedListenerProvider.class, loader).iterator();
            if (it.hasNext()) {
                return it.next();
            }
        }
        throw new IllegalStateException(PORT + " is set but no RESP listener is available here:"
                + " add io.quicksilver:quicksilver-server to the class path");
    }

    private static String redact(Map<String, String> settings) {
        Map<String, String> shown = new LinkedHashMap<>(settings);
        shown.replaceAll((k, v) -> k.endsWith("requirepass") ? "****" : v);
        return shown.toString();
    }

    private static final class Shared {
        final EmbeddedListener listener;
        final Map<String, String> settings;
        int refs = 1;

        Shared(EmbeddedListener listener, Map<String, String> settings) {
            this.listener = listener;
            this.settings = settings;
        }
    }

    /** One caller's share of a listener. */
    private static final class Handle implements EmbeddedListener {
        private final Engine engine;
        private final Shared shared;
        private boolean closed;

        Handle(Engine engine, Shared shared) {
            this.engine = engine;
            this.shared = shared;
        }

        @Override
        public int port() {
            return shared.listener.port();
        }

        @Override
        public String describe() {
            return shared.listener.describe();
        }

        @Override
        public void close() {
            synchronized (LISTENERS) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--shared.refs > 0) {
                    return;
                }
                LISTENERS.remove(engine, shared);
            }
            shared.listener.close();
            LOG.info(() -> "Embedded RESP listener stopped: " + shared.listener.describe());
        }
    }
}
