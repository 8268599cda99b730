package io.quicksilver.core.command;

import io.quicksilver.core.engine.Counter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One command (or subcommand) as data: what COMMAND INFO and COMMAND DOCS print, what the
 * dispatcher checks (arity, flags), where its keys are, and the handler that runs it.
 *
 * <p>The metadata comes from {@code redis-commands.json} (generated from the Redis version we
 * reproduce); the handler and lock plan from the command group class that implements it. Only
 * commands with a handler are in the table: a command we do not implement is unknown.
 */
public final class CommandSpec {
    private final String name;
    private final String fullName;
    private final int arity;
    private final List<String> flags;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final List<String> aclCategories;
    private final List<String> tips;
    private final List<KeySpec> keySpecs;
    private final Map<String, Object> docs;
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private final CommandSpec parent;
    private Handler handler;
    private LockPlan lockPlan = LockPlan.KEYS;
    /**
     * Where the member or field the command looks for inside its key's collection is (SADD,
     * HSET, ZADD...): an argument index, negative from the end, 0 for none. Declared by the
     * command's group ({@link CommandTable.Binder#members}); read by {@link Dispatcher#prefetch}.
     */
    private int memberArg;
    private final boolean write;
    private final boolean readonly;
    private final boolean denyOom;
    private final boolean noAuth;
    private final boolean noMulti;
    private final boolean pubsub;
    private final boolean skipMonitor;
    private final boolean skipSlowlog;
    private final boolean movableKeys;

    // INFO commandstats
    final Counter calls = new Counter();
    final Counter micros = new Counter();
    final Counter rejectedCalls = new Counter();
    final Counter failedCalls = new Counter();

    @SuppressWarnings("unchecked")
    CommandSpec(Map<String, Object> json, CommandSpec parent) {
        this.parent = parent;
        this.fullName = (String) json.get("name");
        int bar = fullName.indexOf('|');
        this.name = bar < 0 ? fullName : fullName.substring(bar + 1);
        this.arity = ((Number) json.get("arity")).intValue();
        this.flags = List.copyOf((List<String>) json.get("flags"));
        this.firstKey = ((Number) json.get("first")).intValue();
        this.lastKey = ((Number) json.get("last")).intValue();
        this.keyStep = ((Number) json.get("step")).intValue();
        this.aclCategories = List.copyOf((List<String>) json.get("acl"));
        this.tips = List.copyOf((List<String>) json.get("tips"));
        List<KeySpec> ks = new ArrayList<>();
        for (Object o : (List<Object>) json.get("keySpecs")) {
            ks.add(KeySpec.of((Map<String, Object>) o));
        }
        this.keySpecs = List.copyOf(ks);
        this.docs = Collections.unmodifiableMap((Map<String, Object>) json.get("docs"));
        this.write = flags.contains("write");
        this.readonly = flags.contains("readonly");
        this.denyOom = flags.contains("denyoom");
        this.noAuth = flags.contains("no_auth");
        this.noMulti = flags.contains("no_multi");
        this.pubsub = flags.contains("pubsub");
        this.skipMonitor = flags.contains("skip_monitor");
        this.skipSlowlog = flags.contains("skip_slowlog");
        this.movableKeys = flags.contains("movablekeys");
        if (keySpecs.isEmpty() && firstKey == 0) {
            lockPlan = LockPlan.NONE;
        }
    }

    void addSubcommand(CommandSpec sub) {
        subcommands.put(sub.name.toLowerCase(Locale.ROOT), sub);
    }

    /** Drops subcommands that no group bound a handler to. */
    void pruneUnbound() {
        subcommands.values().removeIf(sub -> sub.handler == null);
    }

    void bind(Handler handler, LockPlan plan) {
        this.handler = handler;
        if (plan != null) {
            this.lockPlan = plan;
        }
    }

    /** The name as typed, lower case: "get", or "setname" for "client|setname". */
    public String name() {
        return name;
    }

    /** "get", or "client|setname" for a subcommand. */
    public String fullName() {
        return fullName;
    }

    public int arity() {
        return arity;
    }

