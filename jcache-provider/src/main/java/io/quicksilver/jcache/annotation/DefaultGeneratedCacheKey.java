package io.quicksilver.jcache.annotation;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The key {@link DefaultCacheKeyGenerator} makes: the key parameters' values, compared with
 * {@link Arrays#deepEquals} and hashed with {@link Arrays#deepHashCode}, as the specification
 * defines. The hash is not part of the serialized form: the provider stores keys as their
 * serialized bytes, and a hash of an enum or of an object with identity hashing differs from
 * one JVM to the next, so keeping it would give two JVMs sharing a store different keys for
 * the same arguments.
 */
public final class DefaultGeneratedCacheKey implements GeneratedCacheKey {
    private static final long serialVersionUID = 1L;

    /** The key parameters' values, in parameter order; elements may be null. */
    private final Object[] parameters;
    private transient int hashCode;

    /** A key over {@code parameters} (copied). */
    public DefaultGeneratedCacheKey(Object[] parameters) {
        this.parameters = parameters.clone();
        this.hashCode = Arrays.deepHashCode(this.parameters);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (parameters == null) {
            throw new java.io.InvalidObjectException("no parameters");
        }
        hashCode = Arrays.deepHashCode(parameters);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof DefaultGeneratedCacheKey other
                && other.hashCode == hashCode && Arrays.deepEquals(other.parameters, parameters);
    }

    @Override
    public String toString() {
        return "DefaultGeneratedCacheKey" + Arrays.deepToString(parameters);
    }
}
