package io.quicksilver.jcache.annotation;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolverFactory;

/**
 * The resolver factories and key generators the annotations name, one instance per class. A
 * class that is a CDI bean is taken from the container (so it can have injected fields and any
 * scope); any other class is made with its no-argument constructor. The defaults are made on
 * first use, on the calling thread, so the default caching provider is found with the
 * application's context class loader. Thread-safe; {@link #close()} releases the dependent bean
 * instances it obtained.
 */
final class Instances implements AutoCloseable {
    private final BeanManager beanManager;
    private final ConcurrentMap<Class<?>, Object> instances = new ConcurrentHashMap<>();
    private final List<CreationalContext<?>> contexts = new ArrayList<>();
    private final CacheKeyGenerator defaultKeyGenerator = new DefaultCacheKeyGenerator();
    private volatile CacheResolverFactory defaultResolverFactory;

    Instances(BeanManager beanManager) {
        this.beanManager = beanManager;
    }

    /** The instance of {@code type}. */
    <T> T get(Class<T> type) {
        Object instance = instances.get(type);
        if (instance == null) {
            // not computeIfAbsent: making a bean may run code that needs another instance
            instance = create(type);
            Object raced = instances.putIfAbsent(type, instance);
            if (raced != null) {
                instance = raced;
            }
        }
        return type.cast(instance);
    }

    CacheKeyGenerator defaultKeyGenerator() {
        return defaultKeyGenerator;
    }

    CacheResolverFactory defaultResolverFactory() {
        CacheResolverFactory f = defaultResolverFactory;
        if (f == null) {
            synchronized (this) {
                f = defaultResolverFactory;
                if (f == null) {
                    f = new DefaultCacheResolverFactory();
                    defaultResolverFactory = f;
                }
            }
        }
        return f;
    }

    private Object create(Class<?> type) {
        Bean<?> bean = beanManager == null ? null : beanManager.resolve(beanManager.getBeans(type));
        if (bean != null) {
            CreationalContext<?> context = beanManager.createCreationalContext(bean);
            synchronized (contexts) {
                contexts.add(context);
            }
            return beanManager.getReference(bean, type, context);
        }
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " is neither a CDI bean nor has a no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot make a " + type.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot make a " + type.getName() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        synchronized (contexts) {
            contexts.forEach(CreationalContext::release);
            contexts.clear();
        }
        instances.clear();
    }
}
