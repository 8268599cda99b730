package io.quicksilver.jcache.annotation;

import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;

/**
 * One intercepted call as the JSR-107 SPI sees it: the method's details, the target and the
 * arguments, split into key parameters and the value parameter. Confined to the calling thread;
 * the arrays it hands out are copies.
 */
final class KeyInvocationContext<A extends Annotation> implements CacheKeyInvocationContext<A> {
    private final CacheMethod method;
    private final MethodDetails<A> details;
    private final InvocationContext invocation;
    private final InvocationParameter[] parameters;

    KeyInvocationContext(CacheMethod method, MethodDetails<A> details, InvocationContext invocation) {
        this.method = method;
        this.details = details;
        this.invocation = invocation;
        Object[] args = invocation.getParameters();
        ParameterDetails[] all = method.parameters();
        this.parameters = new InvocationParameter[all.length];
        for (int i = 0; i < all.length; i++) {
            parameters[i] = new InvocationParameter(all[i], args[i]);
        }
    }

    @Override
    public Object getTarget() {
        return invocation.getTarget();
    }

    @Override
    public CacheInvocationParameter[] getAllParameters() {
        return parameters.clone();
    }

    @Override
    public CacheInvocationParameter[] getKeyParameters() {
        int[] positions = method.keyPositions();
        CacheInvocationParameter[] keys = new CacheInvocationParameter[positions.length];
        for (int i = 0; i < positions.length; i++) {
            keys[i] = parameters[positions[i]];
        }
        return keys;
    }

    /** The {@code @CacheValue} parameter, or null when the method has none. */
    @Override
    public CacheInvocationParameter getValueParameter() {
        int position = method.valuePosition();
        return position < 0 ? null : parameters[position];
    }

    /**
     * This context, or the interceptor's {@link InvocationContext}.
     *
     * @throws IllegalArgumentException for any other class
     */
    @Override
    public <T> T unwrap(Class<T> cls) {
        if (cls.isInstance(invocation)) {
            return cls.cast(invocation);
        }
        if (cls.isInstance(this)) {
            return cls.cast(this);
        }
        throw new IllegalArgumentException("cannot unwrap a cache invocation context to " + cls.getName());
    }

    @Override
    public Method getMethod() {
        return details.getMethod();
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return details.getAnnotations();
    }

    @Override
    public A getCacheAnnotation() {
        return details.getCacheAnnotation();
    }

    @Override
    public String getCacheName() {
        return details.getCacheName();
    }
}
