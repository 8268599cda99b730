package io.quicksilver.core.config;

import io.quicksilver.core.util.Glob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The runtime configuration parameters, by their redis.conf names: what CONFIG GET/SET, redis.conf
 * files and command-line flags read and write. The engine registers its own (hz,
 * notify-keyspace-events, ...); the server adds the network ones (port, bind, ...).
 *
 * <p>Each parameter also has a {@code quicksilver.*} name for MicroProfile Config (see the README's
 * table). Thread-safe: registration happens at start-up, reads and sets are synchronized per
 * parameter by their setters.
 */
public final class ConfigRegistry {

    /** Why a value was refused; the message is Redis's reason text. */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message, null, false, false);
        }
    }

    /** A setter that validates and applies a textual value. */
    @FunctionalInterface
    public interface Setter {
        void set(String value) throws ConfigException;
    }

    /**
     * One parameter.
     *
     * @param name      the redis.conf name (lower case)
     * @param mpName    the MicroProfile Config name ({@code quicksilver.server.port})
     * @param aliases   other names Redis accepts
     * @param immutable true when it can only be set at start-up
     * @param getter    the current value, as CONFIG GET prints it
     * @param setter    validates and applies a value
     */
    public record Param(String name, String mpName, List<String> aliases, boolean immutable,
            Supplier<String> getter, Setter setter, String description) {}

    private final Map<String, Param> byName = new LinkedHashMap<>();
    private final Map<String, Param> byAnyName = new LinkedHashMap<>();

    public synchronized ConfigRegistry register(Param p) {
        byName.put(p.name(), p);
        byAnyName.put(p.name(), p);
        for (String a : p.aliases()) {
            byAnyName.put(a, p);
        }
        if (p.mpName() != null) {
            byAnyName.put(p.mpName(), p);
        }
        return this;
    }

    public synchronized Param find(String name) {
        return byAnyName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Parameters whose name or an alias matches the glob (CONFIG GET), each once. */
    public synchronized List<Param> matching(String pattern) {
        List<Param> out = new ArrayList<>();
        String p = pattern.toLowerCase(Locale.ROOT);
        for (Param param : byName.values()) {
            if (Glob.matches(p, param.name())) {
                out.add(param);
                continue;
            }
            for (String a : param.aliases()) {
                if (Glob.matches(p, a)) {
                    out.add(param);
                    break;
                }
            }
        }
        return out;
    }

    public synchronized List<Param> all() {
        return new ArrayList<>(byName.values());
    }

    /** Sets a parameter by any of its names, at start-up (immutables allowed). */
    public void setAtStartup(String name, String value) throws ConfigException {
        Param p = find(name);
        if (p == null) {
            throw new ConfigException("Bad directive or wrong number of arguments");
        }
        p.setter().set(value);
    }

    public String get(String name) {
        Param p = find(name);
        return p == null ? null : p.getter().get();
    }

    // ------------------------------------------------------------------ typed helpers

    /** An integer parameter within [min, max]. */
    public static Param integer(String name, String mpName, long min, long max,
            Supplier<Long> getter, Consumer<Long> setter, String description) {
        return new Param(name, mpName, List.of(), false, () -> Long.toString(getter.get()), v -> {
            byte[] b = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (!io.quicksilver.core.command.Args.isLong(b)) { // string2ll: no spaces, '+', leading zeros
                throw new ConfigException("argument couldn't be parsed into an integer");
            }
            long n = io.quicksilver.core.command.Args.parseLong(b);
            if (n < min || n > max) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
            setter.accept(n);
        }, description);
    }

    /** A memory amount (bytes; k, kb, m, mb, g, gb suffixes as redis.conf). */
    public static Param memory(String name, String mpName, long min, long max,
            Supplier<Long> getter, Consumer<Long> setter, String description) {
        return new Param(name, mpName, List.of(), false, () -> Long.toString(getter.get()), v -> {
            long n = parseMemory(v);
            if (n < min || n > max) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
            setter.accept(n);
        }, description);
    }

    /** A yes/no parameter. */
    public static Param bool(String name, String mpName, Supplier<Boolean> getter,
            Consumer<Boolean> setter, String description) {
        return new Param(name, mpName, List.of(), false, () -> getter.get() ? "yes" : "no", v -> {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "yes" -> setter.accept(true); // Redis's yesnotoi, any case
                case "no" -> setter.accept(false);
                default -> throw new ConfigException("argument must be 'yes' or 'no'");
            }
        }, description);
    }

    /**
     * Redis's memtoull: digits with an optional unit ("1gb" = 1024^3, "1g" = 1000^3, any case);
     * no sign, spaces or fractions; "" is 0; a value past 2^63-1 saturates (and then fails the
     * range check).
     */
    public static long parseMemory(String v) throws ConfigException {
        String s = v.toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
            digits++;
        }
        long mul;
        switch (s.substring(digits)) {
            case "", "b" -> mul = 1;
            case "k" -> mul = 1000;
            case "kb" -> mul = 1024;
            case "m" -> mul = 1000_000;
            case "mb" -> mul = 1024 * 1024;
            case "g" -> mul = 1000_000_000;
            case "gb" -> mul = 1024L * 1024 * 1024;
            default -> throw new ConfigException("argument must be a memory value");
        }
        if (digits == 0) {
            return 0;
        }
        java.math.BigInteger n = new java.math.BigInteger(s.substring(0, digits))
                .multiply(java.math.BigInteger.valueOf(mul));
        return n.bitLength() > 63 ? Long.MAX_VALUE : n.longValue();
    }
}
