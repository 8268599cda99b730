package io.quicksilver.core.store;

import io.quicksilver.core.engine.Engine;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVM's named embedded engines: every {@code quicksilver:embedded[:name]} store of the JVM,
 * whoever opens it (a JCache manager, the session store, the application), works on the same
 * engine of that name. An engine is created on first use with the default configuration (16
 * databases, the system clock, active expiry on), or put in beforehand with {@link #register}.
 * Engines are closed by {@link #close(String)} or, for those still open, by a JVM shutdown hook.
 *
 * <p>Thread-safe.
 */
public final class EmbeddedEngines {
    /** The name of the engine of a plain {@code quicksilver:embedded}. */
    public static final String DEFAULT = "default";

    private static final Map<String, Engine> ENGINES = new ConcurrentHashMap<>();
    private static volatile boolean hooked;

    private EmbeddedEngines() {
    }

    /** The engine named {@code name}, created now with the default configuration if there is none. */
    public static Engine engine(String name) {
        Objects.requireNonNull(name, "name");
        Engine e = ENGINES.get(name);
        if (e != null) {
            return e;
        }
        hook();
        return ENGINES.computeIfAbsent(name, n -> Engine.builder().activeExpiry(true).build());
    }

    /**
     * Makes {@code engine} the one named {@code name}: an application (or a test) that builds its
     * own engine (another clock, a server around it) shares it this way with the stores opened
     * by URI. The engine is closed with the others at JVM shutdown unless closed before.
     *
     * @throws IllegalStateException if another engine already has that name (close it first)
     */
    public static void register(String name, Engine engine) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        hook();
        Engine previous = ENGINES.putIfAbsent(name, engine);
        if (previous != null && previous != engine) {
            throw new IllegalStateException("an embedded engine named '" + name + "' is already registered");
        }
    }

    /** The engine named {@code name} if there is one, without creating it; or null. */
    public static Engine find(String name) {
        return ENGINES.get(name);
    }

    /** Closes the engine named {@code name} and forgets it; true if there was one. */
    public static boolean close(String name) {
        Engine e = ENGINES.remove(name);
        if (e == null) {
            return false;
        }
        e.close();
        return true;
    }

    private static void hook() {
        if (hooked) {
            return;
        }
        synchronized (EmbeddedEngines.class) {
            if (hooked) {
                return;
            }
            Thread t = new Thread(EmbeddedEngines::closeAll, "quicksilver-embedded-shutdown");
            Runtime.getRuntime().addShutdownHook(t);
            hooked = true;
        }
    }

    private static void closeAll() {
        for (String name : List.copyOf(ENGINES.keySet())) {
            close(name);
        }
    }
}
