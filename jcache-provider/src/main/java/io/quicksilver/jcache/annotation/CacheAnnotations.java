package io.quicksilver.jcache.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheValue;

/**
 * Reads the JSR-107 annotations of a method and checks their use. The cache annotation in force
 * for a method is the one on the method, else the one on the nearest class (from the bean class
 * up) carrying one; {@code @CacheDefaults} is taken from the nearest class carrying it.
 * Stateless.
 */
final class CacheAnnotations {
    private CacheAnnotations() {
    }

    /** The cache annotations among {@code annotations}, in declaration order. */
    static List<Annotation> cacheAnnotations(Annotation[] annotations) {
        List<Annotation> found = new ArrayList<>(1);
        for (Annotation a : annotations) {
            if (CacheOperation.of(a) != null) {
                found.add(a);
            }
        }
        return found;
    }

    /** The class-level cache annotations of the nearest class from {@code beanClass} up carrying any. */
    static List<Annotation> classLevel(Class<?> beanClass) {
        for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
            List<Annotation> found = cacheAnnotations(c.getDeclaredAnnotations());
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    /** The {@code @CacheDefaults} of the nearest class from {@code beanClass} up, or null. */
    static CacheDefaults defaults(Class<?> beanClass) {
        for (Class<?> c = beanClass; c != null; c = c.getSuperclass()) {
            CacheDefaults d = c.getDeclaredAnnotation(CacheDefaults.class);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /**
     * The cache annotation in force for {@code method} of {@code beanClass}, or null if none.
     *
     * @throws IllegalStateException if the annotations are used in a way the specification forbids
     */
    static Annotation inForce(Method method, Class<?> beanClass) {
        List<String> problems = new ArrayList<>();
        Annotation a = inForce(method, beanClass, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return a;
    }

    /**
     * The problems with the JSR-107 annotations of {@code method} as a method of {@code beanClass}
     * (empty if none, or if the method cannot be intercepted).
     */
    static List<String> problems(Method method, Class<?> beanClass) {
        List<String> problems = new ArrayList<>();
        int mod = method.getModifiers();
        if (!Modifier.isStatic(mod) && !Modifier.isPrivate(mod) && method.getDeclaringClass() != Object.class) {
            inForce(method, beanClass, problems);
        }
        return problems;
    }

    private static Annotation inForce(Method method, Class<?> beanClass, List<String> problems) {
        List<Annotation> onMethod = cacheAnnotations(method.getAnnotations());
        List<Annotation> candidates = onMethod.isEmpty() ? classLevel(beanClass) : onMethod;
        if (candidates.isEmpty()) {
            return null;
        }
        if (candidates.size() > 1) {
            problems.add("only one of @CacheResult, @CachePut, @CacheRemove, @CacheRemoveAll may apply to "
                    + method + (onMethod.isEmpty() ? " (class " + beanClass.getName() + ")" : "") + ", found " + candidates);
        }
        Annotation a = candidates.get(0);
        checkParameters(method, CacheOperation.of(a), problems);
        return a;
    }

    private static void checkParameters(Method method, CacheOperation op, List<String> problems) {
        Annotation[][] annotations = method.getParameterAnnotations();
        int values = 0;
        for (int i = 0; i < annotations.length; i++) {
            boolean key = false;
            boolean value = false;
            for (Annotation a : annotations[i]) {
                key |= a instanceof CacheKey;
                value |= a instanceof CacheValue;
            }
            if (value) {
                values++;
            }
            if (key && value) {
                problems.add("parameter " + i + " of " + method + " is both @CacheKey and @CacheValue");
            }
        }
        if (op == CacheOperation.PUT && values != 1) {
            problems.add("@CachePut needs exactly one @CacheValue parameter, " + method + " has " + values);
        } else if (op != CacheOperation.PUT && values != 0) {
            problems.add("@CacheValue is only for @CachePut methods: " + method);
        }
    }
}
