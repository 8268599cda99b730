package io.quicksilver.jcache.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * Builds the {@link CacheMethod} of an annotated method: cache name (annotation, then
 * {@code @CacheDefaults}, then {@code package.Class.method(param.Type,...)}), resolver factory
 * and key generator (annotation, then {@code @CacheDefaults}, then the defaults), key and value
 * parameters. Thread-safe if its {@link Instances} is.
 */
final class CacheMethodParser {
    private final Instances instances;

    CacheMethodParser(Instances instances) {
        this.instances = instances;
    }

    /** The cache method for {@code method} of {@code beanClass}, or null if no cache annotation applies. */
    CacheMethod parse(Method method, Class<?> beanClass) {
        Annotation annotation = CacheAnnotations.inForce(method, beanClass);
        if (annotation == null) {
            return null;
        }
        CacheOperation op = CacheOperation.of(annotation);
        CacheDefaults defaults = CacheAnnotations.defaults(beanClass);
        return switch (op) {
            case RESULT -> result(method, (CacheResult) annotation, defaults);
            case PUT -> {
                CachePut a = (CachePut) annotation;
                yield build(op, method, a, a.cacheName(), defaults, a.cacheResolverFactory(), a.cacheKeyGenerator(),
                        new ExceptionFilter(a.cacheFor(), a.noCacheFor(), false), a.afterInvocation(), null);
            }
            case REMOVE -> {
                CacheRemove a = (CacheRemove) annotation;
                yield build(op, method, a, a.cacheName(), defaults, a.cacheResolverFactory(), a.cacheKeyGenerator(),
                        new ExceptionFilter(a.evictFor(), a.noEvictFor(), false), a.afterInvocation(), null);
            }
            case REMOVE_ALL -> {
                CacheRemoveAll a = (CacheRemoveAll) annotation;
                yield build(op, method, a, a.cacheName(), defaults, a.cacheResolverFactory(), null,
                        new ExceptionFilter(a.evictFor(), a.noEvictFor(), false), a.afterInvocation(), null);
            }
        };
    }

    private CacheMethod result(Method method, CacheResult a, CacheDefaults defaults) {
        return build(CacheOperation.RESULT, method, a, a.cacheName(), defaults, a.cacheResolverFactory(),
                a.cacheKeyGenerator(), new ExceptionFilter(a.cachedExceptions(), a.nonCachedExceptions(), true),
                false, a);
    }

    @SuppressWarnings("unchecked")
    private <A extends Annotation> CacheMethod build(CacheOperation op, Method method, A annotation, String cacheName,
            CacheDefaults defaults, Class<? extends CacheResolverFactory> factoryType,
            Class<? extends CacheKeyGenerator> generatorType, ExceptionFilter filter, boolean afterInvocation,
            CacheResult result) {
        Set<Annotation> annotations = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(method.getAnnotations())));
        MethodDetails<A> details = new MethodDetails<>(method, annotations, annotation,
                cacheName(cacheName, defaults, method));
        CacheResolverFactory factory = resolverFactory(factoryType, defaults);
        CacheResolver resolver = factory.getCacheResolver(details);
        if (resolver == null) {
            throw new IllegalStateException(factory.getClass().getName() + " gave no cache resolver for " + details);
        }
        CacheResolver exceptionResolver = null;
        if (result != null && !result.exceptionCacheName().isBlank()) {
            exceptionResolver = factory.getExceptionCacheResolver((MethodDetails<CacheResult>) details);
        }
        CacheKeyGenerator generator = generatorType == null ? null : keyGenerator(generatorType, defaults);

        ParameterDetails[] parameters = parameters(method);
        List<Integer> keys = new ArrayList<>();
        int value = -1;
        for (ParameterDetails p : parameters) {
            if (has(p, CacheKey.class)) {
                keys.add(p.position());
            }
            if (has(p, CacheValue.class)) {
                value = p.position();
            }
        }
        if (keys.isEmpty()) {
            for (ParameterDetails p : parameters) {
                if (p.position() != value) {
                    keys.add(p.position());
                }
            }
        }
        int[] keyPositions = keys.stream().mapToInt(Integer::intValue).toArray();
        boolean skipGet = result != null && result.skipGet();
        return new CacheMethod(op, details, parameters, keyPositions, value, resolver, exceptionResolver, generator,
                filter, afterInvocation, skipGet);
    }

    /** The cache name the specification gives a method: explicit, else the class default, else generated. */
    static String cacheName(String explicit, CacheDefaults defaults, Method method) {
        if (!explicit.isEmpty()) {
            return explicit;
        }
        if (defaults != null && !defaults.cacheName().isEmpty()) {
            return defaults.cacheName();
        }
        StringBuilder name = new StringBuilder(method.getDeclaringClass().getName())
                .append('.').append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                name.append(',');
            }
            name.append(types[i].getName());
        }
        return name.append(')').toString();
    }

    private CacheResolverFactory resolverFactory(Class<? extends CacheResolverFactory> type, CacheDefaults defaults) {
        if (type != CacheResolverFactory.class) {
            return instances.get(type);
        }
        if (defaults != null && defaults.cacheResolverFactory() != CacheResolverFactory.class) {
            return instances.get(defaults.cacheResolverFactory());
        }
        return instances.defaultResolverFactory();
    }

    private CacheKeyGenerator keyGenerator(Class<? extends CacheKeyGenerator> type, CacheDefaults defaults) {
        if (type != CacheKeyGenerator.class) {
            return instances.get(type);
        }
        if (defaults != null && defaults.cacheKeyGenerator() != CacheKeyGenerator.class) {
            return instances.get(defaults.cacheKeyGenerator());
        }
        return instances.defaultKeyGenerator();
    }

    private static ParameterDetails[] parameters(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Annotation[][] annotations = method.getParameterAnnotations();
        ParameterDetails[] parameters = new ParameterDetails[types.length];
        for (int i = 0; i < types.length; i++) {
            parameters[i] = new ParameterDetails(types[i],
                    Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(annotations[i]))), i);
        }
        return parameters;
    }

    private static boolean has(ParameterDetails p, Class<? extends Annotation> type) {
        for (Annotation a : p.annotations()) {
            if (type.isInstance(a)) {
                return true;
            }
        }
        return false;
    }
}
