package io.quicksilver.jcache.annotation;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;

/**
 * What the four interceptors share: finding the {@link CacheMethod} of a call through the
 * extension of the container they run in. Serializable, so beans of passivating scopes can use
 * the annotations.
 */
abstract class CacheInterceptorSupport implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    BeanManager beanManager;

    private transient CacheAnnotationsExtension extension;

    /**
     * The cache method of {@code invocation} if the operation in force for it is {@code operation},
     * else null (the call then just proceeds: a class-level binding of another kind, or a
     * method-level annotation that overrides a class-level one).
     */
    final CacheMethod cacheMethod(InvocationContext invocation, CacheOperation operation) {
        CacheMethod m = extension().cacheMethods().get(invocation.getMethod(), invocation.getTarget().getClass());
        return m != null && m.operation() == operation ? m : null;
    }

    /** The extension of the container this interceptor runs in. */
    final CacheAnnotationsExtension extension() {
        CacheAnnotationsExtension ext = extension;
        if (ext == null) {
            ext = beanManager.getExtension(CacheAnnotationsExtension.class);
            extension = ext;
        }
        return ext;
    }

    /** Throws {@code t} whatever its type (the intercepted method threw it, so its caller expects it). */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
        throw (T) t;
    }
}
