package io.quicksilver.jcache.annotation;

import java.lang.annotation.Annotation;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;

/** One argument of an intercepted call, with its method's static description. Immutable. */
final class InvocationParameter implements CacheInvocationParameter {
    private final ParameterDetails details;
    private final Object value;

    InvocationParameter(ParameterDetails details, Object value) {
        this.details = details;
        this.value = value;
    }

    @Override
    public Class<?> getRawType() {
        return details.rawType();
    }

    /** The argument; may be null. */
    @Override
    public Object getValue() {
        return value;
    }

    @Override
    public Set<Annotation> getAnnotations() {
        return details.annotations();
    }

    @Override
    public int getParameterPosition() {
        return details.position();
    }

    @Override
    public String toString() {
        return "parameter " + details.position() + " (" + details.rawType().getName() + ") = " + value;
    }
}
