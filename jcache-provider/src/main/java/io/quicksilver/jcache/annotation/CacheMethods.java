package io.quicksilver.jcache.annotation;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link CacheMethod} of each intercepted method, built on its first call and kept for the
 * life of the container (so a resolver factory is asked once per method, as the specification
 * requires). Thread-safe.
 */
final class CacheMethods {
    /** Marks a method no cache annotation applies to (a class-level binding of another kind). */
    private static final Object NONE = new Object();

    private final CacheMethodParser parser;
    private final ConcurrentMap<MethodKey, Object> methods = new ConcurrentHashMap<>();

    CacheMethods(CacheMethodParser parser) {
        this.parser = parser;
    }

    /** The cache method of {@code method} called on an instance of {@code targetClass}, or null. */
    CacheMethod get(Method method, Class<?> targetClass) {
        MethodKey key = new MethodKey(method, targetClass);
        Object found = methods.get(key);
        if (found == null) {
            CacheMethod parsed = parser.parse(method, targetClass);
            found = parsed == null ? NONE : parsed;
            Object raced = methods.putIfAbsent(key, found);
            if (raced != null) {
                found = raced;
            }
        }
        return found == NONE ? null : (CacheMethod) found;
    }

    private record MethodKey(Method method, Class<?> targetClass) {
    }
}
