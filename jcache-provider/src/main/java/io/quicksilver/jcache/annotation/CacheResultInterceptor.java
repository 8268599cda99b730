package io.quicksilver.jcache.annotation;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;

/**
 * {@code @CacheResult}: return the cached value for the generated key, else (or always, with
 * {@code skipGet}) invoke the method and cache a non-null result; with an
 * {@code exceptionCacheName}, rethrow a cached exception and cache the exceptions the
 * {@code cachedExceptions}/{@code nonCachedExceptions} rule selects. A miss is computed once:
 * concurrent callers with the same cache and key wait for the first and share its outcome.
 */
@CacheResult
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class CacheResultInterceptor extends CacheInterceptorSupport {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(CacheResultInterceptor.class.getName());

    /** Intercepts a call. */
    @AroundInvoke
    public Object cacheResult(InvocationContext invocation) throws Exception {
        CacheMethod m = cacheMethod(invocation, CacheOperation.RESULT);
        if (m == null) {
            return invocation.proceed();
        }
        KeyInvocationContext<? extends Annotation> context = m.context(invocation);
        Cache<Object, Object> cache = m.cache(context);
        Cache<Object, Object> exceptionCache = m.exceptionCache(context);
        Object key = m.key(context);
        if (m.skipGet()) {
            return invokeAndCache(invocation, m, cache, exceptionCache, key);
        }
        Object value = cache.get(key);
        if (value != null) {
            return value;
        }
        throwIfCached(exceptionCache, key);
        SingleFlight flights = extension().singleFlight();
        try {
            return flights.execute(new FlightKey(cache, key), () -> {
                // a computation for this key may have ended between our miss and now
                Object v = cache.get(key);
                if (v != null) {
                    return v;
                }
                throwIfCached(exceptionCache, key);
                return invokeAndCache(invocation, m, cache, exceptionCache, key);
            }, v -> {
                Object copy = cache.get(key);
                return copy != null ? copy : v;
            });
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void throwIfCached(Cache<Object, Object> exceptionCache, Object key) {
        if (exceptionCache != null) {
            Object cached = exceptionCache.get(key);
            if (cached instanceof Throwable t) {
                throw rethrow(t);
            }
        }
    }

    private static Object invokeAndCache(InvocationContext invocation, CacheMethod m, Cache<Object, Object> cache,
            Cache<Object, Object> exceptionCache, Object key) throws Exception {
        Object value;
        try {
            value = invocation.proceed();
        } catch (Throwable t) {
            if (exceptionCache != null && m.exceptionFilter().test(t)) {
                try {
                    exceptionCache.put(key, t);
                } catch (RuntimeException e) {
                    // the caller must see what the method threw, not our failure to cache it
                    LOG.log(Level.WARNING, "cannot cache the exception of " + m.details(), e);
                    t.addSuppressed(e);
                }
            }
            throw t;
        }
        if (value != null) {
            cache.put(key, value);
        }
        return value;
    }

    /** The cache (by manager and name) and key a computation is for. */
    private record FlightKey(String manager, String cacheName, Object key) {
        FlightKey(Cache<?, ?> cache, Object key) {
            this(cache.getCacheManager() == null ? "" : String.valueOf(cache.getCacheManager().getURI()),
                    cache.getName(), key);
        }
    }
}