    public boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public List<String> flags() {
        return flags;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public List<String> aclCategories() {
        return aclCategories;
    }

    public List<String> tips() {
        return tips;
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    /** COMMAND DOCS fields: summary, since, group, complexity, arguments, history... */
    public Map<String, Object> docs() {
        return docs;
    }

    public String group() {
        Object g = docs.get("group");
        return g == null ? "" : (String) g;
    }

    public String since() {
        Object s = docs.get("since");
        return s == null ? "" : (String) s;
    }

    public String summary() {
        Object s = docs.get("summary");
        return s == null ? "" : (String) s;
    }

    /** Implemented subcommands, by lower-case name. */
    public Map<String, CommandSpec> subcommands() {
        return Collections.unmodifiableMap(subcommands);
    }

    public CommandSpec subcommand(String name) {
        return subcommands.get(name.toLowerCase(Locale.ROOT));
    }

    public CommandSpec parent() {
        return parent;
    }

    public Handler handler() {
        return handler;
    }

    public LockPlan lockPlan() {
        return lockPlan;
    }

    /** The argument holding the member the command looks for in its collection, or null. */
    byte[] member(byte[][] args) {
        int m = memberArg;
        if (m == 0) {
            return null;
        }
        int i = m > 0 ? m : args.length + m;
        return i > 0 && i < args.length ? args[i] : null;
    }

    void memberArg(int position) {
        this.memberArg = position;
    }

    public boolean isWrite() {
        return write;
    }

    public boolean isReadonly() {
        return readonly;
    }

    public boolean isDenyOom() {
        return denyOom;
    }

    public boolean isNoAuth() {
        return noAuth;
    }

    public boolean isNoMulti() {
        return noMulti;
    }

    public boolean isPubsub() {
        return pubsub;
    }

    public boolean isSkipMonitor() {
        return skipMonitor;
    }

    public boolean isSkipSlowlog() {
        return skipSlowlog;
    }

    public boolean isMovableKeys() {
        return movableKeys;
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    public long calls() {
        return calls.sum();
    }

    public long micros() {
        return micros.sum();
    }

    public long rejectedCalls() {
        return rejectedCalls.sum();
    }

    public long failedCalls() {
        return failedCalls.sum();
    }

    void resetStats() {
        calls.reset();
        micros.reset();
        rejectedCalls.reset();
        failedCalls.reset();
    }

    /**
     * The positions of the keys in {@code args} (args[0] is the command name; for a subcommand
     * args[1] is its name), from the key specs, as Redis's getKeysUsingKeySpecs. Returns null if
     * the arguments do not fit the specs (a keynum that is not a number, say).
     */
    public int[] keyPositions(byte[][] args) {
        return keyPositions(args, null);
    }

    /**
     * As {@link #keyPositions(byte[][])}, and also which key spec found each key (COMMAND
     * GETKEYSANDFLAGS prints that spec's flags).
     *
     * @param args   the command
     * @param specOf if not null, {@code specOf[0]} receives an array parallel to the result: the
     *               index in {@link #keySpecs()} of the spec that found each key
     */
    public int[] keyPositions(byte[][] args, int[][] specOf) {
        int argc = args.length;
        int[] out = new int[4];
        int[] specs = specOf == null ? null : new int[4];
        int n = 0;
        for (int ksi = 0; ksi < keySpecs.size(); ksi++) {
            KeySpec ks = keySpecs.get(ksi);
            int first;
            if ("index".equals(ks.beginType())) {
                first = ks.index();
            } else if ("keyword".equals(ks.beginType())) {
                first = -1;
                byte[] kw = ks.keyword().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                int start = ks.startFrom() >= 0 ? ks.startFrom() : argc + ks.startFrom();
                int end = ks.startFrom() >= 0 ? argc : 0;
                int step = ks.startFrom() >= 0 ? 1 : -1;
                for (int i = start; i != end && i >= 0 && i < argc; i += step) {
                    if (Args.equalsIgnoreCase(args[i], kw)) {
                        first = i + 1;
                        break;
                    }
                }
                if (first < 0) {
                    continue;
                }
            } else {
                continue;
            }
            int last;
            int step;
            if ("range".equals(ks.findType())) {
                step = Math.max(1, ks.keyStep());
                if (ks.lastKey() >= 0) {
                    last = first + ks.lastKey();
                } else if (ks.limit() <= 1) {
                    last = argc + ks.lastKey();
                } else {
                    last = first + ((argc - first) / ks.limit() + ks.lastKey());
                }
            } else if ("keynum".equals(ks.findType())) {
                step = Math.max(1, ks.keyStep());
                int numIdx = first + ks.keyNumIdx();
                if (numIdx >= argc) {
                    return null;
                }
                long numKeys;
                try {
                    numKeys = Args.parseLong(args[numIdx]);
                } catch (CommandException e) {
                    return null;
                }
                first += ks.firstKey();
                if (numKeys < 0 || first + (numKeys - 1) * step >= argc) {
                    return null;
                }
                last = (int) (first + (numKeys - 1) * step);
            } else {
                continue;
            }
            for (int i = first; i <= last; i += step) {
                if (i >= argc || i < 1) {
                    if (ks.hasFlag("incomplete")) {
                        break;
                    }
                    return null;
                }
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                    if (specs != null) {
                        specs = java.util.Arrays.copyOf(specs, n * 2);
                    }
                }
                if (specs != null) {
                    specs[n] = ksi;
                }
                out[n++] = i;
            }
        }
        if (specOf != null) {
            specOf[0] = java.util.Arrays.copyOf(specs, n);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public String toString() {
        return fullName;
    }
}
