package io.quicksilver.core.command.server;

import io.quicksilver.core.command.CommandSpec;
import io.quicksilver.core.command.KeySpec;
import io.quicksilver.core.command.Reply;
import java.util.List;
import java.util.Map;

/**
 * COMMAND INFO and COMMAND DOCS replies, written from the command table's data in the exact
 * shapes of Redis 7.0 (addReplyCommandInfo, addReplyCommandDocs): which values are sets, status
 * strings or bulk strings, and the order of map fields, which the bundled JSON does not keep.
 */
public final class CommandReplies {
    private CommandReplies() {}

    /**
     * One COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL categories, tips,
     * key specs, subcommands (an array of entries, or an empty set for a plain command).
     */
    public static void info(Reply r, CommandSpec c) {
        r.array(10);
        r.bulk(c.fullName());
        r.integer(c.arity());
        statusSet(r, c.flags());
        r.integer(c.firstKey());
        r.integer(c.lastKey());
        r.integer(c.keyStep());
        statusSet(r, c.aclCategories());
        r.set(c.tips().size());
        for (String t : c.tips()) {
            r.bulk(t);
        }
        r.set(c.keySpecs().size());
        for (KeySpec ks : c.keySpecs()) {
            keySpec(r, ks);
        }
        if (c.isContainer()) {
            r.array(c.subcommands().size());
            for (CommandSpec sub : c.subcommands().values()) {
                info(r, sub);
            }
        } else {
            r.set(0);
        }
    }

    @SuppressWarnings("unchecked")
    private static void keySpec(Reply r, KeySpec ks) {
        Map<String, Object> raw = ks.raw();
        Object notes = raw.get("notes");
        r.map(notes == null ? 3 : 4);
        if (notes != null) {
            r.bulk("notes");
            r.bulk((String) notes);
        }
        r.bulk("flags");
        statusSet(r, ks.flags());
        r.bulk("begin_search");
        Map<String, Object> bs = (Map<String, Object>) raw.get("begin_search");
        typedSpec(r, bs, "index".equals(bs.get("type")) ? new String[] {"index"}
                : "keyword".equals(bs.get("type")) ? new String[] {"keyword", "startfrom"} : new String[0]);
        r.bulk("find_keys");
        Map<String, Object> fk = (Map<String, Object>) raw.get("find_keys");
        typedSpec(r, fk, "range".equals(fk.get("type")) ? new String[] {"lastkey", "keystep", "limit"}
                : "keynum".equals(fk.get("type")) ? new String[] {"keynumidx", "firstkey", "keystep"}
                : new String[0]);
    }

    /** {type: ..., spec: {fields in Redis's order}}; an unknown type has an empty spec. */
    @SuppressWarnings("unchecked")
    private static void typedSpec(Reply r, Map<String, Object> m, String[] fields) {
        Map<String, Object> spec = (Map<String, Object>) m.get("spec");
        r.map(2);
        r.bulk("type");
        r.bulk((String) m.get("type"));
        r.bulk("spec");
        r.map(fields.length);
        for (String f : fields) {
            r.bulk(f);
            Object v = spec.get(f);
            if (v instanceof String s) {
                r.bulk(s);
            } else {
                r.integer(((Number) v).longValue());
            }
        }
    }

    /**
     * One COMMAND DOCS value (the map; the caller writes the name before it): summary, since,
     * group, complexity, doc_flags, deprecated_since, replaced_by, history, arguments,
     * subcommands, each only when the command has it.
     */
    @SuppressWarnings("unchecked")
    public static void docs(Reply r, CommandSpec c) {
        Map<String, Object> d = c.docs();
        String[] plain = {"summary", "since", "group", "complexity"};
        int n = 0;
        for (String k : plain) {
            n += d.containsKey(k) ? 1 : 0;
        }
        for (String k : new String[] {"doc_flags", "deprecated_since", "replaced_by", "history", "arguments"}) {
            n += d.containsKey(k) ? 1 : 0;
        }
        if (c.isContainer()) {
            n++;
        }
        r.map(n);
        for (String k : plain) {
            if (d.containsKey(k)) {
                r.bulk(k);
                r.bulk((String) d.get(k));
            }
        }
        if (d.containsKey("doc_flags")) {
            r.bulk("doc_flags");
            statusSet(r, (List<String>) d.get("doc_flags"));
        }
        for (String k : new String[] {"deprecated_since", "replaced_by"}) {
            if (d.containsKey(k)) {
                r.bulk(k);
                r.bulk((String) d.get(k));
            }
        }
        if (d.containsKey("history")) {
            List<List<String>> history = (List<List<String>>) d.get("history");
            r.bulk("history");
            r.set(history.size());
            for (List<String> h : history) {
                r.array(2);
                r.bulk(h.get(0));
                r.bulk(h.get(1));
            }
        }
        if (d.containsKey("arguments")) {
            r.bulk("arguments");
            arguments(r, (List<Map<String, Object>>) d.get("arguments"));
        }
        if (c.isContainer()) {
            r.bulk("subcommands");
            r.map(c.subcommands().size());
            for (CommandSpec sub : c.subcommands().values()) {
                r.bulk(sub.fullName());
                docs(r, sub);
            }
        }
    }

    /** Redis's addReplyCommandArgList: name, type, key_spec_index, token, summary, since,
     *  deprecated_since, flags, arguments. */
    @SuppressWarnings("unchecked")
    private static void arguments(Reply r, List<Map<String, Object>> args) {
        r.array(args.size());
        String[] order = {"name", "type", "key_spec_index", "token", "summary", "since",
            "deprecated_since", "flags", "arguments"};
        for (Map<String, Object> a : args) {
            int n = 0;
            for (String k : order) {
                n += a.containsKey(k) ? 1 : 0;
            }
            r.map(n);
            for (String k : order) {
                Object v = a.get(k);
                if (v == null) {
                    continue;
                }
                r.bulk(k);
                switch (k) {
                    case "key_spec_index" -> r.integer(((Number) v).longValue());
                    case "flags" -> statusSet(r, (List<String>) v);
                    case "arguments" -> arguments(r, (List<Map<String, Object>>) v);
                    default -> r.bulk((String) v);
                }
            }
        }
    }

    private static void statusSet(Reply r, List<String> values) {
        r.set(values.size());
        for (String v : values) {
            r.simple(v);
        }
    }
}
