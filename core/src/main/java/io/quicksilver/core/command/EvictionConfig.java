package io.quicksilver.core.command;

import io.quicksilver.core.config.ConfigRegistry;
import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import io.quicksilver.core.config.ConfigRegistry.Param;
import io.quicksilver.core.engine.evict.EvictionPolicy;
import io.quicksilver.core.engine.evict.Evictor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * The maxmemory parameters with Redis 7.0's names, defaults, ranges, parsing and error texts:
 * maxmemory, maxmemory-policy, maxmemory-samples, maxmemory-eviction-tenacity, lfu-log-factor,
 * lfu-decay-time. They set the engine's {@link Evictor}.
 *
 * <p>As Redis, a new maxmemory below the current usage is accepted; the keys are evicted before
 * the next command runs (Redis evicts within CONFIG SET itself, which here may run inside EXEC
 * while segments are locked, where eviction must not lock others).
 */
final class EvictionConfig {
    private EvictionConfig() {}

    static void register(Node node) {
        Evictor ev = node.engine().evictor();
        ConfigRegistry c = node.config();
        c.register(new Param("maxmemory", "quicksilver.maxmemory", List.of(), false,
                () -> Long.toUnsignedString(ev.maxmemory()), v -> ev.maxmemory(memtoull(v)),
                "Limit of the dataset estimate (used_memory_dataset) in bytes; over it, keys are "
                        + "evicted by maxmemory-policy before each command (0: no limit)"));
        c.register(new Param("maxmemory-policy", "quicksilver.maxmemory-policy", List.of(), false,
                () -> ev.policy().configName(), v -> {
                    EvictionPolicy p = EvictionPolicy.of(v);
                    if (p == null) {
                        throw new ConfigException("argument(s) must be one of the following: "
                                + EvictionPolicy.names());
                    }
                    ev.policy(p);
                }, "Which keys are evicted over maxmemory"));
        c.register(integer("maxmemory-samples", "quicksilver.maxmemory-samples", 1, Integer.MAX_VALUE,
                ev::samples, ev::samples, "Keys sampled per database to find an eviction candidate"));
        c.register(integer("maxmemory-eviction-tenacity", "quicksilver.maxmemory-eviction-tenacity",
                0, 100, ev::tenacity, ev::tenacity,
                "How long one eviction round may last before it goes on in the background (100: no limit)"));
        c.register(integer("lfu-log-factor", "quicksilver.lfu-log-factor", 0, Integer.MAX_VALUE,
                ev::lfuLogFactor, ev::lfuLogFactor, "How slowly the LFU counter grows with accesses"));
        c.register(integer("lfu-decay-time", "quicksilver.lfu-decay-time", 0, Integer.MAX_VALUE,
                ev::lfuDecayTime, ev::lfuDecayTime,
                "Minutes without access that take one off the LFU counter (0: never)"));
    }

    /**
     * An integer parameter parsed as Redis 7.0 parses numeric configs (string2ll: no spaces, no
     * '+', no leading zeros), with its two error texts.
     */
    private static Param integer(String name, String mpName, long min, long max, IntSupplier getter,
            IntConsumer setter, String description) {
        return new Param(name, mpName, List.of(), false, () -> Integer.toString(getter.getAsInt()), v -> {
            long n;
            try {
                n = Args.parseLong(v.getBytes(StandardCharsets.UTF_8));
            } catch (CommandException e) {
                throw new ConfigException("argument couldn't be parsed into an integer");
            }
            if (n < min || n > max) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
            setter.accept((int) n);
        }, description);
    }

    /**
     * Redis 7.0's memtoull: digits and an optional unit (b; k = 1000, kb = 1024; m, mb; g, gb; any
     * case), nothing else: no sign, no spaces, no decimals. An empty number counts as 0; a number
     * past 2^64-1 saturates and the unit multiplies modulo 2^64, as strtoull and C arithmetic do.
     *
     * @param v the text
     * @return the amount, as an unsigned 64-bit value
     * @throws ConfigException "argument must be a memory value"
     */
    static long memtoull(String v) throws ConfigException {
        int u = 0;
        while (u < v.length() && v.charAt(u) >= '0' && v.charAt(u) <= '9') {
            u++;
        }
        long mul;
        switch (v.substring(u).toLowerCase(Locale.ROOT)) {
            case "", "b" -> mul = 1;
            case "k" -> mul = 1000;
            case "kb" -> mul = 1024;
            case "m" -> mul = 1000L * 1000;
            case "mb" -> mul = 1024L * 1024;
            case "g" -> mul = 1000L * 1000 * 1000;
            case "gb" -> mul = 1024L * 1024 * 1024;
            default -> throw new ConfigException("argument must be a memory value");
        }
        if (u >= 128) {
            throw new ConfigException("argument must be a memory value");
        }
        long val;
        if (u == 0) {
            val = 0;
        } else {
            try {
                val = Long.parseUnsignedLong(v.substring(0, u));
            } catch (NumberFormatException e) {
                val = -1L; // ULLONG_MAX: strtoull saturates and Redis does not check ERANGE
            }
        }
        return val * mul;
    }
}
