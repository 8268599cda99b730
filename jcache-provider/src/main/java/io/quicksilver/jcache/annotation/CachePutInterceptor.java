package io.quicksilver.jcache.annotation;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.annotation.CachePut;

/**
 * {@code @CachePut}: put the {@code @CacheValue} argument under the generated key, after the
 * method returns (default), before it runs ({@code afterInvocation = false}), or after it threw
 * an exception the {@code cacheFor}/{@code noCacheFor} rule selects. A JCache cannot hold null,
 * so a null value removes the key instead: the cache then holds no stale value for it.
 */
@CachePut
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class CachePutInterceptor extends CacheInterceptorSupport {
    private static final long serialVersionUID = 1L;

    /** Intercepts a call. */
    @AroundInvoke
    public Object cachePut(InvocationContext invocation) throws Exception {
        CacheMethod m = cacheMethod(invocation, CacheOperation.PUT);
        if (m == null) {
            return invocation.proceed();
        }
        KeyInvocationContext<? extends Annotation> context = m.context(invocation);
        Cache<Object, Object> cache = m.cache(context);
        Object key = m.key(context);
        Object value = context.getValueParameter().getValue();
        if (!m.afterInvocation()) {
            put(cache, key, value);
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable t) {
            if (m.afterInvocation() && m.exceptionFilter().test(t)) {
                put(cache, key, value);
            }
            throw t;
        }
        if (m.afterInvocation()) {
            put(cache, key, value);
        }
        return result;
    }

    private static void put(Cache<Object, Object> cache, Object key, Object value) {
        if (value == null) {
            cache.remove(key);
        } else {
            cache.put(key, value);
        }
    }
}
