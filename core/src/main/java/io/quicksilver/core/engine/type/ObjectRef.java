package io.quicksilver.core.engine.type;

import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.engine.ValueType;
import java.util.Objects;

/**
 * A Java object stored by reference (JCache store-by-reference through the embedded
 * {@link io.quicksilver.core.store.Store}): the engine keeps the reference, never copies,
 * serialises or looks into the object. TYPE answers {@code java-object}, OBJECT ENCODING
 * {@code reference}; string and collection commands answer WRONGTYPE; DEL, EXPIRE, TTL, SCAN,
 * RENAME, MOVE and COPY treat it as any key (COPY shares the reference: the copy and the original
 * hold the same object).
 *
 * <p>Immutable holder; whether the object itself may change is the application's business (the
 * engine does not synchronise on it).
 */
public final class ObjectRef implements TypedValue {
    /** Header and field of this holder. */
    private static final long SELF = 16;
    /** What an object the estimate cannot size is counted as: a small object's shallow size. */
    static final long OPAQUE = 64;

    private final Object value;

    /**
     * @param value the object; a {@code byte[]} is stored as a string instead and is not wrapped
     *              by the store (any object is accepted here all the same)
     */
    public ObjectRef(Object value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The object, as stored. */
    public Object value() {
        return value;
    }

    @Override
    public ValueType type() {
        return ValueType.OBJECT;
    }

    @Override
    public String encoding() {
        return "reference";
    }

    /**
     * An estimate that does not walk the object graph (that would cost a write more than the
     * write itself): the holder, plus the shallow size of a String or a primitive array (their
     * contents included), of a boxed primitive, or {@value #OPAQUE} bytes for anything else.
     */
    @Override
    public long memoryUsage() {
        return SELF + estimate(value);
    }

    static long estimate(Object v) {
        if (v instanceof String s) {
            return 24 + align(16 + (long) s.length() * 2); // the coder may use 1 byte a char: an upper bound
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
            return 24;
        }
        if (v instanceof long[] a) {
            return align(16 + 8L * a.length);
        }
        if (v instanceof int[] a) {
            return align(16 + 4L * a.length);
        }
        if (v instanceof char[] a) {
            return align(16 + 2L * a.length);
        }
        if (v instanceof double[] a) {
            return align(16 + 8L * a.length);
        }
        if (v instanceof Object[] a) {
            return align(16 + 4L * a.length) + OPAQUE * a.length;
        }
        return OPAQUE;
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** COPY: the same reference (the holder is immutable, so sharing it is a copy). */
    @Override
    public TypedValue copy() {
        return this;
    }

    @Override
    public String toString() {
        return "ObjectRef[" + value.getClass().getName() + "]";
    }
}
