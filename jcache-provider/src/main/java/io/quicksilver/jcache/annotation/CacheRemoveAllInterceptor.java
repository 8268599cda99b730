package io.quicksilver.jcache.annotation;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.Cache;
import javax.cache.annotation.CacheRemoveAll;

/**
 * {@code @CacheRemoveAll}: {@link Cache#removeAll()} on the cache after the method returns
 * (default), before it runs ({@code afterInvocation = false}), or after it threw an exception the
 * {@code evictFor}/{@code noEvictFor} rule selects.
 */
@CacheRemoveAll
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class CacheRemoveAllInterceptor extends CacheInterceptorSupport {
    private static final long serialVersionUID = 1L;

    /** Intercepts a call. */
    @AroundInvoke
    public Object cacheRemoveAll(InvocationContext invocation) throws Exception {
        CacheMethod m = cacheMethod(invocation, CacheOperation.REMOVE_ALL);
        if (m == null) {
            return invocation.proceed();
        }
        Cache<Object, Object> cache = m.cache(m.context(invocation));
        if (!m.afterInvocation()) {
            cache.removeAll();
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable t) {
            if (m.afterInvocation() && m.exceptionFilter().test(t)) {
                cache.removeAll();
            }
            throw t;
        }
        if (m.afterInvocation()) {
            cache.removeAll();
        }
        return result;
    }
}
