package io.quicksilver.session;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The session store's settings, read once from a lookup of {@code quicksilver.session.*} keys (see
 * the README's configuration table). Immutable.
 *
 * @param uri                 the store: {@code quicksilver:embedded} (default) or a remote URI
 * @param keyPrefix           prefix of every key ({@code qs:session:})
 * @param timeoutSeconds      max inactive interval of new sessions, or null to take the container's
 *                            (web.xml session-timeout); 0 or less: never expire
 * @param writeContents       which attributes are written back
 * @param writeFrequency      when they are written
 * @param cookieName          the session cookie's name ({@code QSSESSIONID}: not the container's
 *                            {@code JSESSIONID}, so a session the container makes itself (FORM login) does
 *                            not replace ours in the browser)
 * @param cookiePath          its path, or null for the context path
 * @param cookieDomain        its domain, or null
 * @param sameSite            its SameSite attribute ({@code Lax}), or null/empty for none
 * @param secureCookie        {@code auto} (Secure when the request is secure), {@code true} or {@code false}
 * @param urlRewriting        whether the ID may travel in URLs ({@code ;qssessionid=}); off by default
 * @param principalIndex      whether the principal index is kept
 * @param idBytes             random bytes per session ID (16..64)
 * @param serializer          {@code java} (or null: Java serialization), {@code json} ({@link JsonSerializer})
 *                            or an {@link AttributeSerializer}'s class name
 * @param expiryTracking      {@code auto} (remote stores with session listeners), {@code true}, {@code false}:
 *                            whether expiry buckets are kept and swept
 * @param expiryBucketMillis  width of an expiry bucket
 * @param expirySweepMillis   how often a node sweeps the buckets
 * @param expirySnapshots     how many sessions' last written state a node keeps (remote stores) to give
 *                            expiry listeners their attributes
 * @param asyncWrites         {@code write-mode}: {@code sync} (default, false): a request's session write is
 *                            made before its response commits and the request waits for it; {@code async}
 *                            (true): the write is handed to a background thread and the request does not wait
 *                            (another node may read the session before it lands; see the README)
 * @param asyncWriteWaitMillis {@code async-write-wait}: write-mode async, how long a request (and
 *                            {@code invalidate}, {@code changeSessionId}) waits for its session's pending write
 *                            before it reads without it (10000)
 * @param shutdownWaitMillis  {@code shutdown-wait}: how long stopping the filter waits for the pending
 *                            writes (write-mode async) and for its expiry thread (10000)
 * @param touchIntervalMillis {@code touch-interval} (seconds in the configuration): a request that changes
 *                            nothing but the access time writes it (and the TTL) only when the stored access time
 *                            is at least this old, capped at half the max inactive interval; 0 (default): every
 *                            request that uses its session writes it
 */
public record SessionSettings(URI uri, String keyPrefix, Integer timeoutSeconds, WriteContents writeContents,
        WriteFrequency writeFrequency, String cookieName, String cookiePath, String cookieDomain, String sameSite,
        String secureCookie, boolean urlRewriting, boolean principalIndex, int idBytes, String serializer,
        String expiryTracking, long expiryBucketMillis, long expirySweepMillis, int expirySnapshots,
        boolean asyncWrites, long asyncWriteWaitMillis, long shutdownWaitMillis, long touchIntervalMillis) {

    /** The prefix of every key. */
    public static final String PREFIX = "quicksilver.session.";

    /** Reads the settings through {@code lookup} (full key names, e.g. {@code quicksilver.session.uri}). */
    public static SessionSettings from(Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> get = k -> lookup.apply(PREFIX + k).map(String::trim)
                .filter(v -> !v.isEmpty());
        String secure = get.apply("cookie.secure").orElse("auto").toLowerCase(Locale.ROOT);
        if (!secure.equals("auto") && !secure.equals("true") && !secure.equals("false")) {
            throw new IllegalArgumentException(PREFIX + "cookie.secure must be auto, true or false, not " + secure);
        }
        if (get.apply("expiry-bucket").map(Long::valueOf).orElse(10_000L) < 1) {
            throw new IllegalArgumentException(PREFIX + "expiry-bucket must be at least 1 ms");
        }
        String mode = get.apply("write-mode").orElse("sync").toLowerCase(Locale.ROOT);
        if (!mode.equals("sync") && !mode.equals("async")) {
            throw new IllegalArgumentException(PREFIX + "write-mode must be sync or async, not " + mode);
        }
        long asyncWait = nonNegative(get, "async-write-wait", 10_000);
        long shutdownWait = nonNegative(get, "shutdown-wait", 10_000);
        long touch = nonNegative(get, "touch-interval", 0);
        return new SessionSettings(
                URI.create(get.apply("uri").orElse("quicksilver:embedded")),
                get.apply("key-prefix").orElse("qs:session:"),
                get.apply("timeout").map(Integer::valueOf).orElse(null),
                get.apply("write-contents").map(WriteContents::parse).orElse(WriteContents.ONLY_SET_ATTRIBUTES),
                get.apply("write-frequency").map(WriteFrequency::parse).orElse(WriteFrequency.END_OF_REQUEST),
                get.apply("cookie.name").orElse("QSSESSIONID"),
                get.apply("cookie.path").orElse(null),
                get.apply("cookie.domain").orElse(null),
                lookup.apply(PREFIX + "cookie.same-site").map(String::trim).orElse("Lax"),
                secure,
                get.apply("url-rewriting").map(Boolean::parseBoolean).orElse(false),
                get.apply("principal-index").map(Boolean::parseBoolean).orElse(true),
                get.apply("id-bytes").map(Integer::valueOf).orElse(16),
                get.apply("serializer").orElse(null),
                get.apply("expiry-tracking").orElse("auto").toLowerCase(Locale.ROOT),
                get.apply("expiry-bucket").map(Long::valueOf).orElse(10_000L),
                get.apply("expiry-sweep").map(Long::valueOf).orElse(10_000L),
                get.apply("expiry-snapshots").map(Integer::valueOf).orElse(10_000),
                mode.equals("async"), asyncWait, shutdownWait, touch * 1000);
    }

    /** A setting that must be a whole number of at least 0. */
    private static long nonNegative(Function<String, Optional<String>> get, String key, long dflt) {
        long v;
        try {
            v = get.apply(key).map(Long::parseLong).orElse(dflt);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be a whole number: " + e.getMessage(), e);
        }
        if (v < 0) {
            throw new IllegalArgumentException(PREFIX + key + " must be 0 or more, not " + v);
        }
        return v;
    }

    /** Defaults only. */
    public static SessionSettings defaults() {
        return from(k -> Optional.empty());
    }

    /** The serializer these settings name, created with the given loader. */
    public AttributeSerializer newSerializer(ClassLoader loader) {
        if (serializer == null || serializer.equals("java")) {
            return new JavaSerializer();
        }
        if (serializer.equals("json")) {
            try {
                // linked from this jar's loader: Jackson must sit beside the session store's jar
                Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, getClass().getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException(PREFIX + "serializer json needs Jackson 2"
                        + " (com.fasterxml.jackson.core:jackson-databind) beside the application", e);
            }
            return new JsonSerializer();
        }
        try {
            Class<?> c = Class.forName(serializer, true, loader != null ? loader : getClass().getClassLoader());
            return (AttributeSerializer) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(PREFIX + "serializer " + serializer + " cannot be created: " + e, e);
        }
    }
}
