package io.quicksilver.jcache.annotation;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.annotation.CacheRemove;

/**
 * {@code @CacheRemove}: remove the generated key after the method returns (default), before it
 * runs ({@code afterInvocation = false}), or after it threw an exception the
 * {@code evictFor}/{@code noEvictFor} rule selects.
 */
@CacheRemove
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class CacheRemoveInterceptor extends CacheInterceptorSupport {
    private static final long serialVersionUID = 1L;

    /** Intercepts a call. */
    @AroundInvoke
    public Object cacheRemove(InvocationContext invocation) throws Exception {
        CacheMethod m = cacheMethod(invocation, CacheOperation.REMOVE);
        if (m == null) {
            return invocation.proceed();
        }
        KeyInvocationContext<? extends Annotation> context = m.context(invocation);
        Cache<Object, Object> cache = m.cache(context);
        Object key = m.key(context);
        if (!m.afterInvocation()) {
            cache.remove(key);
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable t) {
            if (m.afterInvocation() && m.exceptionFilter().test(t)) {
                cache.remove(key);
            }
            throw t;
        }
        if (m.afterInvocation()) {
            cache.remove(key);
        }
        return result;
    }
}
