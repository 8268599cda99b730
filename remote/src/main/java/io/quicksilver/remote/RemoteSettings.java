package io.quicksilver.remote;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a store URI and its properties ask for, parsed once.
 *
 * <p>{@code redis://}, {@code rediss://} and {@code redis-sentinel://} URIs are Lettuce's
 * {@link RedisURI} syntax (password and database included). {@code redis-cluster://} (and
 * {@code rediss-cluster://} for TLS) take a comma-separated list of seed nodes sharing one
 * user-info part: {@code redis-cluster://:secret@10.0.0.1:7000,10.0.0.2:7000}.
 *
 * @param cluster             true for a Redis Cluster
 * @param uris                the one server (or Sentinel set), or the cluster's seed nodes
 * @param timeout             command and connect timeout
 * @param database            the database the store's keys live in (0 in a cluster)
 * @param description         the URI without its password
 * @param computeConnections  most dedicated connections per server for {@code compute}
 * @param topologyRefresh     how often a cluster's slot map is re-read (besides on redirections)
 */
record RemoteSettings(boolean cluster, List<RedisURI> uris, Duration timeout, int database, String description,
        int computeConnections, Duration topologyRefresh) {

    /** The schemes the provider accepts. */
    static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel",
            "redis-cluster", "rediss-cluster");

    /** Property: command and connect timeout in milliseconds. */
    static final String TIMEOUT = "timeout";
    /** Property: the database number (overrides the URI's). */
    static final String DATABASE = "database";
    /** Property: most dedicated connections per server for compute (WATCH needs its own connection). */
    static final String COMPUTE_CONNECTIONS = "compute-connections";
    /** Property: milliseconds between periodic reads of a cluster's topology (new masters, fail-overs). */
    static final String TOPOLOGY_REFRESH = "topology-refresh";

    static final long DEFAULT_TIMEOUT_MILLIS = 5000;
    static final int DEFAULT_COMPUTE_CONNECTIONS = 8;
    static final long DEFAULT_TOPOLOGY_REFRESH_MILLIS = 60_000;

    static boolean accepts(URI uri) {
        return uri != null && uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
    }

    /**
     * Parses {@code uri} with {@code properties}.
     *
     * @throws IllegalArgumentException if the URI or a property is malformed
     */
    static RemoteSettings parse(URI uri, Map<String, String> properties) {
        if (!accepts(uri)) throw new IllegalArgumentException("not a redis URI: " + redact(String.valueOf(uri)));
        String text = uri.toString();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Map<String, String> props = properties == null ? Map.of() : properties;
        boolean uriTimeout = text.contains("timeout=");
        Duration timeout = Duration.ofMillis(positive(props, TIMEOUT, DEFAULT_TIMEOUT_MILLIS));
        int compute = (int) Math.min(1024, positive(props, COMPUTE_CONNECTIONS, DEFAULT_COMPUTE_CONNECTIONS));
        Duration topologyRefresh = Duration.ofMillis(positive(props, TOPOLOGY_REFRESH, DEFAULT_TOPOLOGY_REFRESH_MILLIS));
        Integer database = props.containsKey(DATABASE) ? (int) nonNegative(props, DATABASE) : null;

        List<RedisURI> uris = new ArrayList<>();
        boolean cluster = scheme.endsWith("-cluster");
        if (cluster) {
            String base = scheme.startsWith("rediss") ? "rediss" : "redis";
            String rest = text.substring(text.indexOf("://") + 3);
            int end = firstOf(rest, "/?#");
            String authority = rest.substring(0, end);
            String tail = rest.substring(end);
            int at = authority.lastIndexOf('@');
            String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
            String hosts = authority.substring(at + 1);
            if (hosts.isBlank()) throw new IllegalArgumentException("no cluster node in " + redact(text));
            for (String host : hosts.split(",")) {
                if (host.isBlank()) throw new IllegalArgumentException("empty cluster node in " + redact(text));
                uris.add(RedisURI.create(base + "://" + userInfo + host.trim() + tail));
            }
            int db = database != null ? database : uris.get(0).getDatabase();
            if (db != 0) throw new IllegalArgumentException("a Redis Cluster has only database 0: " + redact(text));
        } else {
            uris.add(RedisURI.create(text));
        }
        for (RedisURI r : uris) {
            if (!uriTimeout || props.containsKey(TIMEOUT)) r.setTimeout(timeout);
            if (database != null) r.setDatabase(database);
        }
        Duration effective = uris.get(0).getTimeout();
        return new RemoteSettings(cluster, List.copyOf(uris), effective, uris.get(0).getDatabase(),
                redact(text), compute, topologyRefresh);
    }

    /** {@code text} with the password of its user-info part removed (the user name, if any, kept). */
    static String redact(String text) {
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) return text;
        int start = schemeEnd + 3;
        int end = start + firstOf(text.substring(start), "/?#");
        int at = text.lastIndexOf('@', end - 1);
        if (at < start) return text;
        String userInfo = text.substring(start, at);
        int colon = userInfo.indexOf(':');
        String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
        // a lone user-info word is Lettuce's password-only form ("redis://secret@host"): drop it too
        String kept = colon >= 0 && !user.isEmpty() ? user + "@" : "";
        return text.substring(0, start) + kept + text.substring(at + 1);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return s.length();
    }

    private static long positive(Map<String, String> props, String name, long dflt) {
        long v = props.containsKey(name) ? number(props, name) : dflt;
        if (v <= 0) throw new IllegalArgumentException("property " + name + " must be positive: " + props.get(name));
        return v;
    }

    private static long nonNegative(Map<String, String> props, String name) {
        long v = number(props, name);
        if (v < 0) throw new IllegalArgumentException("property " + name + " must not be negative: " + props.get(name));
        return v;
    }

    private static long number(Map<String, String> props, String name) {
        try {
            return Long.parseLong(props.get(name).trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("property " + name + " is not a number: " + props.get(name), e);
        }
    }
}
